// shiftlint-fix-style: kernel
/* --fix-style kernel: `1 << n` becomes BIT(n), the whole shift (with the parentheses around
 * exactly it), where the unit defines BIT() in the kernel's header (include/linux/bits.h,
 * here a reduced copy); BIT_ULL(n) for a count of 32 or more or a value used as 64 bits.
 * BIT() is an unsigned long, 64 bits on LP64: where that wider type would change a use and
 * 1U would not, the fix stays 1U (ilp32-kernel-style.c: the same on ILP32). */
#include "include/linux/bits.h"
typedef unsigned int u32;
typedef unsigned long long u64;

/* A family, respelled as a whole (Linux commit 44842f647346 did it with 1U). */
#define DIO_WRITE_FUA (1 << 28)
// fixed: #define DIO_WRITE_FUA BIT(28)
#define DIO_NEED_SYNC (1 << 29)
// fixed: #define DIO_NEED_SYNC BIT(29)
#define DIO_WRITE (1 << 30)
// fixed: #define DIO_WRITE BIT(30)
#define DIO_DIRTY (1 << 31)           // expect: shift-sign-overflow col:22 fix: BIT(31)
// fixed: #define DIO_DIRTY BIT(31)
u32 dio(u32 flags) {
    if (flags & DIO_DIRTY)
        flags &= ~DIO_WRITE_FUA;
    return flags | DIO_NEED_SYNC | DIO_WRITE;
}

/* A named and a computed count. */
#define SHIFT 31
#define NAMED (1 << SHIFT)            // expect: shift-sign-overflow col:18 fix: BIT(SHIFT)
// fixed: #define NAMED BIT(SHIFT)
#define COMPUTED (1 << (SHIFT+0))     // expect: shift-sign-overflow col:21 fix: BIT(SHIFT+0)
// fixed: #define COMPUTED BIT(SHIFT+0)

/* 64 bits: the count, or a use as u64 (that fix needs review either way: the value was
 * sign-extended). */
#define WIDE_COUNT (1 << 40)          // expect: shift-count-overflow col:23 fix: BIT_ULL(40)
// fixed: #define WIDE_COUNT BIT_ULL(40)

#define USED_AS_U64 (1 << 31)         // expect: shift-sign-overflow col:24 fix: BIT_ULL(31)
// fixed: #define USED_AS_U64 BIT_ULL(31)
u64 as_u64(void) { u64 v = USED_AS_U64; return v; }

/* BIT(31) would be unsafe: `x == BIT(31)` sign-extends an int x to 64 bits (INT_MIN no
 * longer matches), where `x == (1U << 31)` converts it to 32 bits. The fix stays 1U. */
#define COMPARED (1 << 31)            // expect: shift-sign-overflow col:21 fix: 1U
// fixed: #define COMPARED (1U << 31)
int compared(int x) { return x == COMPARED; }

/* ~BIT(31) is 0xffffffff7fffffff: compared with a u32, it never matches where
 * ~(1U << 31) can. The fix stays 1U. */
#define CLEARED (1 << 31)             // expect: shift-sign-overflow col:20 fix: 1U
// fixed: #define CLEARED (1U << 31)
int cleared(u32 x) { return x == ~CLEARED; }

/* Stored in 64 bits, ~BIT(31) is not ~(1 << 31) either, but neither is ~(1U << 31) as far
 * as fix safety can tell (~ of a negative int): BIT(31), and the fix needs review. */
#define CLEARED_WIDE (1 << 31)        // expect: shift-sign-overflow col:25 fix: BIT(31)
// fixed: #define CLEARED_WIDE BIT(31)
u64 cleared_wide(void) { u64 m = ~CLEARED_WIDE; return m; }

/* Not `1 << n`: the suffix. */
#define THREE (3 << 30)               // expect: shift-sign-overflow col:18 fix: 3U
// fixed: #define THREE (3U << 30)

/* In code: the parentheses go with the shift, those of a call stay. */
void take(u32 v);
u32 code(void) {
    u32 v = (1 << 31);                // expect: shift-sign-overflow col:16 fix: BIT(31)
    // fixed: u32 v = BIT(31);
    take(1 << 31);                    // expect: shift-sign-overflow col:12 fix: BIT(31)
    // fixed: take(BIT(31));
    return v;
}
