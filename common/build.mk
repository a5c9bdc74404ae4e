# common/: freestanding C shared by the hypervisor, the guests and the host tests.
COMMON_SRCS      := $(wildcard common/*.c)
# string.c supplies memcpy & co. on bare metal; on the host libc does.
COMMON_HOST_SRCS := $(filter-out common/string.c,$(COMMON_SRCS))
COMMON_OBJS      := $(COMMON_SRCS:%.c=$(HV_BUILD)/fs/%.o)

# Every freestanding object (hypervisor, guests) is built the same way; the
# debug hypervisor's (make DEBUG=1) with -DDEBUG, under build/debug/.
define fs_compile
@mkdir -p $(dir $@)
$(CC) $(FREESTANDING) $(1) $(EXTRA_CFLAGS_$(firstword $(subst /, ,$<))) -MMD -MP -c $< -o $@
endef
$(BUILD)/fs/%.o: %.c
	$(call fs_compile)
$(BUILD)/debug/fs/%.o: %.c
	$(call fs_compile,-DDEBUG)
