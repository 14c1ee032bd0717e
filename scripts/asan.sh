#!/usr/bin/env bash
# AddressSanitizer run: the whole test suite built with -sanitize=address (memory errors;
# leak detection off there, because XCTest and Foundation's Process leak on their own), then
# the ASan-built shiftlint CLI with leak detection ON over the samples, a malformed corpus, a
# directory with many files, and the Linux corpus when present: any report fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
scratch=.build-asan
swift build --build-tests --sanitize=address --scratch-path "$scratch" >&2
ASAN_OPTIONS=detect_leaks=0 swift test --sanitize=address --scratch-path "$scratch" --disable-swift-testing "$@" \
  2>&1 | grep -E "Executed .* tests|error:|ERROR: AddressSanitizer" | tail -5
exe=$PWD/$scratch/debug/shiftlint
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '#define A (1 << 31)\n#define CUT (1 <<' > "$work/cut.c"
printf '#define A B\n#define B A\nint x = A;\n#define F(x) F(x)\nint y = F(1);\n' > "$work/rec.c"
python3 -c "print('#define D ' + '('*3000 + '1 << 31' + ')'*3000)" > "$work/deep.c"
for i in $(seq 1 200); do cp samples/sign-overflow.c "$work/copy$i.c"; done
status=0
run() {
  local out rc=0
  out=$(ASAN_OPTIONS=detect_leaks=1:exitcode=99 "$exe" "$@" 2>&1 >/dev/null) || rc=$?
  if [[ $rc -gt 2 ]] || grep -q "AddressSanitizer\|LeakSanitizer" <<<"$out"; then
    echo "$out" | head -40
    echo "asan: shiftlint $* : FAILED (exit $rc)" | cut -c1-160
    status=1
  else
    echo "asan: shiftlint $* : clean (exit $rc, no ASan/LSan report)" | cut -c1-160
  fi
}
run --confirm samples/ -- -m32
run -j 2 "$work"
if [[ -n ${SHIFTLINT_LINUX_TREE:-} && -d ${SHIFTLINT_LINUX_TREE:-} ]]; then
  (cd "$SHIFTLINT_LINUX_TREE" && run fs/iomap)
fi
exit $status
