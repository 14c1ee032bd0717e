// shiftlint-args: -fno-strict-overflow -fwrapv
/* -fwrapv / -fno-strict-overflow make gcc and clang define the result, but ISO C does not:
 * the verdicts do not change. */
#define IOMAP_LIKE_DIRTY (1 << 31)   // expect: shift-sign-overflow fix: 1U
#define OVER (4 << 30)               // expect: shift-overflow fix: 4ULL
int w(void) { return 1 << 31; }      // expect: shift-sign-overflow fix: 1U
