/*
 * The xenstore command-line tools of a Xen dom0 (xenstore-read, -write,
 * -rm, -exists, -list, -ls), with their options, output and messages, over
 * tools/xs.h: dom0's shell runs them as commands.
 */
#ifndef TOOLS_XENSTORE_CLI_H
#define TOOLS_XENSTORE_CLI_H

/* argv[0] is the tool's name ("xenstore-read" ...); the exit status (0, or 1 as Xen's). */
int xenstore_cli(int argc, char **argv);

#endif /* TOOLS_XENSTORE_CLI_H */
