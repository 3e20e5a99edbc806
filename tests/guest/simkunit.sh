# SPDX-License-Identifier: GPL-2.0
# KUnit live suite: our driver bound to simulated devices, fault by fault.
# Sets the driver's command timeout to 1 s so that hang faults resolve
# quickly, and tells the suite that no probe may take longer than 3 s.
. /tests/ktap.sh

KMEMLEAK=/sys/kernel/debug/kmemleak
# Only leaks made from here on count (see leaks.sh).
[ -w $KMEMLEAK ] && echo scan >$KMEMLEAK && echo clear >$KMEMLEAK

load() {
	modprobe virtio-gpu-heap &&
	echo 1000 >/sys/module/virtio_gpu_heap/parameters/cmd_timeout_ms &&
	modprobe virtio-gpu-sim instances=0 &&
	modprobe virtio-gpu-sim-test max_probe_ms=3000
}

if ! load 2>/tmp/simkunit-err; then
	test_live_modules_load() { cat /tmp/simkunit-err; return 1; }
	ktap_run vgs_kunit live_modules_load
	exit 0
fi
if [ -f /sys/kernel/debug/kunit/vgs_live/results ]; then
	cat /sys/kernel/debug/kunit/vgs_live/results
else
	test_live_suite_found() { fail "no vgs_live suite in /sys/kernel/debug/kunit"; }
	ktap_run vgs_kunit live_suite_found
fi
rmmod virtio_gpu_sim_test
rmmod virtio_gpu_sim
rmmod virtio_gpu_heap
