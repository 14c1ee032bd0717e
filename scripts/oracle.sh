#!/usr/bin/env bash
# The differential oracles against UBSAN, larger than the default test run: COUNT constant
# expressions on LP64 and ILP32, and COUNT/5 promotion cases.
#   scripts/oracle.sh [COUNT] [SEED]     (default: 10000 expressions, seed 7)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export SHIFTLINT_ORACLE_COUNT=${1:-10000} SHIFTLINT_ORACLE_SEED=${2:-7}
swift build --build-tests >&2
swift test --disable-swift-testing --filter "OracleTests|PromotionOracleTests" 2>&1 | grep -E "oracle|disagreement|error|Executed"
