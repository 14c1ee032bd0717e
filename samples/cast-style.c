// shiftlint-fix-style: cast
/* --fix-style cast: a literal fix to unsigned int becomes a cast spelled with the file's
 * typedef, `(u32)1 << 31` (a cast binds tighter than <<), siblings too; wider fixes keep the
 * suffix (1ULL), as do the negative idioms (~0U). */
typedef unsigned int u32;

#define FLAG_A (1 << 30)
// fixed: #define FLAG_A ((u32)1 << 30)
#define FLAG_B (1 << 31)              // expect: shift-sign-overflow col:19 fix: (u32)
// fixed: #define FLAG_B ((u32)1 << 31)
u32 flags(u32 f) { return f | FLAG_A | FLAG_B; }

#define WIDE (1 << 40)                // expect: shift-count-overflow col:17 fix: 1ULL
// fixed: #define WIDE (1ULL << 40)

u32 code(void) { return 0xff << 24; } // expect: shift-sign-overflow col:30 fix: (u32)
// fixed: u32 code(void) { return (u32)0xff << 24; }
