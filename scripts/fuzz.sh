#!/usr/bin/env bash
# Fuzzes one harness of tests/fuzz with libFuzzer for a while.
#
#   bash scripts/fuzz.sh TARGET [SECONDS]     TARGET: content, reply, script or agreement; SECONDS: 60 by default
#
# Builds build/fuzz with clang (-fsanitize=fuzzer,address,undefined; needs clang and
# libclang-rt-14-dev, which scripts/install-deps.sh installs when it can) and runs fuzz_TARGET on
# tests/fuzz/corpus/TARGET (content also starts from the bundled scenarios/ and rubrics/). New
# inputs are kept in build/fuzz/corpus/TARGET; a crash is written to build/fuzz/artifacts/. Once it
# is fixed, copy the crashing input into tests/fuzz/corpus/TARGET: every test run replays it.
set -euo pipefail
cd "$(dirname "$0")/.."

target=${1:-}
seconds=${2:-60}
case "$target" in
  content|reply|script|agreement) ;;
  *) echo "usage: bash scripts/fuzz.sh content|reply|script|agreement [SECONDS]" >&2; exit 2 ;;
esac
if ! command -v clang++ >/dev/null; then
  echo "fuzz.sh: needs clang++ and libFuzzer (Debian: clang libclang-rt-14-dev)" >&2
  exit 1
fi

cmake -S . -B build/fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ -DSIMDESK_FUZZ=ON \
  -DSIMDESK_BUILD_TESTS=OFF -DSIMDESK_BUILD_APP=OFF -DSIMDESK_BUILD_BENCH=OFF >/dev/null
cmake --build build/fuzz -j"$(nproc)" --target "fuzz_$target"
binary=build/fuzz/tests/fuzz/fuzz_$target
if [[ ! -x "$binary" ]]; then
  echo "fuzz.sh: $binary was not built; is libclang_rt.fuzzer installed (libclang-rt-14-dev)?" >&2
  exit 1
fi

seeds=("tests/fuzz/corpus/$target")
[[ "$target" == content ]] && seeds+=(scenarios rubrics)
options=(-max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -artifact_prefix="build/fuzz/artifacts/$target-")
[[ "$target" != reply ]] && options+=(-dict=tests/fuzz/json.dict)
mkdir -p "build/fuzz/corpus/$target" build/fuzz/artifacts
exec "$binary" "${options[@]}" "build/fuzz/corpus/$target" "${seeds[@]}"
