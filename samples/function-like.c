/* Function-like macros are reported at each expansion whose arguments make the shift
 * undefined, with a note at the '<<' in the definition; never at the definition alone. */
#define FLAG(n) (1 << (n))         // no-finding
// fixed: #define FLAG(n) (1U << (n))
#define MASK(hi, lo) (((1 << ((hi) - (lo) + 1)) - 1) << (lo))   // no-finding
#define USES_FLAG FLAG(31)         // expect: shift-sign-overflow col:19 {{(0x80000000) sets the sign bit of 'int'}} fix: 1U
#define USES_FLAG_OK FLAG(30)      // no-finding
#define NESTED (FLAG(2) | FLAG(31) | USES_FLAG_OK)   // expect: shift-sign-overflow col:27 fix: 1U

int h(void) {
    int a = FLAG(3);               // no-finding
    int b = FLAG(31);              // expect: shift-sign-overflow col:13 fix: 1U
    int c = MASK(31, 28);          // expect: shift-sign-overflow col:13 {{(0xf0000000) sets the sign bit of 'int'}}
    int d = USES_FLAG;             // no-finding
    return a + b + c + d;
}
