/* shift-promotion: an unsigned operand narrower than int is promoted to *signed* int
 * (C11 §6.3.1.1p2), so its shift may overflow int (§6.5.7p4) for large values. Reported from
 * value ranges (type, masks, shifts, casts, constants), with a fix only when the result is
 * used as unsigned. */
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
struct regs { unsigned lo : 8; unsigned wide : 31; unsigned full : 32; };

u32 pack(u8 b, u16 h, struct regs r, int i) {
    u32 v = b << 24;                       // expect: shift-promotion col:15 {{'unsigned char' operand is promoted to 'int'}} fix: (u32)
    // fixed: u32 v = (u32)b << 24;
    v |= (b & 0x7f) << 24;                 // no-finding
    v |= (b & 0xff) << 24;                 // expect: shift-promotion col:21 fix: (u32)
    // fixed: v |= (u32)(b & 0xff) << 24;
    v |= b << 23;                          // no-finding
    v |= (u32)b << 24;                     // no-finding
    v |= (b >> 1) << 24;                   // no-finding
    v |= h << 16;                          // expect: shift-promotion col:12 {{'unsigned short' operand is promoted to 'int'}} fix: (u32)
    // fixed: v |= (u32)h << 16;
    v |= h << 15;                          // no-finding
    v |= (h % 100) << 24;                  // no-finding
    v |= r.lo << 24;                       // expect: shift-promotion col:15 {{'unsigned bit-field of 8 bits' operand}} fix: (u32)
    // fixed: v |= (u32)r.lo << 24;
    v |= r.wide << 1;                      // expect: shift-promotion col:17 {{0..2147483647 << 1 may exceed 'int'}} fix: (u32)
    // fixed: v |= (u32)r.wide << 1;
    v |= r.full << 24;                     // no-finding
    v |= (r.lo & 0x100) << 24;             // no-finding
    v |= i << 24;                          // no-finding
    return v;
}

int signed_use(u8 b) {
    return b << 24;                        // expect: shift-promotion col:14 {{0..255 << 24 may exceed 'int'}}
}

void compound(u8 *p, u8 b) {
    int x = b;
    x <<= 8;                               // no-finding
    *p <<= 4;                              // no-finding
}

/* Constant operands are the certain checks' business. */
int constant(void) {
    return (u8)255 << 24;                  // expect: shift-sign-overflow col:20 {{(0xff000000) sets the sign bit of 'int'}}
}
