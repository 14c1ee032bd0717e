/* The kernel's include/linux/bits.h, reduced: BIT() from vdso/bits.h and BIT_ULL(). */
#ifndef __LINUX_BITS_H
#define __LINUX_BITS_H
#include "../vdso/bits.h"
#define BIT_ULL(nr) (1ULL << (nr))
#endif
