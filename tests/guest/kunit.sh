# SPDX-License-Identifier: GPL-2.0
# Load the KUnit module and print each of its suites' results as KTAP.
. /tests/ktap.sh

if ! modprobe virtio-gpu-heap-test 2>/tmp/kunit-err; then
	ktap_fail vgh_kunit kunit_module_loads "$(cat /tmp/kunit-err)"
	exit 0
fi
kunit_results vgh_kunit kunit_suites_found 'vgh_*'
rmmod virtio_gpu_heap_test
rmmod virtio_gpu_heap
