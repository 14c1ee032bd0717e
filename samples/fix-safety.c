/* Fix safety (FixSafety, C11 §6.3.1.3, §6.3.1.8, §6.5.7p5, §6.10.1p4): `1 << 31` -> `1U << 31`
 * changes the value's type from int to unsigned int. A use where that changes the program
 * makes the fix `needs-review` (--fix skips it); Tests/ShiftLintTests/FixSafetyTests.swift
 * checks each verdict. Each reason comes both ways. */
typedef unsigned long long u64;
typedef unsigned int u32;

/* Widened: sign-extended today (0xffffffff80000000), zero-extended after the fix. */
#define WIDENED (1 << 31)         // expect: shift-sign-overflow col:20 fix: 1U
// fixed: #define WIDENED (1U << 31)
#define NARROWED (1 << 31)        // expect: shift-sign-overflow col:21 fix: 1U
// fixed: #define NARROWED (1U << 31)
u64 widened(void) { u64 v = WIDENED; return v; }
u64 narrowed(void) { u64 v = (u32)NARROWED; return v; }

/* Compared as signed: `x < F` is an int comparison today, unsigned after the fix. */
#define COMPARED (1 << 31)        // expect: shift-sign-overflow col:21 fix: 1U
// fixed: #define COMPARED (1U << 31)
#define COMPARED_U (1 << 31)      // expect: shift-sign-overflow col:23 fix: 1U
// fixed: #define COMPARED_U (1U << 31)
#define EQUAL (1 << 31)           // expect: shift-sign-overflow col:18 fix: 1U
// fixed: #define EQUAL (1U << 31)
int compared(int x) { return x < COMPARED; }
int compared_u(u32 x) { return x < COMPARED_U; }
int equal(int x) { return x == EQUAL; }

/* Compared with < 0. */
#define NEGATIVE (1 << 31)        // expect: shift-sign-overflow col:21 fix: 1U
// fixed: #define NEGATIVE (1U << 31)
int negative(void) { return NEGATIVE < 0; }

/* Right-shifted: the sign bit is copied today, zeros come in after the fix. */
#define SHIFTED (1 << 31)         // expect: shift-sign-overflow col:20 fix: 1U
// fixed: #define SHIFTED (1U << 31)
#define SHIFTED_U (1 << 31)       // expect: shift-sign-overflow col:22 fix: 1U
// fixed: #define SHIFTED_U (1U << 31)
int shifted(void) { return SHIFTED >> 4; }
u32 shifted_u(void) { return (u32)SHIFTED_U >> 4; }

/* Divided as signed. */
#define DIVIDED (1 << 31)         // expect: shift-sign-overflow col:20 fix: 1U
// fixed: #define DIVIDED (1U << 31)
#define MULTIPLIED (1 << 31)      // expect: shift-sign-overflow col:23 fix: 1U
// fixed: #define MULTIPLIED (1U << 31)
int divided(void) { return DIVIDED / 2; }
int multiplied(int x) { int y = MULTIPLIED * x; return y; }

/* Negated, then widened (unsafe) or kept at 32 bits (safe). */
#define NEGATED (1 << 31)         // expect: shift-sign-overflow col:20 fix: 1U
// fixed: #define NEGATED (1U << 31)
#define NEGATED_32 (1 << 31)      // expect: shift-sign-overflow col:23 fix: 1U
// fixed: #define NEGATED_32 (1U << 31)
u64 negated(void) { u64 v = -NEGATED; return v; }
int negated_32(void) { int v = -NEGATED_32; return v; }

/* In #if: intmax_t today, uintmax_t after the fix; `defined(X)` does not use the value. */
#define IN_IF (1 << 31)           // expect: shift-sign-overflow col:18 fix: 1U
// fixed: #define IN_IF (1U << 31)
#define ONLY_DEFINED (1 << 31)    // expect: shift-sign-overflow col:25 fix: 1U
// fixed: #define ONLY_DEFINED (1U << 31)
#if IN_IF > 0
int in_if;
#endif
#if defined(ONLY_DEFINED)
int only_defined;
#endif

/* Flags: tested, set and cleared at 32 bits: safe. */
#define FLAG (1 << 31)            // expect: shift-sign-overflow col:17 fix: 1U
// fixed: #define FLAG (1U << 31)
u32 flags(u32 f) { if (f & FLAG) f &= ~FLAG; return f | FLAG; }

/* A shift in code, widened or not. */
u64 code_wide(void) { u64 v = (1 << 31); return v; }     // expect: shift-sign-overflow col:34 fix: 1U
// fixed: u64 code_wide(void) { u64 v = (1U << 31); return v; }
u32 code_narrow(void) { u32 v = (1 << 31); return v; }   // expect: shift-sign-overflow col:36 fix: 1U
// fixed: u32 code_narrow(void) { u32 v = (1U << 31); return v; }

/* In a function-like macro's body: the fix changes every expansion. */
#define BIT31(x) ((x) | (1 << 31))
// fixed: #define BIT31(x) ((x) | (1U << 31))
u32 body(u32 x) { return BIT31(x); }                      // expect: shift-sign-overflow col:26 fix: 1U

/* The negative idioms become unsigned of the same width: the bits in 32 bits are unchanged
 * (safe), widened they are zero-extended where they were sign-extended (needs review). */
#define HIGH (~0 << 4)            // expect: shift-negative-value col:18 fix: 0U
// fixed: #define HIGH (~0U << 4)
#define HIGH_WIDE (~0 << 4)       // expect: shift-negative-value col:23 fix: 0U
// fixed: #define HIGH_WIDE (~0U << 4)
u32 high(u32 x) { return x & HIGH; }
u64 high_wide(u64 x) { return x & HIGH_WIDE; }

/* A promoted operand's cast (shift-promotion): the same rules. */
typedef unsigned char u8;
u32 promoted(u8 b) { u32 v = b << 24; return v; }           // expect: shift-promotion col:32 fix: (u32)
// fixed: u32 promoted(u8 b) { u32 v = (u32)b << 24; return v; }
u64 promoted_wide(u8 b) { u64 v = b << 24; return v; }      // expect: shift-promotion col:37 fix: (u32)
// fixed: u64 promoted_wide(u8 b) { u64 v = (u32)b << 24; return v; }

/* The other side of `< 0`, `/`, and values passed or returned as 64 bits. */
#define NEGATIVE_32 (1 << 31)     // expect: shift-sign-overflow col:24 fix: 1U
// fixed: #define NEGATIVE_32 (1U << 31)
int negative_32(void) { return (int)NEGATIVE_32 < 0; }
#define DIVIDED_U (1 << 31)       // expect: shift-sign-overflow col:22 fix: 1U
// fixed: #define DIVIDED_U (1U << 31)
u32 divided_u(void) { return (u32)DIVIDED_U / 2; }
void take64(u64 v);
void take32(u32 v);
#define ARG64 (1 << 31)           // expect: shift-sign-overflow col:18 fix: 1U
// fixed: #define ARG64 (1U << 31)
#define ARG32 (1 << 31)           // expect: shift-sign-overflow col:18 fix: 1U
// fixed: #define ARG32 (1U << 31)
void args(void) { take64(ARG64); take32(ARG32); }
#define RET64 (1 << 31)           // expect: shift-sign-overflow col:18 fix: 1U
// fixed: #define RET64 (1U << 31)
#define RET32 (1 << 31)           // expect: shift-sign-overflow col:18 fix: 1U
// fixed: #define RET32 (1U << 31)
u64 ret64(void) { return RET64; }
u32 ret32(void) { return RET32; }
