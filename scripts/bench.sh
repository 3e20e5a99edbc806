#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make bench: build guest kernel, module and tools, boot the aarch64 guest
# with the simulated host (virtio-gpu-sim) and print what display updates,
# legacy cursor moves and fenced submissions cost with virtio-gpu-heap and
# with the in-tree virtio_gpu, whether ours keeps a page-flip loop at the
# refresh rate, and the frame-cost goals with whether each is met
# (tests/guest/bench.sh); then boot a second guest on QEMU's 2D
# virtio-gpu-device at 1920x1080 and print what a display update costs
# there with each driver, and its goal. Figures only; nothing is asserted
# about time: a goal not met is printed as such, and make bench fails
# only when a guest did not finish or a driver did not load.
#
# Environment: VGH_BENCH_MODES=1280x800,1920x1080  VGH_BENCH_FRAMES=20
# VGH_BENCH_SMALL=100  VGH_BENCH_SIZE=64  VGH_BENCH_MOVES=200 (cursor
# moves per run)  VGH_BENCH_FLIP_SECONDS=30 (each page-flip loop)
# Figures for a product image: the kernel without lockdep and kmemleak.
export VGH_KFLAVOUR=product
. "$(dirname "$0")/lib.sh"
vgh_prepare_guest
vgh_settle

# bench_table LOG: print the table a guest printed between "--- benchmark"
# and "--- end of benchmark".
bench_table() {
	local table
	table=$(tr -d '\r' <"$1" | sed -n '/^--- benchmark/,/^--- end of benchmark/p')
	[ -n "$table" ] || vgh_die "no benchmark table in $1"
	echo "$table" | grep -v '^--- end'
}

common="vgh.bench.frames=${VGH_BENCH_FRAMES:-20}"
common+=" vgh.bench.small=${VGH_BENCH_SMALL:-100}"
common+=" vgh.bench.size=${VGH_BENCH_SIZE:-64}"

log=$VGH_OUT/bench-console.log
args="vgh.mode=check vgh.tests=bench mem=1G $common"
args+=" vgh.bench.modes=${VGH_BENCH_MODES:-1280x800,1920x1080}"
args+=" vgh.bench.moves=${VGH_BENCH_MOVES:-200}"
args+=" vgh.bench.flip_seconds=${VGH_BENCH_FLIP_SECONDS:-30}"
vgh_log "booting the aarch64 guest (QEMU virt, TCG, virtio-gpu-sim); console: $log"
# The simulator's regions are not used; 5 GiB and mem=1G as in make check's
# sim guest, so that both drivers see the same guest. The timeout only
# stops a hung guest: the two page-flip loops alone take a minute.
"$VGH_TOP/scripts/qemu-guest.py" --gpu none --mem 5120 --timeout 900 \
	--kernel "$VGH_KBUILD/arch/arm64/boot/Image" \
	--initrd "$VGH_INITRAMFS" --append "$args" --log "$log" ||
	vgh_die "the benchmark guest did not finish (console: $log)"
bench_table "$log"

# QEMU's own 2D device, which the in-tree driver is written for: the
# guest CPU a display update costs there with each driver (no simulator,
# so no host-side counts).
qlog=$VGH_OUT/bench-qemu-console.log
qargs="vgh.mode=check vgh.tests=bench vgh.bench.qemu=1 $common"
vgh_log "booting the aarch64 guest on QEMU's virtio-gpu-device at 1920x1080; console: $qlog"
"$VGH_TOP/scripts/qemu-guest.py" --gpu virtio-gpu-device,xres=1920,yres=1080 --mem 2048 \
	--timeout 600 --kernel "$VGH_KBUILD/arch/arm64/boot/Image" \
	--initrd "$VGH_INITRAMFS" --append "$qargs" --log "$qlog" ||
	vgh_die "the QEMU benchmark guest did not finish (console: $qlog)"
echo
bench_table "$qlog"

cat "$log" "$qlog" | tr -d '\r' | grep -E '^bench: (cannot|no card0)' && exit 1
exit 0
