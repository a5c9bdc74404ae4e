/*
 * The domU side of a multi-domain test (guest/report.h).
 */
#include "guest/args.h"
#include "guest/events.h"
#include "guest/report.h"
#include "guest/time.h"
#include "public/errno.h"

evtchn_port_t report_port;

long interdomain_connect(domid_t dom, evtchn_port_t port, evtchn_port_t *local, uint64_t timeout_ns)
{
    uint64_t deadline = time_now() + timeout_ns;
    bool masked = events_vcpu_info(0)->evtchn_upcall_mask;
    long rc;

    /* Masked: the upcall must not count the event the bind leaves pending. */
    events_mask_upcalls(0);
    while ((rc = evtchn_bind_interdomain(dom, port, local)) != 0 && time_now() < deadline)
        sched_yield();
    if (rc == 0)
        port_test_and_clear(*local);
    if (!masked)
        events_unmask_upcalls(0);
    return rc;
}

long report_connect(void)
{
    uint64_t port = arg_uint("report", 0);

    if (!port)
        return -XEN_ENOENT;
    /* Generous: dom0 may be slow to offer the port on a loaded host (guest time is wall time). */
    return interdomain_connect(0, (evtchn_port_t)port, &report_port, 60 * NS_PER_S);
}

long report_finished(uint64_t timeout_ns)
{
    const volatile uint32_t *go = events_counter(report_port);
    uint32_t before = *go;
    long rc = report_port ? evtchn_send(report_port) : -XEN_ENOTCONN;

    if (rc)
        return rc;
    if (!events_wait_until(0, report_port, go, before, time_now() + timeout_ns))
        return -XEN_ETIMEDOUT;
    return 0;
}
