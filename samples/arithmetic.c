/* Arithmetic around shifts, at the edges of 64 bits (a multiplication here once crashed the
 * evaluator: found by the fuzz run, kept as a regression sample). */
#define WRAPS (0xffffffffffffffffULL * 0xffffffffffffffffULL << 1)    // no-finding
#define WIDE_COUNT ((0xffffffffULL * 0xffffffffffULL) << 70)            // expect: shift-count-overflow col:55 {{shift count (70) is >= width of type 'unsigned long long'}}
#define SIGNED_MUL ((0x7fffffffffffffffLL * 2) << 1)                    // no-finding: undefined multiply, value unknown
#define MINUS_ONE_U ((0U - 1) << 31)                                    // no-finding
#define DIV ((1 << 30) / 0 << 2)                                        // no-finding: undefined division, value unknown
#define MOD (((-7) % 3) << 1)                                           // expect: shift-negative-value col:25 {{negative value (-1)}}
#define XOR ((0x80 ^ 0x7f) << 24)                                       // expect: shift-sign-overflow col:28 {{(0xff000000)}}
/* 128-bit types are not modelled (skipped, never guessed); a cast to one once crashed the
 * evaluator (found by the fuzz run). */
#define I128 ((__int128)1 << 100)                                       // no-finding
#define U128 ((unsigned __int128)-1 << 1)                               // no-finding
