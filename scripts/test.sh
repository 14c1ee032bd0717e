#!/usr/bin/env bash
# Quick start 2: the whole test suite (unit, golden samples, fix re-check, clang-19
# agreement, CLI, and the Linux 6.1 tests when the corpus is prepared).
set -euo pipefail
cd "$(dirname "$0")/.."
# The Swift toolchain lives in /opt/swift on these machines; make sure it is found.
command -v swift >/dev/null || export PATH=/opt/swift/usr/bin:$PATH
bash scripts/setup.sh
swift build --build-tests
swift test --disable-swift-testing "$@"
