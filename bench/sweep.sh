#!/usr/bin/env bash
# sweep.sh runs syscallvet over the real modules in bench/corpus.txt (or the
# module@version arguments) and the standard library, and records per module:
# packages, findings per rule, errors, panics, wall time and peak RSS.
#
#   bench/sweep.sh                      # whole corpus + std
#   bench/sweep.sh go.etcd.io/bbolt@v1.5.0
#   bench/sweep.sh 'github.com/opencontainers/selinux@v1.3.0 selinux'   # with build tags
#   SWEEP_DIR=/tmp/sweep bench/sweep.sh # scratch space (default bench/work, git-ignored)
#   SWEEP_FIX=1 bench/sweep.sh          # also apply every suggested fix in a copy and compile,
#                                       # tests included, the packages it changed
#
# Some modules are cgo against C libraries: install them first (Debian:
# apt-get install libbtrfs-dev libgpgme-dev libassuan-dev libsystemd-dev
# libseccomp-dev libdevmapper-dev libvirt-dev pkg-config), or their cgo
# packages are reported as not building and are not analyzed.
#
# Sources come through the module proxy (go mod download -json); nothing
# third-party is committed. Results: $SWEEP_DIR/results/<module>.{json,stderr,time,list}
# (and with SWEEP_FIX=1 .fix, what -fix printed, and .fixbuild, the compile
# log ending in "packages=N before=X rc=Y" or "fixes=0"), summarised by:
# go run ./bench/summarize -verdicts bench/verdicts.tsv $SWEEP_DIR/results
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${SWEEP_DIR:-$root/bench/work}
mkdir -p "$work/bin" "$work/results" "$work/src"
(cd "$root" && go build -o "$work/bin/syscallvet" ./cmd/syscallvet) || exit 1
sv=$work/bin/syscallvet
[ -e /usr/include/btrfs/ioctl.h ] || echo "note: libbtrfs-dev is missing; podman storage's btrfs driver will not build" >&2

if [ $# -gt 0 ]; then mods=("$@"); else mapfile -t mods < <(grep -v '^\s*#' "$root/bench/corpus.txt" | grep .); mods+=(std); fi

for entry in "${mods[@]}"; do
	# An entry is module@version, then optionally the build tags its code
	# needs (corpus.txt's second column).
	read -r mv tags <<<"$entry"
	tagflag=()
	[ -n "${tags:-}" ] && tagflag=(-tags "$tags")
	name=${mv//[\/@]/_}
	out=$work/results/$name
	echo "== $mv" >&2
	if [ "$mv" = std ]; then
		dir=$(go env GOROOT)/src
		pattern=std
	else
		dir=$(go mod download -json "$mv" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
		if [ -z "$dir" ]; then echo "   download failed" >&2; echo "download failed" > "$out.stderr"; continue; fi
		dst=$work/src/$name
		rm -rf "$dst" && cp -r "$dir" "$dst" && chmod -R u+w "$dst"
		# Module zips keep vendor/modules.txt but not the vendored code, and
		# its presence switches go to -mod=vendor: load from the module cache.
		rm -rf "$dst/vendor"
		dir=$dst
		pattern=./...
		# Releases from before modules (selinux v1.3.0) have no go.mod;
		# docker's +incompatible releases keep theirs as vendor.mod.
		if [ ! -f "$dir/go.mod" ]; then
			(cd "$dir" && if [ -f vendor.mod ]; then cp vendor.mod go.mod && { cp vendor.sum go.sum || true; } && rm -rf vendor; else go mod init "${mv%@*}"; fi && go mod tidy -e) >/dev/null 2>&1
		fi
		(cd "$dir" && go mod download >/dev/null 2>&1
			# Some releases ship an incomplete go.sum (libcap's cap).
			if go list -deps ./... 2>&1 >/dev/null | grep -q 'missing go.sum entry'; then go mod tidy -e >/dev/null 2>&1; fi)
	fi
	(cd "$dir" && go list -e "$pattern" > "$out.list" 2>/dev/null)
	(cd "$dir" && /usr/bin/time -f '%e %M' -o "$out.time" "$sv" "${tagflag[@]}" -json "$pattern" > "$out.json" 2> "$out.stderr")
	# GNU time writes "Command exited with non-zero status 3" first when there are findings.
	read -r secs kb < <(tail -n 1 "$out.time")
	echo "   $(wc -l < "$out.list") packages, $secs s, $((kb / 1024)) MiB" >&2
	if [ "${SWEEP_FIX:-}" = 1 ] && [ "$mv" != std ]; then
		# Apply the fixes in a second copy, then compile (tests included)
		# the packages whose files they changed, in both copies: some
		# modules need C headers this machine lacks, which is not the
		# fixes' doing.
		fixed=$dir.fixed
		rm -rf "$fixed" && cp -r "$dir" "$fixed"
		# What -fix says (a fix it cannot apply, say) goes to $out.fix.
		(cd "$fixed" && "$sv" "${tagflag[@]}" -fix "$pattern" >/dev/null 2>"$out.fix")
		mapfile -t pkgs < <(diff -rq "$dir" "$fixed" | sed -n "s|^Files $dir/\(.*\)/[^/]*\.go and .*|./\1|p; s|^Files $dir/[^/]*\.go and .*|.|p" | sort -u)
		if [ ${#pkgs[@]} -eq 0 ]; then
			echo "fixes=0" > "$out.fixbuild"
		else
			compile() { (cd "$1" && go test "${tagflag[@]}" -count=1 -exec /bin/true "${pkgs[@]}" >> "$out.fixbuild" 2>&1); }
			: > "$out.fixbuild"
			compile "$dir"; before=$?
			compile "$fixed"; after=$?
			echo "packages=${#pkgs[@]} before=$before rc=$after" >> "$out.fixbuild"
		fi
	fi
done
(cd "$root" && go run ./bench/summarize -verdicts bench/verdicts.tsv "$work/results")
