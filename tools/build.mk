# tools/: the toolstack (xl and the library under it).  Built twice: freestanding
# into dom0, and for the host, where tests/unit/tools/test_*.c test it.  Its only
# way to the hypervisor is the control seam tools/xc.h; dom0 implements it with
# hypercalls (dom0/xc.c), the host tests with a fake (tests/unit/tools/fake_*.c).
TOOLS_SRCS := $(wildcard tools/*.c tools/*/*.c)
TOOLS_OBJS := $(TOOLS_SRCS:%.c=$(BUILD)/fs/%.o)
# The domain builder loads kernels with the hypervisor's own loader (common/):
# every freestanding program linking the toolstack links these too.
TOOLS_LOADER_OBJS := $(addprefix $(BUILD)/fs/common/,kernel_image.o pv_layout.o elf.o bzimage.o \
                     decompress.o inflate.o bunzip2.o unlzma.o lzma_dec.o unxz.o unlzo.o unlz4.o \
                     unzstd.o zstd_block.o zstd_entropy.o crc32.o)
TOOLS_OBJS += $(TOOLS_LOADER_OBJS)
