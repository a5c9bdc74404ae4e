/* The hypercall table: number -> handler (public/xen.h). */
#include "public/xen.h"
#include "xen/arch/cpu.h"
#include "xen/arch/domain.h"
#include "xen/arch/hypercalls.h"
#include "xen/domain.h"
#include "xen/hypercall.h"
#include "xen/printk.h"

static hypercall_fn *const hypercall_table[] = {
    [__HYPERVISOR_set_trap_table] = do_set_trap_table,
    [__HYPERVISOR_set_gdt] = do_set_gdt,
    [__HYPERVISOR_update_descriptor] = do_update_descriptor,
    [__HYPERVISOR_stack_switch] = do_stack_switch,
    [__HYPERVISOR_set_callbacks] = do_set_callbacks,
    [__HYPERVISOR_fpu_taskswitch] = do_fpu_taskswitch,
    [__HYPERVISOR_xen_version] = do_xen_version,
    [__HYPERVISOR_console_io] = do_console_io,
    [__HYPERVISOR_vm_assist] = do_vm_assist,
    [__HYPERVISOR_iret] = do_iret,
    [__HYPERVISOR_set_segment_base] = do_set_segment_base,
    [__HYPERVISOR_sched_op] = do_sched_op,
    [__HYPERVISOR_set_timer_op] = do_set_timer_op,
    [__HYPERVISOR_vcpu_op] = do_vcpu_op,
    [__HYPERVISOR_callback_op] = do_callback_op,
    [__HYPERVISOR_event_channel_op_compat] = do_event_channel_op_compat,
    [__HYPERVISOR_event_channel_op] = do_event_channel_op,
    [__HYPERVISOR_mmu_update] = do_mmu_update,
    [__HYPERVISOR_memory_op] = do_memory_op,
    [__HYPERVISOR_grant_table_op] = do_grant_table_op,
    [__HYPERVISOR_mmuext_op] = do_mmuext_op,
    [__HYPERVISOR_update_va_mapping] = do_update_va_mapping,
    [__HYPERVISOR_update_va_mapping_otherdomain] = do_update_va_mapping_otherdomain,
    [__HYPERVISOR_physdev_op] = do_physdev_op,
    [__HYPERVISOR_xenpmu_op] = do_xenpmu_op,
    [__HYPERVISOR_multicall] = do_multicall,
    [__HYPERVISOR_platform_op] = do_platform_op,
    [__HYPERVISOR_set_debugreg] = do_set_debugreg,
    [__HYPERVISOR_get_debugreg] = do_get_debugreg,
    [__HYPERVISOR_sysctl] = do_sysctl,
    [__HYPERVISOR_domctl] = do_domctl,
};

long hypercall_dispatch(uint64_t nr, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                        uint64_t a5)
{
    hypercall_fn *fn;

    if (unlikely(nr >= ARRAY_SIZE(hypercall_table) || !(fn = hypercall_table[nr]))) {
        printk(LOG_DEBUG "d%u v%u: hypercall %lu not implemented\n", current->domain->domain_id,
               current->vcpu_id, nr);
        return -ENOSYS;
    }
    hypercall_work_reset();
    return fn(a1, a2, a3, a4, a5);
}

long hypercall_continuation(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
    uint64_t *args = current->continuation_args;

    args[0] = a1;
    args[1] = a2;
    args[2] = a3;
    args[3] = a4;
    args[4] = a5;
    current->continuation = true;
    hypercall_work_reset();
    return -ERESTART;
}

/* Work done in the current hypercall; per vCPU, as a vCPU runs one at a time. */
static unsigned boot_work;

static unsigned *hypercall_work(void)
{
    return current ? &current->hypercall_work : &boot_work;
}

bool hypercall_preempt_check(void)
{
    unsigned *work = hypercall_work();

    if (++*work < HYPERCALL_WORK_BUDGET)
        return false;
    *work = 0;
    return true;
}

void hypercall_work_reset(void)
{
    *hypercall_work() = 0;
}
