#!/usr/bin/env bash
# Second README command: install what is missing, build with warnings as errors, run every test.
#   scripts/test.sh            normal build (build/test)
#   scripts/test.sh --asan     the same tests under AddressSanitizer + UndefinedBehaviorSanitizer (build/asan)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh

dir=build/test; extra=()
if [[ "${1:-}" == "--asan" ]]; then
  # No test runs the benchmark programs, and the first pass has compiled them with -Werror.
  dir=build/asan; extra=(-DSIMDESK_SANITIZE=ON -DSIMDESK_BUILD_BENCH=OFF)
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
fi
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Debug -DSIMDESK_WERROR=ON "${extra[@]}" >/dev/null
cmake --build "$dir" -j"$(nproc)"
ctest --test-dir "$dir" --output-on-failure -j"$(nproc)"
