// shiftlint-args: -DSHIFT=31 -DSMALL=3
/* Predefined macros (__SIZEOF_LONG__, __x86_64__) and -D macros take part in evaluation. */
#define FROM_COMMAND_LINE (1 << SHIFT)            // expect: shift-sign-overflow fix: 1U
#define SMALL_OK (1 << SMALL)                     // no-finding
#define LONG_BITS (1L << (__SIZEOF_LONG__ * 8 - 1))   // expect: shift-sign-overflow fix: 1UL
#if defined(__x86_64__) && (1 << 63)              // expect: shift-sign-overflow fix: 1U
#endif
#if __SIZEOF_LONG__ == 4 && (1 << 63)             // no-finding
#endif
