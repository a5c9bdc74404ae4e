# guest/: the PV guest runtime that dom0 and every test guest link.
#
# A guest is its own objects + GUEST_RUNTIME_OBJS, linked with guest.lds:
#     $(BUILD)/x: $(X_OBJS) $(GUEST_RUNTIME_OBJS) $(GUEST_LDS)
#     	$(call guest_link,$(X_OBJS))
# Assembly (nasm) in guest/, dom0/ and tests/guests/ is built by the rules
# below; C by the common $(BUILD)/fs/%.o rule.
GUEST_SRCS := $(wildcard guest/*.c)
GUEST_ASMS := $(wildcard guest/*.asm)
GUEST_LDS  := guest/guest.lds
GUEST_RUNTIME_OBJS := $(GUEST_SRCS:%.c=$(BUILD)/fs/%.o) $(GUEST_ASMS:%.asm=$(BUILD)/fs/%.o) \
                      $(addprefix $(BUILD)/fs/common/,format.o string.o strutil.o)

# nasm 2.16's -MD leaves %include files out of the dependency file, so every
# guest assembly file simply depends on the runtime's include files.
GUEST_INCS := $(wildcard guest/*.inc)
define GUEST_NASM
@mkdir -p $(dir $@)
$(NASM) -f elf64 -g -F dwarf -I./ -o $@ $<
endef

$(BUILD)/fs/guest/%.o: guest/%.asm $(GUEST_INCS)
	$(GUEST_NASM)
$(BUILD)/fs/dom0/%.o: dom0/%.asm $(GUEST_INCS)
	$(GUEST_NASM)
$(BUILD)/fs/tests/guests/%.o: tests/guests/%.asm $(GUEST_INCS)
	$(GUEST_NASM)

# $(call guest_link,OBJS): link OBJS and the runtime into $@.
define guest_link
@mkdir -p $(dir $@)
$(LD) -n -z max-page-size=4096 -z noexecstack --no-warn-rwx-segments -T $(GUEST_LDS) \
	-o $@ $(1) $(GUEST_RUNTIME_OBJS)
endef
