#!/usr/bin/env bash
# bench.sh measures syscallvet against go vet and staticcheck on the same
# packages, in one run, and prints ratios (not absolute times: this is a
# noisy shared machine). Targets: std, and optionally a corpus module dir.
#
#   bench/bench.sh                  # std
#   bench/bench.sh /path/to/module  # ./... of a module checkout (e.g. from bench/sweep.sh)
#   bench/bench.sh DIR PATTERN...   # those packages, from DIR ("$(go env GOROOT)/src" net/... os/...)
#   bench/bench.sh -facts [DIR [PATTERN...]]
#                                   # only go vet, the vet tool and the fact-pass share (below)
#
# The fact passes' share: bench/factcost is a vet tool whose one analyzer
# requires only the fact passes (threadlock, with ctrlflow and inspect,
# and blocking) and reports nothing; bench/factcost/baseline requires only
# inspect. Both speak the vet protocol, so their difference is what the
# fact passes cost on top of parsing, type-checking and vetx files, and
# it is printed over the same difference for the full vet tool and over
# plain go vet.
#
# Build cache warm, analysis caches cold: every run uses a fresh GOCACHE
# warmed by compiling (go list -export), so vet results start cold; a
# vet tool's results are keyed by its binary, so a second run shows the
# warm (nothing changed) case.
set -euo pipefail
only_facts=
if [ "${1:-}" = -facts ]; then only_facts=1; shift; fi
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/syscallvet" "$root/cmd/syscallvet"
(cd "$root" && go build -o "$tmp/" ./bench/factcost ./bench/factcost/baseline)
sc=
if [ -z "$only_facts" ]; then
	GOBIN=$tmp go install honnef.co/go/tools/cmd/staticcheck@v0.8.2
	sc=$tmp/staticcheck
fi

dir=${1:-$(go env GOROOT)/src}
patterns=(std)
[ $# -gt 0 ] && patterns=(./...)
[ $# -gt 1 ] && patterns=("${@:2}")
export GOCACHE=$tmp/gocache XDG_CACHE_HOME=$tmp/xdg
cd "$dir"
echo "target: ${patterns[*]} in $dir" >&2
go list -export -deps -test "${patterns[@]}" > /dev/null

measure() { # name command...: prints "name wall_s rss_MiB user_s sys_s" (children included)
	local name=$1; shift
	local rc=0
	/usr/bin/time -f '%e %M %U %S' -o "$tmp/t" "$@" > /dev/null 2> "$tmp/$name.stderr" || rc=$?
	read -r secs kb user sys < <(tail -n 1 "$tmp/t") # after "Command exited with non-zero status N"
	# Findings are fine (go vet: 1, syscallvet: 3); anything else means the
	# time measured a failure, not an analysis.
	if grep -q -e 'panic:' -e 'internal error' -e 'fatal error' "$tmp/$name.stderr" || [ "$rc" -gt 3 ] ||
		{ [ "$name" = standalone ] && [ "$rc" != 0 ] && [ "$rc" != 3 ]; }; then
		echo "WARNING: $name exited $rc; its numbers do not measure an analysis:" >&2
		head -n 5 "$tmp/$name.stderr" >&2
	fi
	echo "$name $secs $((kb / 1024)) $user $sys"
}
{
	measure vet go vet "${patterns[@]}"
	measure vettool go vet -vettool="$tmp/syscallvet" "${patterns[@]}"
	measure factcost go vet -vettool="$tmp/factcost" "${patterns[@]}"
	measure baseline go vet -vettool="$tmp/baseline" "${patterns[@]}"
	if [ -z "$only_facts" ]; then
		measure vettool-warm go vet -vettool="$tmp/syscallvet" "${patterns[@]}"
		measure standalone "$tmp/syscallvet" "${patterns[@]}"
		measure staticcheck "$sc" "${patterns[@]}"
	fi
} | tee "$tmp/results" >&2
awk -v only_facts="$only_facts" '
	function pct(a, b) { return b > 0 ? sprintf("%.0f%%", 100 * a / b) : "n/a" }
	{ wall[$1] = $2; rss[$1] = $3; cpu[$1] = $4 + $5 }
	END {
		printf "go vet -vettool=syscallvet vs go vet: wall %.2fx, peak RSS %.2fx (targets <= 1.0x, <= 1.2x)\n", wall["vettool"] / wall["vet"], rss["vettool"] / rss["vet"]
		# CPU time is the steadier measure on a shared machine; wall is what users wait.
		facts = cpu["factcost"] - cpu["baseline"]
		own = cpu["vettool"] - cpu["baseline"]
		printf "fact passes, CPU (factcost - baseline): %.1f s, %s of syscallvet'"'"'s own (vettool - baseline: %.1f s), %s of plain go vet\n", facts, pct(facts, own), own, pct(facts, cpu["vet"])
		facts = wall["factcost"] - wall["baseline"]
		own = wall["vettool"] - wall["baseline"]
		printf "fact passes, wall (factcost - baseline): %.1f s, %s of syscallvet'"'"'s own (vettool - baseline: %.1f s), %s of plain go vet\n", facts, pct(facts, own), own, pct(facts, wall["vet"])
		if (only_facts) exit
		printf "second go vet -vettool run, nothing changed: %.1f s (target <= 3 s on std)\n", wall["vettool-warm"]
		fast = wall["vet"] < wall["staticcheck"] ? wall["vet"] : wall["staticcheck"]
		printf "syscallvet standalone vs faster of go vet and staticcheck: wall %.2fx (target <= 1.0x); peak RSS %d MiB (target <= 1024)\n", wall["standalone"] / fast, rss["standalone"]
	}' "$tmp/results"
