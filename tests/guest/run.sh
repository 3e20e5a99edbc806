# SPDX-License-Identifier: GPL-2.0
# What "make run" shows: load the driver, print what it found and show a
# test pattern on the display.
. /tests/ktap.sh

echo "--- loading virtio-gpu-heap"
modprobe virtio-gpu-heap || echo "modprobe failed"
dmesg | grep '\[drm\] ' | sed 's/^\[[ 0-9.]*\] //'
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
# The picture of make run: a test pattern shown with a page flip, kept on
# the display while QEMU saves it (out/screen-run.png); the same pattern
# scripts/png-check.py compares with.
echo "--- test pattern (vgh-kms-fill -f), saved by QEMU's screendump"
if ! vgh-kms-fill -f -x 'echo "VGH-HOST screendump"; sleep 3'; then
	echo "no test pattern; the screendump shows the console"
	echo "VGH-HOST screendump"
	sleep 3
fi
rmmod virtio_gpu_heap
