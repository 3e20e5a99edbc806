# SPDX-License-Identifier: GPL-2.0
#
# Thin wrapper around kbuild, plus the two rig entry points:
#   make run     build everything, boot the aarch64 guest, show what the
#                driver found and save a screenshot
#   make check   every gate and test; ends with "N passed, M failed"
#   make fresh-check   both of them in a new minimal Debian 12 chroot, as
#                on a fresh machine (needs root; about 45 minutes)
#   make bench   frame cost, ours and the in-tree virtio_gpu on the
#                simulated host and on QEMU's 2D device, with the goals
#   make igt-compare   the IGT-style suite on the in-tree virtio_gpu and on
#                ours, same QEMU device, results side by side
#   make dkms-check   dkms.conf as DKMS uses it: add, build and install for
#                Debian 12's 6.1 kernel, modinfo, remove (needs root)
#
# Against any prepared kernel tree:  make KDIR=/path/to/kernel/build

KDIR ?= /lib/modules/$(shell uname -r)/build
VGH_WERROR ?=
VGH_HDRTEST ?=

.PHONY: modules clean install modules_install deps run check bench igt-compare fresh-check \
	kdir-check dkms-check

modules: kdir-check
	$(MAKE) -C $(KDIR) M=$(CURDIR) VGH_WERROR=$(VGH_WERROR) VGH_HDRTEST=$(VGH_HDRTEST) modules

# O=: a kernel built in a separate output directory (as OpenEmbedded's
# module class passes it), whose .config and Module.symvers are there.
kdir-check:
	@scripts/kdir-check.sh $(KDIR) $(O)

clean:
	@if [ -f $(KDIR)/Makefile ]; then $(MAKE) -C $(KDIR) M=$(CURDIR) clean; fi

install modules_install: kdir-check
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules_install

deps:
	@scripts/deps.sh

run:
	@scripts/run.sh

check:
	@scripts/check.sh

bench:
	@scripts/bench.sh

igt-compare:
	@scripts/igt-compare.sh

fresh-check:
	@scripts/fresh-check.sh

dkms-check:
	@scripts/dkms-check.sh
