# tools/: the toolstack (xl and the library under it).  Built twice: freestanding
# into dom0, and for the host, where tests/unit/tools/test_*.c test it.  Its only
# way to the hypervisor is the control seam tools/xc.h; dom0 implements it with
# hypercalls (dom0/xc.c), the host tests with a fake (tests/unit/tools/fake_*.c).
TOOLS_SRCS := $(wildcard tools/*.c tools/*/*.c)
TOOLS_OBJS := $(TOOLS_SRCS:%.c=$(BUILD)/fs/%.o)
