#!/usr/bin/env bash
# Formats the Swift code (Sources, Tests, Package.swift) with the toolchain's swift-format and
# the checked-in .swift-format configuration.
#   scripts/format.sh           rewrites the files in place
#   scripts/format.sh --check   changes nothing; prints a diff for each file that is not
#                               formatted and exits 1 if there is any
# The configuration follows the code's existing style to keep the first run small: 4 spaces,
# 130 columns, 3 spaces before an end-of-line comment, and it keeps what the code does on
# purpose: `var a = 0, b = 0`, `case a, b, c` on one line, `{ x = 0; continue }`, and the
# import order as written (OrderedImports would also move imports above Package.swift's
# `// swift-tools-version` line).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v swift-format >/dev/null || export PATH=/opt/swift/usr/bin:$PATH
command -v swift-format >/dev/null || { echo "format: swift-format not found (it ships with the Swift toolchain)" >&2; exit 2; }
paths=(Sources Tests Package.swift)
case "${1:-}" in
  "")
    swift-format format --configuration .swift-format --in-place --recursive --parallel "${paths[@]}"
    ;;
  --check)
    status=0
    while IFS= read -r -d '' file; do
      swift-format format --configuration .swift-format "$file" \
        | diff -u --label "$file" --label "$file (formatted)" "$file" - || status=1
    done < <(find "${paths[@]}" -name '*.swift' -print0 | sort -z)
    if ((status)); then echo "format: the files above are not formatted; run scripts/format.sh" >&2
    else echo "format: all files are formatted"; fi
    exit "$status"
    ;;
  *)
    echo "usage: scripts/format.sh [--check]" >&2
    exit 2
    ;;
esac
