# SPDX-License-Identifier: GPL-2.0
# After the other scripts of a guest: no leak, lockdep still on, no splat.
# A script that runs first clears kmemleak so only later leaks count.
. /tests/ktap.sh

test_no_leaks() {
	kmemleak_check
}

test_lockdep_still_on() {
	expect_eq "debug_locks" "$(sed -n 's/^ *debug_locks: *//p' /proc/lockdep_stats)" 1
}

test_no_kernel_splats() {
	dmesg | grep -E -A20 'WARNING:|BUG:|Oops|possible circular|inconsistent lock' | head -n 60
	expect_eq "warnings, oopses, lockdep reports" "$(kernel_splats)" 0
}

ktap_run vgs_leaks no_leaks lockdep_still_on no_kernel_splats
