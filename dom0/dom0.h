/* The dom0 kernel's own pieces. */
#ifndef DOM0_DOM0_H
#define DOM0_DOM0_H

#include <stdbool.h>
#include <stddef.h>

#include "public/xen.h"

/* Prints where the builder put everything (dom0/layout.c). */
void dom0_describe_layout(const struct start_info *si);

#endif /* DOM0_DOM0_H */
