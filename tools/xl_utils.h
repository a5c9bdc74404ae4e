/*
 * What xl's subcommands share (Xen's xl_utils.c and the option loop of
 * xl.h): option parsing with xl's messages and exit codes, naming a domain
 * by name or id, reading domain information, errno texts, and the help
 * text of each command (tools/xl.c).
 */
#ifndef TOOLS_XL_UTILS_H
#define TOOLS_XL_UTILS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tools/xc.h"

#define XL_EXIT_OK      0 /* EXIT_SUCCESS */
#define XL_EXIT_FAILURE 1 /* EXIT_FAILURE */
#define XL_EXIT_USAGE   2 /* bad options or too few arguments */

/* libxl's error codes that xl prints ("destroy failed (rc=-21)"). */
#define LIBXL_ERROR_FAIL            (-3)
#define LIBXL_ERROR_INVAL           (-6)
#define LIBXL_ERROR_NOPARAVIRT      (-10)
#define LIBXL_ERROR_DOMAIN_NOTFOUND (-21)

/* A long option: --name, --name=ARG or --name ARG when has_arg. */
struct xl_option {
    const char *name;
    bool has_arg;
    int val; /* what xl_getopt returns for it */
};

#define XL_OPT_DONE (-1) /* options over: argv[optind..argc) are the arguments */
#define XL_OPT_EXIT (-2) /* the command must return exit_code (help or an error printed) */
#define XL_ARGS_MAX 64

/*
 * getopt_long as xl uses it (GNU order: options may follow arguments; "--"
 * ends them; -h / --help print the command's help and exit 0; an unknown
 * option or a missing option argument prints "option `x' not supported."
 * and exits 2; fewer than reqargs arguments prints "'xl CMD' requires at
 * least N argument(s)." and the help, and exits 2).
 */
struct xl_getopt {
    int argc;
    char **argv;
    int optind;         /* after XL_OPT_DONE: the first argument */
    const char *optarg; /* the current option's argument */
    int exit_code;      /* after XL_OPT_EXIT */
    int next;           /* private: the next word */
    int subpos;         /* private: position in a cluster of short options */
    int npos;           /* private: arguments seen */
    char *pos[XL_ARGS_MAX];
};

void xl_getopt_init(struct xl_getopt *g, int argc, char **argv);
int xl_getopt(struct xl_getopt *g, const char *optstring, const struct xl_option *longopts,
              const char *cmd, int reqargs);

/* xl's help for one command (or all, for NULL / "help"). */
void xl_help(const char *cmd);

/*
 * A domain named by name or id (libxl_domain_qualifier_to_domid: all
 * digits is an id, taken as it is; otherwise a name, which must exist).
 * 0, or -1 after printing xl's "X is an invalid domain identifier (rc=-6)".
 */
int xl_find_domain(const char *qualifier, uint32_t *domid);

/* getdomaininfo for exactly domid: 0, -ESRCH if it does not exist, or the hypercall's error. */
int xl_domain_info(uint32_t domid, struct xen_domctl_getdomaininfo *info);

/* Every domain, in id order, into buf[max]: how many (at most max), or a negative errno. */
int xl_domain_list(struct xen_domctl_getdomaininfo *buf, unsigned max);

/* The libc text of an errno ("No such process"), for messages as xl prints them. */
const char *xl_strerror(long err);

/* "libxl: error: ..." as libxl logs an error (without its source position). */
void xl_libxl_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ns as seconds with one decimal, right-aligned in width ("%*.1f" of ns / 1e9). */
void xl_format_seconds(char *buf, size_t size, uint64_t ns, int width);

/* A UUID as xl prints it: xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (buf: 37 bytes). */
void xl_format_uuid(char *buf, const uint8_t uuid[16]);

/* The scheduler's name for a XEN_SCHEDULER_* id ("credit2"), or NULL. */
const char *xl_scheduler_name(uint32_t sched_id);

/* A decimal number, the whole string: 0 and *out, or -EINVAL. */
int xl_parse_ulong(const char *s, unsigned long *out);

#endif /* TOOLS_XL_UTILS_H */
