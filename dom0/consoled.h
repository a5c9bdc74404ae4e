/*
 * dom0's console backend (xenconsoled's role): every domU's console ring
 * (its console page and event channel, read from xenstore's
 * /local/domain/N/console/{ring-ref,port} as xenconsoled reads them) is
 * mapped and drained into a per-domain log, a bounded amount per event so
 * that a domain flooding its console cannot starve the shell.  `xl
 * console` attaches through tools/console_attach.h.
 */
#ifndef DOM0_CONSOLED_H
#define DOM0_CONSOLED_H

/* Registers the backend with the toolstack; 0 or a negative errno (no xenstore). */
long consoled_start(void);

/*
 * Looks for consoles of domains it does not serve yet, and lets go of
 * those whose domain shut down (their log is kept) or is gone.
 */
void consoled_check(void);

#endif /* DOM0_CONSOLED_H */
