/* The console backend seam (tools/console_attach.h). */
#include <stddef.h>

#include "common/errno.h"
#include "tools/console_attach.h"

static const struct console_backend *registered;

void console_backend_set(const struct console_backend *backend)
{
    registered = backend;
}

int console_attach(uint32_t domid)
{
    if (!registered || !registered->attach)
        return -ENOSYS;
    return registered->attach(domid);
}

void console_release(uint32_t domid)
{
    if (registered && registered->release)
        registered->release(domid);
}
