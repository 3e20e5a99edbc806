# SPDX-License-Identifier: GPL-2.0
# KTAP output for guest tests written in shell.
#
# Usage: define test_<name> functions, then: ktap_run suite name1 name2 ...
# A test passes when its function returns 0, is skipped when it returns 4
# after printing a reason with ktap_skip_reason, and fails otherwise. Its
# output becomes KTAP diagnostic lines.

KTAP_SKIP=4

ktap_skip_reason() {
	echo "$*" >/tmp/ktap-skip
}

# fail MESSAGE: print a diagnostic and return non-zero
fail() {
	echo "$*"
	return 1
}

# expect_eq WHAT GOT WANT
expect_eq() {
	[ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"
}

ktap_run() {
	suite=$1
	shift
	echo "KTAP version 1"
	echo "1..1"
	echo "    KTAP version 1"
	echo "    # Subtest: $suite"
	echo "    1..$#"
	n=0
	bad=0
	for t in "$@"; do
		n=$((n + 1))
		rm -f /tmp/ktap-skip
		"test_$t" >/tmp/ktap-out 2>&1
		rc=$?
		sed 's/^/    # /' /tmp/ktap-out
		if [ $rc -eq 0 ]; then
			echo "    ok $n $t"
		elif [ $rc -eq $KTAP_SKIP ] && [ -f /tmp/ktap-skip ]; then
			echo "    ok $n $t # SKIP $(cat /tmp/ktap-skip)"
		else
			echo "    not ok $n $t"
			bad=1
		fi
	done
	if [ $bad -eq 0 ]; then
		echo "ok 1 $suite"
	else
		echo "not ok 1 $suite"
	fi
}

# Path of the first DRM card's debugfs directory, or nothing.
drm_debugfs_dir() {
	for d in /sys/kernel/debug/dri/*; do
		[ -f "$d/name" ] && { echo "$d"; return 0; }
	done
	return 1
}

# Name of the driver bound to the first DRM card's parent device.
drm_card_driver() {
	basename "$(readlink /sys/class/drm/card0/device/driver)" 2>/dev/null
}

# Count of messages in the kernel log that indicate a bug.
kernel_splats() {
	dmesg | grep -cE 'WARNING:|BUG:|Oops|Call trace:|possible circular|possible recursive|inconsistent lock|INFO: task .* blocked|kmemleak: .* new suspected' || true
}

# kmemleak_check: fail when kmemleak finds objects leaked since its last
# "clear". It ignores objects younger than 5 s, hence the wait.
kmemleak_check() {
	k=/sys/kernel/debug/kmemleak
	[ -w $k ] || fail "no $k" || return 1
	sleep 6
	echo scan >$k
	echo scan >$k
	leaks=$(grep -c '^unreferenced object' $k)
	[ "$leaks" -eq 0 ] || { head -n 40 $k; fail "$leaks leaked objects"; }
}
