/*
 * The test runner: one result line per case, a summary, power off.
 */
#include <stdarg.h>

#include "common/format.h"
#include "guest/test.h"
#include "guest/traps.h"

static bool case_failed;
static char case_reason[200];

void test_fail(const char *fmt, ...)
{
    va_list ap;

    if (case_failed)
        return;
    case_failed = true;
    va_start(ap, fmt);
    fmt_vsnprintf(case_reason, sizeof(case_reason), fmt, ap);
    va_end(ap);
}

/* Runs one case under a recovery point; true if it passed. */
static bool test_run(const char *area, const struct test_case *c)
{
    struct trap_recovery recovery;

    case_failed = false;
    case_reason[0] = '\0';
    if (recovery_save(&recovery) == 0) {
        trap_set_recovery(&recovery);
        c->run();
    } else {
        test_fail("unexpected %s (vector %lu)", trap_name(trap_last.vector), trap_last.vector);
        info("%s/%s: unexpected %s error %#lx at rip %#lx", area, c->name,
             trap_name(trap_last.vector), trap_last.error, trap_last.rip);
    }
    trap_set_recovery(NULL);
    trap_disarm();

    if (case_failed)
        printk("FAIL %s/%s: %s\n", area, c->name, case_reason);
    else
        printk("PASS %s/%s\n", area, c->name);
    return !case_failed;
}

void test_list_add(struct test_list *list, const struct test_case *cases, size_t count)
{
    if (count > list->capacity - list->count) {
        printk("test table of %zu cases cannot take %zu more\n", list->capacity, count);
        guest_crash();
    }
    for (size_t i = 0; i < count; i++)
        list->cases[list->count++] = cases[i];
}

void test_main(const char *area, const struct test_case *cases, size_t count)
{
    unsigned passed = 0, failed = 0;

    for (size_t i = 0; i < count; i++) {
        if (test_run(area, &cases[i]))
            passed++;
        else
            failed++;
    }
    printk("%u passed, %u failed\n", passed, failed);
    guest_poweroff();
}
