"""`--dialect`: the commands that read problem files read Newclid's meaning when asked."""

from __future__ import annotations

from typer.testing import CliRunner

from pappus.cli import app

# s_angle's plain number: 1/2 degree for AlphaGeometry, half of pi for Newclid
RIGHT_ANGLE = "right\na b = segment a b; x = s_angle a b x 1/2 ? perp a b b x\n"


def _invoke(runner: CliRunner, *args: object):
    result = runner.invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.output, result.output
    return result


def test_validate_and_prove_read_the_dialect(runner, tmp_path):
    path = tmp_path / "p.txt"
    path.write_text(RIGHT_ANGLE)
    assert _invoke(runner, "validate", path).exit_code == 1  # goal_false in degrees
    assert _invoke(runner, "validate", path, "--dialect", "newclid").exit_code == 0
    proved = _invoke(runner, "prove", path, "--dialect", "newclid", "--timeout", "30")
    assert proved.exit_code == 0, proved.output
    svg = tmp_path / "f.svg"
    assert _invoke(runner, "draw", path, "-o", svg, "--dialect", "newclid").exit_code == 0
    assert svg.exists()


def test_bench_reads_the_dialect(runner, tmp_path):
    path = tmp_path / "p.txt"
    path.write_text(RIGHT_ANGLE)
    out = tmp_path / "bench"
    result = _invoke(runner, "bench", path, "--dialect", "newclid", "--timeout", "30",
                     "--out", out)
    assert result.exit_code == 0 and "solved 1/1" in result.stdout, result.output


def test_unknown_dialect_is_refused(runner, tmp_path):
    path = tmp_path / "p.txt"
    path.write_text(RIGHT_ANGLE)
    result = _invoke(runner, "validate", path, "--dialect", "klingon")
    assert result.exit_code == 2 and "klingon" in result.output
