/* shift-negative-value: a negative signed left operand of << is undefined for any count
 * (C11 §6.5.7p4). Right shifts of negative values are implementation-defined, not UB. */
#define MINUS (-1 << 4)            // expect: shift-negative-value
#define MINUS_ZERO ((-1) << 0)     // expect: shift-negative-value
#define RIGHT (-1 >> 1)            // no-finding
#define INT_MIN_LIT (-2147483648 << 0)   // expect: shift-negative-value
#define NOT_ZERO (~0 << 4)         // expect: shift-negative-value
#define NOT_ZERO_U (~0U << 4)      // no-finding

int g(void) {
    return -8 << 1;                // expect: shift-negative-value
}
