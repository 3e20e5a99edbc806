# SPDX-License-Identifier: GPL-2.0
# Our driver on the simulated device, checked against the host's view in
# the simulator's debugfs. The guest boots with mem=1G, so guest-physical
# memory from 0x80000000 is outside the kernel and holds the regions; the
# guest has 5 GiB so that the heap can sit above 4 GiB, where a device
# that addresses 32 bits cannot reach it.
. /tests/ktap.sh

HOSTVIS=0x80000000
HEAP=0x100000000
FEATURES=0x3f
SIM_ARGS="scanouts=2 modes=1280x720,800x600 features=$FEATURES blob_alignment=65536
	hostvis_base=$HOSTVIS hostvis_size=0x4000000
	heap_base=$HEAP heap_size=0x4000000"

display() { cat "$(drm_debugfs_dir)/vgh_display"; }
timed_out() { [ "$(command_field GET_DISPLAY_INFO 5)" -ge 1 ]; }

test_modules_load() {
	modprobe virtio-gpu-heap &&
	# shellcheck disable=SC2086
	modprobe virtio-gpu-sim $SIM_ARGS
}

test_sim_bound_to_our_driver() {
	d=$(sim_virtio_dev) || fail "no simulated virtio device" || return 1
	expect_eq "device id" "$(cat "$d/device")" 0x0010 &&
	expect_eq "driver" "$(basename "$(readlink "$d/driver")")" virtio_gpu_heap &&
	expect_eq "card0 driver" "$(drm_card_driver)" virtio_gpu_heap
}

# Negotiated: what the device offers and the driver implements (its
# vgh_features says which), and VERSION_1, which the virtio core accepts.
test_negotiation_agrees() {
	head -n 4 $SIM/state
	driver=$(vgh_value vgh_features driver)
	[ -n "$driver" ] || fail "no driver features in vgh_features" || return 1
	want=$(( (FEATURES & driver) | VIRTIO_F_VERSION_1 ))
	expect_eq "offered (host)" "$(sim_state offered)" "$(hex $((FEATURES | VIRTIO_F_VERSION_1)))" &&
	expect_eq "negotiated (host)" "$(sim_state negotiated)" "$(hex $want)" &&
	expect_eq "negotiated (guest)" "$(vgh_value vgh_features negotiated)" "$(hex $want 16)"
}

test_display_info_matches_host() {
	display
	display | grep -q '^scanout 0 enabled=1 mode=1280x720+0+0 edid=128$' ||
		fail "scanout 0 is not 1280x720 with a 128-byte EDID" || return 1
	display | grep -q '^scanout 1 enabled=1 mode=800x600+0+0 edid=128$' ||
		fail "scanout 1 is not 800x600 with a 128-byte EDID" || return 1
	expect_eq "GET_EDID (host)" "$(sim_state "cmd GET_EDID")" "2 errors 0"
}

test_hotplug_changes_mode() {
	echo "1 on 1024x768" >$SIM/hotplug || return 1
	wait_for 5 vgh_display_has '^scanout 1 enabled=1 mode=1024x768+' ||
		{ display; fail "scanout 1 did not become 1024x768"; }
}

test_unplug_disables_scanout() {
	echo "1 off" >$SIM/hotplug || return 1
	wait_for 5 vgh_display_has '^scanout 1 enabled=0 ' ||
		{ display; fail "scanout 1 still enabled"; }
}

test_bad_hotplug_rejected() {
	echo "7 on" >$SIM/hotplug 2>/dev/null && fail "scanout 7 accepted"
	echo "0 on 5x5" >$SIM/hotplug 2>/dev/null && fail "mode 5x5 accepted"
	return 0
}

test_config_storm() {
	before=$(vgh_value vgh_display display_events)
	echo 1000 >$SIM/storm || return 1
	wait_for 5 output_is 0x0 sim_state events_read ||
		fail "events never acknowledged" || return 1
	after=$(vgh_value vgh_display display_events)
	echo "display events handled: $before -> $after"
	[ "$after" -gt "$before" ] || fail "no event handled" || return 1
	expect_eq "driver" "$(drm_card_driver)" virtio_gpu_heap
}

test_error_response_counted() {
	failed=$(command_field GET_DISPLAY_INFO 4)
	echo "error 0x0100 1 0x1203" >$SIM/fault || return 1
	echo "0 on" >$SIM/hotplug || return 1
	wait_for 5 output_is $((failed + 1)) command_field GET_DISPLAY_INFO 4 ||
		fail "driver did not count the failed GET_DISPLAY_INFO" || return 1
	expect_eq "fault disarmed after one" "$(cat $SIM/fault)" "none 0x100 0 0x1203" &&
	dmesg | grep -q 'GET_DISPLAY_INFO failed: ERR_INVALID_RESOURCE_ID' ||
		fail "error not logged by name"
}

test_bad_fault_rejected() {
	echo "explode 0x100" >$SIM/fault 2>/dev/null && fail "unknown fault accepted"
	echo "error 0x100 1 0x1100" >$SIM/fault 2>/dev/null && fail "OK type accepted as error"
	echo "slow 0x100 1" >$SIM/fault 2>/dev/null && fail "slow without milliseconds accepted"
	echo "slow 0x100 1 60001" >$SIM/fault 2>/dev/null && fail "slow of 60001 ms accepted"
	return 0
}

test_hang_times_out_and_recovers() {
	echo 1000 >/sys/module/virtio_gpu_heap/parameters/cmd_timeout_ms
	echo "hang 0x0100 1" >$SIM/fault || return 1
	echo "0 on" >$SIM/hotplug || return 1
	wait_for 5 timed_out || fail "no timeout counted" || return 1
	expect_eq "commands the host holds" "$(sim_state held)" "1 0" || return 1
	# Unbinding with a command still held: the reset returns it.
	rmmod virtio_gpu_heap || fail "unload with a held command" || return 1
	expect_eq "held after reset" "$(sim_state held)" "0 0" || return 1
	modprobe virtio-gpu-heap || return 1
	wait_for 5 test -e /sys/class/drm/card0 || fail "no card after reload"
}

test_regions_outside_kernel_memory() {
	expect_eq "hostvis" "$(sim_state hostvis)" "0x0000000080000000+0x4000000" &&
	expect_eq "heap" "$(sim_state heap)" "0x0000000100000000+0x4000000" &&
	ram_end=$(grep 'System RAM' /proc/iomem | tail -n 1 | sed 's/^ *[0-9a-f]*-\([0-9a-f]*\) .*/\1/')
	echo "kernel memory ends at 0x$ram_end"
	[ $((0x$ram_end)) -lt $((HOSTVIS)) ] || fail "System RAM reaches the regions"
}

# The driver found the host-visible region where the device put it and
# nothing is mapped yet.
test_driver_found_host_visible_region() {
	cat "$(drm_debugfs_dir)/vgh_hostvis"
	expect_eq "vgh_hostvis" "$(head -n 1 "$(drm_debugfs_dir)/vgh_hostvis")" \
		"region 0x0000000080000000+0x4000000, 0 bytes mapped"
}

test_unload_sim_with_driver_bound() {
	rmmod virtio_gpu_sim || return 1
	[ ! -e /sys/class/drm/card0 ] || fail "card0 still present"
}

test_region_in_kernel_memory_refused() {
	out=$(modprobe virtio-gpu-sim hostvis_base=0x40000000 hostvis_size=0x100000 2>&1) &&
		{ rmmod virtio_gpu_sim; fail "accepted a region in System RAM"; return 1; }
	echo "$out"
	echo "$out" | grep -q 'Invalid argument' || fail "want EINVAL" || return 1
	dmesg | grep -q 'virtio-gpu-sim: host-visible region .* overlaps kernel memory' ||
		fail "no message naming the problem"
}

# Every configuration check of the module: EINVAL and a message saying why.
test_bad_parameters_refused() {
	while IFS='|' read -r args msg; do
		# shellcheck disable=SC2086
		if modprobe virtio-gpu-sim $args 2>/dev/null; then
			rmmod virtio_gpu_sim
			fail "accepted: $args" || return 1
		fi
		dmesg | tail -n 5 | grep -q "virtio-gpu-sim: $msg" ||
			fail "no message '$msg' for: $args" || return 1
	done <<-EOF
	modes=1024by768|cannot parse modes
	scanouts=17|17 scanouts
	modes=5000x600|scanout 0 mode 5000x600 out of range
	capsets=0x100|unknown capsets
	features=virgl,edid,resource_uuid,resource_blob,context_init,blob_alignment blob_alignment=1000|blob alignment 1000
	stride_align=100|layout stride alignment 100
	map_cache=16|map_cache 16 out of range
	instances=9|at most 8 instances
	instances=2 heap_base=$HEAP heap_size=0x200000|regions need a single instance
	hostvis_base=0x80000001 hostvis_size=0x1000|host-visible region .* not page aligned
	hostvis_base=$HOSTVIS hostvis_size=0x4000000 heap_base=0x82000000 heap_size=0x200000|heap and host-visible regions overlap
	EOF
}

test_bad_knob_values_rejected() {
	modprobe virtio-gpu-sim || return 1
	echo 60001 >$SIM/delay_ms 2>/dev/null && fail "delay of 60001 ms accepted"
	echo 100001 >$SIM/storm 2>/dev/null && fail "storm of 100001 accepted"
	echo 30 >$SIM/delay_ms || fail "delay of 30 ms refused" || return 1
	expect_eq "delay_ms" "$(cat $SIM/delay_ms)" 30 &&
	rmmod virtio_gpu_sim
}

test_driver_unloads() {
	rmmod virtio_gpu_heap
}

ktap_run vgs_sim modules_load sim_bound_to_our_driver negotiation_agrees \
	display_info_matches_host hotplug_changes_mode \
	unplug_disables_scanout bad_hotplug_rejected config_storm \
	error_response_counted bad_fault_rejected \
	hang_times_out_and_recovers regions_outside_kernel_memory \
	driver_found_host_visible_region \
	unload_sim_with_driver_bound region_in_kernel_memory_refused \
	bad_parameters_refused bad_knob_values_rejected driver_unloads
