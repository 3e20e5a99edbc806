# SPDX-License-Identifier: GPL-2.0
# After the other scripts of a guest: no leak, lockdep still on, no splat.
# A script that runs first clears kmemleak so only later leaks count.
. /tests/ktap.sh

KMEMLEAK=/sys/kernel/debug/kmemleak

test_no_leaks() {
	[ -w $KMEMLEAK ] || fail "no $KMEMLEAK" || return 1
	# kmemleak ignores objects younger than 5 s
	sleep 6
	echo scan >$KMEMLEAK
	echo scan >$KMEMLEAK
	leaks=$(grep -c '^unreferenced object' $KMEMLEAK)
	[ "$leaks" -eq 0 ] || { head -n 40 $KMEMLEAK; fail "$leaks leaked objects"; }
}

test_lockdep_still_on() {
	expect_eq "debug_locks" "$(sed -n 's/^ *debug_locks: *//p' /proc/lockdep_stats)" 1
}

test_no_kernel_splats() {
	dmesg | grep -E -A20 'WARNING:|BUG:|Oops|possible circular|inconsistent lock' | head -n 60
	expect_eq "warnings, oopses, lockdep reports" "$(kernel_splats)" 0
}

ktap_run vgs_leaks no_leaks lockdep_still_on no_kernel_splats
