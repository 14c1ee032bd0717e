/* The kernel's BIT() (include/vdso/bits.h), for samples/kernel-style.c: --fix-style kernel
 * spells fixes with it only where the unit defines it in this header. */
#ifndef __VDSO_BITS_H
#define __VDSO_BITS_H
#define BIT(nr) (1UL << (nr))
#endif
