# SPDX-License-Identifier: GPL-2.0
# Our driver against the QEMU device: binding, identity, features,
# display information, counters, unload.
#
# Expects on the kernel command line: vgh.expect.edid=0|1,
# vgh.expect.scanouts=N, vgh.expect.mode=WxH.
. /tests/ktap.sh

test_module_loads() {
	modprobe virtio-gpu-heap
}

test_card_bound_to_our_driver() {
	expect_eq "driver of card0" "$(drm_card_driver)" virtio_gpu_heap
}

# The DRM device hangs on the transport (virtio-mmio or PCI), as the
# in-tree driver's does: libdrm reports that bus and its address, and
# debugfs name names it (tests/igt/virtgpu_topology.c).
test_topology_as_in_tree() {
	virtgpu_topology >/tmp/topology.out 2>&1
	rc=$?
	cat /tmp/topology.out
	[ $rc -eq 0 ] && grep -q '^ok .*virtgpu_topology@bus$' /tmp/topology.out &&
		grep -q '^ok .*virtgpu_topology@debugfs-name$' /tmp/topology.out
}

test_driver_name_is_virtio_gpu() {
	out=$(vgh-drm-info /dev/dri/card0) || fail "$out"
	expect_eq "DRM_IOCTL_VERSION name" "$(echo "$out" | sed -n 's/^name=//p')" virtio_gpu
}

test_features_offered_match_qemu() {
	expect_eq "edid offered" "$(vgh_feature edid offered)" "$VGH_expect_edid" &&
	expect_eq "virgl offered" "$(vgh_feature virgl offered)" 0 &&
	expect_eq "resource_blob offered" "$(vgh_feature resource_blob offered)" 0 &&
	expect_eq "context_init offered" "$(vgh_feature context_init offered)" 0
}

test_features_negotiated() {
	expect_eq "edid negotiated" "$(vgh_feature edid negotiated)" "$VGH_expect_edid" &&
	expect_eq "virgl negotiated" "$(vgh_feature virgl negotiated)" 0 &&
	expect_eq "resource_uuid negotiated" "$(vgh_feature resource_uuid negotiated)" 0
}

test_negotiated_only_what_driver_has() {
	drv=$(vgh_value vgh_features driver)
	neg=$(vgh_value vgh_features negotiated)
	# device-specific bits 0-23 and 50-62; transport bits are the core's
	extra=$(( neg & ~drv & 0x7ffc000000ffffff ))
	expect_eq "negotiated bits the driver lacks" "$extra" 0
}

test_scanouts_match_qemu() {
	expect_eq scanouts "$(vgh_value vgh_features scanouts)" "$VGH_expect_scanouts"
}

test_display_info() {
	d=$(drm_debugfs_dir)/vgh_display
	cat "$d"
	line=$(grep '^scanout 0 ' "$d")
	expect_eq "scanout 0 mode" "$(echo "$line" | sed -n 's/.*mode=\([0-9x]*\)+.*/\1/p')" \
		"$VGH_expect_mode" &&
	expect_eq "scanout 0 enabled" "$(echo "$line" | sed -n 's/.*enabled=\([01]\).*/\1/p')" 1 &&
	expect_eq "scanouts listed" "$(grep -c '^scanout ' "$d")" "$VGH_expect_scanouts"
}

test_edid_read_when_offered() {
	size=$(sed -n 's/^scanout 0 .*edid=\([0-9]*\).*/\1/p' "$(drm_debugfs_dir)/vgh_display")
	if [ "$VGH_expect_edid" = 1 ]; then
		[ "$size" -ge 128 ] || fail "scanout 0 EDID is $size bytes, want >= 128"
	else
		expect_eq "EDID size without the feature" "$size" 0
	fi
}

test_commands_counted() {
	vgh_commands_used
	expect_eq "GET_DISPLAY_INFO ok" "$(command_field GET_DISPLAY_INFO 3)" 1 &&
	expect_eq "GET_DISPLAY_INFO failed" "$(command_field GET_DISPLAY_INFO 4)" 0 &&
	edids=0 &&
	{ [ "$VGH_expect_edid" = 0 ] || edids=$VGH_expect_scanouts; } &&
	expect_eq "GET_EDID sent" "$(command_field GET_EDID 2)" "$edids" &&
	expect_eq "GET_EDID ok" "$(command_field GET_EDID 3)" "$edids" &&
	expect_eq "commands failed or timed out" "$(vgh_commands_failed)" 0
}

# The host resizes the display as a VNC client would; QEMU raises a
# display config-change event and the driver must re-read the modes.
test_display_change_event() {
	before=$(vgh_value vgh_display display_events)
	echo "VGH-HOST resize 800 600" >/dev/console
	wait_for 10 vgh_display_has '^scanout 0 .*mode=800x600+'
	cat "$(drm_debugfs_dir)/vgh_display"
	after=$(vgh_value vgh_display display_events)
	[ "$after" -gt "$before" ] || fail "no display event handled ($before -> $after)" || return 1
	vgh_display_has '^scanout 0 enabled=1 mode=800x600+0+0' ||
		fail "scanout 0 did not change to 800x600"
}

# QEMU 7.2's virtio-mmio device offers no blobs and no host-visible
# region; the driver must not take a bogus one from the transport.
test_no_host_visible_region() {
	expect_eq "vgh_hostvis" "$(cat "$(drm_debugfs_dir)/vgh_hostvis")" \
		"no host-visible region"
}

test_unload_removes_card() {
	rmmod virtio_gpu_heap || return 1
	[ ! -e /sys/class/drm/card0 ] || fail "card0 still present after rmmod"
}

ktap_run vgh_core module_loads card_bound_to_our_driver topology_as_in_tree \
	driver_name_is_virtio_gpu features_offered_match_qemu \
	features_negotiated negotiated_only_what_driver_has \
	scanouts_match_qemu display_info edid_read_when_offered \
	commands_counted display_change_event no_host_visible_region \
	unload_removes_card \
	no_kernel_splats
