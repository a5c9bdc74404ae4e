/*
 * Whole-page copies (GNTTABOP_copy of a page, MMUEXT_COPY_PAGE), inline:
 * one string move of 512 quadwords.
 */
#ifndef ASM_PAGE_COPY_H
#define ASM_PAGE_COPY_H

static inline void arch_copy_page(void *dst, const void *src)
{
    unsigned long count = 4096 / 8;

    asm volatile("rep movsq" : "+D"(dst), "+S"(src), "+c"(count) : : "memory");
}

#endif
