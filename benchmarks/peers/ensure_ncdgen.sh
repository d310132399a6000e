#!/usr/bin/env bash
# Create the ncdgen 3.0.0 (Newclid's synthetic-data generator) peer venv at DIR if missing.
#
#   benchmarks/peers/ensure_ncdgen.sh [DIR]      (default: /work/peers/ncdgen)
#
# Idempotent (see venv_lib.sh); installs ncdgen "newclid[yuclid]==3.0.1" pyyaml. Set
# PYTHON to choose the base interpreter. ncdgen is never installed into Pappus's own
# environment.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/venv_lib.sh"

CHECK='
import sys
from importlib.metadata import version
assert version("newclid") == sys.argv[1], version("newclid")
version("ncdgen")
import yaml
import ncdgen.extract_datapoint
import py_yuclid.yuclid_adapter  # fails if yuclid is unusable
'
ensure_venv ncdgen "${1:-/work/peers/ncdgen}" "$CHECK" \
    ncdgen "newclid[yuclid]==${NEWCLID_VERSION}" pyyaml
