// shiftlint-args: -m32
/* ILP32 (-m32): 'long' has 32 bits. */
#define LONG_SIGN (1L << 31)       // expect: shift-sign-overflow col:23 {{(0x80000000) sets the sign bit of 'long'}} fix: 1UL
// fixed: #define LONG_SIGN (1UL << 31)
#define ULONG_32 (1UL << 32)       // expect: shift-count-overflow col:23 {{shift count (32) is >= width of type 'unsigned long' (32 bits)}} fix: 1ULL
// fixed: #define ULONG_32 (1ULL << 32)
#define ULL_32 (1ULL << 32)        // no-finding
#define BIT(n) (1UL << (n))        // no-finding
// fixed: #define BIT(n) (1ULL << (n))
#define TOP BIT(63)                // expect: shift-count-overflow col:13 {{shift count (63) is >= width of type 'unsigned long'}} fix: 1ULL
#define OK BIT(31)                 // no-finding
#define SIZE_SHIFT (sizeof(long) << 29)   // no-finding
#if (1L << 62)                     // no-finding
#endif
