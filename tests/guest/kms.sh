# SPDX-License-Identifier: GPL-2.0
# Our driver's mode setting and GEM on QEMU's virtio-gpu device: a test
# pattern shown with a page flip and captured by QEMU's screendump (the
# host compares the PNG with scripts/png-check.py), the cursor, dumb
# buffer and framebuffer errors with their exact errnos (a host
# OUT_OF_MEMORY included), and PRIME: export and import back, and a
# foreign dma-buf (udmabuf) shown on the display.
. /tests/ktap.sh

# Resources the driver holds on the host: created minus unreferenced.
guest_resources() {
	echo $(($(command_field RESOURCE_CREATE_2D 3) - $(command_field RESOURCE_UNREF 3)))
}

# commands_failed: the sum of the failed column of vgh_commands.
commands_failed() {
	awk 'NR > 1 { n += $4 } END { print n + 0 }' "$(drm_debugfs_dir)/vgh_commands"
}

# Called by vgh-kms-cursor while its cursor is shown, and with "off" once
# it is off: what the driver sent on the cursor queue.
check_cursor() {
	read -r updates moves </tmp/kms-cursor-base
	if [ "${1:-}" = off ]; then
		expect_eq "UPDATE_CURSOR sent" "$(command_field UPDATE_CURSOR 2)" $((updates + 2))
	else
		expect_eq "UPDATE_CURSOR sent" "$(command_field UPDATE_CURSOR 2)" $((updates + 1)) &&
		expect_eq "MOVE_CURSOR sent" "$(command_field MOVE_CURSOR 2)" $((moves + 10))
	fi
}

case "${1:-}" in
check_*) "$@"; exit ;;
esac

test_module_loads() {
	modprobe virtio-gpu-heap && wait_for 5 test -e /dev/dri/card0 &&
	expect_eq "driver of card0" "$(drm_card_driver)" virtio_gpu_heap
}

# The pattern is shown by a page flip whose event must arrive; QEMU saves
# the display while it is shown, and the host compares the PNG with the
# pattern (scripts/png-check.py).
test_flip_pattern_for_screendump() {
	failed=$(commands_failed)
	vgh-kms-fill -f -x 'echo "VGH-HOST screendump" >/dev/console; sleep 3' ||
		return 1
	expect_eq "failed commands" "$(commands_failed)" "$failed"
}

test_cursor_on_cursor_queue() {
	echo "$(command_field UPDATE_CURSOR 2) $(command_field MOVE_CURSOR 2)" \
		>/tmp/kms-cursor-base
	vgh-kms-cursor -m 10 -x "sh /tests/kms.sh check_cursor"
}

# CREATE_DUMB and ADDFB2 answers: WIDTH HEIGHT BPP FLAGS ERRNO [FB ERRNO].
# A framebuffer may have a pitch other than its buffer's stride (it gets
# a host resource of its own), but not one that is no multiple of 4 or
# wider than 16384 pixels, nor more whole rows than the buffer holds (the
# last case passes the core's size check: 1028 x 255 + 4 is the size).
test_dumb_errors() {
	before=$(guest_resources)
	while read -r w h bpp flags err fb fberr; do
		if [ -n "$fb" ]; then
			vgh-kms-dumb -e "$err" -f "$fb" -E "$fberr" "$w" "$h" "$bpp" "$flags" ||
				return 1
		else
			vgh-kms-dumb -e "$err" "$w" "$h" "$bpp" "$flags" || return 1
		fi
	done <<-EOF
	64 64 16 0 EINVAL
	64 64 24 0 EINVAL
	64 64 32 1 EINVAL
	0 64 32 0 EINVAL
	64 0 32 0 EINVAL
	16385 16 32 0 EINVAL
	16 16385 32 0 EINVAL
	0x40000000 1 32 0 EINVAL
	256 256 32 0 0 256x256/1024 0
	256 256 32 0 0 128x256/512 0
	256 256 32 0 0 128x128/2048 0
	256 256 32 0 0 256x257/1024 EINVAL
	256 256 32 0 0 255x256/1022 EINVAL
	256 256 32 0 0 16x3/65540 EINVAL
	256 256 32 0 0 1x256/1028 EINVAL
	EOF
	expect_eq "host resources held" "$(guest_resources)" "$before"
}

# QEMU answers RESOURCE_CREATE_2D of 8192x8192 (256 MiB, over its
# hostmem budget of 256 MiB once the console's buffer is counted) with
# OUT_OF_MEMORY: userspace gets ENOMEM, and no backing is attached to a
# resource the host never made. The guest could pin the pages, so an
# ENOMEM can only come from the host's answer.
test_dumb_host_out_of_memory() {
	before=$(guest_resources)
	created_failed=$(command_field RESOURCE_CREATE_2D 4)
	attach=$(command_field RESOURCE_ATTACH_BACKING 2)
	unref=$(command_field RESOURCE_UNREF 2)
	vgh-kms-dumb -e ENOMEM 8192 8192 32 || return 1
	expect_eq "RESOURCE_CREATE_2D failed" "$(command_field RESOURCE_CREATE_2D 4)" \
		$((created_failed + 1)) &&
	expect_eq "RESOURCE_ATTACH_BACKING sent" \
		"$(command_field RESOURCE_ATTACH_BACKING 2)" "$attach" &&
	expect_eq "RESOURCE_UNREF sent" "$(command_field RESOURCE_UNREF 2)" "$unref" &&
	expect_eq "host resources held" "$(guest_resources)" "$before" &&
	vgh-kms-dumb 1024 768 32
}

test_prime_roundtrip() {
	before=$(guest_resources)
	uuids=$(command_field RESOURCE_ASSIGN_UUID 2)
	vgh-kms-prime roundtrip || return 1
	expect_eq "host resources held" "$(guest_resources)" "$before" || return 1
	if [ "$(vgh_feature resource_uuid negotiated)" = 1 ]; then
		[ "$(command_field RESOURCE_ASSIGN_UUID 3)" -gt "$uuids" ] ||
			fail "no uuid assigned on export"
	else
		expect_eq "RESOURCE_ASSIGN_UUID sent without the feature" \
			"$(command_field RESOURCE_ASSIGN_UUID 2)" "$uuids"
	fi
}

test_udmabuf_import_shown() {
	[ -c /dev/udmabuf ] || { ktap_skip_reason "kernel lacks CONFIG_UDMABUF: no /dev/udmabuf"; return $KTAP_SKIP; }
	before=$(guest_resources)
	failed=$(commands_failed)
	vgh-kms-prime udmabuf || return 1
	expect_eq "host resources held" "$(guest_resources)" "$before" &&
	expect_eq "failed commands" "$(commands_failed)" "$failed"
}

test_unload_removes_card() {
	rmmod virtio_gpu_heap || return 1
	[ ! -e /sys/class/drm/card0 ] || fail "card0 still present after rmmod"
}

ktap_run vgh_kms_device kmemleak_ready module_loads flip_pattern_for_screendump \
	cursor_on_cursor_queue dumb_errors dumb_host_out_of_memory \
	prime_roundtrip udmabuf_import_shown unload_removes_card no_leaks \
	lockdep_still_on no_kernel_splats
