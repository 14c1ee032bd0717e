#!/usr/bin/env bash
# Quick start 1: build shiftlint and run it on samples/ (findings are expected: exit 0 when
# shiftlint ran and reported them, non-zero on a tool error).
set -euo pipefail
cd "$(dirname "$0")/.."
# The Swift toolchain lives in /opt/swift on these machines; make sure it is found.
command -v swift >/dev/null || export PATH=/opt/swift/usr/bin:$PATH
bash scripts/setup.sh
swift build -c release >&2
set +e
.build/release/shiftlint samples/ "$@"
status=$?
set -e
[[ $status -le 1 ]] || exit "$status"
