# SPDX-License-Identifier: GPL-2.0
# The second half of "make run": the dedicated heap at work, on the
# simulated host (virtio-gpu-sim) in heap mode: a heap region, no
# host-visible region, the pool outside the 1 GiB the kernel manages
# (mem=1G). Prints the pool, a Venus-shaped allocation, a frame scanned
# out of the heap with the bytes the host copied for it, and prints the
# host's image of that frame for the host to save.
. /tests/ktap.sh

# Called by vgh-kms-fill while the frame is shown.
show_frame() {
	d=$(drm_debugfs_dir)
	grep '^scanout 0 ' $SIM/scanouts
	res=$(sed -n 's/^scanout 0 .* resource \([0-9]*\) .*/\1/p' $SIM/scanouts)
	grep -A1 "^resource $res " $SIM/resources
	sed -n 2p "$d/vgh_heap"
	echo "host bytes copied for the frame: $(($(sim_state copied) - $(cat /tmp/copied)))"
	cat $SIM/scanout0.ppm >/tmp/heap-frame.ppm
}

case "${1:-}" in
show_frame) show_frame; exit ;;
esac

echo "--- loading virtio-gpu-heap and virtio-gpu-sim in heap mode"
modprobe virtio-gpu-heap &&
modprobe virtio-gpu-sim features=virgl,edid,resource_uuid,resource_blob,context_init capsets=0x16 heap_base=0x88000000 \
	heap_size=0x4000000 modes=1280x800 || echo "modprobe failed"
wait_for 5 test -e /dev/dri/card0 || echo "no /dev/dri/card0"
echo 0 >/sys/class/graphics/fbcon/cursor_blink 2>/dev/null
dmesg | grep '\[drm\] .*heap' | sed 's/^\[[ 0-9.]*\] //'
echo "--- the pool ($(drm_debugfs_dir)/vgh_heap)"
head -n 2 "$(drm_debugfs_dir)/vgh_heap"

echo "--- a Venus-shaped allocation (virtgpu_heap@venus-guest-vram)"
virtgpu_heap --run-subtest venus-guest-vram | grep -v -e '^KTAP' -e '^1\.\.'

echo "--- a frame scanned out of the heap (vgh-kms-fill -f)"
sim_state copied >/tmp/copied
vgh-kms-fill -f -x "sh /tests/runheap.sh show_frame"
echo "--- the host's image of that frame, in hex for the host to save"
# While the image goes out, only emergencies reach the console: a kernel
# warning printed in the middle (TCG's "hrtimer: interrupt took" when the
# emulator stalls) would break the hex apart.
dmesg -n 1
echo "VGH-PPM-BEGIN"
od -An -v -tx1 /tmp/heap-frame.ppm | tr -d ' \n' | fold -w 4096
echo
echo "VGH-PPM-END"
dmesg -n 5
rmmod virtio_gpu_sim
rmmod virtio_gpu_heap
