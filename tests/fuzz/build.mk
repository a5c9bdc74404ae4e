# libFuzzer targets (clang), one per tests/fuzz/fuzz_<name>.c, each linked
# against the real sources it fuzzes, with ASan and UBSan as tests/unit.
#
#   make fuzz-build   every target and its seed corpus (make test builds them:
#                     tests/harness/run-tests runs each briefly, see FUZZ_BRIEF there)
#   make fuzz-smoke   every target for 20 s from its seed corpus
#   make fuzz         every target for FUZZ_TIME seconds (default 600)
#
#   fuzz_decompress   decompress() (common/decompress.c) on arbitrary bytes
#   fuzz_kernel       a kernel module as the domain builder parses it:
#                     bzImage, decompression, ELF, Xen notes, the layout
#
# Seeds are made at build time (nothing generated is committed) under
# $(BUILD)/fuzz/corpus/<name>/, where libFuzzer also keeps what it finds;
# crashes land in $(BUILD)/fuzz/ as crash-<hash>.  Inputs that once crashed
# a target are kept in tests/fuzz/regressions/<name>/ and replayed first.

FUZZ_CC      ?= clang
FUZZ_TIME    ?= 600
FUZZ_NAMES   := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_TARGETS := $(FUZZ_NAMES:%=$(BUILD)/fuzz/fuzz_%)
FUZZ_CORPUS  := $(BUILD)/fuzz/corpus
FUZZ_CFLAGS  := $(filter-out -fsanitize=%,$(HOST_CFLAGS)) -fsanitize=fuzzer-no-link,address,undefined
FUZZ_LDFLAGS := -fsanitize=fuzzer,address,undefined
# No -max_len: libFuzzer takes the largest seed's length (at least 4096).
FUZZ_FLAGS   := -timeout=10 -rss_limit_mb=4096 -artifact_prefix=$(BUILD)/fuzz/

# What each target links besides its own file: the decompressors alone, or
# common/ and the hypervisor core on the unit tests' fake arch.
FUZZ_LINK_decompress := $(COMMON_HOST_SRCS)
FUZZ_LINK_kernel     := $(COMMON_HOST_SRCS) $(XEN_SRCS) $(filter tests/unit/fake_%.c,$(UNIT_FAKE_SRCS))

$(BUILD)/fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@

define fuzz_target_rules
$$(BUILD)/fuzz/fuzz_$(1): $$(BUILD)/fuzz/obj/tests/fuzz/fuzz_$(1).o $$(FUZZ_LINK_$(1):%.c=$$(BUILD)/fuzz/obj/%.o)
	$$(FUZZ_CC) $$(FUZZ_LDFLAGS) $$^ -o $$@
.SECONDARY: $$(BUILD)/fuzz/obj/tests/fuzz/fuzz_$(1).o $$(FUZZ_LINK_$(1):%.c=$$(BUILD)/fuzz/obj/%.o)
endef
$(foreach name,$(FUZZ_NAMES),$(eval $(call fuzz_target_rules,$(name))))

# decompress: two samples (text, and a long run) through each compressor setting.
FUZZ_SEED_COMMANDS := 'gzip -9' 'gzip -1' 'xz -9' 'xz -1 --check=crc32' 'lzma -9' 'bzip2 -9' \
                      'bzip2 -1' 'lzop -9' 'lzop -1 --crc32 -CC' 'lz4 -l -9' 'lz4 -9 -BX' \
                      'lz4 -B4 -BD --no-frame-crc' 'zstd -19' 'zstd -1 --no-check'

$(FUZZ_CORPUS)/decompress/.seeded: tests/fuzz/build.mk
	@mkdir -p $(@D)
	@seq 1 3000 > $(@D)/sample-text
	@head -c 20000 /dev/zero | tr '\0' 'a' > $(@D)/sample-run
	@for sample in text run; do \
	    n=0; for cmd in $(FUZZ_SEED_COMMANDS); do \
	        n=$$((n + 1)); \
	        $$cmd < $(@D)/sample-$$sample > $(@D)/seed-$$sample-$$n 2>/dev/null \
	            || { echo "fuzz seed: '$$cmd' failed" >&2; rm -f $(@D)/seed-$$sample-$$n; }; \
	    done; \
	done
	@rm -f $(@D)/sample-text $(@D)/sample-run
	@touch $@

# kernel: test guests of several shapes (runtime notes, minimal notes linked
# low, INIT_P2M, a refused ENTRY), stripped; each also gzip'd, and the
# smallest also in bzImages with several payload formats.
FUZZ_KERNEL_GUESTS  := minimal-notes init-p2m bad-entry startofday
FUZZ_BZIMAGE_PACKERS := 'gzip -9n' 'xz --check=crc32 -9' 'zstd -19 -q' 'lz4 -l -9 -q'

$(FUZZ_CORPUS)/kernel/.seeded: tests/fuzz/build.mk tests/fuzz/make-bzimage \
                                $(FUZZ_KERNEL_GUESTS:%=$(BUILD)/guests/%)
	@mkdir -p $(@D)
	@for g in $(FUZZ_KERNEL_GUESTS); do \
	    $(OBJCOPY) --strip-all $(BUILD)/guests/$$g $(@D)/seed-elf-$$g && \
	    gzip -9n < $(@D)/seed-elf-$$g > $(@D)/seed-gz-$$g || exit 1; \
	done
	@n=0; for cmd in $(FUZZ_BZIMAGE_PACKERS); do \
	    n=$$((n + 1)); \
	    tests/fuzz/make-bzimage "$$cmd" < $(@D)/seed-elf-minimal-notes > $(@D)/seed-bzimage-$$n \
	        || { echo "fuzz seed: bzImage with '$$cmd' failed" >&2; rm -f $(@D)/seed-bzimage-$$n; }; \
	done
	@touch $@

.PHONY: fuzz-build fuzz-smoke fuzz
fuzz-build: $(FUZZ_TARGETS) $(FUZZ_NAMES:%=$(FUZZ_CORPUS)/%/.seeded)

# Run every target for $(1) seconds on its corpus, after replaying its
# regressions; stop at the first that fails.  libFuzzer prints execs/s as it
# goes and a "Done N runs" line at the end.
fuzz_run = for name in $(FUZZ_NAMES); do \
        echo "fuzz_$$name: $(1) s"; \
        regressions=$$(ls tests/fuzz/regressions/$$name/* 2>/dev/null); \
        if [ -n "$$regressions" ]; then \
            $(BUILD)/fuzz/fuzz_$$name $(FUZZ_FLAGS) $$regressions || exit 1; \
        fi; \
        $(BUILD)/fuzz/fuzz_$$name $(FUZZ_FLAGS) -print_final_stats=1 \
            -max_total_time=$(1) $(FUZZ_CORPUS)/$$name || exit 1; \
    done

fuzz-smoke: fuzz-build
	@$(call fuzz_run,20)

fuzz: fuzz-build
	@$(call fuzz_run,$(FUZZ_TIME))
