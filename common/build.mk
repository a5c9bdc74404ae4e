# common/: freestanding C shared by the hypervisor, the guests and the host tests.
COMMON_SRCS      := $(wildcard common/*.c)
# string.c supplies memcpy & co. on bare metal; on the host libc does.
COMMON_HOST_SRCS := $(filter-out common/string.c,$(COMMON_SRCS))
COMMON_OBJS      := $(COMMON_SRCS:%.c=$(BUILD)/fs/%.o)

# Every freestanding object (hypervisor, guests) is built the same way.
$(BUILD)/fs/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(FREESTANDING) $(EXTRA_CFLAGS_$(firstword $(subst /, ,$<))) -MMD -MP -c $< -o $@
