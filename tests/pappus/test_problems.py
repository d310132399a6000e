"""The benchmark problem sets ship inside the package, so that `pappus demo` and the FILE
shortcuts (`pappus prove imo_ag_30 NAME`) work after a non-editable install, where there is
no `benchmarks/` folder: found through importlib.resources, included in the wheel."""

from __future__ import annotations

import re
import subprocess
import tarfile
import tomllib
import zipfile
from importlib.resources import files
from pathlib import Path

import pytest
from helpers import ROOT
from typer.testing import CliRunner

import pappus
from pappus.cli import app
from symbolic.parser import parse_problems

SETS = {"imo_ag_30": 30, "jgex_ag_231": 231}
PACKAGED = ["pappus/problems/imo_ag_30.txt", "pappus/problems/jgex_ag_231.txt",
            "pappus/problems/NOTICE.md"]


def invoke(runner: CliRunner, *args: object):
    result = runner.invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.output, result.output
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def test_packaged_problem_sets_are_found_by_importlib_resources():
    from pappus.problems import BENCHMARK_SETS, benchmark_file

    root = files("pappus.problems")
    assert set(BENCHMARK_SETS) == set(SETS)
    for name, count in SETS.items():
        resource = root / f"{name}.txt"
        assert resource.is_file()
        assert len(parse_problems(resource.read_text(encoding="utf-8"))) == count
        path = benchmark_file(name)
        assert path == Path(str(resource)) == benchmark_file(f"{name}.txt")
        assert path.is_relative_to(Path(pappus.__file__).parent)  # not benchmarks/
    notice = (root / "NOTICE.md").read_text(encoding="utf-8")
    assert "AlphaGeometry repository" in notice and "Apache" in notice
    assert pappus.benchmark_file("imo_ag_30") == benchmark_file("imo_ag_30")


def test_an_unknown_set_name_is_bad_input():
    from pappus.problems import benchmark_file

    with pytest.raises(pappus.PappusError, match="imo_ag_30"):
        benchmark_file("imo_ag_31")


def test_benchmarks_folder_is_no_second_copy():
    """The benchmark scripts' `benchmarks/problems/` is a link to the packaged files."""
    folder = ROOT / "benchmarks" / "problems"
    assert folder.is_symlink()
    assert folder.resolve() == (ROOT / "pappus" / "problems").resolve()


def test_the_wheel_config_ships_the_problem_sets():
    """Without building: the wheel target ships the pappus package whole (hatchling takes
    every file of a listed package that git does not ignore)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wheel = config["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert "pappus" in wheel["packages"]
    assert not {"exclude", "only-include"} & set(wheel)
    assert not {"exclude"} & set(config["tool"]["hatch"]["build"])
    assert all((ROOT / p).is_file() for p in PACKAGED)
    ignored = subprocess.run(["git", "check-ignore", "--no-index", *PACKAGED], cwd=ROOT,
                             capture_output=True, text=True)
    assert ignored.returncode == 1 and not ignored.stdout, ignored.stdout  # none ignored


@pytest.mark.slow
def test_the_wheel_holds_the_problem_sets(tmp_path):
    """Both ways pip and `python -m build` make a wheel: from the tree, and from the sdist
    (which must hold the packaged files, not only the benchmarks/problems link)."""
    wheel_builder = pytest.importorskip("hatchling.builders.wheel")
    from hatchling.builders.sdist import SdistBuilder

    [sdist] = list(SdistBuilder(str(ROOT)).build(directory=str(tmp_path / "sdist")))
    with tarfile.open(sdist) as tar:
        tar.extractall(tmp_path / "src", filter="data")
    [unpacked] = list((tmp_path / "src").iterdir())
    for source in (ROOT, unpacked):
        builder = wheel_builder.WheelBuilder(str(source))
        [wheel] = list(builder.build(directory=str(tmp_path / source.name),
                                     versions=["standard"]))
        names = set(zipfile.ZipFile(wheel).namelist())
        assert set(PACKAGED) <= names, source
        assert "pappus/problems/__init__.py" in names
        assert not any(n.startswith("benchmarks/") for n in names)


def test_a_set_name_is_a_file_shortcut(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no such file here: the packaged set is meant
    result = invoke(runner, "validate", "imo_ag_30", "translated_imo_2000_p1")
    assert result.exit_code == 0, result.output
    assert "1/1 ok" in result.stdout
    result = invoke(runner, "draw", "imo_ag_30.txt", "translated_imo_2000_p1", "-o", "f.svg")
    assert result.exit_code == 0 and Path("f.svg").exists()
    Path("imo_ag_30").write_text("")  # a file of that name wins
    result = invoke(runner, "validate", "imo_ag_30")
    assert result.exit_code == 2 and "no problems in this file" in result.stderr
    result = invoke(runner, "prove", "imo_ag_3", "x")
    assert result.exit_code == 2 and "no such file" in result.stderr
    assert "imo_ag_30, jgex_ag_231" in result.stderr  # the hint names the packaged sets


def test_demo_uses_the_packaged_problem():
    from pappus.commands import demo

    assert demo.problem_file().is_relative_to(Path(pappus.__file__).parent)


def test_demo_rechecks_what_it_wrote(runner, tmp_path):
    help_text = invoke(runner, "demo", "--help").stdout
    assert "re-check" in help_text
    out = tmp_path / "demo"
    result = invoke(runner, "demo", "--count", "2", "--out", out)
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert re.search(r"2 theorems from 1 sample in ", text), text  # not "1 samples"
    assert "checked 2/2 valid" in text
    assert "proof checked: valid" in text
    assert (out / "translated_imo_2004_p1.json").exists()
