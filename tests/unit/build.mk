# Host unit tests: one Check executable per tests/unit/test_*.c, each linked
# against the real common/ and xen/ sources plus the fake arch layer.
CHECK_LIBS      := $(shell pkg-config --libs check 2>/dev/null || echo -lcheck -lsubunit -lm -lrt -lpthread)
UNIT_TESTS      := $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(wildcard tests/unit/test_*.c))
HOST_CORE_SRCS  := $(COMMON_HOST_SRCS) $(XEN_SRCS) arch/x86/pv/pte_rules.c $(filter-out tests/unit/test_%.c,$(wildcard tests/unit/*.c))
HOST_CORE_OBJS  := $(HOST_CORE_SRCS:%.c=$(BUILD)/host/%.o)

$(BUILD)/host/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/unit/libcore.a: $(HOST_CORE_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/unit/test_%: tests/unit/test_%.c $(BUILD)/unit/libcore.a
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -MMD -MP -MF $(BUILD)/host/$*.test.d $< -o $@ $(BUILD)/unit/libcore.a $(CHECK_LIBS)

.PHONY: unit-build
unit-build: $(UNIT_TESTS)

unit: deps unit-build
	@tools/run-tests --unit-only
