#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make run: build guest kernel and module, boot the aarch64 guest with a
# virtio-gpu device, load the driver, print what it found and save a
# screenshot of the guest display; then boot it again on the simulated
# host in heap mode and show the dedicated heap at work, saving the frame
# the host scanned out of the heap; last, on QEMU's virgl device, weston
# and its clients from Debian's packages drawing on this driver, saved as
# the host displayed them.
. "$(dirname "$0")/lib.sh"
vgh_prepare_guest

png=$VGH_OUT/screen-run.png
rm -f "$png"
vgh_log "booting the aarch64 guest (QEMU virt, TCG, virtio-gpu-device on virtio-mmio)"
"$VGH_TOP/scripts/qemu-guest.py" --echo \
	--kernel "$VGH_KBUILD/arch/arm64/boot/Image" \
	--initrd "$VGH_INITRAMFS" \
	--append "quiet vgh.mode=run" \
	--log "$VGH_OUT/run-console.log" --png "$png" |
	sed -n '/^--- loading/,/^VGH-HOST screendump/p' | grep -v '^VGH-HOST'

[ -s "$png" ] || vgh_die "no screenshot was saved (console: $VGH_OUT/run-console.log)"
vgh_log "guest display saved to $png"
python3 "$VGH_TOP/scripts/png-check.py" --size 1280x800 "$png" >&2 ||
	vgh_die "the guest display does not show the test pattern"

heap_png=$VGH_OUT/screen-heap.png
rm -f "$heap_png"
vgh_log "booting the guest again on virtio-gpu-sim in heap mode (heap region, no host-visible region)"
"$VGH_TOP/scripts/qemu-guest.py" --echo --gpu none --mem 2048 \
	--kernel "$VGH_KBUILD/arch/arm64/boot/Image" \
	--initrd "$VGH_INITRAMFS" \
	--append "quiet vgh.mode=runheap mem=1G" \
	--log "$VGH_OUT/run-heap-console.log" |
	sed -n '/^--- loading/,/^--- the host/p' | grep -v '^--- the host'
"$VGH_TOP/scripts/console-ppm.py" "$VGH_OUT/run-heap-console.log" "$heap_png" >/dev/null ||
	vgh_die "no heap frame in the console (console: $VGH_OUT/run-heap-console.log)"
vgh_log "the frame the host scanned out of the heap saved to $heap_png"
python3 "$VGH_TOP/scripts/png-check.py" --size 1280x800 "$heap_png" >&2 ||
	vgh_die "the heap frame does not show the test pattern"

weston_png=$VGH_OUT/screen-weston.png
rm -f "$weston_png"
vgh_log "booting the guest a third time, on QEMU's virgl device, with Debian's weston and Mesa on our driver"
rootfs=$("$VGH_TOP/scripts/guest-rootfs.sh")
shots=$(mktemp -d)
"$VGH_TOP/scripts/qemu-guest.py" --gpu virtio-gpu-gl-device --gl --mem 2048 \
	--kernel "$VGH_KBUILD/arch/arm64/boot/Image" --initrd "$VGH_INITRAMFS" \
	--rootfs "$rootfs" --png-dir "$shots" --timeout 900 \
	--append "quiet vgh.mode=check vgh.tests=userspace vgh.us.name=run \
		vgh.us.drivers=virtio-gpu-heap vgh.us.tests=weston_clients" \
	--log "$VGH_OUT/run-weston-console.log" >/dev/null ||
	vgh_die "the weston guest did not finish (console: $VGH_OUT/run-weston-console.log)"
[ -s "$shots/run-ours-weston-1.png" ] ||
	vgh_die "no screenshot of weston was saved (console: $VGH_OUT/run-weston-console.log)"
grep -a -E 'GL renderer|Output .* enabled' "$VGH_OUT/run-weston-console.log" | tr -d '\r' |
	sed 's/^ *# *//'
rc=0
python3 "$VGH_TOP/scripts/png-clients.py" --egl --shm --keep "$weston_png" \
	"$shots"/run-ours-weston-[123].png >&2 || rc=$?
rm -rf "$shots"
[ $rc -eq 0 ] || vgh_die "the screenshots do not show weston's clients"
vgh_log "weston with weston-simple-egl and weston-simple-shm on our driver saved to $weston_png"
