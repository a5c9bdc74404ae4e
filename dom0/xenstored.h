/*
 * dom0's xenstored: the daemon of tools/xenstore/ wired to the machine.
 * A domU's store ring is mapped (foreign mapping of its store page) and its
 * store event channel bound when xl introduces it; the channel's events
 * run xsd_ring_service() from the main loop.  A domain that breaks the
 * protocol loses its connection, nothing else.  VIRQ_DOM_EXC tells which
 * domains shut down or went away (@releaseDomain), and the console backend
 * (dom0/consoled.h) hears of it too.  dom0's own programs reach the daemon
 * through tools/xs.h (xs_open), as libxenstore reaches xenstored's socket.
 */
#ifndef DOM0_XENSTORED_H
#define DOM0_XENSTORED_H

#include <stdint.h>

/* Starts the daemon with dom0's tree (/local/domain/0 ...); 0 or a negative errno. */
long xenstored_start(uint64_t dom0_kb);

/* What getdomaininfo says of a domain. */
enum dom0_domain_state {
    DOMAIN_RUNNING,  /* exists, not shut down (paused counts as running) */
    DOMAIN_SHUTDOWN, /* shut down or dying: it will not run again */
    DOMAIN_GONE,     /* no such domain */
};
enum dom0_domain_state dom0_domain_state(unsigned domid);

/* Look at every introduced domain now (as if VIRQ_DOM_EXC had fired). */
void xenstored_check_domains(void);

#endif /* DOM0_XENSTORED_H */
