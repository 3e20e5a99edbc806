# SPDX-License-Identifier: GPL-2.0
# DMA32: every buffer the device touches lies below 4 GiB. The guest has
# RAM up to 6 GiB and no mem= limit, so the page allocator hands out
# pages above 4 GiB first; the simulated device's heap region is a no-map
# reserved-memory node from the device tree (qemu-guest.py --dt-heap).
# The simulator lists every backing address it was given (its debugfs
# resources file): with our driver all of them are below 4 GiB, in heap
# mode and out of it; with dma32=0 they are not, which shows the listing
# would catch it. The in-tree driver on the same device is shown beside.
. /tests/ktap.sh

FOUR_G=$((0x100000000))
SIM_BASE="features=virgl,edid,resource_uuid,resource_blob,context_init"
SIM_HEAP="features=virgl,edid,resource_uuid,resource_blob,context_init heap_base=0x88000000 heap_size=0x4000000"

# backing: "ENTRIES HIGH END": backing entries the host holds, how many
# reach above 4 GiB, and the highest end address.
backing() {
	n=0 high=0 top=0
	for e in $(sed -n 's/^  entry [0-9]* addr \(0x[0-9a-f]*\) len \([0-9]*\)$/\1+\2/p' \
		$SIM/resources); do
		end=$((${e%+*} + ${e#*+}))
		n=$((n + 1))
		[ $end -gt $FOUR_G ] && high=$((high + 1))
		[ $end -gt $top ] && top=$end
	done
	printf '%d %d 0x%x\n' $n $high $top
}

# Called while two 1024x1024 dumb buffers exist (and the console's):
# report what the host was given, with what it must hold as $1 (low or
# high), and who made it as $2.
check_backing() {
	set -- "$1" "$2" $(backing)
	echo "$2: $3 backing entries, $4 of them above 4 GiB, highest end $5"
	[ "$3" -gt 0 ] || fail "the host holds no backing entries" || return 1
	case $1 in
	low) expect_eq "entries above 4 GiB" "$4" 0 ;;
	high) [ "$4" -gt 0 ] || fail "no entry above 4 GiB" ;;
	any) ;;
	esac
}

case "${1:-}" in
check_*) "$@"; exit ;;
esac

# two dumb buffers, held while check_backing runs
buffers() {
	vgh-kms-dumb -x "vgh-kms-dumb -x 'sh /tests/dma32.sh check_backing $1 $2' 1024 1024 32" \
		1024 1024 32 | grep -v '^CREATE_DUMB'
}

# The premise: the kernel has RAM above 4 GiB to hand out.
test_ram_above_4g() {
	grep 'System RAM' /proc/iomem
	for end in $(sed -n 's/^[0-9a-f]*-\([0-9a-f]*\) : System RAM$/\1/p' /proc/iomem); do
		[ $((0x$end)) -ge $FOUR_G ] && return 0
	done
	fail "no System RAM above 4 GiB"
}

test_ours_shmem_below_4g() {
	sim_load virtio-gpu-heap -- $SIM_BASE && buffers low virtio-gpu-heap &&
	sim_unload virtio-gpu-heap
}

test_ours_heap_below_4g() {
	sim_load virtio-gpu-heap -- $SIM_HEAP || return 1
	grep 'heap mode on' "$(drm_debugfs_dir)/vgh_heap" || fail "no heap mode" || return 1
	buffers low virtio-gpu-heap-in-heap-mode && sim_unload virtio-gpu-heap
}

# The negative control: without dma32, pages above 4 GiB reach the host.
test_ours_without_dma32_goes_high() {
	sim_load virtio-gpu-heap dma32=0 -- $SIM_BASE &&
	buffers high virtio-gpu-heap-dma32=0 && sim_unload virtio-gpu-heap
}

# Shown, not judged: where the in-tree driver's pages lie. Its fbdev
# emulation is off while it is loaded: its console framebuffer outlives
# the device when it goes away under it ("Memory manager not clean during
# takedown", then kmemleak reports), as in intree.sh and simintree.sh.
FBDEV=/sys/module/drm_kms_helper/parameters/fbdev_emulation
test_intree_for_comparison() {
	echo N >$FBDEV || return 1
	sim_load virtio_gpu -- $SIM_BASE && buffers any in-tree-virtio_gpu &&
	sim_unload virtio_gpu
	rc=$?
	echo Y >$FBDEV
	return $rc
}

ktap_run vgh_dma32 kmemleak_ready ram_above_4g ours_shmem_below_4g \
	ours_heap_below_4g ours_without_dma32_goes_high intree_for_comparison \
	no_leaks no_kernel_splats
