# One entry point for the whole project.  Every output lands under build/.
#
#   make          build the hypervisor, the guests and the boot ISO
#   make run      boot the ISO under QEMU on this terminal
#   make test     unit tests (host, Check), a brief fuzz run, then integration tests (QEMU)
#   make fuzz     every libFuzzer target for FUZZ_TIME seconds (default 600; tests/fuzz/)
#   make bench    instruction counts per hot path, ours beside Xen 4.17
#   make clean
#   make format         apply .clang-format to every C file (tests/harness/format)
#   make check-format   list the C files .clang-format would change
#   make check          static analysis: clang-tidy with .clang-tidy (tests/harness/check-static)
#   make gdb            boot the ISO stopped under QEMU, gdb attached (tests/harness/gdb-run)
#   make DEBUG=1 ...    the same with the debug hypervisor, in build/debug/

BUILD   := build
CC      := gcc
LD      := ld
NASM    := nasm
OBJCOPY := objcopy
NM      := nm
PYTHON  := python3

WARN    := -Wall -Wextra -Werror -Wno-unused-parameter -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wvla
# Code that runs on bare metal (hypervisor, guests): no libc, no red zone
# (interrupts push onto the same stack), no SSE (its state is the guests').
# The kernel code model only reaches the top 2 GiB, which belong to the
# guests; the hypervisor lives at 0xFFFF82D040000000, so all code is
# RIP-relative instead (-fpie with hidden symbols: no GOT, static link).
FREESTANDING := -std=gnu11 -ffreestanding -fpie -fvisibility=hidden -fno-stack-protector \
           -mno-red-zone -mgeneral-regs-only -fno-omit-frame-pointer \
           -fno-asynchronous-unwind-tables -fno-common -O2 -g $(WARN) -I. -Iarch/x86/include
HOST_CFLAGS := -std=gnu11 -O1 -g $(WARN) -I. -Itests/unit/include -fsanitize=address,undefined \
           -fno-sanitize-recover=undefined -fno-omit-frame-pointer -DHOST_TEST -DDEBUG

# DEBUG=1 builds the debug hypervisor: -DDEBUG turns ASSERT() on (xen/lib.h).
# Its objects, images and ISO go under HV_BUILD = build/debug/, apart from the
# release ones.  Guests and host tests are the same in both builds (the host
# tests always have ASSERT on).
DEBUG ?= 0
ifeq ($(DEBUG),1)
HV_BUILD  := $(BUILD)/debug
HV_CFLAGS := -DDEBUG
else
HV_BUILD  := $(BUILD)
HV_CFLAGS :=
endif

.PHONY: all run test unit integration bench clean deps format check-format check gdb
all:

# Guests first: the hypervisor's ISO rule names dom0's image in its prerequisites.
include common/build.mk
include guest/build.mk
include tools/build.mk
include dom0/build.mk
include tests/guests/build.mk
include xen/build.mk
include arch/x86/build.mk
include tests/unit/build.mk
include tests/fuzz/build.mk

all: $(HV_BUILD)/hypervisor $(HV_BUILD)/boot.iso $(ALL_GUESTS)

deps:
	@tests/harness/install-deps

run: deps all
	$(PYTHON) tests/harness/qemu-run --interactive --iso $(HV_BUILD)/boot.iso

test: deps all unit-build fuzz-build
	@tests/harness/run-tests $(if $(filter 1,$(DEBUG)),--debug)

bench: deps all
	@tests/harness/run-bench

clean:
	rm -rf $(BUILD)

format:
	@tests/harness/format

check-format:
	@tests/harness/format --check

check:
	@tests/harness/check-static

gdb: deps all
	tests/harness/gdb-run --symbols $(HV_BUILD)/hypervisor --iso $(HV_BUILD)/boot.iso

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
