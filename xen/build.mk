# xen/: the architecture-neutral hypervisor core.  Also linked on the host
# (with tests/unit/fake_arch.c) by the unit tests.
XEN_SRCS := $(wildcard xen/*.c xen/builder/*.c)
XEN_OBJS := $(XEN_SRCS:%.c=$(HV_BUILD)/fs/%.o)
