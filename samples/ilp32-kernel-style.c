// shiftlint-args: -m32
// shiftlint-fix-style: kernel
/* --fix-style kernel on ILP32: BIT() is a 32-bit unsigned long, so it is judged as 1U is;
 * counts of 32 or more need BIT_ULL(). */
#include "include/linux/bits.h"
typedef unsigned long long u64;

#define COMPARED (1 << 31)            // expect: shift-sign-overflow col:21 fix: BIT(31)
// fixed: #define COMPARED BIT(31)
int compared(int x) { return x == COMPARED; }

#define WIDE (1 << 35)                // expect: shift-count-overflow col:17 fix: BIT_ULL(35)
// fixed: #define WIDE BIT_ULL(35)
