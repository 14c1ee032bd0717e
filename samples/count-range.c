/* shift-count-range: a count that is not constant but bounded by the code (a mask, a
 * remainder, a bit-field, a type narrower than int, a counted loop's counter) whose range
 * includes a count that makes the shift undefined: negative (C11 §6.5.7p3), not below the
 * promoted left operand's width (§6.5.7p3), or, for a signed constant left operand, one whose
 * E1 × 2^E2 the type cannot represent (§6.5.7p4). Possible undefined behaviour (a note); the
 * message gives the range and its first undefined count. No fix is offered. */
typedef unsigned char u8;
typedef unsigned int u32;
typedef unsigned long long u64;
struct reg { unsigned shift : 5; unsigned wide : 6; int delta : 4; u8 bits; };

u32 masks(int bit, int n, unsigned un, u32 x, u64 q) {
    u32 m = 1 << (bit & 0x1f);           // expect: shift-count-range col:15 {{shift count 0..31 reaches 31: 1 << 31 overflows 'int'}}
    m |= 1U << (bit & 0x1f);             // no-finding
    m |= 1 << (bit & 0xf);               // no-finding
    m |= 3 << (bit & 0x1f);              // expect: shift-count-range col:12 {{shift count 0..31 reaches 30: 3 << 30 overflows 'int'}}
    m |= x >> (n & 63);                  // expect: shift-count-range col:12 {{shift count 0..63 reaches 32: >= width of type 'unsigned int' (32 bits)}}
    m |= q >> (n & 63);                  // no-finding
    m |= 1 << (n % 32);                  // expect: shift-count-range col:12 {{shift count -31..31 reaches -31: negative}}
    m |= 1U << (un % 32);                // no-finding
    m |= x << (n >> 27);                 // expect: shift-count-range col:12 {{shift count -16..15 reaches -16: negative}}
    m |= x << (un >> 27);                // no-finding
    m |= x << ((bit & 3) * 8);           // no-finding
    m |= x << ((bit & 7) * 8 + 8);       // expect: shift-count-range col:12 {{shift count 8..64 reaches 32}}
    m <<= bit & 0x3f;                    // expect: shift-count-range col:7 {{shift count 0..63 reaches 32}}
    return m;
}

/* Bit-fields and types narrower than int bound the count too. */
u64 fields(struct reg *r, u8 c, signed char s, u32 x) {
    u64 v = 1 << r->shift;               // expect: shift-count-range col:15 {{shift count 0..31 reaches 31: 1 << 31 overflows 'int'}}
    v |= 1U << r->shift;                 // no-finding
    v |= 1ULL << r->wide;                // no-finding
    v |= x << r->wide;                   // expect: shift-count-range col:12 {{shift count 0..63 reaches 32}}
    v |= x >> r->delta;                  // expect: shift-count-range col:12 {{shift count -8..7 reaches -8: negative}}
    v |= x << c;                         // expect: shift-count-range col:12 {{shift count 0..255 reaches 32: >= width of type 'unsigned int' (32 bits)}}
    v |= (u64)x << r->bits;              // expect: shift-count-range col:17 {{shift count 0..255 reaches 64: >= width of type 'unsigned long long' (64 bits)}}
    v |= x << (c & 31);                  // no-finding
    v |= x << s;                         // expect: shift-count-range col:12 {{shift count -128..127 reaches -128: negative}}
    return v;
}

/* A count whose range is its whole type says nothing: not reported. */
u32 unbounded(int n, unsigned un, long l, u32 x) {
    u32 v = 1 << n;                      // no-finding
    v |= x << un;                        // no-finding
    v |= x >> l;                         // no-finding
    v |= x << (int)l;                    // no-finding
    v |= -1 << (n & 31);                 // expect: shift-negative-value col:13 {{left shift of negative value (-1)}} fix: 1U
    // fixed: v |= -1U << (n & 31);
    return v;
}

/* The counter of a counted loop, in the loop's body. */
u32 loops(u32 mask, int n) {
    u32 m = 0;
    int i;
    for (i = 0; i < 32; i++) m |= 1 << i;                      // expect: shift-count-range col:37 {{shift count 0..31 reaches 31: 1 << 31 overflows 'int'}}
    for (i = 0; i < 31; i++) m |= 1 << i;                      // no-finding
    for (i = 0; i < 32; i++) m |= 1U << i;                     // no-finding
    for (i = 0; i <= 32; i++) m |= 1U << i;                    // expect: shift-count-range col:39 {{shift count 0..32 reaches 32: >= width of type 'unsigned int' (32 bits)}}
    for (int j = 1; j <= 31; ++j) m |= 1 << j;                 // expect: shift-count-range col:42 {{shift count 1..31 reaches 31}}
    for (int j = 0; j < 32; j += 1) if (mask & (1 << j)) m++;  // expect: shift-count-range col:51 {{shift count 0..31 reaches 31}}
    for (int j = 0; j < 32; j++) m |= 1 << (j + 1);            // expect: shift-count-range col:41 {{shift count 1..32 reaches 31}}
    for (int j = 0; j < 8; j++) m |= mask >> (j * 8);          // expect: shift-count-range col:43 {{shift count 0..56 reaches 32}}
    for (int j = 0; j < 4; j++) m |= mask >> (j * 8);          // no-finding
    for (int j = 0; j < 32; j++) { if (n) m |= 1 << j; }       // expect: shift-count-range col:50 {{shift count 0..31 reaches 31}}
    for (int j = 0; j < 32; j++) { m |= 1 << j; if (n) continue; }  // expect: shift-count-range col:43
    for (u8 k = 0; k < 40; k++) m |= mask >> k;                // expect: shift-count-range col:43 {{shift count 0..39 reaches 32}}
    return m;
}

/* Loops that may not reach their last value at the shift: not reported. */
void take(int *p);
u32 early(u32 mask, int n) {
    u32 m = 0;
    for (int i = 0; i < 32; i++) { if (i < 31) m |= 1 << i; }          // no-finding
    for (int i = 0; i < 32; i++) m |= i == 31 ? 0 : 1 << i;            // no-finding
    for (int i = 0; i < 32; i++) { if (mask == 0) break; m |= 1 << i; }     // no-finding
    for (int i = 0; i < 32; i++) { if (mask == 0) return m; m |= 1 << i; }  // no-finding
    for (int i = 0; i < 32; i++) { if (n) continue; m |= 1 << i; }     // no-finding
    for (int i = 0; i < 32; i++) { m |= 1 << i; i += n; }              // no-finding
    for (int i = 0; i < 32; i++) { take(&i); m |= 1 << i; }            // no-finding
    for (u8 k = 0; k < 32; k++) { if (k < 31) m |= 1 << k; }           // no-finding
    for (int i = 32; i < 32; i++) m |= 1 << i;                         // no-finding
    for (int i = 0; i < 32; i--) m |= 1 << i;                          // no-finding
    for (int i = 0; i < n; i++) m |= 1 << i;                           // no-finding
    int w = 0;
    while (w < 32) { m |= 1 << w; w++; }                               // no-finding
    for (int i = 0; i < 32; i++) {
        for (int k = 0; k < 4; k++) {
            switch (k) { case 1: break; default: m |= 1 << i; }       // expect: shift-count-range col:57 {{shift count 0..31 reaches 31}}
        }
    }
    return m;
}

/* In a function-like macro: reported at the expansion. */
#define BIT_OF(n) (1 << ((n) & 31))
u32 macro(int bit) {
    return BIT_OF(bit);                  // expect: shift-count-range col:12 {{shift count 0..31 reaches 31}}
}
