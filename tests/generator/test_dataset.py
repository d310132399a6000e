"""Dataset directories: round trip, shard semantics, atomic writes, resume, the card."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from helpers import theorem_record

from generator import dataset, dataset_files
from generator.dataset import DatasetError, DatasetWriter, iter_records, read_dataset
from generator.records import SCHEMA, TheoremRecord

PROBLEMS = [  # (full problem, auxiliary clauses): each proved in well under a second
    ("a b c = triangle a b c; d = midpoint d a b; e = midpoint e a c ? para d e b c", ()),
    ("a b c = triangle a b c; d = midpoint d b c; e = midpoint e a c; f = midpoint f a b "
     "? cong d f e a", ()),
    ("a b c = triangle a b c; o = circle o a b c; m = midpoint m b c ? perp o m b c", ()),
    ("a b c = triangle a b c; d = midpoint d a b; e = midpoint e a c; f = midpoint f b c "
     "? para d f a c", ("e = midpoint e a c",)),
]
SETTINGS = {"seed": 7, "n_samples": 22, "max_clauses": 6}
SHARD = 4  # samples per shard
N_SAMPLES = 22


@pytest.fixture(autouse=True)
def eager_manifest(monkeypatch):
    """The manifest after every shard, as these tests assume (a long run writes it at
    most every MANIFEST_INTERVAL seconds; `test_lazy_manifest_resumes_the_same` checks
    that mode)."""
    monkeypatch.setattr(dataset, "MANIFEST_INTERVAL", 0.0)


@pytest.fixture(scope="module")
def real_records() -> list[TheoremRecord]:
    return [theorem_record(text, aux, seed=1000) for text, aux in PROBLEMS]


@pytest.fixture(scope="module")
def stream(real_records) -> dict[int, list[TheoremRecord]]:
    """Records per sample: 0 to 2 each, some samples empty, one id repeated."""
    out: dict[int, list[TheoremRecord]] = {}
    for s in range(N_SAMPLES):
        recs = []
        for k in range((s * 7) % 3):
            base = real_records[(s + k) % len(real_records)]
            recs.append(dataclasses.replace(base, id=f"{base.id}-{s}-{k}", sample=s,
                                            seed=1000 + s))
        out[s] = recs
    out[9].append(dataclasses.replace(out[5][0], sample=9))  # a duplicate: dropped
    return out


def drive(writer: DatasetWriter, stream: dict[int, list[TheoremRecord]], step: int,
          end: int = N_SAMPLES, close: bool = True) -> None:
    """Feed samples from where the writer stands, `step` samples per `add`."""
    s = writer.next_sample()
    while s < end:
        e = min(s + step, end)
        writer.add([r for i in range(s, e) for r in stream[i]], e)
        s = e
    if close:
        writer.close()


def snapshot(root: Path) -> dict[str, str]:
    """Every shard file's hash, and the manifest less nothing: equal iff same dataset."""
    files = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted((root / "data").iterdir())}
    return {**files, "manifest": (root / "manifest.json").read_text()}


@pytest.fixture(scope="module")
def reference(tmp_path_factory, stream) -> Path:
    root = tmp_path_factory.mktemp("reference") / "ds"
    drive(DatasetWriter(root, SETTINGS, SHARD), stream, step=1)
    return root


def expected_rows(stream) -> list[dict]:
    seen, rows = set(), []
    for s in range(N_SAMPLES):
        for r in stream[s]:
            if r.id not in seen:
                seen.add(r.id)
                rows.append(r.to_row())
    return rows


def test_round_trip(reference, stream, tmp_path):
    rows = expected_rows(stream)
    table = read_dataset(reference)
    assert table.schema.equals(SCHEMA)
    assert table.to_pylist() == rows
    assert [r.to_row() for r in iter_records(reference)] == rows
    assert dataset.count_records(reference) == len(rows)
    manifest = json.loads((reference / "manifest.json").read_text())
    assert manifest["complete"] and manifest["seed"] == 7 and manifest["settings"] == SETTINGS
    assert manifest["records"] == len(rows) and manifest["next_sample"] == N_SAMPLES
    ranges = [(s["sample_start"], s["sample_end"]) for s in manifest["shards"]]
    assert ranges == [(k, min(k + SHARD, N_SAMPLES)) for k in range(0, N_SAMPLES, SHARD)]
    for entry in manifest["shards"]:
        if entry["files"]:
            (only,) = entry["files"]  # every record of this stream is in train
            assert only["split"] == "train" and only["records"] == entry["records"]
            shard = pq.read_table(reference / only["file"])
            assert shard.num_rows == entry["records"]
            assert all(entry["sample_start"] <= s < entry["sample_end"]
                       for s in shard.column("sample").to_pylist())
        else:
            assert entry["records"] == 0
    assert (reference / "data" / "train-00005-partial-22.parquet").is_file()
    copy = tmp_path / "copy"
    shutil.copytree(reference, copy)  # opening a writer marks the dataset as in progress
    assert DatasetWriter(copy, SETTINGS, SHARD).existing_ids() == {r["id"] for r in rows}
    assert not json.loads((copy / "manifest.json").read_text())["complete"]


def test_boundaries_do_not_depend_on_batching(tmp_path, stream, reference):
    for step in (3, 7, N_SAMPLES):
        root = tmp_path / f"step{step}"
        drive(DatasetWriter(root, SETTINGS, SHARD), stream, step=step)
        assert snapshot(root) == snapshot(reference)


def test_add_checks_sample_ranges(tmp_path, real_records):
    writer = DatasetWriter(tmp_path / "ds", SETTINGS, SHARD)
    writer.add([], 3)
    with pytest.raises(DatasetError, match="outside"):
        writer.add([dataclasses.replace(real_records[0], sample=1)], 5)
    with pytest.raises(DatasetError, match="already reported"):
        writer.add([], 2)
    assert writer.next_sample() == 3


class Crash(BaseException):
    """Stands for the process being killed."""


@pytest.mark.parametrize("after", [False, True], ids=["before-replace", "after-replace"])
def test_crash_at_every_replace_then_resume(tmp_path, stream, reference, monkeypatch, after):
    real_replace = os.replace
    calls = 0

    def counting(src, dst):
        nonlocal calls
        calls += 1
        real_replace(src, dst)

    monkeypatch.setattr(dataset_files.os, "replace", counting)
    drive(DatasetWriter(tmp_path / "count", SETTINGS, SHARD), stream, step=2)
    total = calls
    for crash_at in range(1, total + 1):
        root = tmp_path / f"crash{crash_at}"
        calls = 0

        def crashing(src, dst, crash_at=crash_at):
            nonlocal calls
            calls += 1
            if calls == crash_at:
                if after:
                    real_replace(src, dst)
                raise Crash
            real_replace(src, dst)

        monkeypatch.setattr(dataset_files.os, "replace", crashing)
        with pytest.raises(Crash):
            drive(DatasetWriter(root, SETTINGS, SHARD), stream, step=2)
        monkeypatch.setattr(dataset_files.os, "replace", real_replace)
        if (root / "manifest.json").exists():
            done = read_dataset(root).to_pylist()  # only complete shards, readable
            assert done == expected_rows(stream)[:len(done)]
        writer = DatasetWriter(root, SETTINGS, SHARD)  # cleans up, resumes
        assert not [p for p in root.rglob(".*") if p.is_file()]
        assert writer.next_sample() % SHARD == 0 or writer.next_sample() == N_SAMPLES
        drive(writer, stream, step=5)
        assert snapshot(root) == snapshot(reference), f"crash at replace {crash_at}"
        assert (root / "README.md").is_file()


KILLED_WRITER = """
import json, os, signal, sys
from generator.dataset import DatasetWriter
from generator.records import TheoremRecord
root, rows, settings, shard, n, kill_at = sys.argv[1:]
stream = {}
for row in json.loads(open(rows).read()):
    stream.setdefault(row["sample"], []).append(TheoremRecord(**row))
real, calls = os.replace, [0]
def replace(src, dst):
    calls[0] += 1
    if calls[0] == int(kill_at):  # the temp file is written and fsynced: die now
        os.kill(os.getpid(), signal.SIGKILL)
    real(src, dst)
os.replace = replace
writer = DatasetWriter(root, json.loads(settings), int(shard))
for s in range(0, int(n), 2):
    writer.add([r for i in range(s, min(s + 2, int(n))) for r in stream.get(i, [])],
               min(s + 2, int(n)))
writer.close()
"""


def test_sigkill_between_temp_write_and_replace(tmp_path, stream, reference):
    rows = tmp_path / "rows.json"
    rows.write_text(json.dumps([r.to_row() for s in range(N_SAMPLES) for r in stream[s]]))
    root = tmp_path / "ds"
    proc = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(root), str(rows),
                           json.dumps(SETTINGS), str(SHARD), str(N_SAMPLES), "6"],
                          cwd=Path(__file__).resolve().parents[2], capture_output=True)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()
    assert [p for p in root.rglob(".*.tmp-*")], "the killed writer left its temp file"
    done = read_dataset(root).to_pylist()
    assert done == expected_rows(stream)[:len(done)]
    writer = DatasetWriter(root, SETTINGS, SHARD)
    assert not list(root.rglob(".*.tmp-*"))
    drive(writer, stream, step=3)
    assert snapshot(root) == snapshot(reference)


def test_stale_temp_files_and_orphans_are_cleaned(tmp_path, stream, reference):
    root = tmp_path / "ds"
    writer = DatasetWriter(root, SETTINGS, SHARD)
    drive(writer, stream, step=1, end=10, close=False)  # shards 0 and 1 complete
    del writer  # killed mid-run: the open shard (samples 8, 9) is lost
    (root / "data" / ".train-00002.parquet.tmp-0badc0de").write_bytes(b"PAR1 half")
    (root / ".manifest.json.tmp-12345678").write_text("{")
    (root / "data" / "train-00002.parquet").write_bytes(b"an orphan the manifest never named")
    assert read_dataset(root).num_rows == sum(
        1 for r in expected_rows(stream) if r["sample"] < 8)
    writer = DatasetWriter(root, SETTINGS, SHARD)
    assert writer.next_sample() == 8
    assert sorted(p.name for p in (root / "data").iterdir()) == [
        "train-00000.parquet", "train-00001.parquet"]
    assert not (root / ".manifest.json.tmp-12345678").exists()
    drive(writer, stream, step=4)
    assert snapshot(root) == snapshot(reference)


def test_lazy_manifest_resumes_the_same(tmp_path, stream, reference, monkeypatch):
    monkeypatch.setattr(dataset, "MANIFEST_INTERVAL", 3600.0)
    root = tmp_path / "ds"
    writer = DatasetWriter(root, SETTINGS, SHARD)
    drive(writer, stream, step=1, end=14, close=False)  # three shards on disk
    del writer  # killed: the manifest still names none of them
    manifest = json.loads((root / "manifest.json").read_text())
    assert manifest["shards"] == [] and len(list((root / "data").iterdir())) >= 3
    writer = DatasetWriter(root, SETTINGS, SHARD)  # the orphans go, to be written again
    assert writer.next_sample() == 0
    drive(writer, stream, step=5)
    assert snapshot(root) == snapshot(reference)


def test_resume_after_close_extends_the_partial_shard(tmp_path, stream, reference):
    root = tmp_path / "ds"
    drive(DatasetWriter(root, SETTINGS, SHARD), stream, step=3, end=18)
    assert (root / "data" / "train-00004-partial-18.parquet").is_file()
    writer = DatasetWriter(root, {**SETTINGS, "n_samples": 99}, SHARD)  # volatile setting
    assert writer.next_sample() == 18
    drive(writer, stream, step=6)
    assert not (root / "data" / "train-00004-partial-18.parquet").exists()
    reference_manifest = json.loads(snapshot(reference).pop("manifest"))
    manifest = json.loads(snapshot(root).pop("manifest"))
    assert manifest["settings"]["n_samples"] == 99
    assert manifest["shards"] == reference_manifest["shards"]
    assert read_dataset(root).equals(read_dataset(reference))


def test_resume_refuses_other_settings_and_foreign_dirs(tmp_path, reference):
    before = snapshot(reference)
    with pytest.raises(DatasetError, match="max_clauses"):
        DatasetWriter(reference, {**SETTINGS, "max_clauses": 9}, SHARD)
    with pytest.raises(DatasetError, match="shard_size"):
        DatasetWriter(reference, SETTINGS, SHARD + 1)
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    with pytest.raises(DatasetError, match="not empty"):
        DatasetWriter(foreign, SETTINGS, SHARD)
    assert (foreign / "notes.txt").read_text() == "mine"
    assert snapshot(reference) == before


def test_card_front_matter(reference):
    text = (reference / "README.md").read_text()
    assert text.startswith("---\n")
    front = text.split("---\n")[1]
    assert ('configs:\n  - config_name: "default"\n    data_files:\n'
            '      - split: "train"\n        path: "data/train-*"\n') in front
    for needle in ("seed: `7`", "pd.read_parquet", "load_dataset", "### Goal predicates per split",
                   "### Rules used", "Proof length histogram", '"max_clauses": 6'):
        assert needle in text
    yaml = pytest.importorskip("yaml")
    meta = yaml.safe_load(front)
    assert meta["configs"] == [{"config_name": "default", "data_files": [
        {"split": "train", "path": "data/train-*"}]}]  # every record here is in train


def test_pandas_reads_the_shards(reference, stream):
    pd = pytest.importorskip("pandas")
    frame = pd.read_parquet(reference / "data")
    assert len(frame) == len(expected_rows(stream))
    assert list(frame.columns) == SCHEMA.names


def test_datasets_loads_the_directory(reference, stream, tmp_path, monkeypatch):
    datasets = pytest.importorskip("datasets")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    loaded = datasets.load_dataset(str(reference), split="train",
                                   cache_dir=str(tmp_path / "cache"))
    rows = expected_rows(stream)
    assert loaded.num_rows == len(rows)
    assert sorted(loaded["id"]) == sorted(r["id"] for r in rows)


def test_resume_counts_auxiliary_records_from_the_manifest(reference, stream, tmp_path,
                                                          monkeypatch):
    copy = tmp_path / "copy"
    shutil.copytree(reference, copy)
    rows = expected_rows(stream)
    writer = DatasetWriter(copy, SETTINGS, SHARD)
    manifest = json.loads((copy / "manifest.json").read_text())
    assert all({"aux", "aux_needed", "aux_fixpoint"} <= set(f)
               for entry in manifest["shards"] for f in entry["files"])

    def no_reading(*args, **kwargs):
        raise AssertionError("read a shard")

    monkeypatch.setattr(dataset.pq, "read_table", no_reading)
    assert writer.aux_records() == sum(1 for r in rows if r["n_aux"] > 0) > 0
    assert writer.has_id(rows[0]["id"]) and not writer.has_id("nope")


def test_aux_records_of_an_entry_without_counts_reads_its_file(reference, stream, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(reference, copy)
    manifest = json.loads((copy / "manifest.json").read_text())
    for entry in manifest["shards"]:
        for f in entry["files"]:
            del f["aux"]
    (copy / "manifest.json").write_text(json.dumps(manifest))
    expected = sum(1 for r in expected_rows(stream) if r["n_aux"] > 0)
    assert DatasetWriter(copy, SETTINGS, SHARD).aux_records() == expected


@pytest.mark.parametrize("cut_at", [5, 11, 20], ids=["inside-a-shard", "last-of-a-shard",
                                                     "first-of-the-last-shard"])
def test_a_cut_sample_rewound_and_redone_gives_the_uncut_dataset(tmp_path, stream, reference,
                                                                 cut_at):
    root = tmp_path / "ds"
    writer = DatasetWriter(root, SETTINGS, SHARD)
    drive(writer, stream, step=3, end=cut_at, close=False)
    assert len(stream[cut_at]) >= 1
    writer.add(stream[cut_at][:1], cut_at + 1, cut=True)  # the run stopped in it
    writer.close()
    assert json.loads((root / "manifest.json").read_text())["cut_sample"] == cut_at
    writer = DatasetWriter(root, SETTINGS, SHARD)
    assert writer.cut_sample == cut_at
    with pytest.raises(DatasetError, match="rewind"):
        writer.add([], cut_at + 2)
    writer.rewind(cut_at)
    assert writer.next_sample() == cut_at and writer.cut_sample is None
    assert writer.existing_ids() == {r["id"] for r in expected_rows(stream)
                                     if r["sample"] < cut_at}
    assert read_dataset(root).num_rows <= writer.records  # on disk: at most that far
    drive(writer, stream, step=2)
    assert snapshot(root) == snapshot(reference)


def test_notes_on_samples_follow_what_the_manifest_covers(tmp_path, stream):
    root = tmp_path / "ds"
    failure = {"sample": 1, "seed": 9, "error": "RuntimeError: boom", "where": ""}
    rejection = {"sample": 2, "seed": 10, "reason": "checker", "message": "step 3: no"}
    writer = DatasetWriter(root, SETTINGS, SHARD)
    writer.add(stream[0] + stream[1] + stream[2], 3, failures=[failure],
               rejections=[rejection])
    on_disk = json.loads((root / "manifest.json").read_text())
    assert on_disk["failed_samples"] == [] and on_disk["rejected"] == {}  # not yet covered
    writer.close()
    manifest = json.loads((root / "manifest.json").read_text())
    assert manifest["failed_samples"] == [failure]
    assert manifest["rejections"] == [rejection] and manifest["rejected"] == {"checker": 1}
    writer = DatasetWriter(root, SETTINGS, SHARD)  # resumed: the notes are kept
    writer.rewind(2)  # ... up to where it rewinds
    writer.close()
    manifest = json.loads((root / "manifest.json").read_text())
    assert manifest["failed_samples"] == [failure] and manifest["rejections"] == []
    with pytest.raises(DatasetError, match="outside"):
        DatasetWriter(root, SETTINGS, SHARD).add([], 4, failures=[{"sample": 0}])


def drive_with_drops(writer: DatasetWriter, stream, step: int, end: int = N_SAMPLES,
                     close: bool = True) -> None:
    """`drive`, with drop notes on every sample (as a run of the aux preset has)."""
    s = writer.next_sample()
    while s < end:
        e = min(s + step, end)
        writer.add([r for i in range(s, e) for r in stream[i]], e,
                   dropped=[{"sample": i, "aux_not_needed": 1 + i % 3,
                             **({"benchmark_problem": 1} if i % 5 == 0 else {})}
                            for i in range(s, e)])
        s = e
    if close:
        writer.close()


def test_drop_notes_are_folded_into_shard_entries(tmp_path, stream):
    root = tmp_path / "ds"
    drive_with_drops(DatasetWriter(root, SETTINGS, SHARD), stream, step=1)
    manifest = json.loads((root / "manifest.json").read_text())
    samples = range(N_SAMPLES)
    assert manifest["dropped"] == {"aux_not_needed": sum(1 + i % 3 for i in samples),
                                   "benchmark_problem": sum(i % 5 == 0 for i in samples)}
    last = manifest["shards"][-1]
    assert [n["sample"] for n in manifest["dropped_by_sample"]] == \
        list(range(last["sample_start"], N_SAMPLES))  # only the last shard's, by sample
    for entry in manifest["shards"][:-1]:
        mine = range(entry["sample_start"], entry["sample_end"])
        assert entry["dropped"]["aux_not_needed"] == sum(1 + i % 3 for i in mine)
    # stopped anywhere and resumed (also with a cut redone): the same manifest
    for stop in (3, 9, 16):
        again = tmp_path / f"stop{stop}"
        drive_with_drops(DatasetWriter(again, SETTINGS, SHARD), stream, step=2, end=stop)
        drive_with_drops(DatasetWriter(again, SETTINGS, SHARD), stream, step=3)
        assert snapshot(again) == snapshot(root), stop
    cut = tmp_path / "cut"
    writer = DatasetWriter(cut, SETTINGS, SHARD)
    drive_with_drops(writer, stream, step=1, end=21, close=False)
    writer.add(stream[21][:1], 22, cut=True, dropped=[{"sample": 21, "aux_not_needed": 1}])
    writer.close(complete=False)
    writer = DatasetWriter(cut, SETTINGS, SHARD)
    writer.rewind(21)
    drive_with_drops(writer, stream, step=1)
    assert snapshot(cut) == snapshot(root)
    with pytest.raises(DatasetError, match="folded"):
        DatasetWriter(cut, SETTINGS, SHARD).rewind(5)


def test_a_setting_added_later_reads_as_its_old_behaviour(tmp_path, stream):
    """A manifest written before `neighbours` existed resumes with neighbours 0 (what the
    old writer did) and refuses any other value."""
    root = tmp_path / "old"
    drive(DatasetWriter(root, SETTINGS, SHARD), stream, step=2)
    DatasetWriter(root, {**SETTINGS, "neighbours": 0}, SHARD)
    with pytest.raises(DatasetError, match="neighbours"):
        DatasetWriter(root, {**SETTINGS, "neighbours": 2}, SHARD)
