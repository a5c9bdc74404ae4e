# arch/x86/: the machine (boot, CPU tables, APIC, TSC, SMP, serial, the
# hypervisor's own page tables, context switch); arch/x86/pv/: the PV guest ABI.
ARCH_SRCS := $(wildcard arch/x86/*.c arch/x86/pv/*.c)
ARCH_ASMS := $(wildcard arch/x86/boot/*.asm arch/x86/pv/*.asm)
ARCH_OBJS := $(filter-out $(BUILD)/fs/arch/x86/asm-offsets.o,$(ARCH_SRCS:%.c=$(BUILD)/fs/%.o)) \
             $(ARCH_ASMS:%.asm=$(BUILD)/fs/%.o)
HV_OBJS   := $(ARCH_OBJS) $(XEN_OBJS) $(COMMON_OBJS)

$(BUILD)/asm-offsets.inc: arch/x86/asm-offsets.c arch/x86/include/*.h
	@mkdir -p $(dir $@)
	$(CC) $(FREESTANDING) -S $< -o $@.s
	sed -n 's/.*@@\([A-Z0-9_]*\) \$$\{0,1\}\(-\{0,1\}[0-9]*\)@@.*/%define \1 \2/p' $@.s > $@
	rm -f $@.s

$(BUILD)/fs/arch/x86/%.o: arch/x86/%.asm $(BUILD)/asm-offsets.inc
	@mkdir -p $(dir $@)
	$(NASM) -f elf64 -g -F dwarf -I$(BUILD)/ -Iarch/x86/ -MD $(@:.o=.d) -o $@ $<

HV_LINK = $(LD) -n -z max-page-size=4096 -z noexecstack --no-warn-rwx-segments --build-id=sha1 -T arch/x86/xen.lds

# Two passes: link without symbols, read the symbols, link them in last.
$(BUILD)/hypervisor: $(HV_OBJS) arch/x86/xen.lds tools/gen-symbols
	@mkdir -p $(BUILD)/symbols
	tools/gen-symbols /dev/null > $(BUILD)/symbols/pass0.asm
	$(NASM) -f elf64 -o $(BUILD)/symbols/pass0.o $(BUILD)/symbols/pass0.asm
	$(HV_LINK) -o $@.pass0 $(HV_OBJS) $(BUILD)/symbols/pass0.o
	$(NM) -n $@.pass0 | tools/gen-symbols - > $(BUILD)/symbols/final.asm
	$(NASM) -f elf64 -o $(BUILD)/symbols/final.o $(BUILD)/symbols/final.asm
	$(HV_LINK) -o $@ $(HV_OBJS) $(BUILD)/symbols/final.o
	@$(NM) -n $@ | tools/gen-symbols - | cmp -s - $(BUILD)/symbols/final.asm || \
		{ echo "symbol table moved between link passes"; rm -f $@; exit 1; }
	rm -f $@.pass0

# A test-only image that faults on purpose after its boot checks, so the
# integration tests can see the register dump and backtrace.
$(BUILD)/selftest-fault/xen/setup.o: xen/setup.c
	@mkdir -p $(dir $@)
	$(CC) $(FREESTANDING) -DSELFTEST_FAULT -c $< -o $@

SELFTEST_OBJS := $(filter-out $(BUILD)/fs/xen/setup.o,$(HV_OBJS)) $(BUILD)/selftest-fault/xen/setup.o
$(BUILD)/hypervisor-selftest-fault: $(SELFTEST_OBJS) $(BUILD)/hypervisor
	$(HV_LINK) -o $@.pass0 $(SELFTEST_OBJS) $(BUILD)/symbols/pass0.o
	$(NM) -n $@.pass0 | tools/gen-symbols - > $(BUILD)/symbols/selftest.asm
	$(NASM) -f elf64 -o $(BUILD)/symbols/selftest.o $(BUILD)/symbols/selftest.asm
	$(HV_LINK) -o $@ $(SELFTEST_OBJS) $(BUILD)/symbols/selftest.o
	rm -f $@.pass0

all: $(BUILD)/hypervisor-selftest-fault

# The ISO `make run` boots: our hypervisor with dom0 as the first module.
RUN_CMDLINE ?= console=com1 loglvl=info
RUN_MODULES ?= $(DOM0_IMAGE)
$(BUILD)/boot.iso: $(BUILD)/hypervisor $(RUN_MODULES) tools/mkiso
	tools/mkiso -o $@ --hypervisor $(BUILD)/hypervisor --cmdline "$(RUN_CMDLINE)" \
		$(foreach m,$(RUN_MODULES),--module $(m) "")
