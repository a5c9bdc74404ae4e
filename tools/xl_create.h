/*
 * What `xl create` leaves behind for the other commands: the configuration
 * of each domain it made (for the lifecycle and `xl list -l`), forgotten
 * when the domain is destroyed.
 */
#ifndef TOOLS_XL_CREATE_H
#define TOOLS_XL_CREATE_H

#include <stdint.h>

#include "tools/xlcfg.h"

/* libxl_domain_destroy as xl calls it: 0 or a libxl error code (already reported). */
int xl_destroy_domain(uint32_t domid);

/* The configuration domid was created from, or NULL. */
const struct xlcfg *xl_created_config(uint32_t domid);

/* Remember domid's configuration (xl create does; so may a test). */
void xl_created_add(uint32_t domid, const struct xlcfg *c);

/* Forget domid's configuration (it was destroyed). */
void xl_create_forget(uint32_t domid);

#endif /* TOOLS_XL_CREATE_H */
