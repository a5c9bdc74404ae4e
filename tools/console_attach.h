/*
 * The console backend as the toolstack sees it (xenconsoled's part of a
 * Xen system): `xl console` and `xl create -c` attach to a domain's
 * console, `xl destroy` has it let go of the domain.  dom0's backend
 * (dom0/consoled.c) registers itself at start; without one (host tests,
 * test guests) the calls answer -ENOSYS.
 */
#ifndef TOOLS_CONSOLE_ATTACH_H
#define TOOLS_CONSOLE_ATTACH_H

#include <stdint.h>

struct console_backend {
    /*
     * Show what domid's console logged and nobody saw, then its output as
     * it comes, typed keys going to the domain, until Ctrl-] (detach) or
     * the domain's end: 0, or -ENOENT when domid has no console.
     */
    int (*attach)(uint32_t domid);
    /* The domain is about to be destroyed: unmap and unbind its console. */
    void (*release)(uint32_t domid);
};

/* The key that detaches, as xl console's: Ctrl-]. */
#define CONSOLE_DETACH_KEY 0x1d

void console_backend_set(const struct console_backend *backend);

int console_attach(uint32_t domid);
void console_release(uint32_t domid);

#endif /* TOOLS_CONSOLE_ATTACH_H */
