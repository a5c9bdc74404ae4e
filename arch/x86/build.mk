# arch/x86/: the machine (boot, CPU tables, APIC, TSC, SMP, serial, the
# hypervisor's own page tables, context switch); arch/x86/pv/: the PV guest ABI.
ARCH_SRCS := $(wildcard arch/x86/*.c arch/x86/pv/*.c)
ARCH_ASMS := $(wildcard arch/x86/boot/*.asm arch/x86/pv/*.asm)
ARCH_OBJS := $(filter-out $(HV_BUILD)/fs/arch/x86/asm-offsets.o,$(ARCH_SRCS:%.c=$(HV_BUILD)/fs/%.o)) \
             $(ARCH_ASMS:%.asm=$(HV_BUILD)/fs/%.o)
HV_OBJS   := $(ARCH_OBJS) $(XEN_OBJS) $(COMMON_OBJS)

$(HV_BUILD)/asm-offsets.inc: arch/x86/asm-offsets.c arch/x86/include/*.h
	@mkdir -p $(dir $@)
	$(CC) $(FREESTANDING) $(HV_CFLAGS) -S $< -o $@.s
	sed -n 's/.*@@\([A-Z0-9_]*\) \$$\{0,1\}\(-\{0,1\}[0-9]*\)@@.*/%define \1 \2/p' $@.s > $@
	rm -f $@.s

$(HV_BUILD)/fs/arch/x86/%.o: arch/x86/%.asm $(HV_BUILD)/asm-offsets.inc
	@mkdir -p $(dir $@)
	$(NASM) -f elf64 -g -F dwarf -I$(HV_BUILD)/ -Iarch/x86/ -MD $(@:.o=.d) -o $@ $<

HV_LINK = $(LD) -n -z max-page-size=4096 -z noexecstack --no-warn-rwx-segments --build-id=sha1 -T arch/x86/xen.lds

# Two passes: link without symbols, read the symbols, link them in last.
$(HV_BUILD)/hypervisor: $(HV_OBJS) arch/x86/xen.lds xen/gen-symbols
	@mkdir -p $(HV_BUILD)/symbols
	xen/gen-symbols /dev/null > $(HV_BUILD)/symbols/pass0.asm
	$(NASM) -f elf64 -o $(HV_BUILD)/symbols/pass0.o $(HV_BUILD)/symbols/pass0.asm
	$(HV_LINK) -o $@.pass0 $(HV_OBJS) $(HV_BUILD)/symbols/pass0.o
	$(NM) -n $@.pass0 | xen/gen-symbols - > $(HV_BUILD)/symbols/final.asm
	$(NASM) -f elf64 -o $(HV_BUILD)/symbols/final.o $(HV_BUILD)/symbols/final.asm
	$(HV_LINK) -o $@ $(HV_OBJS) $(HV_BUILD)/symbols/final.o
	@$(NM) -n $@ | xen/gen-symbols - | cmp -s - $(HV_BUILD)/symbols/final.asm || \
		{ echo "symbol table moved between link passes"; rm -f $@; exit 1; }
	rm -f $@.pass0

# A test-only image that faults on purpose after its boot checks, so the
# integration tests can see the register dump and backtrace.
$(HV_BUILD)/selftest-fault/xen/setup.o: xen/setup.c
	@mkdir -p $(dir $@)
	$(CC) $(FREESTANDING) $(HV_CFLAGS) -DSELFTEST_FAULT -c $< -o $@

SELFTEST_OBJS := $(filter-out $(HV_BUILD)/fs/xen/setup.o,$(HV_OBJS)) $(HV_BUILD)/selftest-fault/xen/setup.o
$(HV_BUILD)/hypervisor-selftest-fault: $(SELFTEST_OBJS) $(HV_BUILD)/hypervisor
	$(HV_LINK) -o $@.pass0 $(SELFTEST_OBJS) $(HV_BUILD)/symbols/pass0.o
	$(NM) -n $@.pass0 | xen/gen-symbols - > $(HV_BUILD)/symbols/selftest.asm
	$(NASM) -f elf64 -o $(HV_BUILD)/symbols/selftest.o $(HV_BUILD)/symbols/selftest.asm
	$(HV_LINK) -o $@ $(SELFTEST_OBJS) $(HV_BUILD)/symbols/selftest.o
	rm -f $@.pass0

all: $(HV_BUILD)/hypervisor-selftest-fault

# The ISO `make run` boots: our hypervisor, dom0 and its root file system (dom0/build.mk).
RUN_CMDLINE ?= console=com1 loglvl=info
RUN_MODULES ?= $(DOM0_IMAGE) $(DOM0_ROOT)
$(HV_BUILD)/boot.iso: $(HV_BUILD)/hypervisor $(RUN_MODULES) tests/harness/mkiso
	tests/harness/mkiso -o $@ --hypervisor $(HV_BUILD)/hypervisor --cmdline "$(RUN_CMDLINE)" \
		$(foreach m,$(RUN_MODULES),--module $(m) "")
