"""Proofs to look at: a self-contained HTML page per proof (figure beside the numbered
steps; selecting a step highlights what it speaks of) and a static site that browses a
whole dataset with the same page.

`data.proof_data` turns a proof into the page's plain data (steps, figure layout, rule
names); `page.write_proof_page` writes one standalone file; `site.build_site` writes the
dataset browser. The browser side (`assets/`) draws the figure and the steps from that
data, so the standalone page and the site's pages are the same program.
"""

from .data import proof_data, record_data
from .page import proof_page_html, write_proof_page

__all__ = ["proof_data", "proof_page_html", "record_data", "write_proof_page"]
