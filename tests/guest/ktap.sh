# SPDX-License-Identifier: GPL-2.0
# KTAP output for guest tests written in shell; also brings in the shared
# helpers of lib.sh.
#
# Usage: define test_<name> functions, then: ktap_run suite name1 name2 ...
# A test passes when its function returns 0, is skipped when it returns 4
# after printing a reason with ktap_skip_reason, and fails otherwise. Its
# output becomes KTAP diagnostic lines. Tests run in the script's shell:
# they must not use the ktap_ variable names.

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
	ktap_suite=$1
	shift
	echo "KTAP version 1"
	echo "1..1"
	echo "    KTAP version 1"
	echo "    # Subtest: $ktap_suite"
	echo "    1..$#"
	ktap_n=0
	ktap_bad=0
	for ktap_t in "$@"; do
		ktap_n=$((ktap_n + 1))
		rm -f /tmp/ktap-skip
		"test_$ktap_t" >/tmp/ktap-out 2>&1
		ktap_rc=$?
		sed 's/^/    # /' /tmp/ktap-out
		if [ $ktap_rc -eq 0 ]; then
			echo "    ok $ktap_n $ktap_t"
		elif [ $ktap_rc -eq $KTAP_SKIP ] && [ -f /tmp/ktap-skip ]; then
			echo "    ok $ktap_n $ktap_t # SKIP $(cat /tmp/ktap-skip)"
		else
			echo "    not ok $ktap_n $ktap_t"
			ktap_bad=1
		fi
	done
	if [ $ktap_bad -eq 0 ]; then
		echo "ok 1 $ktap_suite"
	else
		echo "not ok 1 $ktap_suite"
	fi
}

# ktap_fail SUITE TEST MESSAGE: report SUITE with one test, TEST, failed
# with MESSAGE; for a script that cannot run its real tests.
ktap_fail() {
	ktap_fail_msg=$3
	eval "test_$2() { fail \"\$ktap_fail_msg\"; }"
	ktap_run "$1" "$2"
}

. /tests/lib.sh
