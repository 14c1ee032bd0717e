/* Families (--fix-scope family, the default for defines): maintainers fix a block of flags as
 * a whole (Linux commit 44842f647346 turned all four IOMAP_DIO_* flags into 1U, though only
 * 1 << 31 was undefined), so a flag define's fix respells its siblings the same way: the other
 * defines of its block or of its name's prefix that shift a literal of the same signed type. */
#define PG_LOCKED (1 << 0)          // no-finding
// fixed: #define PG_LOCKED (1U << 0)
#define PG_DIRTY (1 << 30)          // no-finding
// fixed: #define PG_DIRTY (1U << 30)
#define PG_WAITERS (1 << 31)        // expect: shift-sign-overflow col:23 {{(0x80000000) sets the sign bit of 'int'}} fix: 1U
// fixed: #define PG_WAITERS (1U << 31)
#define PG_SLAB (1U << 7)           // no-finding: already unsigned, left alone
// fixed: #define PG_SLAB (1U << 7)
#define PG_MASK (PG_LOCKED | PG_DIRTY)
// fixed: #define PG_MASK (PG_LOCKED | PG_DIRTY)
#define PG_SHIFT 4
#define PG_NODE (0x3 << PG_SHIFT)   // no-finding: a count from a macro is a constant too
// fixed: #define PG_NODE (0x3U << PG_SHIFT)
#define PG_HIGH (1L << 40)          // no-finding: 'long', another flag space
// fixed: #define PG_HIGH (1L << 40)

#define HW_ENABLE (1 << 4)          // no-finding: another block and another prefix, left alone
// fixed: #define HW_ENABLE (1 << 4)

#define PG_LATE (1 << 9)            // no-finding: the same prefix further down the file
// fixed: #define PG_LATE (1U << 9)

/* Two findings of one block want 1U and 1ULL: no spelling keeps it uniform, the sibling stays. */
#define Q_LOW (1 << 2)              // no-finding
// fixed: #define Q_LOW (1 << 2)
#define Q_SIGN (1 << 31)            // expect: shift-sign-overflow col:19 fix: 1U
// fixed: #define Q_SIGN (1U << 31)
#define Q_WIDE (1 << 32)            // expect: shift-count-overflow col:19 fix: 1ULL
// fixed: #define Q_WIDE (1ULL << 32)

int use(void) { return PG_WAITERS | PG_NODE | HW_ENABLE; }   // no-finding
