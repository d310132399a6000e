"""Proof pages without a browser: the page data, the file the commands write, bad paths.
(What the page does in a browser: test_pages_browser.py.)"""

from __future__ import annotations

import json
import re

import pytest
from helpers import invoke, theorem_record

from generator.dataset import DatasetWriter
from pappus.pages import proof_data, proof_page_html, record_data
from pappus.pages.data import compact_steps, full_problem
from pappus.pages.page import PageError, check_page_path, script_json
from symbolic.proof import Proof

ORTHO = "a b c = triangle a b c; h = orthocenter h a b c ? perp a h b c"


def page_data_of(html: str) -> dict:
    m = re.search(r'<script id="pappus-data" type="application/json">(.*?)</script>', html, re.S)
    assert m, "no data script"
    return json.loads(m.group(1))


def test_page_data_of_a_proof():
    from symbolic.parser import parse_problem
    from symbolic.prover import prove

    proof = prove(parse_problem(ORTHO), timeout=30).proof
    assert proof is not None
    data = proof_data(proof, note="proved")
    assert data["goal"] == "perp a h b c" and data["note"] == "proved"
    assert [s[0] for s in data["steps"]] == [s.id for s in proof.steps]
    for step, compact in zip(proof.steps, data["steps"], strict=True):
        assert compact[1:4] == [step.fact, step.by, step.premises]
        if step.by == "construction":
            assert compact[4] == step.clause
    assert set(data["rules"]) == {r for r in proof.rules_used if not r.startswith(("ar:",
                                                                                   "inc"))}
    fig = data["figure"]
    assert {p[0] for p in fig["points"]} == {"a", "b", "c", "h"}
    assert fig["w"] > 0 and fig["h"] > 0 and fig["lines"]


def test_certificates_are_kept():
    proof = Proof("a b c = triangle a b c ? perp a b a c", "perp a b a c", [])
    from symbolic.proof import ProofStep

    proof.steps = [ProofStep(0, "para a b c d", "construction", clause="d = x"),
                   ProofStep(1, "para a b a b", "ar:angle", [0], certificate={"0": "1/2"})]
    assert compact_steps(proof)[1][4] == "0:1/2"


def test_full_problem_adds_missing_aux_clauses():
    proof = Proof("a b c = triangle a b c ? perp a b a c", "perp a b a c", [],
                  aux=["d = midpoint d a b"])
    assert full_problem(proof) == "a b c = triangle a b c; d = midpoint d a b ? perp a b a c"
    proof.problem = full_problem(proof)
    assert full_problem(proof) == proof.problem  # already there: unchanged


def test_script_json_cannot_close_the_script():
    text = script_json({"fact": "</script><script>alert(1)</script>", "x": "\u2028"})
    assert "</" not in text and "\u2028" not in text
    assert json.loads(text)["fact"].startswith("</script>")
    html = proof_page_html({"title": "</title>x", "problem": "</script>", "steps": [],
                            "figure": {"error": "none"}})
    assert html.count("</script>") == 3  # the data, the program, the start-up
    assert "<title>&lt;/title&gt;x" in html


def test_page_path_must_be_html():
    assert check_page_path("x.HTML").suffix == ".HTML"
    with pytest.raises(PageError, match="OUT.html"):
        check_page_path("x.svg")


def test_prove_html_is_self_contained(runner, tmp_path):
    problems = tmp_path / "p.txt"
    problems.write_text(f"ortho\n{ORTHO}\n")
    out = tmp_path / "proof.html"
    result = invoke(runner, "prove", problems, "--html", out)
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # nothing fetched
    assert "<script src" not in html and "<link" not in html
    data = page_data_of(html)
    assert data["title"] == "ortho" and data["note"].startswith("proved by DD+AR")
    assert data["steps"][-1][1] == "perp a h b c"


def test_prove_html_of_an_unproved_problem_says_why(runner, tmp_path):
    problems = tmp_path / "p.txt"
    problems.write_text("false\na b c = triangle a b c ? perp a b a c\n")
    out = tmp_path / "proof.html"
    result = invoke(runner, "prove", problems, "--html", out)
    assert result.exit_code == 1
    data = page_data_of(out.read_text())
    assert data["steps"] == [] and "false" in data["note"]


def test_bad_html_paths_exit_2_before_any_work(runner, tmp_path):
    problems = tmp_path / "p.txt"
    problems.write_text(f"ortho\n{ORTHO}\n")
    for bad, says in ((tmp_path / "x.svg", "OUT.html"), (tmp_path / "no" / "x.html",
                                                         "no directory")):
        result = invoke(runner, "prove", problems, "--html", bad)
        assert result.exit_code == 2 and says in result.output, result.output
        assert "Traceback" not in result.output


def test_show_html_marks_auxiliary_clauses(runner, tmp_path):
    text = ("a b c = triangle a b c; d = midpoint d a b; e = midpoint e a c; "
            "f = midpoint f b c ? para d f a c")
    record = theorem_record(text, ("e = midpoint e a c",))
    with DatasetWriter(tmp_path / "data", {"seed": 0}, shard_size=1) as writer:
        writer.add([record], 1)
    out = tmp_path / "record.html"
    result = invoke(runner, "show", tmp_path / "data", record.id[:8], "--html", out)
    assert result.exit_code == 0, result.output
    data = page_data_of(out.read_text())
    assert data == json.loads(json.dumps(record_data(record)))
    assert data["aux"] == ["e = midpoint e a c"]
    roles = {p[0]: p[3] for p in data["figure"]["points"]}
    assert roles["e"] == "aux" and roles["a"] != "aux"
