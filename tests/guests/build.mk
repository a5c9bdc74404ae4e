# tests/guests/: one test guest per folder, tests/guests/<area>/ ->
# $(BUILD)/guests/<area>, built from the folder's .c and .asm files and the
# guest runtime.  tests/integration/<area>.test boots it as dom0.
#
# Kernel-loader tests need images of other shapes: a folder with a
# notes.asm of its own links it instead of guest/notes.asm (other ELF
# notes), and one with a guest.lds of its own links with it instead of
# guest/guest.lds (another link address or entry point).
#
# A folder holding a file named `toolstack` (a guest playing dom0) also
# links the toolstack, tools/, and the loader it shares with the
# hypervisor, as an archive: only what the guest calls comes in.
GUEST_TEST_AREAS := $(patsubst tests/guests/%/,%,$(wildcard tests/guests/*/))
GUEST_TOOLS_LIB  := $(BUILD)/fs/tools/libtools.a

$(GUEST_TOOLS_LIB): $(TOOLS_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

define guest_test_rules
GUEST_TEST_OBJS_$(1) := $$(patsubst %.c,$$(BUILD)/fs/%.o,$$(wildcard tests/guests/$(1)/*.c)) \
                        $$(patsubst %.asm,$$(BUILD)/fs/%.o,$$(wildcard tests/guests/$(1)/*.asm))
GUEST_TEST_LDS_$(1) := $$(or $$(wildcard tests/guests/$(1)/guest.lds),$$(GUEST_LDS))
GUEST_TEST_RUNTIME_$(1) := $$(if $$(wildcard tests/guests/$(1)/notes.asm), \
        $$(filter-out $$(BUILD)/fs/guest/notes.o,$$(GUEST_RUNTIME_OBJS)),$$(GUEST_RUNTIME_OBJS))
GUEST_TEST_TOOLS_$(1) := $$(if $$(wildcard tests/guests/$(1)/toolstack),$$(GUEST_TOOLS_LIB))
$$(BUILD)/guests/$(1): $$(GUEST_TEST_OBJS_$(1)) $$(GUEST_TEST_TOOLS_$(1)) $$(GUEST_TEST_RUNTIME_$(1)) \
                       $$(GUEST_TEST_LDS_$(1))
	@mkdir -p $$(dir $$@)
	$$(LD) -n -z max-page-size=4096 -z noexecstack --no-warn-rwx-segments \
		-T $$(GUEST_TEST_LDS_$(1)) -o $$@ $$(GUEST_TEST_OBJS_$(1)) $$(GUEST_TEST_TOOLS_$(1)) \
		$$(GUEST_TEST_RUNTIME_$(1))
ALL_GUESTS += $$(BUILD)/guests/$(1)
endef
$(foreach area,$(GUEST_TEST_AREAS),$(eval $(call guest_test_rules,$(area))))
