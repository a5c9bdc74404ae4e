# libFuzzer targets (clang), one per tests/fuzz/fuzz_<name>.c, each linked
# against the real common/ sources.  Not part of `make all` or `make test`.
#
#   make fuzz-smoke   every target for 20 s from its seed corpus
#   make fuzz         every target for FUZZ_TIME seconds (default 600)
#
# Seeds are made at run time by the real compressors (nothing compressed is
# committed) under $(BUILD)/fuzz/corpus/<name>/, where libFuzzer also keeps
# what it finds; crashes land in $(BUILD)/fuzz/ as crash-<hash>.

FUZZ_CC      ?= clang
FUZZ_TIME    ?= 600
FUZZ_NAMES   := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_TARGETS := $(FUZZ_NAMES:%=$(BUILD)/fuzz/fuzz_%)
FUZZ_CORPUS  := $(BUILD)/fuzz/corpus
FUZZ_CFLAGS  := $(filter-out -fsanitize=%,$(HOST_CFLAGS)) -fsanitize=fuzzer,address,undefined
FUZZ_FLAGS   := -timeout=10 -max_len=65536 -artifact_prefix=$(BUILD)/fuzz/

# Each seed is one of two samples (text, and a long run) through one compressor setting.
FUZZ_SEED_COMMANDS := 'gzip -9' 'gzip -1' 'xz -9' 'xz -1 --check=crc32' 'lzma -9' 'bzip2 -9' \
                      'bzip2 -1' 'lzop -9' 'lzop -1 --crc32 -CC' 'lz4 -l -9' 'lz4 -9 -BX' \
                      'lz4 -B4 -BD --no-frame-crc' 'zstd -19' 'zstd -1 --no-check'

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(COMMON_HOST_SRCS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $< $(COMMON_HOST_SRCS) -o $@

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

.PHONY: fuzz-build fuzz-smoke fuzz
fuzz-build: $(FUZZ_TARGETS) $(FUZZ_NAMES:%=$(FUZZ_CORPUS)/%/.seeded)

# Run every target for $(1) seconds on its corpus; stop at the first that fails.
fuzz_run = for name in $(FUZZ_NAMES); do \
        echo "fuzz_$$name: $(1) s"; \
        $(BUILD)/fuzz/fuzz_$$name $(FUZZ_FLAGS) -max_total_time=$(1) $(FUZZ_CORPUS)/$$name \
            || exit 1; \
    done

fuzz-smoke: fuzz-build
	@$(call fuzz_run,20)

fuzz: fuzz-build
	@$(call fuzz_run,$(FUZZ_TIME))
