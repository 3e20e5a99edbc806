# SPDX-License-Identifier: GPL-2.0
# Repeated load and unload: no failure, no leak, no lockdep report.
. /tests/ktap.sh

CYCLES=${VGH_cycles:-50}

test_load_unload_cycles() {
	i=0
	while [ $i -lt "$CYCLES" ]; do
		modprobe virtio-gpu-heap || fail "cycle $i: load failed" || return 1
		[ -e /sys/class/drm/card0 ] || fail "cycle $i: no card0" || return 1
		rmmod virtio_gpu_heap || fail "cycle $i: unload failed" || return 1
		i=$((i + 1))
	done
	echo "$CYCLES cycles"
}

# Unbinding through sysfs and binding again with the module loaded: what
# probe tied to the transport's device (the DRM device's parent) goes
# with every unbind, so nothing piles up.
test_unbind_bind_cycles() {
	modprobe virtio-gpu-heap || return 1
	drv=/sys/bus/virtio/drivers/virtio_gpu_heap
	vdev=$(basename "$(readlink -f "$drv"/virtio[0-9]*)")
	i=0
	while [ $i -lt 10 ]; do
		echo "$vdev" >$drv/unbind || fail "cycle $i: unbind failed" || return 1
		[ ! -e /sys/class/drm/card0 ] || fail "cycle $i: card0 stayed" || return 1
		echo "$vdev" >$drv/bind || fail "cycle $i: bind failed" || return 1
		[ -e /sys/class/drm/card0 ] || fail "cycle $i: no card0" || return 1
		i=$((i + 1))
	done
	echo "10 cycles on $vdev"
	rmmod virtio_gpu_heap
}

ktap_run vgh_cycles kmemleak_ready load_unload_cycles unbind_bind_cycles no_leaks \
	lockdep_still_on no_kernel_splats
