/* #if arithmetic is done in intmax_t/uintmax_t (C11 §6.10.1p4); inactive branches are never
 * analyzed. */
#if (1 << 31) > 0                 // no-finding
#define A 1
#endif
#if (1 << 63)                     // expect: shift-sign-overflow col:8 {{(0x8000000000000000) sets the sign bit of 'long'}} fix: 1U
// fixed: #if (1U << 63)
#define B 1
#endif
#if 0
#define HIDDEN (1 << 31)          // no-finding
#if (1 << 63)                     // no-finding
#endif
#elif (1 << 62)                   // no-finding
#define C 1
#endif
#if 1
#define D 1
#elif (1 << 63)                   // no-finding
#endif
#if defined(UNDEFINED_THING) && (1 << 70)   // no-finding
#endif
#ifdef __x86_64__
#endif
