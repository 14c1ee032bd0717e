/* Shifts whose operands come from macros, in code: the operator is found even when the right
 * operand is a macro expansion, and inside another macro's argument. (Cases the UBSAN oracle
 * found.) */
#define BITULL(n) (1ULL << (n))                 // no-finding
#define FIELD(v, s) (((v) & 0xff) << (s))        // no-finding
#define PICK(c, a, b) ((c) ? (a) : (b))          // no-finding

unsigned long long operands(void) {
    unsigned long long r = (8LL << 32) << BITULL(30);                  // expect: shift-count-overflow col:40 {{shift count (1073741824)}}
    r += PICK(1, ((2147483647ull << 32) << FIELD(40, 3)), 0);          // expect: shift-count-overflow col:41 {{shift count (320)}}
    r += PICK(0, 1, ((0xffffffffffffffffL >> 8) << BITULL(6)));        // expect: shift-count-overflow col:49 {{shift count (64) is >= width of type 'unsigned long'}}
    r += PICK(1, 0, ((0xffffffffffffffffL >> 8) << BITULL(6)));        // no-finding: never evaluated
    r += 1ULL << FIELD(7, 2);                                          // no-finding
    return r;
}
#define SHL(a, b) ((a) << (b))                   // no-finding
#define SHR(a, b) ((a) >> (b))                   // no-finding
unsigned long long nested_arguments(void) {
    return SHR((PICK(0, 0ll, 0x20) << SHL(9223372036854775807u, 1LL)), 1ULL);   // expect: shift-count-overflow col:36 {{shift count (18446744073709551614)}}
}
