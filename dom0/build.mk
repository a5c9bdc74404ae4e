# dom0/: the dom0 kernel, a guest on the guest runtime.
DOM0_SRCS  := $(wildcard dom0/*.c)
DOM0_ASMS  := $(wildcard dom0/*.asm)
DOM0_OBJS  := $(DOM0_SRCS:%.c=$(BUILD)/fs/%.o) $(DOM0_ASMS:%.asm=$(BUILD)/fs/%.o) $(TOOLS_OBJS)
DOM0_IMAGE := $(BUILD)/dom0/dom0

$(DOM0_IMAGE): $(DOM0_OBJS) $(GUEST_RUNTIME_OBJS) $(GUEST_LDS)
	$(call guest_link,$(DOM0_OBJS))

ALL_GUESTS += $(DOM0_IMAGE)
