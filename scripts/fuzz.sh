#!/usr/bin/env bash
# A long deterministic fuzz run (Tests/ShiftLintTests/FuzzTests.swift) over the evaluator, the
# text readers and mutated samples through the whole analyzer. Any crash fails the run.
#   scripts/fuzz.sh [ITERATIONS] [FILES]     (default: 2000000 random token runs, 3000 files)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export SHIFTLINT_FUZZ_ITERATIONS=${1:-2000000} SHIFTLINT_FUZZ_FILES=${2:-3000}
swift build --build-tests >&2
time swift test --disable-swift-testing --filter FuzzTests 2>&1 | grep -E "error|Executed|failure"
