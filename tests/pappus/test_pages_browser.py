"""Proof pages and the dataset browser in a real headless browser (the system's Chromium,
driven by Playwright): the page renders from file://, selecting a step highlights exactly
what its fact speaks of (checked in the DOM), and a screenshot is not blank.

Skipped, saying why, only where Chromium or Playwright is missing (the README's test
command installs both)."""

from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path

import pytest
from helpers import JGEX, invoke

CHROMIUM = os.environ.get("PAPPUS_CHROMIUM", "/usr/bin/chromium")
ORTHO = ("a b c = triangle a b c; h = on_tline h b a c, on_tline h c a b; "
         "o = circumcenter o a b c ? perp a h b c")

if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install -y chromium chromium-driver; "
                "or set PAPPUS_CHROMIUM)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api",
                               reason="playwright is not installed (pip install -e '.[test]')")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        # --no-sandbox: CI containers run as root, where Chromium's sandbox cannot start
        b = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    p = context.new_page()
    p.errors = []  # type: ignore[attr-defined]
    p.on("pageerror", lambda e: p.errors.append(str(e)))  # type: ignore[attr-defined]
    p.on("console", lambda m: p.errors.append(m.text) if m.type == "error" else None)  # type: ignore[attr-defined]
    yield p
    context.close()


@pytest.fixture(scope="module")
def ortho_page(tmp_path_factory):
    from typer.testing import CliRunner

    root = tmp_path_factory.mktemp("ortho")
    (root / "p.txt").write_text(f"ortho\n{ORTHO}\n")
    out = root / "proof.html"
    result = invoke(CliRunner(), "prove", root / "p.txt", "--html", out, "--json",
                    root / "proof.json")
    assert result.exit_code == 0, result.output
    return out, json.loads((root / "proof.json").read_text())


@pytest.fixture(scope="module")
def imo_page(tmp_path_factory):
    """IMO 2000 P1: a proof with equal lengths, circles, angles and similar triangles."""
    from typer.testing import CliRunner

    root = tmp_path_factory.mktemp("imo")
    out = root / "proof.html"
    result = invoke(CliRunner(), "prove", "imo_ag_30", "translated_imo_2000_p1", "--html", out,
                    "--json", root / "proof.json")
    assert result.exit_code == 0, result.output
    return out, json.loads((root / "proof.json").read_text())


def highlighted(p) -> dict:
    return p.evaluate("""() => {
      const fig = document.querySelector('svg.pappus-figure');
      const pick = sel => Array.from(fig.querySelectorAll(sel));
      return {
        points: pick('circle.pt.hl').map(n => n.dataset.pt).sort(),
        labels: pick('text.lbl.hl').map(n => n.dataset.pt).sort(),
        lines: pick('line.obj.hl').map(n => n.dataset.pts),
        overlay: pick('.overlay > *').map(n => [n.tagName, n.getAttribute('class'),
                                                n.dataset.pts || '']),
        circles: pick('circle.obj.hl').map(n => n.dataset.pts),
        selected: Array.from(document.querySelectorAll('li.step.selected'))
                    .map(n => +n.dataset.id),
        premises: Array.from(document.querySelectorAll('li.step.premise-of'))
                    .map(n => +n.dataset.id).sort((a, b) => a - b),
      };
    }""")


def step_with(doc: dict, predicate: str) -> dict:
    return next(s for s in doc["steps"] if s["fact"].split()[0] == predicate)


def test_the_page_renders_from_file(page, ortho_page):
    path, doc = ortho_page
    page.goto(path.as_uri())
    assert page.errors == []
    assert page.locator("svg.pappus-figure circle.pt").count() == 5  # a b c h o
    assert page.locator("svg.pappus-figure text.lbl").count() == 5
    assert page.locator("li.step").count() == len(doc["steps"])
    premises = [s for s in doc["steps"] if s["by"] == "construction"]
    assert page.locator("li.step.premise").count() == len(premises)
    assert page.locator("li.step.derived").count() == len(doc["steps"]) - len(premises)
    assert page.locator("li.step.goal .fact").inner_text() == "perp a h b c"
    # the goal is drawn in its colour before anything is selected
    assert page.locator("svg.pappus-figure line.obj.goal").count() >= 2


def test_selecting_the_goal_highlights_its_points_and_lines(page, ortho_page):
    path, doc = ortho_page
    page.goto(path.as_uri())
    goal = doc["steps"][-1]
    page.click(f"li.step[data-id='{goal['id']}']")
    hl = highlighted(page)
    assert hl["selected"] == [goal["id"]]
    assert hl["points"] == ["a", "b", "c", "h"] and hl["labels"] == ["a", "b", "c", "h"]
    assert hl["premises"] == sorted(goal["premises"])
    # a line is lit for each of ah and bc, and no line through neither
    lit = [set(names.split()) for names in hl["lines"]] + \
        [set(names.split()) for tag, cls, names in hl["overlay"] if tag == "line"]
    assert any({"a", "h"} <= s for s in lit) and any({"b", "c"} <= s for s in lit)
    assert all({"a", "h"} <= s or {"b", "c"} <= s for s in lit)
    assert page.get_attribute("svg.pappus-figure", "data-highlight").split() == \
        ["a", "h", "b", "c"]


def test_selecting_other_facts(page, imo_page):
    path, doc = imo_page
    page.goto(path.as_uri())
    cong = step_with(doc, "cong")
    page.click(f"li.step[data-id='{cong['id']}']")
    hl = highlighted(page)
    args = cong["fact"].split()[1:]
    segs = {names for tag, cls, names in hl["overlay"] if "seg" in cls}
    ticks = {names for tag, cls, names in hl["overlay"] if "tick" in cls}
    assert segs == ticks == {f"{args[0]} {args[1]}", f"{args[2]} {args[3]}"}
    assert hl["points"] == sorted(set(args))
    # a premise reference selects that premise; Escape clears everything
    if cong["premises"]:
        page.click(f"li.step[data-id='{cong['id']}'] a.ref >> nth=0")
        assert highlighted(page)["selected"] == [cong["premises"][0]]
    page.keyboard.press("Escape")
    cleared = highlighted(page)
    assert cleared["selected"] == [] and cleared["points"] == [] and cleared["overlay"] == []
    # concyclic points: the drawn circle through them, else one drawn over the figure
    cyclic = step_with(doc, "cyclic")
    page.click(f"li.step[data-id='{cyclic['id']}']")
    hl = highlighted(page)
    on = set(cyclic["fact"].split()[1:])
    circles = hl["circles"] + [names for tag, _c, names in hl["overlay"] if tag == "circle"]
    assert circles and all(on <= set(names.split()) for names in circles)
    # equal angles: the four lines and an arc at each of the two vertices
    eqangle = step_with(doc, "eqangle")
    page.click(f"li.step[data-id='{eqangle['id']}']")
    hl = highlighted(page)
    args = eqangle["fact"].split()[1:]
    arcs = [names for tag, cls, names in hl["overlay"] if "arc" in cls]
    assert arcs and all(names in (" ".join(args[:4]), " ".join(args[4:])) for names in arcs)
    assert hl["points"] == sorted(set(args))


def test_keyboard_walks_the_steps(page, ortho_page):
    path, _doc = ortho_page
    page.goto(path.as_uri())
    page.click("li.step[data-n='1']")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.get_attribute("li.step.selected", "data-n") == "3"


def test_a_link_to_a_step_selects_it(page, ortho_page):
    path, _doc = ortho_page
    page.goto(path.as_uri() + "#s2")
    assert page.get_attribute("li.step.selected", "data-n") == "2"


def _colours(png: bytes) -> dict[str, float]:
    import numpy as np
    from PIL import Image

    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    return {"ink": float(((r + g + b) < 600).mean()),
            "orange": int(((r > 200) & (g > 110) & (g < 180) & (b < 60)).sum()),
            "red": int(((r > 180) & (g < 80) & (b < 70)).sum())}


def test_screenshot_is_not_blank_and_shows_the_highlight(page, ortho_page):
    path, doc = ortho_page
    page.goto(path.as_uri())
    before = _colours(page.locator("svg.pappus-figure").screenshot())
    assert 0.003 < before["ink"] < 0.5, before  # drawn, and not a solid block
    assert before["red"] > 20 and before["orange"] == 0, before  # the goal, nothing selected
    page.click(f"li.step[data-id='{doc['steps'][-1]['id']}']")
    after = _colours(page.locator("svg.pappus-figure").screenshot())
    assert after["orange"] > 50, after  # the highlight shows
    whole = _colours(page.screenshot(full_page=True))
    assert whole["ink"] > 0.005, whole  # the steps are there too


def test_solve_page_shows_auxiliary_objects_dashed(page, tmp_path):
    """A problem DD+AR cannot do alone: the search adds f = circumcenter f a b c."""
    from typer.testing import CliRunner

    out = tmp_path / "solved.html"
    result = invoke(CliRunner(), "solve", JGEX,
                    "examples/complete2/unsolved1/complete_010_Other_gao_Y_yL157-1.gex",
                    "--max-calls", "100", "--html", out, "--json", tmp_path / "p.json")
    assert result.exit_code == 0, result.output
    doc = json.loads((tmp_path / "p.json").read_text())
    assert doc["aux"] == ["f = circumcenter f a b c"]
    page.goto(out.as_uri())
    assert page.errors == []
    assert page.locator("circle.pt.aux[data-pt='f']").count() == 1
    assert page.locator("text.lbl.aux[data-pt='f']").count() == 1
    circle = page.locator("circle.obj.aux")
    assert circle.count() == 1 and set(circle.get_attribute("data-pts").split()) == set("abc")
    assert page.evaluate("getComputedStyle(document.querySelector('circle.obj.aux'))"
                         ".strokeDasharray") not in ("", "none")
    aux_steps = [s for s in doc["steps"] if s.get("clause") in doc["aux"]]
    assert aux_steps and page.locator("li.step.aux").count() == len(aux_steps)
    assert page.locator("h2", has_text="Auxiliary constructions").count() == 1


# ---------------------------------------------------------------- the dataset browser


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """150 records (5 real ones, 30 times under new ids) with a split column, in data
    files of 40 records."""
    from test_browse import write_dataset

    from pappus.pages import site as site_module

    root = tmp_path_factory.mktemp("site")
    rows = write_dataset(root / "ds", with_split=True, copies=30)
    old, site_module.CHUNK = site_module.CHUNK, 40
    try:
        site_module.build_site(root / "ds", root / "site")
    finally:
        site_module.CHUNK = old
    return root / "site", rows


def table_rows(p) -> list[int]:
    return p.evaluate("Array.from(document.querySelectorAll('#records tbody tr'))"
                      ".map(r => +r.dataset.i)")


def test_the_table_pages_and_filters(page, site):
    out, rows = site
    page.goto((out / "index.html").as_uri())
    assert page.errors == []
    assert table_rows(page) == list(range(50))
    assert page.inner_text("#summary").startswith("150 of 150 records")
    page.click(".pager >> nth=0 >> text=next")
    assert table_rows(page) == list(range(50, 100))
    page.select_option("#f-goal", "para")
    want = [i for i, r in enumerate(rows) if r["goal"].startswith("para ")]
    assert table_rows(page) == want[:50] and len(want) == 60
    page.select_option("#f-split", "test")
    assert table_rows(page) == [i for i in want if rows[i]["split"] == "test"]
    page.click("#f-reset")
    page.fill("#f-min", str(max(r["n_steps"] for r in rows)))
    assert table_rows(page) == [i for i, r in enumerate(rows)
                                if r["n_steps"] == max(x["n_steps"] for x in rows)][:50]
    page.click("#f-reset")
    page.select_option("#f-aux", "1")
    assert table_rows(page) == [i for i, r in enumerate(rows) if r["n_aux_points"] == 1]
    page.click("#f-reset")
    page.fill("#f-text", "0007")
    assert table_rows(page) == list(range(35, 40))
    page.click("#f-reset")
    page.click("th[data-sort=n_steps]")
    page.click("th[data-sort=n_steps]")  # longest first
    first = table_rows(page)[0]
    assert rows[first]["n_steps"] == max(r["n_steps"] for r in rows)
    assert page.errors == []


def test_a_row_opens_its_proof_page(page, site):
    out, rows = site
    page.goto((out / "index.html").as_uri())
    page.select_option("#f-goal", "perp")
    link = page.locator("#records tbody tr >> nth=1 >> a")
    i = int(link.get_attribute("href").split("#")[1])
    link.click()
    page.wait_for_selector("li.step")
    assert page.errors == []
    assert rows[i]["id"] in page.inner_text("h1")
    proof = json.loads(rows[i]["proof"])
    assert page.locator("li.step").count() == len(proof["steps"])
    goal = proof["steps"][-1]
    page.click(f"li.step[data-id='{goal['id']}']")
    assert page.get_attribute("svg.pappus-figure", "data-highlight").split() == \
        goal["fact"].split()[1:]
    # next crosses into the following data file; previous comes back
    page.goto((out / "proof.html").as_uri() + "#39")
    page.wait_for_selector("li.step")
    page.click("#next")
    page.wait_for_function("window.pappusPage && window.pappusPage.record === 40")
    assert rows[40]["id"] in page.inner_text("h1")
    assert page.evaluate("document.querySelectorAll('script[src*=\"records/\"]').length") == 2
    page.click("#prev")
    page.wait_for_function("window.pappusPage.record === 39")
    assert page.errors == []


def test_back_to_the_table_as_it_was(page, site):
    out, _rows = site
    page.goto((out / "index.html").as_uri())
    page.select_option("#f-goal", "cong")
    page.locator("#records tbody tr >> nth=0 >> a").click()
    page.wait_for_selector("li.step")
    page.click("#back")
    page.wait_for_selector("#records tbody tr")
    assert "goal=cong" in page.url
    assert page.input_value("#f-goal") == "cong"
