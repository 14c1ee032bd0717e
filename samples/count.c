/* shift-count-overflow and shift-count-negative (C11 §6.5.7p3): the count is checked against
 * the width of the *promoted left operand*; the usual arithmetic conversions do not apply. */
#define WIDE (1 << 40ULL)          // expect: shift-count-overflow col:17 {{shift count (40) is >= width of type 'int' (32 bits)}} fix: 1ULL
// fixed: #define WIDE (1ULL << 40ULL)
#define EXACT (1 << 32)            // expect: shift-count-overflow col:18 fix: 1ULL
// fixed: #define EXACT (1ULL << 32)
#define U_EXACT (1U << 32)         // expect: shift-count-overflow col:21 {{shift count (32) is >= width of type 'unsigned int'}} fix: 1ULL
// fixed: #define U_EXACT (1ULL << 32)
#define LONG_OK (1UL << 32)        // no-finding
#define RIGHT_WIDE (0x10 >> 32)    // expect: shift-count-overflow col:26
#define NEG (1 << -1)              // expect: shift-count-negative col:16 {{shift count (-1) is negative}}
#define RIGHT_NEG (16 >> -2)       // expect: shift-count-negative col:23
#define HUGE_COUNT (1ULL << 64)    // expect: shift-count-overflow col:26 {{shift count (64) is >= width of type 'unsigned long long' (64 bits)}}
#define CHAR_COUNT (1 << (char)31) // expect: shift-sign-overflow col:23 {{(0x80000000)}} fix: 1U
// fixed: #define CHAR_COUNT (1U << (char)31)

int code(int x, unsigned char b) {
    int r = x >> 32;               // expect: shift-count-overflow col:15
    r += x << -3;                  // expect: shift-count-negative col:12 {{shift count (-3) is negative}}
    r += b << 33;                  // expect: shift-count-overflow col:12 {{shift count (33) is >= width of type 'int'}}
    x <<= 32;                      // expect: shift-count-overflow col:7
    r += x >> 31;                  // no-finding
    return r;
}
