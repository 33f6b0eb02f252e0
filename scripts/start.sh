#!/usr/bin/env bash
# First README command: install what is missing, build, start the desktop app on the bundled content.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/release -j"$(nproc)" --target simdesk
exec ./build/release/simdesk "$@"
