/* Code that never runs has no undefined behaviour (UBSAN never sees it): branches and arms
 * ruled out by constant conditions, and sizeof operands (C11 §6.5.3.4p2). clang-19 still
 * warns on some of these; the lines say "never evaluated". */
int dead(int x) {
    int r = 0;
    if (sizeof(long) == 4)
        r = x >> 32;                       // no-finding: never evaluated on LP64
    else
        r = x >> 31;                       // no-finding
    if (0)
        r = 1 << 31;                       // no-finding: never evaluated
    r += 1 ? 0 : (1 << 31);                // no-finding: never evaluated
    r += 0 && (x << 40);                   // no-finding: never evaluated
    r += 1 || (x << 40);                   // no-finding: never evaluated
    r += sizeof(1 << 31);                  // no-finding: never evaluated
    while (0) { r = x << 33; }             // no-finding: never evaluated
    r += __builtin_constant_p(x) ? (1 << 31) : 0;   // expect: shift-sign-overflow col:39 {{(0x80000000) sets the sign bit of 'int'}} fix: 1U
    // fixed: r += __builtin_constant_p(x) ? (1U << 31) : 0;
    if (1)
        r = 1 << 31;                       // expect: shift-sign-overflow col:15 fix: 1U
        // fixed: r = 1U << 31;
    r += (x << 40) && 1;                   // expect: shift-count-overflow col:13 {{shift count (40) is >= width of type 'int'}}
    r += 0 ? 0 : (1 << 31);                // expect: shift-sign-overflow col:21 fix: 1U
    // fixed: r += 0 ? 0 : (1U << 31);
    return r;
}
