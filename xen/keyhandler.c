/*
 * Debug keys (sysctl debug_keys): each key a dump of hypervisor state to
 * the console, and so into the console ring that readconsole reads.  The
 * keys and their first lines are Xen 4.17's; what follows is ours.  While
 * a key runs every message is printed, whatever the log level (as Xen
 * does); a key with no handler does nothing.
 */
#include "xen/domain.h"
#include "xen/domctl.h"
#include "xen/event_channel.h"
#include "xen/keyhandler.h"
#include "xen/printk.h"
#include "xen/sched.h"
#include "xen/time.h"

struct keyhandler {
    void (*fn)(unsigned char key);
    const char *desc;
};

static void show_handlers(unsigned char key);
static void dump_domains(unsigned char key);
static void dump_evtchns(unsigned char key);
static void dump_runqueues(unsigned char key);

static const struct keyhandler key_table[128] = {
    ['e'] = { dump_evtchns, "dump evtchn info" },
    ['h'] = { show_handlers, "show this message" },
    ['q'] = { dump_domains, "dump domain (and guest debug) info" },
    ['r'] = { dump_runqueues, "dump run queues" },
};

static void show_handlers(unsigned char key)
{
    printk("'%c' pressed -> showing installed handlers\n", key);
    for (unsigned i = 0; i < ARRAY_SIZE(key_table); i++)
        if (key_table[i].fn)
            printk(" key '%c' (ascii '%02x') => %s\n", i, i, key_table[i].desc);
}

static void dump_vcpu(const struct vcpu *v)
{
    const struct vcpu_info *vi = v->vcpu_info;

    printk("    VCPU%u: CPU%u [has=%c] poll=%d upcall_pend=%02x upcall_mask=%02x\n", v->vcpu_id,
           v->processor, v->sched_running ? 'T' : 'F', v->polling,
           vi ? vi->evtchn_upcall_pending : 0, vi ? vi->evtchn_upcall_mask : 0);
    printk("    pause_flags=%x runstate=%d\n", v->pause_flags, v->runstate.state);
}

static void dump_domain(struct domain *d)
{
    const uint8_t *h = d->handle;

    printk("General information for domain %u:\n", d->domain_id);
    printk("    refcnt=%u dying=%d pause_count=%u\n", d->refcount, d->state == DOMAIN_DYING,
           d->pause_count);
    printk("    nr_pages=%lu max_pages=%lu\n", d->tot_pages, d->max_pages);
    printk("    handle=%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x "
           "vm_assist=%08lx\n",
           h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], h[8], h[9], h[10], h[11], h[12], h[13],
           h[14], h[15], d->vm_assist);
    printk("VCPU information and callbacks for domain %u:\n", d->domain_id);
    for (unsigned i = 0; d->vcpus && i < d->max_vcpus; i++)
        if (d->vcpus[i])
            dump_vcpu(d->vcpus[i]);
}

/*
 * Each domain in id order, one reference held at a time and no list lock:
 * a dump may take the domain's own locks.
 */
static void for_each_domain(void (*fn)(struct domain *d))
{
    struct domain *d;
    uint32_t id = 0;

    while (id < DOMID_FIRST_RESERVED && (d = domctl_domain_next((domid_t)id))) {
        fn(d);
        id = d->domain_id + 1u;
        domain_put(d);
    }
}

static void dump_domains(unsigned char key)
{
    printk("'%c' pressed -> dumping domain info (now = %lu)\n", key, now_ns());
    for_each_domain(dump_domain);
}

/* A local function: its address is taken without the GOT (position-independent build). */
static void dump_domain_evtchns(struct domain *d)
{
    evtchn_dump(d);
}

static void dump_evtchns(unsigned char key)
{
    printk("'%c' pressed -> dumping event-channel info\n", key);
    for_each_domain(dump_domain_evtchns);
}

static void dump_runqueues(unsigned char key)
{
    unsigned last = sched_nr_cpus() - 1;

    printk("NOW=%lu\n", now_ns());
    printk(last ? "Online Cpus: 0-%u\n" : "Online Cpus: %u\n", last);
    printk("Cpupool 0:\n");
    printk(last ? "Cpus: 0-%u\n" : "Cpus: %u\n", last);
    sched_dump_runqueues();
}

void handle_keypress(unsigned char key)
{
    const struct keyhandler *h = key < ARRAY_SIZE(key_table) ? &key_table[key] : NULL;

    if (!h || !h->fn)
        return;
    console_start_log_everything();
    h->fn(key);
    console_end_log_everything();
}
