/* A header that no .c file includes: its defines are checked on their own. */
#ifndef SAMPLE_FLAGS_H
#define SAMPLE_FLAGS_H
#define DIO_WRITE_FUA (1 << 28)    // no-finding: a sibling of DIO_DIRTY (samples/family.c)
// fixed: #define DIO_WRITE_FUA (1u << 28)
#define DIO_NEED_SYNC (1 << 29)    // no-finding
// fixed: #define DIO_NEED_SYNC (1u << 29)
#define DIO_WRITE (1 << 30)        // no-finding
// fixed: #define DIO_WRITE (1u << 30)
#define DIO_DIRTY (1 << 31)        // expect: shift-sign-overflow col:22 {{(0x80000000) sets the sign bit of 'int'}} fix: 1u
// fixed: #define DIO_DIRTY (1u << 31)
#define lower_case_style (1u << 3) /* the file's suffix style is lowercase */
#define lower_two (1u << 4)
#define LOWER_FIX (1 << 31)        // expect: shift-sign-overflow col:22 {{(0x80000000)}} fix: 1u
// fixed: #define LOWER_FIX (1u << 31)
#endif
