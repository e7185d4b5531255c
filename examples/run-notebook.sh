#!/usr/bin/env bash
# run-notebook.sh: run the examples against a fresh scsgraph server.
#
#   examples/run-notebook.sh [BIN]        # BIN defaults to $SCSGRAPH_BIN, then bin/scsgraph
#
# Starts `BIN serve --addr 127.0.0.1:0`, waits for its "listening" log line,
# executes examples/scsgraph.ipynb with Debian's jupyter-nbconvert and
# /usr/bin/python3 (whose Debian packages provide pandas, networkx, ...), then
# runs `node examples/client.mjs`. Exits non-zero if anything fails; the
# server is stopped on every exit path.
#
# Environment:
#   SCSGRAPH_BIN     the server binary, when no argument is given
#   ARTIFACTS_DIR    where to keep the executed notebook, its figure and the
#                    server log (default: a temporary directory, removed)
#   START_TIMEOUT    seconds to wait for the server (default 30)
#   NOTEBOOK_TIMEOUT seconds for the whole notebook (default 300)
#   CLIENT_TIMEOUT   seconds for the JS client (default 60)
set -euo pipefail

die() { echo "run-notebook: $*" >&2; exit 1; }

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin="${1:-${SCSGRAPH_BIN:-bin/scsgraph}}"
[ -x "$bin" ] || die "server binary \"$bin\" is missing or not executable (build it: go build -o bin/scsgraph ./cmd/scsgraph)"
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"

start_timeout="${START_TIMEOUT:-30}"
notebook_timeout="${NOTEBOOK_TIMEOUT:-300}"
client_timeout="${CLIENT_TIMEOUT:-60}"

# Debian's Python, not whatever python3 comes first on PATH (pyenv, venv).
export PATH="/usr/bin:/bin:$PATH"
unset PYTHONPATH PYTHONHOME VIRTUAL_ENV
py=/usr/bin/python3
[ -x "$py" ] || die "$py not found; install Debian's python3"
command -v jupyter-nbconvert >/dev/null || die "jupyter-nbconvert not found; apt-get install jupyter-nbconvert python3-nbconvert python3-ipykernel"
command -v node >/dev/null || die "node not found (Node.js 20 or later runs examples/client.mjs)"
missing="$("$py" - <<'EOF'
import importlib.util
mods = {"ipykernel": "python3-ipykernel", "nbconvert": "python3-nbconvert", "requests": "python3-requests",
        "pandas": "python3-pandas", "networkx": "python3-networkx", "matplotlib": "python3-matplotlib"}
print(" ".join(pkg for mod, pkg in mods.items() if importlib.util.find_spec(mod) is None))
EOF
)"
[ -z "$missing" ] || die "$py lacks Python modules; install the Debian packages: apt-get install $missing"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/scsgraph-examples.XXXXXX")"
out="${ARTIFACTS_DIR:-$tmp/out}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
log="$out/server.log"
server_pid=""
child_pid=""

# bounded SECONDS CMD...: run CMD with a time limit, in the background so that
# a signal to this script is handled at once (see cleanup).
bounded() {
	local limit=$1
	shift
	timeout --kill-after=10 "$limit" "$@" &
	child_pid=$!
	local rc=0
	wait "$child_pid" || rc=$?
	child_pid=""
	return "$rc"
}

cleanup() {
	status=$?
	if [ -n "$child_pid" ]; then
		kill -TERM "$child_pid" 2>/dev/null || true # timeout passes it on to the command
		wait "$child_pid" 2>/dev/null || true
	fi
	if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
		# The server runs in its own process group (setsid): stop the group.
		kill -TERM -- "-$server_pid" 2>/dev/null || kill -TERM "$server_pid" 2>/dev/null || true
		for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
		kill -KILL -- "-$server_pid" 2>/dev/null || true
		wait "$server_pid" 2>/dev/null || true
	fi
	if [ "$status" -ne 0 ] && [ -s "$log" ]; then
		echo "run-notebook: FAILED (exit $status); last lines of the server log:" >&2
		tail -n 20 "$log" >&2
	fi
	rm -rf "$tmp"
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# 1. The server, on a free port.
: >"$log"
setsid "$bin" serve --addr 127.0.0.1:0 >"$log" 2>&1 </dev/null &
server_pid=$!
addr=""
deadline=$((SECONDS + start_timeout))
while [ -z "$addr" ]; do
	kill -0 "$server_pid" 2>/dev/null || die "the server exited before listening: $bin serve --addr 127.0.0.1:0"
	[ "$SECONDS" -lt "$deadline" ] || die "no \"msg=listening\" line from the server within ${start_timeout}s"
	addr="$(sed -n 's/.*msg=listening.* addr="\{0,1\}\([^" ]*\).*/\1/p' "$log" | head -n 1 || true)"
	[ -n "$addr" ] || sleep 0.1
done
export SCSGRAPH_URL="http://$addr"
echo "run-notebook: server pid $server_pid at $SCSGRAPH_URL"

# 2. A kernel that runs Debian's Python, in a private Jupyter directory.
kernel=scsgraph-debian-python3
mkdir -p "$tmp/jupyter/kernels/$kernel" "$tmp/runtime" "$tmp/config" "$tmp/ipython" "$tmp/mpl"
cat >"$tmp/jupyter/kernels/$kernel/kernel.json" <<EOF
{
  "argv": ["$py", "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
  "display_name": "Python 3 (Debian, scsgraph examples)",
  "language": "python"
}
EOF
export JUPYTER_PATH="$tmp/jupyter" JUPYTER_DATA_DIR="$tmp/jupyter" JUPYTER_RUNTIME_DIR="$tmp/runtime"
export JUPYTER_CONFIG_DIR="$tmp/config" IPYTHONDIR="$tmp/ipython" MPLCONFIGDIR="$tmp/mpl" MPLBACKEND=Agg
export SCSGRAPH_FIGURE_DIR="$out"
mkdir -p "$IPYTHONDIR/profile_default"
echo 'c.InteractiveShell.colors = "NoColor"  # plain tracebacks in logs' >"$IPYTHONDIR/profile_default/ipython_kernel_config.py"

# 3. The notebook.
keep="kept"
[ -n "${ARTIFACTS_DIR:-}" ] || keep="removed at exit; set ARTIFACTS_DIR to keep them"
echo "run-notebook: executing $here/scsgraph.ipynb (outputs in $out, $keep)"
started=$SECONDS
if ! bounded "$notebook_timeout" jupyter-nbconvert --to notebook --execute \
	--ExecutePreprocessor.timeout=120 \
	--ExecutePreprocessor.kernel_name="$kernel" \
	--output-dir "$out" --output scsgraph.ipynb \
	"$here/scsgraph.ipynb"; then
	die "the notebook failed (see the cell error above; timeout ${notebook_timeout}s)"
fi
echo "run-notebook: notebook OK in $((SECONDS - started))s: $out/scsgraph.ipynb"

# 4. The JavaScript client.
echo "run-notebook: node $here/client.mjs"
if ! bounded "$client_timeout" node "$here/client.mjs"; then
	die "examples/client.mjs failed (timeout ${client_timeout}s)"
fi
kill -0 "$server_pid" 2>/dev/null || die "the server died during the run"
echo "run-notebook: OK"
