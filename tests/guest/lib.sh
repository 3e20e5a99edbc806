# SPDX-License-Identifier: GPL-2.0
# Helpers shared by the guest tests; ktap.sh sources this file. Helpers
# keep their variables local, so that they cannot clobber a caller's.

KMEMLEAK=/sys/kernel/debug/kmemleak
# The first device of virtio-gpu-sim, and the vendor id its devices report
# ("VGSM").
SIM=/sys/kernel/debug/virtio-gpu-sim/sim0
SIM_VENDOR=0x4d534756
VIRTIO_F_VERSION_1=$((1 << 32))

# wait_for SECONDS CMD...: run CMD every 0.1 s until it succeeds, for at
# most SECONDS.
wait_for() {
	local tries=$(($1 * 10))
	shift
	while [ "$tries" -gt 0 ]; do
		"$@" && return 0
		sleep 0.1
		tries=$((tries - 1))
	done
	return 1
}

# output_is WANT CMD...: succeed when CMD prints exactly WANT.
output_is() {
	local want=$1
	shift
	[ "$("$@")" = "$want" ]
}

# hex VALUE [WIDTH]: VALUE as 0x-prefixed hex, zero-padded to WIDTH digits.
hex() {
	printf "0x%0${2:-1}x" "$(($1))"
}

# Path of the first DRM card's debugfs directory, or nothing.
drm_debugfs_dir() {
	local d
	for d in /sys/kernel/debug/dri/*; do
		[ -f "$d/name" ] && { echo "$d"; return 0; }
	done
	return 1
}

# Name of the virtio driver behind the first DRM card: the driver of the
# virtio device below the card's device (the transport), or of the
# card's device itself when that is a virtio device.
drm_card_driver() {
	local dev=/sys/class/drm/card0/device v
	for v in "$dev"/virtio[0-9]*; do
		[ -e "$v/driver" ] || continue
		basename "$(readlink "$v/driver")"
		return 0
	done
	basename "$(readlink "$dev/driver")" 2>/dev/null
}

# vgh_value FILE KEY: the rest of the line "KEY ..." of the driver's
# debugfs FILE, e.g. vgh_value vgh_features negotiated.
vgh_value() {
	sed -n "s/^$2 //p" "$(drm_debugfs_dir)/$1"
}

# vgh_feature NAME FIELD: 0 or 1, FIELD offered or negotiated, from
# vgh_features.
vgh_feature() {
	sed -n "s/^$1 .*$2=\([01]\).*/\1/p" "$(drm_debugfs_dir)/vgh_features"
}

# command_field NAME COLUMN: a counter of vgh_commands; COLUMN 2 is sent,
# 3 ok, 4 failed, 5 timed out.
command_field() {
	awk -v n="$1" -v c="$2" '$1 == n { print $c }' \
		"$(drm_debugfs_dir)/vgh_commands"
}

# vgh_commands_used: the lines of vgh_commands with a counter above 0.
vgh_commands_used() {
	grep -v ' 0 0 0 0$' "$(drm_debugfs_dir)/vgh_commands"
}

# vgh_commands_failed: failed and timed-out commands of all types.
vgh_commands_failed() {
	awk 'NR > 1 { n += $4 + $5 } END { print n + 0 }' \
		"$(drm_debugfs_dir)/vgh_commands"
}

# vgh_display_has PATTERN: whether a line of vgh_display matches PATTERN.
vgh_display_has() {
	grep -q "$1" "$(drm_debugfs_dir)/vgh_display"
}

# sysfs path of the first simulated virtio device.
sim_virtio_dev() {
	local d
	for d in /sys/bus/virtio/devices/*; do
		[ "$(cat "$d/vendor")" = "$SIM_VENDOR" ] && { echo "$d"; return 0; }
	done
	return 1
}

# Name of the driver bound to the first simulated virtio device.
sim_driver() {
	local d
	d=$(sim_virtio_dev) || return 1
	basename "$(readlink "$d/driver")"
}

# sim_state KEY: the value of "KEY: ..." in the simulator's state file.
sim_state() {
	sed -n "s/^$1: //p" $SIM/state
}

# Messages in the kernel log that indicate a bug.
KERNEL_SPLATS='WARNING:|BUG:|Oops|Call trace:|possible circular|possible recursive|inconsistent lock|INFO: task .* blocked|kmemleak: .* new suspected'

# Count of messages in the kernel log that indicate a bug.
kernel_splats() {
	dmesg | grep -cE "$KERNEL_SPLATS" || true
}

# kmemleak_clear: forget the suspects so far; only later leaks count.
kmemleak_clear() {
	[ -w $KMEMLEAK ] || fail "no $KMEMLEAK" || return 1
	echo scan >$KMEMLEAK && echo clear >$KMEMLEAK
}

# kmemleak_check: fail when kmemleak finds objects leaked since its last
# "clear". It ignores objects younger than 5 s, hence the wait.
kmemleak_check() {
	local leaks
	[ -w $KMEMLEAK ] || fail "no $KMEMLEAK" || return 1
	sleep 6
	echo scan >$KMEMLEAK
	echo scan >$KMEMLEAK
	leaks=$(grep -c '^unreferenced object' $KMEMLEAK)
	[ "$leaks" -eq 0 ] || { head -n 40 $KMEMLEAK; fail "$leaks leaked objects"; }
}

# kunit_results SUITE TEST GLOB: print the KTAP results of the KUnit
# suites matching GLOB; when there are none, report TEST of SUITE failed.
kunit_results() {
	local r found=0
	for r in /sys/kernel/debug/kunit/$3/results; do
		[ -f "$r" ] || continue
		cat "$r"
		found=1
	done
	[ $found -eq 1 ] ||
		ktap_fail "$1" "$2" "no $3 suite in /sys/kernel/debug/kunit"
}

# sim_load MODULE [MODULE-ARGS...] -- [SIM-ARGS...]: load a driver, then
# the simulator with SIM-ARGS, the kernel log cleared first; fails when
# no card0 appears.
sim_load() {
	local drv=$1 args=
	shift
	while [ "$1" != -- ]; do args="$args $1"; shift; done
	shift
	dmesg -c >/dev/null
	# shellcheck disable=SC2086
	modprobe $drv $args && modprobe virtio-gpu-sim "$@" &&
		wait_for 5 [ -e /dev/dri/card0 ] || fail "no card0"
}

# sim_unload MODULE: unload the simulator, then the driver.
sim_unload() {
	rmmod virtio_gpu_sim && modprobe -r "$1"
}

# Tests several scripts start or end with; pass their names to ktap_run.

# Leaks found later are this script's (kmemleak_check).
test_kmemleak_ready() {
	kmemleak_clear
}

test_no_leaks() {
	kmemleak_check
}

test_lockdep_still_on() {
	expect_eq "debug_locks" "$(sed -n 's/^ *debug_locks: *//p' /proc/lockdep_stats)" 1
}

test_no_kernel_splats() {
	dmesg | grep -E -A20 "$KERNEL_SPLATS" | head -n 60
	expect_eq "warnings, oopses, lockdep reports" "$(kernel_splats)" 0
}
