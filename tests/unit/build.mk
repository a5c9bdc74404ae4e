# Host unit tests: one Check executable per tests/unit/test_*.c.  Each links
# every core object (common/ but string.c, all of xen/) and the fake arch
# (tests/unit/*.c but the tests) as plain objects, not from an archive: a
# core file no test uses is linked all the same, so a symbol the fake arch
# lacks anywhere in the core fails the build.
CHECK_LIBS      := $(shell pkg-config --libs check 2>/dev/null || echo -lcheck -lsubunit -lm -lrt -lpthread)
UNIT_TESTS      := $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(wildcard tests/unit/test_*.c))
UNIT_FAKE_SRCS  := $(filter-out tests/unit/test_%.c,$(wildcard tests/unit/*.c))
HOST_CORE_SRCS  := $(COMMON_HOST_SRCS) $(XEN_SRCS) $(UNIT_FAKE_SRCS)
HOST_CORE_OBJS  := $(HOST_CORE_SRCS:%.c=$(BUILD)/host/%.o)

$(BUILD)/host/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/unit/test_%: $(BUILD)/host/tests/unit/test_%.o $(HOST_CORE_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) $(filter %.o,$^) -o $@ $(CHECK_LIBS)

# The fake arch encodes page-table entries its own way (fake_pte.c); only
# test_pte_rules links the real x86 rules instead, arch/x86/pv/pte_rules.c,
# compiled as on x86 (its <asm/...> headers from arch/x86/include), and is
# compiled that way itself.
HOST_X86_CFLAGS := -Iarch/x86/include $(HOST_CFLAGS)
PTE_RULES_OBJS  := $(BUILD)/host-x86/tests/unit/test_pte_rules.o $(BUILD)/host-x86/arch/x86/pv/pte_rules.o \
                   $(filter-out $(BUILD)/host/tests/unit/fake_pte.o,$(HOST_CORE_OBJS))

$(BUILD)/host-x86/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(HOST_X86_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/unit/test_pte_rules: $(PTE_RULES_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) $(filter %.o,$^) -o $@ $(CHECK_LIBS)

# The toolstack's tests: tests/unit/tools/test_X.c -> $(BUILD)/unit/test_tools_X, linked
# with the toolstack, common/ and the fakes in tests/unit/tools/ (not with the core:
# the toolstack is another program, which reaches the hypervisor only through tools/xc.h).
TOOLS_UNIT_TESTS := $(patsubst tests/unit/tools/test_%.c,$(BUILD)/unit/test_tools_%,\
                    $(wildcard tests/unit/tools/test_*.c))
TOOLS_FAKE_SRCS  := $(filter-out tests/unit/tools/test_%.c,$(wildcard tests/unit/tools/*.c))
TOOLS_HOST_OBJS  := $(patsubst %.c,$(BUILD)/host/%.o,$(filter-out tools/xc.c,$(TOOLS_SRCS)) \
                    $(COMMON_HOST_SRCS) $(TOOLS_FAKE_SRCS))

$(BUILD)/unit/test_tools_%: $(BUILD)/host/tests/unit/tools/test_%.o $(TOOLS_HOST_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) $(filter %.o,$^) -o $@ $(CHECK_LIBS)

# Objects only pattern rules name would count as intermediate and be deleted.
.SECONDARY: $(HOST_CORE_OBJS) $(UNIT_TESTS:$(BUILD)/unit/%=$(BUILD)/host/tests/unit/%.o) $(PTE_RULES_OBJS) \
            $(TOOLS_HOST_OBJS) $(TOOLS_UNIT_TESTS:$(BUILD)/unit/test_tools_%=$(BUILD)/host/tests/unit/tools/test_%.o)

.PHONY: unit-build
unit-build: $(UNIT_TESTS) $(TOOLS_UNIT_TESTS)

unit: deps unit-build
	@tests/harness/run-tests --unit-only
