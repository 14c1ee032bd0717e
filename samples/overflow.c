/* shift-overflow: the exact result needs more bits than the type has (C11 §6.5.7p4). */
#define FOUR_30 (4 << 30)         // expect: shift-overflow fix: 4ULL
#define THREE_31 (3 << 31)        // expect: shift-overflow fix: 3ULL
#define BIG_BYTE (0x1ff << 24)    // expect: shift-overflow fix: 0x1ffULL
#define LONG_TWO (2L << 63)       // expect: shift-overflow
#define FITS (4 << 28)            // no-finding

long f(void) {
    return (long)(5 << 30);       // expect: shift-overflow fix: 5ULL
}
