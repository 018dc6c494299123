# Sourced by ./run and ./test: make sure .venv exists and holds the project.
# Usage: genart_bootstrap [dev]
# Skips pip entirely when pyproject.toml, constraints.txt and the extras are
# unchanged since the last install (a stamp file in .venv), so a second start is fast.

genart_bootstrap() {
    local extras="${1:-}"
    local root venv py stamp want have spec started
    root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
    venv="$root/.venv"
    py="${PYTHON:-python3}"

    if [ ! -x "$venv/bin/python" ]; then
        if ! "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            echo "GenArt Desktop needs Python 3.11 or newer ('$py' is $("$py" --version 2>&1))." >&2
            echo "Install a newer Python, or point PYTHON at one: PYTHON=python3.12 ./run" >&2
            return 1
        fi
        echo "Creating the virtual environment in .venv …" >&2
        "$py" -m venv "$venv" || return 1
    fi

    stamp="$venv/.genart-install-stamp"
    want="$(cat "$root/pyproject.toml" "$root/constraints.txt" | sha256sum | cut -c1-16)"
    [ -n "$extras" ] && want="$want+$extras"
    have="$(cat "$stamp" 2>/dev/null || true)"
    # Any install with extras covers a plain one.
    if [ "$have" = "$want" ] || { [ -z "$extras" ] && [ "${have%%+*}" = "$want" ]; }; then
        return 0
    fi

    spec="$root"
    [ -n "$extras" ] && spec="$root[$extras]"
    echo "Installing GenArt Desktop and its dependencies into .venv (first run, or they changed) …" >&2
    started=$SECONDS
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
        -c "$root/constraints.txt" -e "$spec" || {
        echo "Installing the dependencies failed; see the messages above. Nothing was started." >&2
        return 1
    }
    echo "$want" > "$stamp"
    echo "Installed in $((SECONDS - started)) s." >&2
}
