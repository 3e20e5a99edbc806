# SPDX-License-Identifier: GPL-2.0
# The dedicated heap's pool as the driver finds it: from the device's
# shared memory region or from the bring-up module parameters, refused
# with one log line when it cannot be used, and heap mode on only when
# there is no host-visible region. Runs in the guest with mem=1G and
# 5 GiB of RAM, where 0x80000000 and up lies outside the kernel.
. /tests/ktap.sh

HEAP_LOW=0x88000000
HEAP_HIGH=0x100000000

heap_file() { cat "$(drm_debugfs_dir)/vgh_heap"; }
# the pool, and released blocks, are cleared in the background
heap_cleared() { wait_for 10 sh -c "cat $(drm_debugfs_dir)/vgh_heap | grep -q '^clearing 0 '"; }

# load DRIVER-ARGS -- SIM-ARGS: both modules, and wait for the card
load() { sim_load virtio-gpu-heap "$@"; }
unload() { sim_unload virtio_gpu_heap; }

# Called by vgh-kms-fill while its pattern is shown from a heap dumb
# buffer: the host reads the GUEST_VRAM blob where it lies, one entry in
# the heap, and copied nothing to show it.
check_direct() {
	cat $SIM/scanouts
	line=$(grep '^scanout 0 ' $SIM/scanouts)
	res=$(echo "$line" | sed -n 's/.* resource \([0-9]*\) .*/\1/p')
	grep -A1 "^resource $res " $SIM/resources
	echo "$line" | grep -q ' source guest-direct$' ||
		fail "scanout 0 is not shown from guest memory" || return 1
	grep -qE "^resource $res kind blob .* blob_mem 4 .* entries 1( |\$)" $SIM/resources ||
		fail "resource $res is not a one-entry GUEST_VRAM blob" || return 1
	expect_eq "bytes the host copied" "$(sim_state copied)" "$(cat /tmp/heap-copied)"
}

case "${1:-}" in
check_*) "$@"; exit ;;
esac

test_pool_from_device() {
	load -- features=virgl,edid,resource_uuid,resource_blob,context_init heap_base=$HEAP_LOW heap_size=0x4000000 || return 1
	heap_cleared || fail "the pool is not cleared after 10 s" || return 1
	heap_file
	expect_eq "vgh_heap" "$(heap_file | head -n 2 | tr '\n' ';')" \
		"heap mode on;pool 0x0000000088000000+0x4000000 size 67108864 used 0 free 67108864 largest_free 67108864 blocks 0 allocs 0 failures 0 retired 0;" ||
		return 1
	heap_file | grep -q '^clearing 0 cleared 67108864 clear_us [0-9]*$' ||
		fail "the whole pool was not cleared once at probe" || return 1
	dmesg | grep -q 'heap: pool 0x88000000+0x4000000 from the device, heap mode on' ||
		fail "no log line for the pool" || return 1
	unload
}

# With a host-visible region HOST3D blobs go there: the heap is there but
# not used for them.
test_heap_mode_off_with_host_visible_region() {
	load -- features=virgl,edid,resource_uuid,resource_blob,context_init heap_base=$HEAP_LOW heap_size=0x4000000 \
		hostvis_base=0x80000000 hostvis_size=0x4000000 || return 1
	expect_eq "heap mode" "$(heap_file | head -n 1)" "heap mode off" &&
	unload
}

test_pool_above_4g_refused() {
	load -- features=virgl,edid,resource_uuid,resource_blob,context_init heap_base=$HEAP_HIGH heap_size=0x4000000 || return 1
	expect_eq "vgh_heap" "$(heap_file)" "no heap" || return 1
	dmesg | grep 'heap: pool 0x100000000+0x4000000 from the device lies above 4 GiB while DMA32 is required' ||
		fail "no log line for the refused pool" || return 1
	unload
}

test_pool_above_4g_taken_without_dma32() {
	load dma32=0 -- features=virgl,edid,resource_uuid,resource_blob,context_init heap_base=$HEAP_HIGH heap_size=0x4000000 ||
		return 1
	expect_eq "heap mode" "$(heap_file | head -n 1)" "heap mode on" &&
	unload
}

test_pool_from_parameters() {
	load heap_base=$HEAP_LOW heap_size=0x200000 -- features=virgl,edid,resource_uuid,resource_blob,context_init || return 1
	dmesg | grep -q 'heap: pool 0x88000000+0x200000 from the module parameters, heap mode on' ||
		fail "no log line for the pool" || return 1
	unload
}

# A pool the kernel owns or that is not page aligned: one line, no heap,
# and the driver works without it.
test_bad_pools_refused() {
	while IFS='|' read -r args msg; do
		# shellcheck disable=SC2086
		load $args -- features=virgl,edid,resource_uuid,resource_blob,context_init || return 1
		expect_eq "vgh_heap for $args" "$(heap_file)" "no heap" || return 1
		dmesg | grep -q "heap: pool .* $msg, no heap" ||
			fail "no message '$msg' for: $args" || return 1
		expect_eq "driver for $args" "$(drm_card_driver)" virtio_gpu_heap || return 1
		unload || return 1
	done <<-EOF
	heap_base=0x40000000 heap_size=0x100000|overlaps memory the kernel owns
	heap_base=0x88000800 heap_size=0x100000|is not page aligned
	heap_base=0xfffffffffffff000 heap_size=0x2000|does not fit the address space
	EOF
}

test_heap_off_by_parameter() {
	load heap_mode=0 -- features=virgl,edid,resource_uuid,resource_blob,context_init heap_base=$HEAP_LOW heap_size=0x4000000 || return 1
	expect_eq "vgh_heap" "$(heap_file)" "no heap" &&
	unload
}

# In heap mode userspace's dumb buffers are heap blobs: a frame reaches
# the host's image pixel for pixel and the host copies nothing.
test_scanout_from_heap_copies_nothing() {
	load -- features=virgl,edid,resource_uuid,resource_blob,context_init heap_base=$HEAP_LOW heap_size=0x4000000 || return 1
	echo 0 >/sys/class/graphics/fbcon/cursor_blink 2>/dev/null
	sim_state copied >/tmp/heap-copied
	vgh-kms-fill -f -v $SIM/scanout0.ppm -x "sh /tests/heap.sh check_direct" ||
		return 1
	heap_file | head -n 2
	heap_file | grep -q ' used 0 .* blocks 0 ' ||
		fail "heap blocks left after the buffers were freed" || return 1
	unload
}

# Damage on a heap framebuffer: the host reads it where it lies, so a
# DIRTYFB is one RESOURCE_FLUSH of its clips' bounding box and nothing is
# copied; clips per DIRTYFB are not held to one a vblank.
test_dirtyfb_on_heap_is_one_flush() {
	load -- features=edid,resource_blob heap_base=$HEAP_LOW heap_size=0x4000000 || return 1
	echo 0 >/sys/class/graphics/fbcon/cursor_blink 2>/dev/null
	vgh-kms-damage -H -s $SIM || return 1
	unload
}

# A device that moves its heap region after probe is refused with one
# line, and the heap stays where it was.
test_moved_region_refused() {
	load -- features=virgl,edid,resource_uuid,resource_blob,context_init heap_base=$HEAP_LOW heap_size=0x4000000 || return 1
	echo "0x90000000 0x8000000" >$SIM/heap_region &&
	echo "0 on" >$SIM/hotplug && echo "0 on" >$SIM/hotplug || return 1
	wait_for 5 sh -c "dmesg | grep -q 'heap: the device now reports'" ||
		fail "no log line for the moved region" || return 1
	dmesg | grep 'heap: the device now reports'
	expect_eq "lines about the moved region" \
		"$(dmesg | grep -c 'heap: the device now reports its heap region at 0x90000000+0x8000000, not 0x0*88000000+0x4000000 as at probe')" 1 ||
		return 1
	heap_file | sed -n 2p | grep -q '^pool 0x0000000088000000+0x4000000 ' ||
		fail "the heap moved" || return 1
	unload
}

# A blob alignment the driver cannot use (above 1 MiB) disables blobs,
# with one line, instead of placing them where the device does not want
# them: no blobs, no GUEST_VRAM, heap dumb buffers through transfers.
test_unusable_blob_alignment_disables_blobs() {
	load -- features=virgl,edid,resource_uuid,resource_blob,context_init,blob_alignment blob_alignment=0x200000 heap_base=$HEAP_LOW \
		heap_size=0x4000000 || return 1
	dmesg | grep -q 'device asks for blob alignment 2097152, not a power of two up to 1048576: blobs disabled' ||
		fail "no log line for the alignment" || return 1
	out=$(vgh-virtgpu-ops)
	echo "$out" | grep -E 'resource_blob|blob_host3d'
	echo "$out" | grep -qx 'param resource_blob: 0' || fail "blobs still offered" || return 1
	echo "$out" | grep -qx 'blob_host3d: Invalid argument' ||
		fail "a blob was made" || return 1
	dmesg | grep -q 'heap: the device takes no blobs' ||
		fail "heap mode does not say it copies" || return 1
	unload
}

# No client sees another's bytes: a second client takes the whole heap
# that a first one filled with a pattern and freed, and finds zeroes
# only, and as much room; so does the next driver instance on a pool the
# host wrote over while no driver was bound.
test_clients_see_zero() {
	load -- features=virgl,edid,resource_uuid,resource_blob,context_init heap_base=$HEAP_LOW heap_size=0x4000000 || return 1
	filled=$(vgh-heap-scan fill 0xa5a5a5a5a5a5a5a5) ||
		fail "filling the heap: $filled" || return 1
	out=$(vgh-heap-scan check)
	echo "# first client: $filled; second client: $out"
	expect_eq "what the second client finds" "$out" "$filled" || return 1
	drv=/sys/bus/virtio/drivers/virtio_gpu_heap
	dev=$(ls $drv | grep '^virtio[0-9]')
	echo "$dev" >$drv/unbind || fail "unbind $dev" || return 1
	echo 165 >$SIM/heap_fill || fail "the host's fill" || return 1
	echo "$dev" >$drv/bind || fail "bind $dev" || return 1
	wait_for 5 [ -e /dev/dri/card0 ] || fail "no card0 after the rebind" || return 1
	out=$(vgh-heap-scan check)
	echo "# after the host wrote 0xa5 over the region and the driver bound again: $out"
	expect_eq "what a client finds after the rebind" "$out" "$filled" || return 1
	unload
}

# A client holds a heap blob, mapped and exported, while the device is
# removed: its mapping is gone (SIGBUS), the dma-buf no longer maps, its
# file answers ENODEV; the pool stays claimed while the blob lives, so
# the driver bound again meanwhile works without a heap (and says so at
# info level), and once the client is gone the next binding has its heap
# back.
test_unbind_with_live_heap_buffers() {
	load -- features=virgl,edid,resource_uuid,resource_blob,context_init heap_base=$HEAP_LOW heap_size=0x4000000 || return 1
	drv=/sys/bus/virtio/drivers/virtio_gpu_heap
	dev=$(ls $drv | grep '^virtio[0-9]')
	rm -f /tmp/held /tmp/go
	vgh-heap-scan hold /tmp/held /tmp/go >/tmp/hold.out 2>&1 &
	pid=$!
	wait_for 10 [ -e /tmp/held ] || fail "the client did not get its blob" || return 1
	echo "$dev" >$drv/unbind || fail "unbind $dev" || return 1
	dmesg -c >/dev/null
	echo "$dev" >$drv/bind || fail "bind $dev" || return 1
	wait_for 5 sh -c 'ls /dev/dri | grep -q card' || fail "no card after the rebind" || return 1
	expect_eq "vgh_heap while the old blob lives" "$(heap_file)" "no heap" || return 1
	# at info level: a hot rebind with a client left is no fault
	dmesg -r | grep -q '^<6>.*heap: pool 0x88000000+0x4000000 from the device is still held by an unplugged instance of this driver' ||
		fail "no info line for the pool still held" || return 1
	touch /tmp/go
	wait $pid
	cat /tmp/hold.out | sed 's/^/# /'
	expect_eq "the client after the removal" "$(cat /tmp/hold.out | tr '\n' ';')" \
		"mapping: SIGBUS;dma-buf mmap: ENODEV;ioctl: ENODEV;" || return 1
	echo "$dev" >$drv/unbind && echo "$dev" >$drv/bind || fail "rebind $dev" || return 1
	wait_for 5 sh -c 'ls /dev/dri | grep -q card' || fail "no card after the last rebind" || return 1
	expect_eq "heap mode once the blob is gone" "$(heap_file | head -n 1)" "heap mode on" || return 1
	unload
}

# A GUEST_VRAM blob whose RESOURCE_CREATE_BLOB the host does not answer
# in time fails with ETIMEDOUT; the command may still run, so its heap
# block is retired, never handed out again.
test_timed_out_blob_keeps_its_block() {
	load -- features=virgl,edid,resource_uuid,resource_blob,context_init heap_base=$HEAP_LOW heap_size=0x4000000 || return 1
	heap_cleared || fail "the pool is not cleared" || return 1
	timeout=/sys/module/virtio_gpu_heap/parameters/cmd_timeout_ms
	old=$(cat $timeout)
	echo 500 >$timeout
	echo "hang 0x010c 1" >$SIM/fault || fail "arming the fault" || return 1
	out=$(vgh-heap-scan check 2>&1)
	echo "$old" >$timeout
	echo "# $out"
	echo "$out" | grep -q 'block 0: Connection timed out' ||
		fail "the hung create did not time out: $out" || return 1
	heap_file | sed -n 2p
	heap_file | sed -n 2p | grep -q ' blocks 1 .* retired 1$' ||
		fail "the block of the timed-out blob is not retired" || return 1
	unload
}

# A transport that translates the device's addresses would give heap
# blocks' guest-physical addresses a meaning the device does not share:
# the heap is refused there, with one line, and the driver works on.
test_heap_refused_with_access_platform() {
	load -- features=$(hex $((0x1f | 1 << 33))) heap_base=$HEAP_LOW \
		heap_size=0x4000000 || return 1
	expect_eq "vgh_heap" "$(heap_file)" "no heap" || return 1
	dmesg | grep -q 'heap: the transport translates device addresses (VIRTIO_F_ACCESS_PLATFORM or an IOMMU), so heap blocks would reach the device untranslated: no heap' ||
		fail "no log line for the refused heap" || return 1
	expect_eq "driver" "$(drm_card_driver)" virtio_gpu_heap || return 1
	unload
}

ktap_run vgh_heap_pool pool_from_device heap_mode_off_with_host_visible_region \
	pool_above_4g_refused pool_above_4g_taken_without_dma32 \
	pool_from_parameters bad_pools_refused heap_off_by_parameter \
	scanout_from_heap_copies_nothing dirtyfb_on_heap_is_one_flush \
	moved_region_refused \
	unusable_blob_alignment_disables_blobs clients_see_zero \
	heap_refused_with_access_platform unbind_with_live_heap_buffers \
	timed_out_blob_keeps_its_block
