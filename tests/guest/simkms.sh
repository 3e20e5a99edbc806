# SPDX-License-Identifier: GPL-2.0
# Our driver's mode setting and GEM on the simulated host, checked against
# what the host saw (virtio-gpu-sim's debugfs): damage-only transfers, the
# image a scanout shows after a page flip, the cursor, hotplug reaching
# userspace as a uevent with new connector modes, PRIME with host uuids
# and a foreign dma-buf on the display, framebuffers published only when
# complete, memory the host did not let go of kept from reuse, and host
# errors on dumb buffers that leave nothing behind on either side.
. /tests/ktap.sh

SIM_ARGS="scanouts=2 modes=1024x768,800x600"

# sim_cmd NAME [errors]: how many NAME commands the host received (or
# answered with an error).
sim_cmd() {
	if [ "${2:-}" = errors ]; then
		sed -n "s/^cmd $1: [0-9]* errors \([0-9]*\)$/\1/p" $SIM/state
	else
		sed -n "s/^cmd $1: \([0-9]*\) errors .*/\1/p" $SIM/state
	fi
}

# The host's resources, without their backing entries and byte counts.
host_resources() {
	grep '^resource ' $SIM/resources | sed 's/ copied [0-9]*//'
}

# Resources the driver holds on the host: created minus unreferenced.
guest_resources() {
	echo $(($(command_field RESOURCE_CREATE_2D 3) - $(command_field RESOURCE_UNREF 3)))
}

# load_sim ARGS...: the simulator with ARGS, our driver bound to it.
load_sim() {
	modprobe virtio-gpu-sim "$@" || return 1
	wait_for 5 test -e /dev/dri/card0 || fail "no card0" || return 1
	expect_eq "driver of the simulated device" "$(sim_driver)" virtio_gpu_heap ||
		return 1
	# A blinking console cursor would send damage of its own while a
	# test reads the host's counters.
	if [ -w /sys/class/graphics/fbcon/cursor_blink ]; then
		echo 0 >/sys/class/graphics/fbcon/cursor_blink
	fi
	return 0
}

# Both sides agree on how many resources exist.
resources_agree() {
	expect_eq "resources: guest's count vs host's list" "$(guest_resources)" \
		"$(host_resources | wc -l)"
}

# Called by vgh-kms-cursor while its cursor is shown, and with "off".
check_cursor() {
	read -r updates moves </tmp/simkms-cursor-base
	line=$(sim_state cursor)
	echo "host cursor: $line"
	if [ "${1:-}" = off ]; then
		echo "$line" | grep -q "resource 0 updates $((updates + 2)) moves $((moves + 10))\$" ||
			fail "cursor not turned off with one UPDATE_CURSOR"
	else
		echo "$line" | grep -q "^scanout 0 at 110,60 resource [1-9][0-9]* updates $((updates + 1)) moves $((moves + 10))\$" ||
			fail "want scanout 0 at 110,60, one update and 10 moves"
	fi
}

# Called by vgh-kms-fill while connector 1 is on CRTC 0 with a cursor:
# the host shows the frame and the cursor on scanout 1, nothing on 0.
check_routed() {
	cat $SIM/scanouts
	sim_state cursor | grep -q '^scanout 1 at 100,50 resource [1-9]' ||
		fail "cursor of CRTC 0 not on scanout 1: $(sim_state cursor)" || return 1
	grep -q '^scanout 1 .* resource [1-9]' $SIM/scanouts ||
		fail "scanout 1 shows no resource" || return 1
	grep -q '^scanout 0 .* resource 0 ' $SIM/scanouts ||
		fail "scanout 0 still shows a resource after its connector lost CRTC 0"
}

# Called by vgh-kms-prime export while the buffer is exported: the
# host's resource has a uuid, the same at each export, and the host got
# $1 RESOURCE_ASSIGN_UUID since the test began.
check_uuid() {
	line=$(host_resources | grep ' size 320x200 ')
	echo "host: $line"
	uuid=$(echo "$line" | sed -n 's/.* uuid \([0-9a-f-]*\)$/\1/p')
	[ -n "$uuid" ] || fail "the exported resource has no uuid" || return 1
	if [ -s /tmp/simkms-uuid ]; then
		expect_eq "uuid at the second export" "$uuid" "$(cat /tmp/simkms-uuid)" ||
			return 1
	else
		echo "$uuid" >/tmp/simkms-uuid
	fi
	expect_eq "RESOURCE_ASSIGN_UUID received" "$(sim_cmd RESOURCE_ASSIGN_UUID)" \
		$(($(cat /tmp/simkms-uuid-base) + $1))
}

# Called by vgh-kms-prime export on a device without RESOURCE_UUID.
check_no_uuid() {
	line=$(host_resources | grep ' size 320x200 ')
	echo "host: $line"
	[ -n "$line" ] || fail "no exported resource on the host" || return 1
	echo "$line" | grep -qv ' uuid ' || fail "a uuid without the feature" || return 1
	expect_eq "RESOURCE_ASSIGN_UUID sent" "$(command_field RESOURCE_ASSIGN_UUID 2)" 0
}

# Called by vgh-kms-prime udmabuf while the imported buffer is shown.
check_import() {
	cat $SIM/scanouts
	line=$(grep '^scanout 0 ' $SIM/scanouts)
	res=$(echo "$line" | sed -n 's/.* resource \([0-9]*\) .*/\1/p')
	grep "^resource $res " $SIM/resources
	echo "$line" | grep -q ' source host-copy$' ||
		fail "scanout 0 not shown from a host copy" || return 1
	grep -q "^resource $res kind 2d format 2 size 1024x768 .* entries [1-9]" \
		$SIM/resources || fail "no 1024x768 resource with backing for the import"
}

case "${1:-}" in
check_*) "$@"; exit ;;
esac

# early_frees: resets at which the simulator found pages a resource
# lists already freed by the guest (vgs_check_guest_pages()).
early_frees() {
	dmesg | grep -c 'reset: resource .* already freed'
}
early_frees >/tmp/simkms-early-frees

if [ -z "$(find /lib/modules -name 'virtio-gpu-sim.ko*')" ]; then
	test_simulator_present() {
		ktap_skip_reason "no virtio-gpu-sim module (the kernel lacks vringh)"
		return $KTAP_SKIP
	}
	ktap_run vgh_simkms simulator_present
	exit 0
fi

test_modules_load() {
	modprobe virtio-gpu-heap || return 1
	# shellcheck disable=SC2086
	load_sim $SIM_ARGS
}

# Whole frame once, then only damaged rectangles, by DIRTYFB and by
# atomic FB_DAMAGE_CLIPS; the host must copy exactly those bytes.
test_damage_only_transfers() {
	vgh-kms-damage -s $SIM
}

# A pattern shown with a page flip must be the host's image of scanout 0.
test_flip_shows_pattern_on_host() {
	vgh-kms-fill -f -v $SIM/scanout0.ppm
}

test_cursor_on_host() {
	line=$(sim_state cursor)
	updates=$(echo "$line" | sed -n 's/.* updates \([0-9]*\) .*/\1/p')
	moves=$(echo "$line" | sed -n 's/.* moves \([0-9]*\)$/\1/p')
	echo "$updates $moves" >/tmp/simkms-cursor-base
	vgh-kms-cursor -m 10 -x "sh /tests/simkms.sh check_cursor"
}

# Any CRTC drives any output, one output at a time: connector 1 on CRTC
# 0 shows on the host's scanout 1, cursor included; a clone of both
# outputs on one CRTC is refused with EINVAL.
test_crtc_drives_other_output() {
	vgh-kms-fill -2 -o 1 -p 0 -c -v $SIM/scanout1.ppm \
		-x "sh /tests/simkms.sh check_routed"
}

test_hotplug_uevent_and_modes() {
	vgh-kms-connectors
	vgh-kms-connectors | grep -q '^connector 1 id [0-9]* connected modes 800x600\*' ||
		fail "connector 1 is not 800x600 before the hotplug" || return 1
	vgh-kms-uevent -t 10 -x "echo '1 on 1280x720' >$SIM/hotplug" >/tmp/uevent ||
		{ cat /tmp/uevent; fail "no hotplug uevent for a mode change"; return 1; }
	cat /tmp/uevent
	grep -qx 'DEVNAME=dri/card0' /tmp/uevent || fail "uevent not for dri/card0" ||
		return 1
	vgh-kms-connectors | tee /tmp/connectors
	grep -q '^connector 1 id [0-9]* connected modes 1280x720\*' /tmp/connectors ||
		fail "connector 1 did not change to 1280x720" || return 1
	grep -q '^connector 0 id [0-9]* connected modes 1024x768\*' /tmp/connectors ||
		fail "connector 0 changed" || return 1

	vgh-kms-uevent -t 10 -x "echo '1 off' >$SIM/hotplug" >/tmp/uevent ||
		{ cat /tmp/uevent; fail "no hotplug uevent for an unplug"; return 1; }
	vgh-kms-connectors | tee /tmp/connectors
	grep -q '^connector 1 id [0-9]* disconnected modes$' /tmp/connectors ||
		fail "connector 1 not disconnected without modes" || return 1

	vgh-kms-uevent -t 10 -x "echo '1 on 800x600' >$SIM/hotplug" >/tmp/uevent ||
		{ cat /tmp/uevent; fail "no hotplug uevent for a plug"; return 1; }
	vgh-kms-connectors | tee /tmp/connectors
	grep -q '^connector 1 id [0-9]* connected modes 800x600\*' /tmp/connectors ||
		fail "connector 1 not back at 800x600"
}

test_prime_roundtrip() {
	before=$(host_resources)
	vgh-kms-prime roundtrip || return 1
	expect_eq "host resources after" "$(host_resources)" "$before" &&
	resources_agree
}

test_export_gets_uuid() {
	[ "$(vgh_feature resource_uuid negotiated)" = 1 ] ||
		fail "RESOURCE_UUID not negotiated" || return 1
	sim_cmd RESOURCE_ASSIGN_UUID >/tmp/simkms-uuid-base
	rm -f /tmp/simkms-uuid
	# One RESOURCE_ASSIGN_UUID: the second export reuses the uuid.
	vgh-kms-prime -s 320x200 -x "sh /tests/simkms.sh check_uuid 1" export
}

# An error answer to RESOURCE_ASSIGN_UUID fails the export with EIO; the
# next export asks again and gets the uuid.
test_uuid_error_fails_export() {
	sim_cmd RESOURCE_ASSIGN_UUID >/tmp/simkms-uuid-base
	rm -f /tmp/simkms-uuid
	failed=$(command_field RESOURCE_ASSIGN_UUID 4)
	echo "error 0x010b 1" >$SIM/fault || return 1
	vgh-kms-prime -e EIO -s 320x200 -x "sh /tests/simkms.sh check_uuid 2" export ||
		return 1
	expect_eq "guest: RESOURCE_ASSIGN_UUID failed" \
		"$(command_field RESOURCE_ASSIGN_UUID 4)" $((failed + 1))
}

# A udmabuf (memfd pages, not ours) shown on scanout 0: the host's image
# must be its pixels, before and after a damaged rectangle.
test_udmabuf_shown_on_host() {
	[ -c /dev/udmabuf ] || { ktap_skip_reason "kernel lacks CONFIG_UDMABUF: no /dev/udmabuf"; return $KTAP_SKIP; }
	before=$(host_resources)
	vgh-kms-prime -v $SIM/scanout0.ppm -x "sh /tests/simkms.sh check_import" udmabuf ||
		return 1
	expect_eq "host resources after" "$(host_resources)" "$before" &&
	resources_agree
}

# A framebuffer gets its id only once it is complete. While ADDFB2 waits
# for the host (every command 500 ms late) to make the framebuffer's own
# resource (its pitch is not the buffer's), another client looking up
# every id with GETFB2 must find nothing: when the host refuses the
# resource's backing (ADDFB2 fails with EIO) nor when it makes it.
test_framebuffer_published_complete() {
	for case in "EIO|echo 'error 0x0106 1' >$SIM/fault" "0|true"; do
		vgh-kms-dumb -w -f 128x128/512 -E "${case%%|*}" \
			-b "echo 500 >$SIM/delay_ms && ${case#*|}" 256 256 32
		rc=$?
		echo 0 >$SIM/delay_ms
		[ $rc -eq 0 ] || return 1
	done
	resources_agree
}

# CREATE_DUMB reports the pitch and size of the buffer it made even when
# another thread of the caller closes the new handle before the ioctl
# returns and the object is gone (the guest boots with init_on_free=1:
# an object read after it was freed reads zeros).
test_dumb_size_survives_racing_close() {
	grep -q 'init_on_free=1' /proc/cmdline || echo "note: no init_on_free=1"
	vgh-kms-dumb -r 5 64 64 32
}

TIMEOUT=/sys/module/virtio_gpu_heap/parameters/cmd_timeout_ms

# retired KEY: a line of the driver's vgh_retired.
retired() { vgh_value vgh_retired "$1"; }

# guest_pages RES: "pages N free F" of a resource the host holds: its
# backing pages, and how many of them the guest's allocator has free.
guest_pages() { sed -n "s/^resource $1 //p" $SIM/guest_pages; }

# new_resource BEFORE: the resource in the host's list that is not in
# BEFORE (a host_resources listing).
new_resource() {
	host_resources | grep -vxF "$1" | sed -n 's/^resource \([0-9]*\) .*/\1/p'
}

# A RESOURCE_UNREF the host never carries out (it stalls): the driver
# gives up after its timeout; the id is never handed out again (a new
# buffer gets another, which the host accepts) and the pages the host
# holds stay out of the page allocator until the device is reset.
test_stalled_unref_retires_pages() {
	echo 1000 >$TIMEOUT || return 1
	before=$(host_resources)
	ids=$(retired resource_ids)
	set -- $(retired memory)
	held=$(sim_state held)
	echo "stall 0x0102 1" >$SIM/fault || return 1
	vgh-kms-dumb 256 256 32 || return 1
	res=$(new_resource "$before")
	[ -n "$res" ] || fail "the host holds no resource it was asked to drop" || return 1
	echo "the host still holds resource $res: $(guest_pages "$res")"
	cat "$(drm_debugfs_dir)/vgh_retired"
	expect_eq "guest pages of resource $res" "$(guest_pages "$res")" "pages 64 free 0" &&
	expect_eq "retired resource ids" "$(retired resource_ids)" $((${ids:-0} + 1)) &&
	expect_eq "retired memory" "$(retired memory)" "$(($1 + 1)) bytes $(($3 + 262144))" &&
	expect_eq "commands the host holds" "$(sim_state held)" "$((${held%% *} + 1)) 0" &&
	vgh-kms-dumb 256 256 32
}

# The same for a framebuffer's own resource (its pitch is not the
# buffer's): when its unref stalls, the buffer's pages stay retired
# after the buffer's own resource is gone, since the host's resource of
# the framebuffer still lists them.
test_stalled_fb_unref_retires_pages() {
	before=$(host_resources)
	set -- $(retired memory)
	echo "stall 0x0102 1" >$SIM/fault || return 1
	vgh-kms-dumb -f 128x128/512 256 256 32 || return 1
	res=$(new_resource "$before")
	[ -n "$res" ] || fail "the host holds no framebuffer resource" || return 1
	host_resources | grep "^resource $res "
	echo "the host still holds resource $res: $(guest_pages "$res")"
	expect_eq "guest pages of resource $res" "$(guest_pages "$res")" "pages 64 free 0" &&
	expect_eq "retired memory" "$(retired memory)" "$(($1 + 1)) bytes $(($3 + 262144))"
	rc=$?
	echo 5000 >$TIMEOUT
	return $rc
}

# A buffer only the display holds when the driver unbinds (its handle and
# framebuffer closed, the latter with CLOSEFB): turning the display off
# at remove frees it after the device can no longer be asked (its
# RESOURCE_UNREF fails with ENODEV) but before the device is reset, and
# until then the device may still use it: its pages stay retired until
# the reset, which must find them in use. The host's scanouts are off
# before that reset: a host whose display still shows a resource when
# the reset destroys it may fail (QEMU 7.2's GL display does the work
# from its vCPU thread). The driver binds again after.
test_unbind_keeps_pages_until_reset() {
	vdev=$(basename "$(sim_virtio_dev)")
	drv=/sys/bus/virtio/drivers/virtio_gpu_heap
	before=$(early_frees)
	live=$(sim_state live_scanout_resets)
	vgh-kms-dumb -s -x "echo $vdev >$drv/unbind" 1024 768 32 || return 1
	dmesg | grep 'already freed'
	expect_eq "resets with guest pages freed before" "$(early_frees)" "$before" &&
		expect_eq "resets with a scanout still on" \
			"$(sim_state live_scanout_resets)" "$live" || return 1
	echo "$vdev" >$drv/bind || fail "bind $vdev" || return 1
	wait_for 5 test -e /dev/dri/card0 || fail "no card0 after bind"
}

# The next tests use a device without RESOURCE_UUID and with 4 MiB of
# host memory, 3 of which the console's 1024x768 buffer takes. The
# reset of the device before it releases what was retired.
test_reload_small_host() {
	rmmod virtio_gpu_sim || return 1
	load_sim features=edid host_mem_mb=4 modes=1024x768 || return 1
	sim_state host_mem
	expect_eq "retired memory" "$(retired memory)" "0 bytes 0" &&
	resources_agree
}

test_export_without_uuid_feature() {
	vgh-kms-prime -s 320x200 -x "sh /tests/simkms.sh check_no_uuid" export
}

# CREATE_DUMB beyond the host's memory: ENOMEM, and nothing left on
# either side; a buffer that fits still works afterwards.
test_host_out_of_memory_leaves_nothing() {
	before=$(host_resources)
	mem=$(sim_state host_mem)
	errors=$(sim_cmd RESOURCE_CREATE_2D errors)
	attach=$(sim_cmd RESOURCE_ATTACH_BACKING)
	failed=$(command_field RESOURCE_CREATE_2D 4)
	vgh-kms-dumb -e ENOMEM 1024 768 32 || return 1
	expect_eq "host: RESOURCE_CREATE_2D errors" \
		"$(sim_cmd RESOURCE_CREATE_2D errors)" $((errors + 1)) &&
	expect_eq "host: RESOURCE_ATTACH_BACKING received" \
		"$(sim_cmd RESOURCE_ATTACH_BACKING)" "$attach" &&
	expect_eq "guest: RESOURCE_CREATE_2D failed" \
		"$(command_field RESOURCE_CREATE_2D 4)" $((failed + 1)) &&
	expect_eq "host resources" "$(host_resources)" "$before" &&
	expect_eq "host memory in use" "$(sim_state host_mem)" "$mem" &&
	resources_agree &&
	vgh-kms-dumb 256 256 32
}

# An error on RESOURCE_ATTACH_BACKING: the errno of the host's answer,
# and the resource the host did create is unreferenced again.
test_attach_error_unrefs_resource() {
	before=$(host_resources)
	mem=$(sim_state host_mem)
	for resp in "0x1200 EIO" "0x1201 ENOMEM" "0x1205 EINVAL"; do
		set -- $resp
		creates=$(sim_cmd RESOURCE_CREATE_2D)
		unrefs=$(sim_cmd RESOURCE_UNREF)
		echo "error 0x0106 1 $1" >$SIM/fault || return 1
		vgh-kms-dumb -e "$2" 256 256 32 || return 1
		expect_eq "fault used up" "$(cut -d' ' -f1 $SIM/fault)" none &&
		expect_eq "host: RESOURCE_CREATE_2D received" \
			"$(sim_cmd RESOURCE_CREATE_2D)" $((creates + 1)) &&
		expect_eq "host: RESOURCE_UNREF received" \
			"$(sim_cmd RESOURCE_UNREF)" $((unrefs + 1)) &&
		expect_eq "host resources" "$(host_resources)" "$before" &&
		expect_eq "host memory in use" "$(sim_state host_mem)" "$mem" &&
		resources_agree || return 1
	done
}

# Every reset (the reloads, this unload) found the pages of every
# resource the host still held in use: none given back while the host
# could still use them, also not at unbind, where the driver cannot ask
# the host any more and the reset comes after.
test_unload() {
	rmmod virtio_gpu_sim && rmmod virtio_gpu_heap || return 1
	dmesg | grep 'already freed'
	expect_eq "resets with guest pages freed before" "$(early_frees)" \
		"$(cat /tmp/simkms-early-frees)"
}

ktap_run vgh_simkms kmemleak_ready modules_load damage_only_transfers \
	flip_shows_pattern_on_host cursor_on_host crtc_drives_other_output hotplug_uevent_and_modes \
	prime_roundtrip export_gets_uuid uuid_error_fails_export \
	udmabuf_shown_on_host framebuffer_published_complete \
	dumb_size_survives_racing_close stalled_unref_retires_pages \
	stalled_fb_unref_retires_pages unbind_keeps_pages_until_reset \
	reload_small_host export_without_uuid_feature \
	host_out_of_memory_leaves_nothing attach_error_unrefs_resource unload \
	no_leaks lockdep_still_on no_kernel_splats
