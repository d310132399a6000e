"""One self-contained HTML file per proof: the page data, the style sheet and the
script inline, nothing fetched, so it opens from `file://` (or an e-mail attachment)
in any current browser."""

from __future__ import annotations

import html
import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from symbolic.errors import PappusError

from .data import PageData


class PageError(PappusError):
    """A page that cannot be written."""


@cache
def asset(name: str) -> str:
    """The text of a file of `pappus/pages/assets/`."""
    return resources.files("pappus.pages").joinpath("assets", name).read_text(encoding="utf-8")


def script_json(data: Any) -> str:
    """`data` as JSON that is safe inside a <script> element (no `</`, no line
    separators that old parsers read as newlines)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace("\u2028", "\\u2028")
            .replace("\u2029", "\\u2029"))


def proof_page_html(data: PageData) -> str:
    """The standalone page of one proof."""
    title = html.escape(str(data.get("title", "proof")))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Pappus">
<title>{title} · Pappus proof</title>
<style>
{asset("proof.css")}
</style>
</head>
<body>
<main id="pappus-app"><noscript>This page draws the figure and the proof with
JavaScript; the proof as text: {html.escape(str(data.get("problem", "")))}</noscript></main>
<script id="pappus-data" type="application/json">{script_json(data)}</script>
<script>
{asset("proof.js")}
</script>
<script>
(function () {{
  var data = JSON.parse(document.getElementById("pappus-data").textContent);
  var page = PappusPage.render(document.getElementById("pappus-app"), data);
  window.pappusPage = page;
  var m = /^#s(\\d+)$/.exec(location.hash);
  var pick = m ? Object.keys(page.number).filter(function (k) {{
    return page.number[k] === +m[1]; }})[0] : null;
  if (pick !== undefined && pick !== null) page.select(+pick);
}})();
</script>
</body>
</html>
"""


def write_proof_page(data: PageData, path: str | Path) -> Path:
    """Write the standalone page of `data` to `path`; returns the path."""
    out = Path(path)
    try:
        out.write_text(proof_page_html(data), encoding="utf-8")
    except OSError as exc:
        raise PageError(f"error: cannot write {out}: {exc.strerror or exc}") from None
    return out


def check_page_path(path: str | Path) -> Path:
    """`path` if it names an HTML file, else a `PageError` with a hint (before any work)."""
    out = Path(path)
    if out.suffix.lower() not in (".html", ".htm"):
        shown = repr(out.suffix) if out.suffix else "no suffix"
        raise PageError(f"error: cannot write a proof page to {str(path)!r}: {shown} is not "
                        f"an HTML file\n  hint: name the output OUT.html")
    return out
