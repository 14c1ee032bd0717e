/* shift-promotion's cast is spelled with the file's own name for `unsigned int`: the typedef
 * of it the file spells most often (here uint32_t, not u32), or `unsigned int` when the file
 * spells none (promotion-keyword.c). */
typedef unsigned char uint8_t;
typedef unsigned int uint32_t;
typedef unsigned int u32;

uint32_t word(uint8_t hi, uint8_t lo) {
    uint32_t v = hi << 24;                 // expect: shift-promotion col:21 {{'unsigned char' operand is promoted to 'int'}} fix: (uint32_t)
    // fixed: uint32_t v = (uint32_t)hi << 24;
    return v | lo;
}

unsigned int returned(unsigned char c) {
    return c << 24;                        // expect: shift-promotion col:14 fix: (uint32_t)
    // fixed: return (uint32_t)c << 24;
}
