/* Errors in the C code are not tool errors: macros are still checked. */
#include "this-header-does-not-exist.h"
#define STILL_CHECKED (1 << 31)    // expect: shift-sign-overflow col:26 {{(0x80000000) sets the sign bit of 'int'}} fix: 1U
// fixed: #define STILL_CHECKED (1U << 31)
int broken( {                      // a syntax error
#define AFTER_ERROR (0xff << 24)   // expect: shift-sign-overflow col:27 {{(0xff000000)}} fix: 0xffU
// fixed: #define AFTER_ERROR (0xffU << 24)
