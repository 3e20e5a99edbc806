#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make igt-compare: the IGT-style suite (tests/igt) against the in-tree
# virtio_gpu and against virtio-gpu-heap on the same QEMU device, one guest
# boot each, then both results side by side (scripts/igt-compare.py).
# The in-tree run is slow: subtests that wait for vblanks it never sends
# run into the per-subtest timeout.
# Same rig as make check's IGT guest: the product kernel, one guest CPU.
export VGH_KFLAVOUR=product
. "$(dirname "$0")/lib.sh"
vgh_prepare_guest
vgh_settle
logs=$VGH_OUT/igt
mkdir -p "$logs"
for driver in virtio_gpu virtio-gpu-heap; do
	vgh_log "IGT-style suite against $driver"
	"$VGH_TOP/scripts/qemu-guest.py" --kernel "$VGH_KBUILD/arch/arm64/boot/Image" \
		--initrd "$VGH_INITRAMFS" --gpu virtio-gpu-device \
		--log "$logs/$driver.log" --timeout 3600 --smp 1 \
		--append "vgh.mode=check vgh.tests=igt vgh.igt.driver=$driver" ||
		vgh_log "the $driver guest did not finish; its results are partial"
done
"$VGH_TOP/scripts/igt-compare.py" "$logs/virtio_gpu.log" \
	"$logs/virtio-gpu-heap.log" | tee "$logs/compare.txt"
