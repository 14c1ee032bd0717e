// shiftlint-args: -DSHIFT=31 -DSMALL=3
/* Predefined macros (__SIZEOF_LONG__, __x86_64__) and -D macros take part in evaluation. */
#define FROM_COMMAND_LINE (1 << SHIFT)            // expect: shift-sign-overflow col:30 {{(0x80000000) sets the sign bit of 'int'}} fix: 1U
// fixed: #define FROM_COMMAND_LINE (1U << SHIFT)
#define SMALL_OK (1 << SMALL)                     // no-finding
// fixed: #define SMALL_OK (1U << SMALL)
#define LONG_BITS (1L << (__SIZEOF_LONG__ * 8 - 1))   // expect: shift-sign-overflow col:23 {{(0x8000000000000000)}} fix: 1UL
// fixed: #define LONG_BITS (1UL << (__SIZEOF_LONG__ * 8 - 1))
#if defined(__x86_64__) && (1 << 63)              // expect: shift-sign-overflow col:31 {{sets the sign bit of 'long'}} fix: 1U
// fixed: #if defined(__x86_64__) && (1U << 63)
#endif
#if __SIZEOF_LONG__ == 4 && (1 << 63)             // no-finding
#endif
