/* xl console, and the attach of xl create -c (tools/xl_console.c). */
#ifndef TOOLS_XL_CONSOLE_H
#define TOOLS_XL_CONSOLE_H

#include <stdint.h>

/* `xl console [-t pv|serial|vuart] [-n N] DOMAIN`: xl's exit code. */
int xl_console(int argc, char **argv);

/* Attach to domid's PV console until detached or the domain ends: xl's exit code. */
int xl_console_attach(uint32_t domid);

#endif /* TOOLS_XL_CONSOLE_H */
