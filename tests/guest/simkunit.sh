# SPDX-License-Identifier: GPL-2.0
# KUnit suites of the simulator: vgs_live binds our driver to simulated
# devices, fault by fault; vgs_device checks the host's answers. Sets the
# driver's command timeout to 1 s so that hang faults resolve quickly and
# tells vgs_live that no probe may take longer than 3 s. The guest boots
# with mem=1G, so 0x80000000 is free for vgs_device's regions. Both
# settings are the simulator's parameters: 6.1 runs a test module's
# suites before it parses the module's own.
. /tests/ktap.sh

# Only leaks made from here on count (see leaks.sh).
kmemleak_clear >/dev/null

load() {
	modprobe virtio-gpu-heap &&
	echo 1000 >/sys/module/virtio_gpu_heap/parameters/cmd_timeout_ms &&
	modprobe virtio-gpu-sim instances=0 kunit_max_probe_ms=3000 \
		kunit_region_base=0x80000000 &&
	modprobe virtio-gpu-sim-test
}

if ! load 2>/tmp/simkunit-err; then
	ktap_fail vgs_kunit live_modules_load "$(cat /tmp/simkunit-err)"
	exit 0
fi
for suite in vgs_live vgs_device; do
	kunit_results vgs_kunit "${suite}_found" $suite
done
rmmod virtio_gpu_sim_test
rmmod virtio_gpu_sim
rmmod virtio_gpu_heap
