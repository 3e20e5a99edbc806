# SPDX-License-Identifier: GPL-2.0
# The dedicated heap taken from the device tree, on QEMU's virtio-gpu
# device, which takes no blobs here. The guest boots with a no-map
# reserved-memory node at 0x88000000+64 MiB that the GPU's virtio-mmio
# node names with memory-region (scripts/qemu-guest.py --dt-heap). The
# driver finds the pool there, says once that the device takes no blobs,
# and places userspace's dumb buffers in the heap as the backing of 2D
# resources: the test pattern still reaches QEMU's display (the host
# compares its screendump with the pattern) and every block comes back.
. /tests/ktap.sh

HEAP_BASE=$((0x88000000))
HEAP_END=$((0x8c000000))

heap_file() { cat "$(drm_debugfs_dir)/vgh_heap"; }

# Called by vgh-kms-fill while its pattern is shown: the framebuffer's
# buffer is a heap block inside the carve-out.
check_heap_backing() {
	grep -E 'backend=|heap block=' "$(drm_debugfs_dir)/framebuffer"
	block=$(sed -n 's/.*heap block=\(0x[0-9a-f]*\)$/\1/p' \
		"$(drm_debugfs_dir)/framebuffer" | head -n 1)
	[ -n "$block" ] || fail "no framebuffer in the heap" || return 1
	[ $((block)) -ge $HEAP_BASE ] && [ $((block)) -lt $HEAP_END ] ||
		fail "heap block $block is outside the carve-out" || return 1
	heap_file | head -n 2
}

case "${1:-}" in
check_*) "$@"; exit ;;
esac

test_pool_from_device_tree() {
	modprobe virtio-gpu-heap && wait_for 5 test -e /dev/dri/card0 || return 1
	dmesg | grep 'heap:'
	dmesg | grep -q 'heap: pool 0x88000000+0x4000000 from the device tree, heap mode on' ||
		fail "no log line for the pool from the device tree" || return 1
	expect_eq "lines saying the device takes no blobs" \
		"$(dmesg | grep -c 'heap: the device takes no blobs')" 1
}

# No GUEST_VRAM blobs without blobs: parameter 9 is absent for Venus.
test_no_guest_vram_without_blobs() {
	virtgpu_heap --run-subtest heap-params,heap-errors
}

test_pattern_from_heap_for_screendump() {
	echo 0 >/sys/class/graphics/fbcon/cursor_blink 2>/dev/null
	vgh-kms-fill -f -x 'sh /tests/heapdt.sh check_heap_backing &&
		echo "VGH-HOST screendump" >/dev/console && sleep 3'
}

test_blocks_come_back() {
	heap_file | head -n 2
	heap_file | grep -q ' used 0 .* blocks 0 .* failures 0 retired 0$' ||
		fail "the heap is not empty"
}

test_driver_unloads() {
	modprobe -r virtio-gpu-heap
}

ktap_run vgh_heap_dt kmemleak_ready pool_from_device_tree \
	no_guest_vram_without_blobs pattern_from_heap_for_screendump \
	blocks_come_back driver_unloads no_leaks no_kernel_splats
