# SPDX-License-Identifier: GPL-2.0
# What "make run" shows: load the driver and print what it found.
. /tests/ktap.sh

echo "--- loading virtio-gpu-heap"
modprobe virtio-gpu-heap || echo "modprobe failed"
dmesg | grep 'virtio_gpu_heap virtio' | sed 's/^\[[ 0-9.]*\] //'
d=$(drm_debugfs_dir)
if [ -n "$d" ]; then
	echo "--- DRM device"
	vgh-drm-info /dev/dri/card0
	echo "--- $d/vgh_features"
	cat "$d/vgh_features"
	echo "--- $d/vgh_display"
	cat "$d/vgh_display"
	echo "--- $d/vgh_commands (non-zero rows)"
	vgh_commands_used
fi
echo "VGH-HOST screendump"
sleep 3
rmmod virtio_gpu_heap
