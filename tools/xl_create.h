/*
 * What `xl create` leaves behind for the other commands: the configuration
 * of each domain it made (for the lifecycle and `xl list -l`), forgotten
 * when the domain is destroyed.
 */
#ifndef TOOLS_XL_CREATE_H
#define TOOLS_XL_CREATE_H

#include <stdbool.h>
#include <stdint.h>

#include "tools/xlcfg.h"

/* libxl_domain_destroy as xl calls it: 0 or a libxl error code (already reported). */
int xl_destroy_domain(uint32_t domid);

/*
 * Build the domain c describes, name it, tell xenstore, and unpause it
 * unless paused: 0 and *domid, or a libxl error code (reported).
 */
int xl_create_domain(const struct xlcfg *c, bool paused, uint32_t *domid);

/* What c says to do for a shutdown reason (false: a suspend, nothing to do). */
bool xl_shutdown_action(const struct xlcfg *c, unsigned reason, enum xlcfg_action *action);

/* The i-th domain xl created: false past the last; *domid and *c otherwise (c NULL: a free slot). */
bool xl_created_at(unsigned i, uint32_t *domid, const struct xlcfg **c);

/* The configuration domid was created from, or NULL. */
const struct xlcfg *xl_created_config(uint32_t domid);

/* Remember domid's configuration (xl create does; so may a test). */
void xl_created_add(uint32_t domid, const struct xlcfg *c);

/* Forget domid's configuration (it was destroyed). */
void xl_create_forget(uint32_t domid);

#endif /* TOOLS_XL_CREATE_H */
