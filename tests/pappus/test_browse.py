"""`pappus browse`: the site's files, its index and data files, bad input (exit 2).
(The site in a browser: test_pages_browser.py.)"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from helpers import invoke, theorem_record

from generator.records import SCHEMA

PROBLEMS = [  # (full problem, auxiliary clauses)
    ("a b c = triangle a b c; d = midpoint d a b; e = midpoint e a c ? para d e b c", ()),
    ("a b c = triangle a b c; o = circle o a b c; m = midpoint m b c ? perp o m b c", ()),
    ("a b c = triangle a b c; d = midpoint d a b; e = midpoint e a c; f = midpoint f b c "
     "? para d f a c", ("e = midpoint e a c",)),
    ("a b c = triangle a b c; h = on_tline h b a c, on_tline h c a b ? perp a h b c", ()),
    ("a b c = triangle a b c; d = midpoint d b c; e = midpoint e c a; f = midpoint f b a "
     "? cong d f e a", ()),
]
SPLITS = ["train", "train", "test", "validation", "train"]


def write_dataset(root: Path, with_split: bool, copies: int = 1) -> list[dict]:
    """A dataset without a manifest (data/*.parquet), the records repeated `copies`
    times under new ids; with a `split` column when asked."""
    base = [theorem_record(t, aux, i).to_row() for i, (t, aux) in enumerate(PROBLEMS)]
    rows = []
    for k in range(copies):
        for i, row in enumerate(base):
            rows.append({**row, "id": f"{k:04d}{row['id'][4:]}", "sample": k * len(base) + i})
    # the records' schema, with or without the split column (whichever SCHEMA has)
    schema = pa.schema([f for f in SCHEMA if f.name != "split"])
    for i, r in enumerate(rows):
        r.pop("split", None)
        if with_split:
            r["split"] = SPLITS[i % len(SPLITS)]
    if with_split:
        schema = schema.append(pa.field("split", pa.string()))
    table = pa.Table.from_pylist(rows, schema=schema)
    (root / "data").mkdir(parents=True)
    half = len(rows) // 2
    pq.write_table(table.slice(0, half), root / "data" / "shard-00000.parquet")
    pq.write_table(table.slice(half), root / "data" / "shard-00001.parquet")
    return rows


def read_js(path: Path, name: str):
    m = re.search(rf"window\.{name}=(.*?);\n", path.read_text())
    assert m, name
    return json.loads(m.group(1))


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    root = tmp_path_factory.mktemp("ds")
    rows = write_dataset(root, with_split=True)
    return root, rows


def test_browse_writes_the_site(runner, dataset, tmp_path, monkeypatch):
    from pappus.pages import site

    monkeypatch.setattr(site, "CHUNK", 2)  # several data files from five records
    root, rows = dataset
    out = tmp_path / "site"
    result = invoke(runner, "browse", root, "-o", out)
    assert result.exit_code == 0, result.output
    assert "5 records in 3 data files" in result.output
    assert {p.name for p in out.iterdir()} == {"index.html", "proof.html", "assets", "data",
                                               "build.json"}
    index = read_js(out / "data" / "index.js", "PAPPUS_INDEX")
    assert index["n"] == 5 and index["chunk"] == 2
    cols = index["columns"]
    assert cols["id"] == [r["id"][:12] for r in rows]
    assert cols["goal"] == [r["goal"] for r in rows]
    assert [index["codes"]["goal_predicate"][c] for c in cols["goal_predicate"]] == \
        [r["goal"].split()[0] for r in rows]
    assert [index["codes"]["split"][c] for c in cols["split"]] == SPLITS
    assert cols["n_steps"] == [r["n_steps"] for r in rows]
    chunks = sorted((out / "data" / "records").iterdir())
    assert [p.name for p in chunks] == ["c00000.js", "c00001.js", "c00002.js"]
    second = json.loads(re.match(r"PappusSite\.chunk\(1,(.*)\);\n$",
                                 chunks[1].read_text(), re.S).group(1))
    assert [d["id"] for d in second] == [rows[2]["id"], rows[3]["id"]]
    assert second[0]["aux"] == ["e = midpoint e a c"] and second[0]["split"] == "test"
    assert {p[0]: p[3] for p in second[0]["figure"]["points"]}["e"] == "aux"
    build = json.loads((out / "build.json").read_text())
    assert build["records"] == 5 and build["chunks"] == 3 and build["figure_errors"] == 0
    assert build["bytes"] == sum(p.stat().st_size for p in out.rglob("*")
                                 if p.is_file() and p.name != "build.json")
    html = (out / "index.html").read_text() + (out / "proof.html").read_text()
    assert "http" not in html.replace("http-equiv", "")  # nothing from the network
    # a second build into the same site replaces it
    assert invoke(runner, "browse", root, "-o", out, "-j", "2").exit_code == 0


def test_browse_without_a_split_column(runner, tmp_path):
    root = tmp_path / "ds"
    write_dataset(root, with_split=False)
    out = tmp_path / "site"
    assert invoke(runner, "browse", root, "-o", out).exit_code == 0
    index = read_js(out / "data" / "index.js", "PAPPUS_INDEX")
    assert "split" not in index["columns"] and "split" not in index["codes"]


def test_browse_bad_input_exits_2(runner, dataset, tmp_path):
    root, _rows = dataset
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    for args, says in (((tmp_path / "nothing", "-o", tmp_path / "s"), "no such directory"),
                       ((tmp_path, "-o", tmp_path / "s"), "not a dataset directory"),
                       ((root, "-o", tmp_path / "busy"), "not a site written by"),
                       ((root, "-o", tmp_path / "busy" / "notes.txt"), "not a directory"),
                       ((root, "-o", tmp_path / "no" / "site"), "no directory")):
        result = invoke(runner, "browse", *args)
        assert result.exit_code == 2 and says in result.output, (args, result.output)
    assert (tmp_path / "busy" / "notes.txt").read_text() == "mine"  # left alone
