#!/usr/bin/env bash
# Fuzzes every parser that takes user input (durations, distributions, JSON, topology,
# scenario and fault files, fault flags, command lines) with geosim-fuzz, the seeded
# mutation fuzzer in Sources/GeoSimFuzz, built in release; the sim-* targets also run a
# short, bounded simulation of what parsed (see fuzz/README.md).
#
#   scripts/fuzz.sh [SECONDS] [geosim-fuzz options...]
#
# SECONDS is the budget per target (default 10). Further options go to geosim-fuzz, e.g.
# `--target fault-flag,scenario` or `--seed 7` (see `geosim-fuzz --help`). Runs from the
# repository root; the corpus is fuzz/corpus/<target>/, the work files .build/fuzz/.
#
# Exit status: 0 when nothing was found; otherwise non-zero, after printing the path of
# the input that crashed, hung, or got an unclear error (reproduce it with
# `.build/release/geosim-fuzz --target T --replay PATH`).
#
# `scripts/fuzz.sh --self-test` checks that a crash and a hang are caught and reported.
set -uo pipefail

cd "$(dirname "$0")/.."
seconds=10
if [[ $# -ge 1 && "$1" =~ ^[0-9]+([.][0-9]+)?$ ]]; then
    seconds=$1
    shift
fi
out=.build/fuzz

echo "== building geosim-fuzz (release)"
swift build -c release --product geosim-fuzz >&2 || { echo "fuzz.sh: build failed" >&2; exit 70; }
fuzz=.build/release/geosim-fuzz

if [[ "${1:-}" == "--self-test" ]]; then
    status=0
    SWIFT_BACKTRACE=enable=no "$fuzz" --out "$out" --self-test crash 2>"$out/self-test.log"
    rc=$?
    if [[ $rc -lt 128 ]] || ! grep -q "CRASH" "$out/self-test.log"; then echo "self-test: crash not caught (exit $rc)"; status=1; fi
    "$fuzz" --out "$out" --self-test hang --timeout 0.5 2>"$out/self-test.log"
    rc=$?
    if [[ $rc -ne 3 ]] || ! grep -q "HANG" "$out/self-test.log"; then echo "self-test: hang not caught (exit $rc)"; status=1; fi
    [[ $status -eq 0 ]] && echo "self-test: a crash and a hang are caught and reported"
    exit $status
fi

mkdir -p "$out"
log="$out/fuzz.log"
echo "== fuzzing every target for ${seconds}s each (log: $log)"
"$fuzz" --seconds "$seconds" --corpus fuzz/corpus --out "$out" "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
case $rc in
    0) echo "== no findings"; exit 0 ;;
    1) echo "== FINDINGS: unclear errors or broken invariants; inputs saved under $out/findings/:"
       grep '^FINDING' "$log" | sed 's/^FINDING \[\([^]]*\)\] \([^:]*\):.*/  \1: \2/' | sort -u
       exit 1 ;;
    2) echo "== usage error"; exit 64 ;;
    3) echo "== HANG: the input that hung is named above ($(grep -o 'in [^ ]*current-[a-z-]*' "$log" | tail -1 | cut -c4-))"
       exit 3 ;;
    *) current=$(grep -o 'the input is in [^ ]*' "$log" | tail -1 | cut -c17-)
       echo "== CRASH (exit $rc): the crashing input is ${current:-in $out/current-<target>}"
       if [[ -n "$current" ]]; then cp "$current" "$current.crash" && echo "   (copied to $current.crash)"; fi
       exit 2 ;;
esac
