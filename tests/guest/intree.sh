# SPDX-License-Identifier: GPL-2.0
# The in-tree virtio_gpu driver and ours, one after the other, on the
# same QEMU device: both must find the same device and agree on it.
. /tests/ktap.sh

intree_feature() { # intree_feature LABEL: value from virtio-gpu-features
	sed -n "s/^$1 *: *//p" "$(drm_debugfs_dir)/virtio-gpu-features"
}

yesno() { [ "$1" = 1 ] && echo yes || echo no; }

test_ours_sees_device() {
	modprobe virtio-gpu-heap || return 1
	readlink -f /sys/class/drm/card0/device >/tmp/ours-dev
	vgh_feature edid offered >/tmp/ours-edid
	vgh_value vgh_features scanouts >/tmp/ours-scanouts
	vgh_value vgh_features capsets >/tmp/ours-capsets
	rmmod virtio_gpu_heap
}

# The 6.12 in-tree driver leaks its fbdev framebuffer when it is unloaded
# while its fbdev emulation is still setting up ("Memory manager not
# clean during takedown", then kmemleak reports), which a quick load and
# unload like this one runs into now and then. Its fbdev emulation is off
# while it is loaded here; it plays no part in what is compared.
FBDEV=/sys/module/drm_kms_helper/parameters/fbdev_emulation

test_intree_loads() {
	# (the parameter exists once drm_kms_helper is loaded, if modular)
	modprobe drm_kms_helper && echo N >$FBDEV || return 1
	modprobe virtio_gpu && [ -e /sys/class/drm/card0 ] ||
		fail "in-tree virtio_gpu did not create card0"
}

# Both drivers parent their DRM device on the transport (the virtio-mmio
# platform device here), whose virtio device each drives.
test_intree_bound_to_same_device() {
	dev=$(cat /tmp/ours-dev)
	expect_eq "in-tree card's device" "$(readlink -f /sys/class/drm/card0/device)" \
		"$dev" &&
	expect_eq "bus of the card's device" \
		"$(basename "$(readlink "$dev/subsystem")")" platform &&
	expect_eq "driver of its virtio device" "$(drm_card_driver)" virtio_gpu
}

test_same_driver_name() {
	out=$(vgh-drm-info /dev/dri/card0) || fail "$out"
	expect_eq "in-tree DRM_IOCTL_VERSION name" \
		"$(echo "$out" | sed -n 's/^name=//p')" virtio_gpu
}

test_same_view_of_device() {
	cat "$(drm_debugfs_dir)/virtio-gpu-features"
	expect_eq edid "$(intree_feature edid)" "$(yesno "$(cat /tmp/ours-edid)")" &&
	expect_eq scanouts "$(intree_feature scanouts)" "$(cat /tmp/ours-scanouts)" &&
	expect_eq capsets "$(intree_feature 'cap sets')" "$(cat /tmp/ours-capsets)"
}

test_intree_unloads() {
	rmmod virtio_gpu && [ ! -e /sys/class/drm/card0 ] ||
		fail "in-tree virtio_gpu did not unload" || return 1
	echo Y >$FBDEV
}

test_ours_rebinds_after_intree() {
	modprobe virtio-gpu-heap || return 1
	expect_eq "driver of card0" "$(drm_card_driver)" virtio_gpu_heap || return 1
	rmmod virtio_gpu_heap
}

ktap_run vgh_intree ours_sees_device intree_loads \
	intree_bound_to_same_device same_driver_name same_view_of_device \
	intree_unloads ours_rebinds_after_intree
