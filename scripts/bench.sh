#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make bench: build guest kernel, module and tools, boot the aarch64 guest
# with the simulated host (virtio-gpu-sim) and print what display updates
# and fenced submissions cost with virtio-gpu-heap and with the in-tree
# virtio_gpu (tests/guest/bench.sh). Figures only; nothing is asserted
# about time.
#
# Environment: VGH_BENCH_MODES=1280x800,1920x1080  VGH_BENCH_FRAMES=20
# VGH_BENCH_SMALL=100  VGH_BENCH_SIZE=64
# Figures for a product image: the kernel without lockdep and kmemleak.
export VGH_KFLAVOUR=product
. "$(dirname "$0")/lib.sh"
vgh_prepare_guest
vgh_settle

log=$VGH_OUT/bench-console.log
args="vgh.mode=check vgh.tests=bench mem=1G"
args+=" vgh.bench.modes=${VGH_BENCH_MODES:-1280x800,1920x1080}"
args+=" vgh.bench.frames=${VGH_BENCH_FRAMES:-20}"
args+=" vgh.bench.small=${VGH_BENCH_SMALL:-100}"
args+=" vgh.bench.size=${VGH_BENCH_SIZE:-64}"
vgh_log "booting the aarch64 guest (QEMU virt, TCG, virtio-gpu-sim); console: $log"
# The simulator's regions are not used; 5 GiB and mem=1G as in make check's
# sim guest, so that both drivers see the same guest.
"$VGH_TOP/scripts/qemu-guest.py" --gpu none --mem 5120 --timeout 600 \
	--kernel "$VGH_KBUILD/arch/arm64/boot/Image" \
	--initrd "$VGH_INITRAMFS" --append "$args" --log "$log" ||
	vgh_die "the benchmark guest did not finish (console: $log)"

table=$(tr -d '\r' <"$log" | sed -n '/^--- benchmark/,/^--- end of benchmark/p')
[ -n "$table" ] || vgh_die "no benchmark table in $log"
echo "$table" | grep -v '^--- end'
tr -d '\r' <"$log" | grep -E '^bench: (cannot|no card0)' && exit 1
exit 0
