// shiftlint-args: -fno-strict-overflow -fwrapv
/* -fwrapv / -fno-strict-overflow make gcc and clang define the result, but ISO C does not:
 * the verdicts do not change; the policy (auto: gnu-wrapv here) makes them warnings, with a
 * note that GNU C defines them under -fwrapv. */
#define IOMAP_LIKE_DIRTY (1 << 31)   // expect: shift-sign-overflow col:29 {{(0x80000000) sets the sign bit of 'int'}} fix: 1U
// fixed: #define IOMAP_LIKE_DIRTY (1U << 31)
#define OVER (4 << 30)               // expect: shift-overflow col:17 {{(0x100000000) requires 34 bits}} fix: 4ULL
// fixed: #define OVER (4ULL << 30)
int w(void) { return 1 << 31; }      // expect: shift-sign-overflow col:24 fix: 1U
// fixed: int w(void) { return 1U << 31; }
