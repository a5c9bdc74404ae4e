/*
 * `xl list -l`: each domain's configuration as libxl's JSON, in the shape
 * and key order Xen 4.17's xl prints it (shared/reference/xl-4.17.txt):
 * dom0's synthesized one, and for a domain this toolstack created, the
 * keys its xl.cfg set (libxl leaves out what is at its default: on_* of
 * "destroy", an empty command line).  A domain whose configuration the
 * toolstack does not have is left out, as libxl leaves out a domain it
 * cannot retrieve the configuration of.
 */
#include "common/string.h"
#include "tools/domains.h"
#include "tools/print.h"
#include "tools/xl_create.h"
#include "tools/xl_info.h"
#include "tools/xl_utils.h"

#define LIBXL_MAXMEM_CONSTANT_KB 1024 /* what libxl adds to max_mem over maxmem */

/* libxl's names for xl.cfg's actions (underscores where xl.cfg has dashes). */
static const char *const json_actions[] = {
    [XLCFG_ACTION_DESTROY] = "destroy",
    [XLCFG_ACTION_RESTART] = "restart",
    [XLCFG_ACTION_RENAME_RESTART] = "rename_restart",
    [XLCFG_ACTION_PRESERVE] = "preserve",
    [XLCFG_ACTION_COREDUMP_DESTROY] = "coredump_destroy",
    [XLCFG_ACTION_COREDUMP_RESTART] = "coredump_restart",
    [XLCFG_ACTION_SOFT_RESET] = "soft_reset",
};

/* A JSON string body: quotes and backslashes escaped, control characters as \uXXXX. */
static void json_string(const char *s)
{
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            tools_printf("\\%c", *s);
        else if ((unsigned char)*s < 0x20)
            tools_printf("\\u%04x", (unsigned char)*s);
        else
            tools_printf("%c", *s);
    }
}

static void sched_params(uint32_t domid)
{
    struct xen_domctl op = { .cmd = XEN_DOMCTL_scheduler_op, .domain = (domid_t)domid };

    op.u.scheduler_op.sched_id = XEN_SCHEDULER_CREDIT2;
    op.u.scheduler_op.cmd = XEN_DOMCTL_SCHEDOP_getinfo;
    if (xc_domctl(&op) < 0)
        return;
    tools_printf("                \"sched_params\": {\n"
                 "                    \"sched\": \"credit2\",\n"
                 "                    \"weight\": %u,\n"
                 "                    \"cap\": %u\n"
                 "                },\n",
                 op.u.scheduler_op.u.credit2.weight, op.u.scheduler_op.u.credit2.cap);
}

static void pv_tail(const char *arch_x86)
{
    tools_printf("                \"type.pv\": {\n\n                },\n"
                 "                \"arch_arm\": {\n\n                },\n"
                 "                \"arch_x86\": {\n%s                }\n"
                 "            }",
                 arch_x86);
}

static void dom0_config(const struct xen_domctl_getdomaininfo *d)
{
    tools_printf("            \"c_info\": {\n                \"type\": \"pv\",\n"
                 "                \"name\": \"Domain-0\"\n            },\n"
                 "            \"b_info\": {\n                \"max_memkb\": %llu,\n"
                 "                \"target_memkb\": %llu,\n",
                 (unsigned long long)d->max_pages * 4, (unsigned long long)d->tot_pages * 4 - 1);
    sched_params(0);
    pv_tail("\n");
    tools_printf("\n");
}

static void domu_config(const struct xen_domctl_getdomaininfo *d, const struct xlcfg *c)
{
    const enum xlcfg_action on[] = { c->on_poweroff, c->on_reboot, c->on_watchdog, c->on_crash,
                                     c->on_soft_reset };
    const char *const on_keys[] = { "on_poweroff", "on_reboot", "on_watchdog", "on_crash",
                                    "on_soft_reset" };
    char uuid[37];

    xl_format_uuid(uuid, d->handle);
    tools_printf("            \"c_info\": {\n                \"type\": \"pv\",\n"
                 "                \"name\": \"");
    json_string(c->name);
    tools_printf("\",\n                \"domid\": 4294967295,\n"
                 "                \"uuid\": \"%s\",\n"
                 "                \"run_hotplug_scripts\": \"True\"\n            },\n",
                 uuid);
    tools_printf("            \"b_info\": {\n                \"max_vcpus\": %u,\n"
                 "                \"avail_vcpus\": [\n",
                 c->max_vcpus);
    for (unsigned v = 0; v < c->vcpus; v++)
        tools_printf("                    %u%s\n", v, v + 1 < c->vcpus ? "," : "");
    tools_printf("                ],\n                \"max_memkb\": %llu,\n"
                 "                \"target_memkb\": %llu,\n                \"video_memkb\": 0,\n",
                 (unsigned long long)c->max_memkb, (unsigned long long)c->target_memkb);
    sched_params(d->domain);
    tools_printf("                \"claim_mode\": \"True\",\n");
    if (c->kernel[0]) {
        tools_printf("                \"kernel\": \"");
        json_string(c->kernel);
        tools_printf("\",\n");
    }
    if (c->cmdline[0]) {
        tools_printf("                \"cmdline\": \"");
        json_string(c->cmdline);
        tools_printf("\",\n");
    }
    if (c->ramdisk[0]) {
        tools_printf("                \"ramdisk\": \"");
        json_string(c->ramdisk);
        tools_printf("\",\n");
    }
    pv_tail("                    \"msr_relaxed\": \"False\"\n");
    for (unsigned i = 0; i < sizeof(on) / sizeof(on[0]); i++)
        if (on[i] != XLCFG_ACTION_DESTROY)
            tools_printf(",\n            \"%s\": \"%s\"", on_keys[i], json_actions[on[i]]);
    tools_printf("\n");
}

void xl_list_details(const struct xen_domctl_getdomaininfo *info, int n)
{
    bool first = true;

    tools_printf("[\n");
    for (int i = 0; i < n; i++) {
        const struct xlcfg *c = xl_created_config(info[i].domain);

        if (info[i].domain != 0 && !c)
            continue;
        tools_printf("%s    {\n        \"domid\": %u,\n        \"config\": {\n", first ? "" : ",\n",
                     info[i].domain);
        if (info[i].domain == 0)
            dom0_config(&info[i]);
        else
            domu_config(&info[i], c);
        tools_printf("        }\n    }");
        first = false;
    }
    tools_printf("%s]\n\n", first ? "" : "\n");
}
