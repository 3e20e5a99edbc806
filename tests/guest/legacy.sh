# SPDX-License-Identifier: GPL-2.0
# A legacy (virtio 0.9) device: the driver must refuse it with a message
# that says how to fix it, create no DRM device, and still unload.
. /tests/ktap.sh

test_module_loads() {
	modprobe virtio-gpu-heap
}

test_legacy_device_refused() {
	[ ! -e /sys/class/drm/card0 ] || fail "card0 created for a legacy device" || return 1
	[ ! -e /sys/bus/virtio/devices/virtio0/driver ] || fail "virtio0 is bound"
}

test_refusal_says_why() {
	dmesg | grep -q 'virtio-gpu needs VIRTIO_F_VERSION_1 (QEMU: -global virtio-mmio.force-legacy=false)' ||
		fail "no message naming VIRTIO_F_VERSION_1 and the QEMU option"
}

test_module_unloads() {
	rmmod virtio_gpu_heap
}

ktap_run vgh_legacy module_loads legacy_device_refused refusal_says_why \
	module_unloads no_kernel_splats
