/* shift-overflow: the exact result needs more bits than the type has (C11 §6.5.7p4). */
#define FOUR_30 (4 << 30)         // expect: shift-overflow col:20 {{(0x100000000) requires 34 bits to represent, but 'int' only has 32 bits}} fix: 4ULL
// fixed: #define FOUR_30 (4ULL << 30)
#define THREE_31 (3 << 31)        // expect: shift-overflow col:21 {{(0x180000000)}} fix: 3ULL
// fixed: #define THREE_31 (3ULL << 31)
#define BIG_BYTE (0x1ff << 24)    // expect: shift-overflow col:25 {{(0x1ff000000)}} fix: 0x1ffULL
// fixed: #define BIG_BYTE (0x1ffULL << 24)
#define LONG_TWO (2L << 63)       // expect: shift-overflow col:22 {{(0x10000000000000000) requires 66 bits to represent, but 'long' only has 64 bits}}
#define FITS (4 << 28)            // no-finding: its block's fixes are ULL (samples/family.c)
// fixed: #define FITS (4ULL << 28)

long f(void) {
    return (long)(5 << 30);       // expect: shift-overflow col:21 fix: 5ULL
    // fixed: return (long)(5ULL << 30);
}
