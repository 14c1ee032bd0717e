/* shift-negative-value: a negative signed left operand of << is undefined for any count
 * (C11 §6.5.7p4). Right shifts of negative values are implementation-defined, not UB. */
#define MINUS (-1 << 4)            // expect: shift-negative-value col:19 {{left shift of negative value (-1) is undefined}}
#define MINUS_ZERO ((-1) << 0)     // expect: shift-negative-value col:26
#define RIGHT (-1 >> 1)            // no-finding
#define INT_MIN_LIT (-2147483648 << 0)   // expect: shift-negative-value col:34 {{left shift of negative value (-2147483648)}}
#define NOT_ZERO (~0 << 4)         // expect: shift-negative-value col:22
#define NOT_ZERO_U (~0U << 4)      // no-finding

int g(void) {
    return -8 << 1;                // expect: shift-negative-value col:15 {{left shift of negative value (-8)}}
}
