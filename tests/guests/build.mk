# tests/guests/: one test guest per folder, tests/guests/<area>/ ->
# $(BUILD)/guests/<area>, built from the folder's .c and .asm files and the
# guest runtime.  tests/integration/<area>.test boots it as dom0.
GUEST_TEST_AREAS := $(patsubst tests/guests/%/,%,$(wildcard tests/guests/*/))

define guest_test_rules
GUEST_TEST_OBJS_$(1) := $$(patsubst %.c,$$(BUILD)/fs/%.o,$$(wildcard tests/guests/$(1)/*.c)) \
                        $$(patsubst %.asm,$$(BUILD)/fs/%.o,$$(wildcard tests/guests/$(1)/*.asm))
$$(BUILD)/guests/$(1): $$(GUEST_TEST_OBJS_$(1)) $$(GUEST_RUNTIME_OBJS) $$(GUEST_LDS)
	$$(call guest_link,$$(GUEST_TEST_OBJS_$(1)))
ALL_GUESTS += $$(BUILD)/guests/$(1)
endef
$(foreach area,$(GUEST_TEST_AREAS),$(eval $(call guest_test_rules,$(area))))
