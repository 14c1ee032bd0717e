/* shift-count-overflow and shift-count-negative (C11 §6.5.7p3): the count is checked against
 * the width of the *promoted left operand*; the usual arithmetic conversions do not apply. */
#define WIDE (1 << 40ULL)          // expect: shift-count-overflow fix: 1ULL
#define EXACT (1 << 32)            // expect: shift-count-overflow fix: 1ULL
#define U_EXACT (1U << 32)         // expect: shift-count-overflow fix: 1ULL
#define LONG_OK (1UL << 32)        // no-finding
#define RIGHT_WIDE (0x10 >> 32)    // expect: shift-count-overflow
#define NEG (1 << -1)              // expect: shift-count-negative
#define RIGHT_NEG (16 >> -2)       // expect: shift-count-negative
#define HUGE_COUNT (1ULL << 64)    // expect: shift-count-overflow
#define CHAR_COUNT (1 << (char)31) // expect: shift-sign-overflow fix: 1U

int code(int x, unsigned char b) {
    int r = x >> 32;               // expect: shift-count-overflow
    r += x << -3;                  // expect: shift-count-negative
    r += b << 33;                  // expect: shift-count-overflow
    x <<= 32;                      // expect: shift-count-overflow
    r += x >> 31;                  // no-finding
    return r;
}
