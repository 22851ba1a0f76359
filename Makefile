# SPDX-License-Identifier: GPL-2.0
#
# vswap: swap trace events for Linux 6.12, BPF programs and tools on top.
#
#   make deps      install every build and test dependency (Debian 12)
#   make           build the tools (static binaries in build/bin)
#   make kernel    build the patched test kernel (cached by content)
#   make test      run every test; prints "N passed, N failed"
#
# See README.md and docs/.

BUILD     ?= build
CC        := gcc
CFLAGS    ?= -O2 -g
WARNINGS  := -Wall -Wextra -Werror
SANITIZE  := -fsanitize=address,undefined -fno-omit-frame-pointer \
	     -fno-sanitize-recover=all

# Everything the build and the tests use, from Debian's archive.
DEBIAN_PACKAGES := \
	build-essential bc bison flex cpio xz-utils kmod rsync pkg-config \
	libelf-dev libssl-dev zlib1g-dev libzstd-dev libncurses-dev \
	dwarves ccache linux-source-6.12 \
	clang llvm libbpf-dev bpftool \
	qemu-system-x86 busybox-static linux-perf numactl \
	jq tmux

TOOLS := swapload

.PHONY: all deps tools kernel initramfs test guest-test checkpatch clean

all: tools

deps:
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
		$(DEBIAN_PACKAGES)

tools: $(TOOLS:%=$(BUILD)/bin/%) $(TOOLS:%=$(BUILD)/san/%)

# Static binaries for the guest and for production; sanitizer builds for
# the host tests.
$(BUILD)/bin/swapload: tools/swapload/swapload.c
	@mkdir -p $(@D)
	$(CC) -std=gnu11 $(CFLAGS) $(WARNINGS) -static -o $@ $<

$(BUILD)/san/swapload: tools/swapload/swapload.c
	@mkdir -p $(@D)
	$(CC) -std=gnu11 -O1 -g $(WARNINGS) $(SANITIZE) -o $@ $<

kernel:
	scripts/kernel-build.sh $(BUILD)/kernel

initramfs: $(BUILD)/guest/initramfs.cpio

$(BUILD)/guest/initramfs.cpio: $(TOOLS:%=$(BUILD)/bin/%) guest/init guest/lib.sh \
		$(wildcard guest/tests/*.sh) scripts/mkinitramfs.sh
	@mkdir -p $(@D)
	scripts/mkinitramfs.sh $@ $(TOOLS:%=$(BUILD)/bin/%)

# GUEST_TESTS=zram,zero runs only those guest tests.
guest-test: kernel initramfs
	scripts/run-guest.sh -k $(BUILD)/kernel/bzImage \
		-i $(BUILD)/guest/initramfs.cpio -o $(BUILD)/guest/run \
		-t "$(GUEST_TESTS)"

checkpatch:
	scripts/checkpatch.sh

test:
	scripts/test.sh

clean:
	rm -rf $(BUILD)
