/*
 * Spinlocks (ticket-free test-and-test-and-set).  Built on compiler atomics
 * so the core stays arch-neutral and the host tests can use them.
 */
#ifndef XEN_SPINLOCK_H
#define XEN_SPINLOCK_H

#include <stdbool.h>

#include <asm/relax.h>

typedef struct {
    volatile int locked;
} spinlock_t;

/* clang-format off */
#define SPINLOCK_INIT { 0 }
/* clang-format on */

static inline void spin_lock(spinlock_t *lock)
{
    while (__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE))
        while (__atomic_load_n(&lock->locked, __ATOMIC_RELAXED))
            arch_cpu_relax();
}

static inline bool spin_trylock(spinlock_t *lock)
{
    return !__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE);
}

static inline void spin_unlock(spinlock_t *lock)
{
    __atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
}

/* Held by someone (for ASSERTs: it cannot say by whom). */
static inline bool spin_is_locked(const spinlock_t *lock)
{
    return __atomic_load_n(&lock->locked, __ATOMIC_RELAXED);
}

#endif
