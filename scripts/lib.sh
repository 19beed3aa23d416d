# Shared steps for scripts/demo and scripts/test. Every ensure_* step is idempotent: it checks
# first and installs only what is missing, so a warm machine skips straight to the build.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n==> %s\n' "$*" >&2; }

# The wasm-bindgen version pinned in Cargo.toml; the CLI must match it exactly.
wasm_bindgen_version() {
    sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' "$ROOT/Cargo.toml"
}

apt_install() {
    local missing=()
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    step "installing Debian packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

ensure_rust_tools() {
    if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
        step "adding the wasm32-unknown-unknown target"
        rustup target add wasm32-unknown-unknown
    fi
    if ! cargo leptos --version 2>/dev/null | grep -q '0\.3\.10'; then
        step "installing cargo-leptos 0.3.10 (about 18 minutes on 2 cores, once)"
        cargo install cargo-leptos@0.3.10 --locked --features no_downloads
    fi
    local want
    want="$(wasm_bindgen_version)"
    if ! wasm-bindgen --version 2>/dev/null | grep -q " $want\$"; then
        step "installing wasm-bindgen-cli $want"
        # Without --locked: its lockfile asks for a crate version the registry here lacks.
        cargo install wasm-bindgen-cli --version "$want" --force
    fi
}

# wasm-opt, needed by release builds only: binaryen 132 from npm, first on PATH. Debian's
# binaryen 108 rewrites the second exported table of the split bundle's main wasm file
# (wasm-bindgen's externref table) as the function table, and the page's wasm fails at start.
BINARYEN_VERSION=132.0.0
ensure_wasm_opt() {
    local dir="$ROOT/target/tools/binaryen-$BINARYEN_VERSION"
    if [ ! -x "$dir/node_modules/.bin/wasm-opt" ]; then
        command -v npm >/dev/null || apt_install nodejs npm
        step "installing binaryen $BINARYEN_VERSION (wasm-opt) from npm"
        npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "binaryen@$BINARYEN_VERSION"
    fi
    export PATH="$dir/node_modules/.bin:$PATH"
}

ensure_chromium() {
    [ -x /usr/bin/chromium ] || apt_install chromium
}

ensure_node_modules() {
    if [ ! -d "$ROOT/end2end/node_modules/@playwright/test" ]; then
        step "installing Playwright (no browser download; it drives Debian's chromium)"
        (cd "$ROOT/end2end" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
    fi
}

# Starts the local Postgres 15 cluster if needed and makes sure the test role exists.
# Prints the admin URL tests use to create their throwaway databases.
ensure_postgres() {
    local version cluster
    if ! command -v pg_lsclusters >/dev/null; then
        apt_install postgresql >&2
    fi
    read -r version cluster _ < <(pg_lsclusters --no-header | head -n 1)
    if [ -z "${version:-}" ]; then
        echo "no Postgres cluster found (pg_lsclusters is empty)" >&2
        return 1
    fi
    if ! pg_lsclusters --no-header | awk '{print $4}' | head -n 1 | grep -q online; then
        step "starting Postgres $version/$cluster"
        pg_ctlcluster "$version" "$cluster" start >&2
    fi
    local port
    port="$(pg_lsclusters --no-header | awk 'NR==1 {print $3}')"
    local psql=(psql -v ON_ERROR_STOP=1 -qtA -p "$port")
    if [ "$(id -u)" -eq 0 ]; then psql=(runuser -u postgres -- "${psql[@]}"); else psql=(sudo -u postgres "${psql[@]}"); fi
    if [ "$("${psql[@]}" -c "SELECT 1 FROM pg_roles WHERE rolname = 'switchboard_test'")" != "1" ]; then
        "${psql[@]}" -c "CREATE ROLE switchboard_test LOGIN CREATEDB PASSWORD 'switchboard_test'" >/dev/null
    fi
    echo "postgres://switchboard_test:switchboard_test@127.0.0.1:$port/postgres"
}

# moto's server, for the CloudWatch Logs tests: installed with pip only when missing.
ensure_moto() {
    if ! command -v moto_server >/dev/null; then
        step "installing moto's server (pip install 'moto[server]')"
        python3 -m pip install --quiet 'moto[server]' >&2
        hash -r
    fi
    command -v moto_server >/dev/null || { echo "moto_server is not on PATH after installing moto[server]" >&2; return 1; }
}

# Starts moto_server on a free port of 127.0.0.1 in the background and waits until it answers.
# Sets MOTO_URL and MOTO_PID (call it directly, not in $(...), so they stay set); the caller
# stops it with: kill "$MOTO_PID".
start_moto() {
    local port log
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
    log="$(mktemp)"
    moto_server -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
    MOTO_PID=$!
    for _ in $(seq 100); do
        if curl -s -o /dev/null "http://127.0.0.1:$port/moto-api/"; then
            MOTO_URL="http://127.0.0.1:$port"
            rm -f "$log"
            return 0
        fi
        kill -0 "$MOTO_PID" 2>/dev/null || break
        sleep 0.1
    done
    cat "$log" >&2
    echo "moto_server did not start on port $port" >&2
    return 1
}
