/* Literal typing (C11 §6.4.4.1), character constants (§6.4.4.4), casts and conversions. */
typedef unsigned int u32;
typedef unsigned char u8;
#define HEX_UNSIGNED (0x80000000 << 1)   // no-finding
#define DEC_LONG (2147483648 << 1)       // no-finding
#define CHAR_A ('a' << 24)               // no-finding
#define CHAR_FF ('\xff' << 24)           // expect: shift-negative-value col:25 {{left shift of negative value (-1)}}
#define MULTI ('abcd' << 1)              // expect: shift-sign-overflow col:23 {{(0xc2c4c6c8) sets the sign bit of 'int'}}
#define WIDE_U16 (u'a' << 31)            // expect: shift-overflow col:24 {{(0x3080000000) requires 39 bits to represent, but 'int' only has 32 bits}}
#define WIDE_U32 (U'a' << 31)            // no-finding
#define CAST_UCHAR ((unsigned char)1 << 31)   // expect: shift-sign-overflow col:38
#define CAST_BOOL ((_Bool)256 << 31)     // expect: shift-sign-overflow col:31
#define CAST_U32 ((u32)1 << 31)          // no-finding
#define CAST_U8 ((u8)1 << 31)            // expect: shift-sign-overflow col:24
#define TERNARY ((1 ? 1 : 0u) << 31)     // no-finding
#define SIZEOF (sizeof(int) << 30)       // no-finding
#define SIZEOF_INT ((int)sizeof(int) << 30)   // expect: shift-overflow col:38 {{(0x100000000) requires 34 bits}}
#define PAREN_LIT ((1) << 31)            // expect: shift-sign-overflow col:24 fix: 1U
// fixed: #define PAREN_LIT ((1U) << 31)
#define SUFFIX_LU (1LU << 63)            // no-finding
#define TRUNC ((unsigned char)0x1ff << 23)    // no-finding
#define SIZEOF_BOOL ((int)sizeof(_Bool) << 31)     // expect: shift-sign-overflow col:41
#define SIZEOF_BOOL_EXPR ((int)sizeof((_Bool)0) << 31)   // expect: shift-sign-overflow col:49
