#!/usr/bin/env bash
# Create the Newclid 3.0.1 (+ yuclid C++ engine) peer venv at DIR if missing.
#
#   benchmarks/peers/ensure_newclid.sh [DIR]      (default: /work/peers/newclid)
#
# Idempotent: if DIR/bin/python can already import newclid 3.0.1 and py_yuclid
# and DIR/bin/yuclid exists, nothing is done.  Otherwise the venv is created
# (or completed) with:  python3 -m venv DIR && DIR/bin/pip install
# "newclid[yuclid]==3.0.1" pyyaml.  Set PYTHON to choose the base interpreter
# (Newclid needs Python >= 3.11).  Newclid is never installed into Pappus's own
# environment.
set -euo pipefail

DIR="${1:-/work/peers/newclid}"
PYTHON="${PYTHON:-python3}"
NEWCLID_VERSION="3.0.1"

is_ready() {
    [ -x "$DIR/bin/python" ] && [ -x "$DIR/bin/yuclid" ] &&
        PATH="$DIR/bin:$PATH" "$DIR/bin/python" - "$NEWCLID_VERSION" <<'PY' >/dev/null 2>&1
import sys
from importlib.metadata import version
assert version("newclid") == sys.argv[1], version("newclid")
import yaml  # noqa: F401
import py_yuclid.yuclid_adapter  # noqa: F401  (fails if yuclid is unusable)
PY
}

if is_ready; then
    echo "newclid ${NEWCLID_VERSION} venv already present at $DIR"
    exit 0
fi

if [ ! -x "$DIR/bin/python" ]; then
    echo "creating venv at $DIR"
    "$PYTHON" -m venv "$DIR"
fi
# py_yuclid finds the yuclid binary through PATH.
PATH="$DIR/bin:$PATH" "$DIR/bin/pip" install "newclid[yuclid]==${NEWCLID_VERSION}" pyyaml

if is_ready; then
    echo "newclid ${NEWCLID_VERSION} venv ready at $DIR"
else
    echo "error: venv at $DIR does not provide newclid ${NEWCLID_VERSION} with yuclid" >&2
    exit 1
fi
