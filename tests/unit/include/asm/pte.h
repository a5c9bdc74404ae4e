/* The host tests check the real x86-64 entry rules: the same inline accessors. */
#include "arch/x86/include/asm/pte.h"
