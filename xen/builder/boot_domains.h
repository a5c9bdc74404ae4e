#ifndef XEN_BOOT_DOMAINS_H
#define XEN_BOOT_DOMAINS_H

#include "common/multiboot2.h"
#include "xen/lib.h"

/* Build dom0 and the domUs the command line names, and run them. */
noreturn void boot_domains_start(const struct boot_info *bi);

#endif
