# SPDX-License-Identifier: GPL-2.0
# The IGT-style tests (tests/igt/) against one driver, the way IGT's runner
# runs them: every subtest in its own process, and a subtest after which
# the kernel logged anything at warning level or worse counts as failed
# (IGT's "dmesg-warn").
#
# Kernel command line (see init):
#   vgh.igt.driver=virtio_gpu|virtio-gpu-heap   module to load (default
#                                               virtio_gpu, the in-tree one)
#   vgh.igt.only=bin1,bin2                      run only these binaries
#   vgh.igt.time_scale=N                        scale test durations
#
# Output: one KTAP document per binary, suite named after the binary,
# subtests named binary@subtest as IGT names them.
. /tests/ktap.sh

IGT_BINARIES="core_auth core_getversion core_setmaster drm_read dumb_buffer
kms_addfb_basic kms_atomic kms_atomic_transition kms_busy kms_flip kms_getfb
kms_invalid_mode kms_lease kms_plane kms_prime kms_prop_blob kms_properties
kms_rmfb kms_sequence kms_setmode kms_universal_plane kms_vblank"

driver=${VGH_igt_driver:-virtio_gpu}
export VGH_IGT_TIME_SCALE=${VGH_igt_time_scale:-1}
export VGH_IGT_TIMEOUT=${VGH_igt_timeout:-240}
shell_timeout=$((VGH_IGT_TIMEOUT + 30))

# Kernel time stamp of the newest message, and messages newer than $1 at
# level warning (4) or more severe, as "<level>[time] text".
klog_last() {
	dmesg -r | sed -n 's/^<[0-9]*>\[ *\([0-9.]*\)\].*/\1/p' | tail -n 1
}
klog_warnings_since() {
	dmesg -r | awk -v since="${1:-0}" '
		match($0, /^<[0-9]+>\[ *[0-9.]+\]/) {
			lvl = substr($0, 2, index($0, ">") - 2) % 8
			t = substr($0, index($0, "[") + 1)
			sub(/\].*/, "", t)
			if (t + 0 > since + 0 && lvl <= 4)
				print
		}'
}

# run_binary BIN: one KTAP document for BIN
run_binary() {
	bin=$1
	echo "KTAP version 1"
	echo "1..1"
	echo "    KTAP version 1"
	echo "    # Subtest: $bin"
	if ! command -v "$bin" >/dev/null; then
		echo "    1..1"
		echo "    # $bin is not installed in the guest"
		echo "    not ok 1 $bin@missing"
		echo "not ok 1 $bin"
		return
	fi
	subtests=$("$bin" --list-subtests)
	echo "    1..$(echo "$subtests" | wc -l)"
	n=0
	bad=0
	for sub in $subtests; do
		n=$((n + 1))
		since=$(klog_last)
		echo "<6>igt: starting $bin@$sub" >/dev/kmsg
		timeout "$shell_timeout" "$bin" --run-subtest "$sub" >/tmp/igt-out 2>&1
		rc=$?
		echo "<6>igt: finished $bin@$sub (exit $rc)" >/dev/kmsg
		grep '^#' /tmp/igt-out | grep -v '^# starting ' | sed 's/^/    /'
		grep -v '^#' /tmp/igt-out | grep -v -e '^KTAP version' -e '^1\.\.' \
			-e '^ok 1 ' -e '^not ok 1 ' | sed 's/^/    # /'
		line=$(grep -E '^(not )?ok 1 ' /tmp/igt-out | tail -n 1)
		warn=$(klog_warnings_since "$since")
		if [ -z "$line" ]; then
			line="not ok 1 $bin@$sub"
			echo "    # no result from $bin --run-subtest $sub (exit $rc)"
		fi
		if [ -n "$warn" ]; then
			echo "$warn" | head -n 20 | sed 's/^/    # dmesg-warn: /'
			line="not ok 1 $bin@$sub"
		fi
		case "$line" in
		"not ok 1 "*)
			bad=1
			echo "    not ok $n ${line#not ok 1 }"
			;;
		*)
			echo "    ok $n ${line#ok 1 }"
			;;
		esac
	done
	if [ $bad -eq 0 ]; then
		echo "ok 1 $bin"
	else
		echo "not ok 1 $bin"
	fi
}

load_driver() {
	modprobe "$driver" || return 1
	i=0
	while [ ! -e /dev/dri/card0 ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -e /dev/dri/card0 ]
}

if ! load_driver; then
	echo "KTAP version 1"
	echo "1..1"
	echo "# igt: loading $driver did not give /dev/dri/card0"
	echo "not ok 1 igt-$driver-loads"
	exit 0
fi
echo "# igt: card0 is $(vgh-drm-info /dev/dri/card0 | tr '\n' ' ') (module $driver, bound: $(drm_card_driver))"
for bin in $IGT_BINARIES; do
	case ",${VGH_igt_only:-$bin}," in
	*,"$bin",*) run_binary "$bin" ;;
	esac
done
modprobe -r vgem 2>/dev/null
modprobe -r "$driver" || echo "# igt: could not unload $driver"
