/* xl, the toolstack's command line: `xl SUBCOMMAND [ARGS...]` as Xen's xl. */
#ifndef TOOLS_XL_H
#define TOOLS_XL_H

/* Run one xl command line (argv[0] is "xl"); its exit code, as Xen's xl's. */
int xl_main(int argc, char **argv);

#endif /* TOOLS_XL_H */
