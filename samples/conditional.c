/* Only the arm that runs is evaluated (C11 §6.5.15p4, §6.5.13p4, §6.5.14p4), and sizeof's
 * operand is not evaluated (§6.5.3.4p2). */
#define DEAD_ARM (1 ? 0 : (1 << 31))     // no-finding
#define LIVE_ARM (0 ? 0 : (1 << 31))     // expect: shift-sign-overflow col:30 {{(0x80000000) sets the sign bit of 'int'}} fix: 1U
// fixed: #define LIVE_ARM (0 ? 0 : (1U << 31))
#define AND_DEAD (0 && (1 << 31))        // no-finding
#define OR_DEAD (1 || (1 << 31))         // no-finding
#define OR_LIVE (0 || (1 << 31))         // expect: shift-sign-overflow col:26 fix: 1U
// fixed: #define OR_LIVE (0 || (1U << 31))
#define SIZEOF_ARG (sizeof(1 << 31))     // no-finding
#define UNKNOWN_COND(x) ((x) ? (1 << 31) : 0)   // no-finding
#define PARTLY (some_variable | (1 << 31))     // expect: shift-sign-overflow col:36 {{(0x80000000)}} fix: 1U
// fixed: #define PARTLY (some_variable | (1U << 31))
#define STATEMENT do { flags |= 1 << 31; } while (0)   // expect: shift-sign-overflow col:35 fix: 1U
// fixed: #define STATEMENT do { flags |= 1U << 31; } while (0)
#define BITS_PER_LONG 64
#define GUARDED (BITS_PER_LONG == 64 ? (1UL << 63) : (1UL << 31))   // no-finding
