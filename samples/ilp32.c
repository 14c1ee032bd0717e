// shiftlint-args: -m32
/* ILP32 (-m32): 'long' has 32 bits. */
#define LONG_SIGN (1L << 31)       // expect: shift-sign-overflow fix: 1UL
#define ULONG_32 (1UL << 32)       // expect: shift-count-overflow fix: 1ULL
#define ULL_32 (1ULL << 32)        // no-finding
#define BIT(n) (1UL << (n))        // no-finding
#define TOP BIT(63)                // expect: shift-count-overflow fix: 1ULL
#define OK BIT(31)                 // no-finding
#define SIZE_SHIFT (sizeof(long) << 29)   // no-finding
#if (1L << 62)                     // no-finding
#endif
