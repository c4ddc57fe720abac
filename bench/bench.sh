#!/usr/bin/env bash
# bench.sh measures syscallvet against go vet and staticcheck on the same
# packages, in one run, and prints ratios (not absolute times: this is a
# noisy shared machine). Targets: std, and optionally a corpus module dir.
#
#   bench/bench.sh                  # std
#   bench/bench.sh /path/to/module  # ./... of a module checkout (e.g. from bench/sweep.sh)
#
# Build cache warm, analysis caches cold: every run uses a fresh GOCACHE
# warmed by compiling (go list -export), so vet results start cold; a
# vet tool's results are keyed by its binary, so a second run shows the
# warm (nothing changed) case.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/syscallvet" "$root/cmd/syscallvet"
GOBIN=$tmp go install honnef.co/go/tools/cmd/staticcheck@v0.8.2
sc=$tmp/staticcheck

dir=${1:-$(go env GOROOT)/src}
pattern=std
[ $# -gt 0 ] && pattern=./...
export GOCACHE=$tmp/gocache XDG_CACHE_HOME=$tmp/xdg
cd "$dir"
echo "target: $pattern in $dir" >&2
go list -export -deps -test "$pattern" > /dev/null

measure() { # name command...: prints "name wall_s rss_MiB"
	local name=$1; shift
	/usr/bin/time -f '%e %M' -o "$tmp/t" "$@" > /dev/null 2>&1 || true
	read -r secs kb < <(tail -n 1 "$tmp/t") # after "Command exited with non-zero status N"
	echo "$name $secs $((kb / 1024))"
}
{
	measure vet go vet "$pattern"
	measure vettool go vet -vettool="$tmp/syscallvet" "$pattern"
	measure vettool-warm go vet -vettool="$tmp/syscallvet" "$pattern"
	measure standalone "$tmp/syscallvet" "$pattern"
	measure staticcheck "$sc" "$pattern"
} | tee "$tmp/results" >&2
awk '
	{ wall[$1] = $2; rss[$1] = $3 }
	END {
		printf "go vet -vettool=syscallvet vs go vet: wall %.2fx, peak RSS %.2fx (targets <= 1.0x, <= 1.2x)\n", wall["vettool"] / wall["vet"], rss["vettool"] / rss["vet"]
		printf "second go vet -vettool run, nothing changed: %.1f s (target <= 3 s on std)\n", wall["vettool-warm"]
		fast = wall["vet"] < wall["staticcheck"] ? wall["vet"] : wall["staticcheck"]
		printf "syscallvet standalone vs faster of go vet and staticcheck: wall %.2fx (target <= 1.0x); peak RSS %d MiB (target <= 1024)\n", wall["standalone"] / fast, rss["standalone"]
	}' "$tmp/results"
