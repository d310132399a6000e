#!/usr/bin/env bash
# Create the Newclid 3.0.1 (+ yuclid C++ engine) peer venv at DIR if missing.
#
#   benchmarks/peers/ensure_newclid.sh [DIR]      (default: /work/peers/newclid)
#
# Idempotent (see venv_lib.sh); installs "newclid[yuclid]==3.0.1" pyyaml. Set PYTHON to
# choose the base interpreter. Newclid is never installed into Pappus's own environment.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/venv_lib.sh"

CHECK='
import sys
from importlib.metadata import version
assert version("newclid") == sys.argv[1], version("newclid")
import yaml
import py_yuclid.yuclid_adapter  # fails if yuclid is unusable
'
ensure_venv newclid "${1:-/work/peers/newclid}" "$CHECK" \
    "newclid[yuclid]==${NEWCLID_VERSION}" pyyaml
