/* shift-sign-overflow: the result fits the width only as an unsigned value (C11 §6.5.7p4). */
#define FLAG_A (1 << 28)          // no-finding: a sibling of FLAG_SIGN (samples/family.c)
// fixed: #define FLAG_A (1U << 28)
#define FLAG_B (1 << 30)          // no-finding
// fixed: #define FLAG_B (1U << 30)
#define FLAG_SIGN (1 << 31)       // expect: shift-sign-overflow col:22 {{(0x80000000) sets the sign bit of 'int'}} fix: 1U
// fixed: #define FLAG_SIGN (1U << 31)
#define FLAG_SIGN_U (1U << 31)    // no-finding
#define BYTE_TOP (0xff << 24)     // expect: shift-sign-overflow col:24 {{(0xff000000)}} fix: 0xffU
// fixed: #define BYTE_TOP (0xffU << 24)
#define BYTE_TOP_U (0xffu << 24)  // no-finding
#define HEX_ONE (0x1 << 31)       // expect: shift-sign-overflow col:22 fix: 0x1U
// fixed: #define HEX_ONE (0x1U << 31)
#define OCTAL (010 << 28)         // expect: shift-sign-overflow col:20 fix: 010U
// fixed: #define OCTAL (010U << 28)
#define LONG_TOP (1L << 63)       // expect: shift-sign-overflow col:22 {{(0x8000000000000000) sets the sign bit of 'long'}} fix: 1UL
// fixed: #define LONG_TOP (1UL << 63)
#define LL_TOP (1LL << 63)        // expect: shift-sign-overflow col:21 {{sets the sign bit of 'long long'}} fix: 1ULL
// fixed: #define LL_TOP (1ULL << 63)
#define NEVER_USED (3 << 30)      // expect: shift-sign-overflow col:23 {{(0xc0000000)}} fix: 3U
// fixed: #define NEVER_USED (3U << 30)
/* Comments and strings are never analyzed: (1 << 31) */
static const char *text = "1 << 31";   // no-finding

// Shifts in code.
int in_code(int x) {
    int a = 1 << 31;              // expect: shift-sign-overflow col:15 fix: 1U
    // fixed: int a = 1U << 31;
    unsigned b = 1u << 31;        // no-finding
    int c = FLAG_SIGN;            // no-finding
    x <<= 31;                     // no-finding
    return a + (int)b + c + x + (2 << 30);   // expect: shift-sign-overflow col:36 fix: 2U
    // fixed: return a + (int)b + c + x + (2U << 30);
}

// Enum constants, static initializers, case labels, array sizes, static assertions.
enum flags { E_TOP = 1 << 31 };   // expect: shift-sign-overflow col:24 {{(0x80000000)}} fix: 1U
// fixed: enum flags { E_TOP = 1U << 31 };
static int init = 1 << 31;        // expect: shift-sign-overflow col:21 fix: 1U
// fixed: static int init = 1U << 31;
int labels(int v) {
    switch (v) {
    case 1 << 31:                 // expect: shift-sign-overflow col:12 fix: 1U
    // fixed: case 1U << 31:
        return 1;
    }
    return 0;
}
static char table[(1 << 31) != 0 ? 1 : 2];      // expect: shift-sign-overflow col:22 fix: 1U
// fixed: static char table[(1U << 31) != 0 ? 1 : 2];
_Static_assert((1 << 31) != 0, "sign bit");     // expect: shift-sign-overflow col:19 fix: 1U
// fixed: _Static_assert((1U << 31) != 0, "sign bit");
