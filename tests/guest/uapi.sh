# SPDX-License-Identifier: GPL-2.0
# Our driver's fences against a misbehaving simulated device: a reply
# with the wrong fence id, an error reply, a submission the host never
# finishes, a used chain that was never sent, a MAP_BLOB answer with a
# cache type that does not exist.
# Each is logged and never crashes the guest or signals a fence twice.
# Runs first in its guest: it also clears kmemleak for leaks.sh.
. /tests/ktap.sh

SIM_ARGS="features=virgl,edid,resource_uuid,resource_blob,context_init capsets=0x6 hostvis_base=0x80000000 hostvis_size=0x4000000"

load_sim() {
	# shellcheck disable=SC2086
	modprobe virtio-gpu-sim $SIM_ARGS "$@" || return 1
	wait_for 5 [ -e /dev/dri/card0 ] || fail "no /dev/dri/card0"
}

test_modules_load() {
	modprobe virtio-gpu-heap && load_sim &&
	expect_eq "driver" "$(sim_driver)" virtio_gpu_heap
}

# fences FENCE-ARGS EXPECTED: run vgh-virtgpu-fence and compare its lines
fences() {
	want=$1
	shift
	out=$(vgh-virtgpu-fence "$@")
	echo "$out"
	expect_eq "fences" "$(echo "$out" | tr '\n' ';')" "$want"
}

test_fences_signal() {
	fences "fence 0: signalled status 1;fence 1: signalled status 1;" -n 2
}

test_wrong_fence_id_logged() {
	dmesg -c >/dev/null
	echo "fence-id 0x0207 1" >$SIM/fault || return 1
	fences "fence 0: signalled status 1;fence 1: signalled status 1;" -n 2 || return 1
	dmesg | grep 'SUBMIT_3D: device answered fence' ||
		fail "the wrong fence id was not logged"
}

test_error_reply_fails_its_fence() {
	dmesg -c >/dev/null
	echo "error 0x0207 1 0x1200" >$SIM/fault || return 1
	# the failed fence carries -EIO; the next one is fine
	fences "fence 0: signalled status -5;fence 1: signalled status 1;" -n 2 || return 1
	dmesg | grep 'SUBMIT_3D failed: ERR_UNSPEC' || fail "the error was not logged"
}

# The held submission is returned by the device reset when the driver
# unbinds; its fence then signals with -ENODEV, and nothing leaks.
test_hung_submit_released_at_unbind() {
	echo "hang 0x0207 1" >$SIM/fault || return 1
	fences "fence 0: pending;" -n 1 -t 500 || return 1
	rmmod virtio_gpu_sim
}

# The same with a command stream of 254 pages, as large as a vmalloc'ed
# one may be on a ring of 256 descriptors: the submitter is gone when the
# driver unbinds (through sysfs), so the reset drops the last reference
# to the command and frees the stream, which must not happen with the
# queue's lock held ("sleeping function called from invalid context"
# with the debug kernel's DEBUG_ATOMIC_SLEEP). The stream is vmalloc'ed
# only when kmalloc cannot give it (fragmented memory); the KUnit case
# vgh_test_teardown_frees_unlocked frees a vmalloc'ed one every time. The
# driver binds again afterwards.
test_large_hung_submit_freed_at_unbind() {
	load_sim || return 1
	dmesg -c >/dev/null
	echo "hang 0x0207 1" >$SIM/fault || return 1
	fences "fence 0: pending;" -n 1 -s $((254 * 4096)) -t 500 || return 1
	vdev=$(basename "$(sim_virtio_dev)")
	echo "$vdev" >/sys/bus/virtio/drivers/virtio_gpu_heap/unbind ||
		fail "unbind $vdev" || return 1
	expect_eq "held after reset" "$(sim_state held)" "0 0" || return 1
	dmesg | grep -E -A20 "$KERNEL_SPLATS" | head -n 30
	expect_eq "kernel splats at unbind" "$(kernel_splats)" 0 || return 1
	echo "$vdev" >/sys/bus/virtio/drivers/virtio_gpu_heap/bind ||
		fail "bind $vdev" || return 1
	wait_for 5 [ -e /dev/dri/card0 ] || fail "no card0 after bind" || return 1
	fences "fence 0: signalled status 1;" -n 1
}

TIMEOUT=/sys/module/virtio_gpu_heap/parameters/cmd_timeout_ms

# The host's resources, without their backing entries and byte counts.
host_resources() {
	grep '^resource ' $SIM/resources | sed 's/ copied [0-9]*//'
}

# A RESOURCE_CREATE_BLOB the host carried out but never answers: the
# ioctl fails with ETIMEDOUT, and the id and the guest pages the command
# listed stay the host's: the next blob gets another id, which the host
# accepts, and the pages stay out of the page allocator.
test_timed_out_blob_keeps_id_and_pages() {
	echo 1000 >$TIMEOUT || return 1
	before=$(host_resources)
	echo "hang 0x010c 1" >$SIM/fault || return 1
	vgh-virtgpu-blob -e ETIMEDOUT 65536
	rc=$?
	echo 5000 >$TIMEOUT
	[ $rc -eq 0 ] || return 1
	res=$(host_resources | grep -vxF "$before" | sed -n 's/^resource \([0-9]*\) .*/\1/p')
	[ -n "$res" ] || fail "the host made no blob" || return 1
	grep "^resource $res " $SIM/guest_pages
	expect_eq "guest pages of resource $res" \
		"$(sed -n "s/^resource $res //p" $SIM/guest_pages)" "pages 16 free 0" || return 1
	out=$(vgh-virtgpu-blob 65536) || { echo "$out"; fail "the next blob failed"; return 1; }
	echo "$out"
	[ "${out##* }" != "$res" ] || fail "resource id $res handed out again" || return 1
	vgh_value vgh_retired resource_ids | grep -qx '[1-9][0-9]*' ||
		fail "no retired resource id counted" || return 1
	rmmod virtio_gpu_sim
}

# A used chain the driver never made available: the virtio core reports
# it and marks the queue broken; the submission answered before it keeps
# its fence, later calls fail with -EIO, and the device unbinds cleanly.
test_stray_chain_stops_queue() {
	load_sim || return 1
	dmesg -c >/dev/null
	echo "stray 0x0207 1" >$SIM/fault || return 1
	fences "fence 0: signalled status 1;" -n 1 || return 1
	dmesg | grep 'out of range' || fail "the stray chain was not reported" || return 1
	out=$(vgh-virtgpu-fence -n 1 -t 500 2>&1)
	rc=$?
	echo "$out"
	expect_eq "exit status once the queue is broken" "$rc" 2 || return 1
	echo "$out" | grep -q 'Input/output error' || fail "no EIO from the broken queue" ||
		return 1
	rmmod virtio_gpu_sim
}

test_undefined_map_info_refused() {
	dmesg -c >/dev/null
	load_sim map_cache=9 || return 1
	out=$(vgh-virtgpu-ops)
	echo "$out" | grep -E 'blob|map'
	echo "$out" | grep -qx 'blob_host3d: Protocol error' ||
		fail "a mappable HOST3D blob was made with map_info 9" || return 1
	dmesg | grep 'device answered map_info 0x9' || fail "map_info 9 was not logged" ||
		return 1
	rmmod virtio_gpu_sim
}

# Without a host-visible region a mappable HOST3D blob has nowhere to be
# seen: the Linux driver's EINVAL, and GETPARAM HOST_VISIBLE says 0.
test_host3d_mappable_needs_region() {
	modprobe virtio-gpu-sim features=virgl,edid,resource_uuid,resource_blob,context_init capsets=0x6 || return 1
	wait_for 5 [ -e /dev/dri/card0 ] || fail "no /dev/dri/card0" || return 1
	out=$(vgh-virtgpu-ops)
	echo "$out" | grep -E 'host_visible|blob'
	echo "$out" | grep -qx 'param host_visible: 0' || fail "HOST_VISIBLE is not 0" || return 1
	echo "$out" | grep -qx 'blob_host3d: Invalid argument' ||
		fail "a mappable HOST3D blob was made without a region" || return 1
	rmmod virtio_gpu_sim
}

test_driver_unloads() {
	rmmod virtio_gpu_heap
}

ktap_run vgh_uapi_device kmemleak_ready modules_load fences_signal \
	wrong_fence_id_logged error_reply_fails_its_fence \
	hung_submit_released_at_unbind large_hung_submit_freed_at_unbind \
	timed_out_blob_keeps_id_and_pages stray_chain_stops_queue \
	undefined_map_info_refused host3d_mappable_needs_region driver_unloads
