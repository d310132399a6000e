#!/usr/bin/env bash
# Create the ncdgen 3.0.0 (Newclid's synthetic-data generator) peer venv at DIR if missing.
#
#   benchmarks/peers/ensure_ncdgen.sh [DIR]      (default: /work/peers/ncdgen)
#
# Idempotent: if DIR/bin/python can already import ncdgen, newclid and py_yuclid and
# DIR/bin/yuclid exists, nothing is done.  Otherwise the venv is created (or completed)
# with:  python3 -m venv DIR && DIR/bin/pip install ncdgen "newclid[yuclid]==3.0.1" pyyaml.
# Set PYTHON to choose the base interpreter (ncdgen needs Python >= 3.11).  ncdgen is
# never installed into Pappus's own environment.
set -euo pipefail

DIR="${1:-/work/peers/ncdgen}"
PYTHON="${PYTHON:-python3}"
NEWCLID_VERSION="3.0.1"

is_ready() {
    [ -x "$DIR/bin/python" ] && [ -x "$DIR/bin/yuclid" ] &&
        PATH="$DIR/bin:$PATH" "$DIR/bin/python" - "$NEWCLID_VERSION" <<'PY' >/dev/null 2>&1
import sys
from importlib.metadata import version
assert version("newclid") == sys.argv[1], version("newclid")
version("ncdgen")
import yaml  # noqa: F401
import ncdgen.extract_datapoint  # noqa: F401
import py_yuclid.yuclid_adapter  # noqa: F401  (fails if yuclid is unusable)
PY
}

if is_ready; then
    echo "ncdgen venv (newclid ${NEWCLID_VERSION}) already present at $DIR"
    exit 0
fi

if [ ! -x "$DIR/bin/python" ]; then
    echo "creating venv at $DIR"
    "$PYTHON" -m venv "$DIR"
fi
# py_yuclid finds the yuclid binary through PATH.
PATH="$DIR/bin:$PATH" "$DIR/bin/pip" install ncdgen "newclid[yuclid]==${NEWCLID_VERSION}" pyyaml
if ! is_ready; then
    echo "error: ncdgen venv at $DIR is still not usable after installing" >&2
    exit 1
fi
echo "ncdgen venv ready at $DIR"
