/* shift-negative-value: a negative signed left operand of << is undefined for any count
 * (C11 §6.5.7p4). Right shifts of negative values are implementation-defined, not UB.
 * The high-bits mask idioms get an unsigned literal (same width: the bits GCC gives today);
 * other negative operands get no fix. Their safety: fix-safety.c. */
#define MINUS (-1 << 4)            // expect: shift-negative-value col:19 {{left shift of negative value (-1) is undefined}} fix: 1U
// fixed: #define MINUS (-1U << 4)
#define MINUS_ZERO ((-1) << 0)     // expect: shift-negative-value col:26 fix: 1U
// fixed: #define MINUS_ZERO ((-1U) << 0)
#define RIGHT (-1 >> 1)            // no-finding
#define INT_MIN_LIT (-2147483648 << 0)   // expect: shift-negative-value col:34 {{left shift of negative value (-2147483648)}}
#define NOT_ZERO (~0 << 4)         // expect: shift-negative-value col:22 fix: 0U
// fixed: #define NOT_ZERO (~0U << 4)
#define NOT_ZERO_P ((~0) << 4)     // expect: shift-negative-value col:26 fix: 0U
// fixed: #define NOT_ZERO_P ((~0U) << 4)
#define NOT_ZERO_L (~0l << 4)      // expect: shift-negative-value col:25 fix: 0ul
// fixed: #define NOT_ZERO_L (~0ul << 4)
#define NOT_ZERO_LL ((~0LL) << 40) // expect: shift-negative-value col:29 fix: 0ULL
// fixed: #define NOT_ZERO_LL ((~0ULL) << 40)
#define NOT_ONE (~1 << 4)          // expect: shift-negative-value col:21 {{(-2)}}
#define NOT_ZERO_U (~0U << 4)      // no-finding

int g(int n) {
    return -8 << 1;                // expect: shift-negative-value col:15 {{left shift of negative value (-8)}}
}
unsigned high(int n) {
    return ~0 << n;                // expect: shift-negative-value col:15 fix: 0U
    // fixed: return ~0U << n;
}
