# SPDX-License-Identifier: GPL-2.0
# Repeated load and unload: no failure, no leak, no lockdep report.
. /tests/ktap.sh

CYCLES=${VGH_cycles:-50}

# Forget whatever boot left behind; only new suspects count.
test_kmemleak_ready() {
	kmemleak_clear
}

test_load_unload_cycles() {
	i=0
	while [ $i -lt "$CYCLES" ]; do
		modprobe virtio-gpu-heap || fail "cycle $i: load failed" || return 1
		[ -e /sys/class/drm/card0 ] || fail "cycle $i: no card0" || return 1
		rmmod virtio_gpu_heap || fail "cycle $i: unload failed" || return 1
		i=$((i + 1))
	done
	echo "$CYCLES cycles"
}

ktap_run vgh_cycles kmemleak_ready load_unload_cycles no_leaks \
	lockdep_still_on no_kernel_splats
