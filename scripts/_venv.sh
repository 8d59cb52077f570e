# Shared by scripts/test, scripts/demo and .ci/run (sourced, not run): make sure .venv exists
# and holds the project with its dev extras. Afterwards the current directory is the project
# root and NTM_PYTHON is the virtualenv's python.
#
# The install is skipped while pyproject.toml is unchanged since the last one: its SHA-256 is
# kept in .venv/.ntm-installed, so a new or deleted .venv always reinstalls.

NTM_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NTM_PYTHON="$NTM_ROOT/.venv/bin/python"

ntm_venv() {
    cd "$NTM_ROOT" || return 1

    if [[ ! -e .venv ]]; then
        if ! command -v python3 >/dev/null; then
            echo "Không tìm thấy python3 / python3 not found: cài Python 3.11 trở lên (Debian: apt-get install python3 python3-venv)." >&2
            return 1
        fi
        if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
            echo "Cần Python 3.11 trở lên / Python >= 3.11 required; python3 là $(python3 -V 2>&1)." >&2
            return 1
        fi
        echo "Tạo môi trường ảo .venv / creating .venv ..."
        if ! python3 -m venv .venv; then
            rm -rf .venv # a half-made venv (no pip) would be mistaken for a good one next time
            echo >&2
            echo "LỖI: 'python3 -m venv' không chạy được / 'python3 -m venv' failed." >&2
            echo "Trên Debian/Ubuntu hãy cài gói python3-venv / on Debian/Ubuntu install the package python3-venv:" >&2
            echo "    sudo apt-get install python3-venv" >&2
            return 1
        fi
    fi
    if ! "$NTM_PYTHON" -c '' 2>/dev/null; then
        echo "LỖI: .venv hỏng (Python tạo ra nó đã bị gỡ?) / .venv is broken: xoá nó rồi chạy lại / delete it and rerun: rm -rf .venv" >&2
        return 1
    fi

    local stamp=.venv/.ntm-installed wanted
    wanted=$(sha256sum pyproject.toml | cut -d' ' -f1)
    if [[ ! -f $stamp || $(<"$stamp") != "$wanted" ]]; then
        echo "Cài đặt gói / installing packages: pip install -e \".[dev]\" ..."
        "$NTM_PYTHON" -m pip install -q --disable-pip-version-check -e ".[dev]" || return 1
        echo "$wanted" >"$stamp"
    fi
}
