# Shared by ensure_newclid.sh and ensure_ncdgen.sh (sourced, not run).
#
#   ensure_venv NAME DIR CHECK_PY PIP_ARG...
#
# Idempotent: when DIR/bin/python runs the Python snippet CHECK_PY (given NEWCLID_VERSION
# as argv[1]) without error and DIR/bin/yuclid exists, nothing is done. Otherwise the venv
# is created (or completed) with `python3 -m venv DIR && DIR/bin/pip install PIP_ARG...`.
# PYTHON chooses the base interpreter (the peers need Python >= 3.11).

NEWCLID_VERSION="3.0.1"

venv_ready() {
    local dir="$1" check="$2"
    [ -x "$dir/bin/python" ] && [ -x "$dir/bin/yuclid" ] &&
        PATH="$dir/bin:$PATH" "$dir/bin/python" -c "$check" "$NEWCLID_VERSION" >/dev/null 2>&1
}

ensure_venv() {
    local name="$1" dir="$2" check="$3"
    shift 3
    if venv_ready "$dir" "$check"; then
        echo "$name venv (newclid ${NEWCLID_VERSION}) already present at $dir"
        return 0
    fi
    if [ ! -x "$dir/bin/python" ]; then
        echo "creating venv at $dir"
        "${PYTHON:-python3}" -m venv "$dir"
    fi
    # py_yuclid finds the yuclid binary through PATH.
    PATH="$dir/bin:$PATH" "$dir/bin/pip" install "$@"
    if ! venv_ready "$dir" "$check"; then
        echo "error: $name venv at $dir is still not usable after installing" >&2
        return 1
    fi
    echo "$name venv ready at $dir"
}
