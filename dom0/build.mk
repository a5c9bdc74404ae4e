# dom0/: the dom0 kernel, a guest on the guest runtime.
DOM0_SRCS  := $(wildcard dom0/*.c)
DOM0_ASMS  := $(wildcard dom0/*.asm)
DOM0_OBJS  := $(DOM0_SRCS:%.c=$(BUILD)/fs/%.o) $(DOM0_ASMS:%.asm=$(BUILD)/fs/%.o) $(TOOLS_OBJS) \
              $(BUILD)/fs/common/cpio.o
DOM0_IMAGE := $(BUILD)/dom0/dom0

$(DOM0_IMAGE): $(DOM0_OBJS) $(GUEST_RUNTIME_OBJS) $(GUEST_LDS)
	$(call guest_link,$(DOM0_OBJS))

ALL_GUESTS += $(DOM0_IMAGE)

# dom0's root file system, its second module: a newc cpio archive of dom0/root/
# with the demo domUs' kernels under /boot (tests/harness/mkcpio).  A kernel
# joins with one line, DOM0_ROOT_KERNELS += <its image>, stored as /boot/<name>;
# a test guest is taken only if its folder exists.
DOM0_ROOT         := $(BUILD)/dom0/root.cpio
DOM0_ROOT_FILES   := $(shell find dom0/root -type f 2>/dev/null)
DOM0_ROOT_KERNELS := $(if $(wildcard tests/guests/tiny-domu/),$(BUILD)/guests/tiny-domu)
DOM0_ROOT_KERNELS += $(if $(wildcard tests/guests/hello-domu/),$(BUILD)/guests/hello-domu)

$(DOM0_ROOT): $(DOM0_ROOT_FILES) $(DOM0_ROOT_KERNELS) tests/harness/mkcpio
	tests/harness/mkcpio -o $@ dom0/root $(foreach k,$(DOM0_ROOT_KERNELS),--file boot/$(notdir $(k))=$(k))

all: $(DOM0_ROOT)
