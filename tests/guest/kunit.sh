# SPDX-License-Identifier: GPL-2.0
# Load the KUnit module and print each of its suites' results as KTAP.
. /tests/ktap.sh

if ! modprobe virtio-gpu-heap-test 2>/tmp/kunit-err; then
	test_kunit_module_loads() { cat /tmp/kunit-err; return 1; }
	ktap_run vgh_kunit kunit_module_loads
	exit 0
fi
found=0
for r in /sys/kernel/debug/kunit/vgh_*/results; do
	[ -f "$r" ] || continue
	cat "$r"
	found=1
done
if [ $found -eq 0 ]; then
	test_kunit_suites_found() { fail "no vgh_* suites in /sys/kernel/debug/kunit"; }
	ktap_run vgh_kunit kunit_suites_found
fi
rmmod virtio_gpu_heap_test
rmmod virtio_gpu_heap
