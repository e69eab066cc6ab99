#!/usr/bin/env bash
# Coverage-guided fuzzing of one parser with libFuzzer (the toolchain's
# libclang_rt.fuzzer, Linux), as a complement to scripts/fuzz.sh.
#
#   scripts/libfuzzer.sh TARGET [SECONDS] [libFuzzer options...]
#
# TARGET is one of: duration distribution json topology scenario fault-flag fault-file
# command-line sim-distribution sim-fault-flag sim-fault-file sim-scenario
# sim-command-line (the sim-* corpus is fuzz/corpus/sim-*/ only). The build goes to .build-libfuzzer (separate from .build: every module is
# instrumented with -sanitize=fuzzer,address). The corpus is copied from fuzz/corpus/TARGET
# to .build-libfuzzer/corpus/TARGET, where libFuzzer adds what it finds, so the
# repository's corpus stays small. A finding (a crash, an ASan report, an unclear error:
# the entry point aborts) is saved as .build-libfuzzer/crash-*; replay it with
# `GEOSIM_FUZZ_TARGET=TARGET .build-libfuzzer/release/geosim-libfuzzer FILE`.
set -euo pipefail

cd "$(dirname "$0")/.."
if [[ $# -lt 1 || "$1" == "-h" || "$1" == "--help" ]]; then
    echo "usage: $0 TARGET [SECONDS] [libFuzzer options...]" >&2
    exit 64
fi
target=$1
shift
seconds=60
if [[ $# -ge 1 && "$1" =~ ^[0-9]+$ ]]; then seconds=$1; shift; fi
[[ -d "fuzz/corpus/$target" ]] || { echo "libfuzzer.sh: no corpus fuzz/corpus/$target (unknown target?)" >&2; exit 64; }

# -DGEOSIM_LIBFUZZER swaps the replay program's @main for libFuzzer's driver.
swift build -c release --scratch-path .build-libfuzzer \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -DGEOSIM_LIBFUZZER --product geosim-libfuzzer >&2

work=.build-libfuzzer/corpus/$target
mkdir -p "$work"
cp -n fuzz/corpus/"$target"/* "$work"/ 2>/dev/null || true
GEOSIM_FUZZ_TARGET=$target ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0} \
    .build-libfuzzer/release/geosim-libfuzzer -max_total_time="$seconds" -max_len=4096 -timeout=5 \
    -artifact_prefix=.build-libfuzzer/ "$@" "$work"
