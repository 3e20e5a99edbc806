# SPDX-License-Identifier: GPL-2.0
# Buffer layouts from the host (RESOURCE_QUERY_LAYOUT): wrong answers are
# refused with a log line that says what was wrong, and a device without
# the query leaves the guest's own rule in force, said in debugfs. Runs in
# the guest with mem=1G, where 0x88000000 lies outside the kernel.
. /tests/ktap.sh

HEAP="heap_base=0x88000000 heap_size=0x4000000"
# blobs, heap, the layout query (bit 50)
LAYOUT_FEATURES=virgl,edid,resource_uuid,resource_blob,context_init,blob_alignment,resource_layout

load() {
	rmmod virtio_gpu_sim virtio_gpu_heap 2>/dev/null
	sim_load virtio-gpu-heap -- "$@"
}
unload() { sim_unload virtio_gpu_heap; }

layout_file() { cat "$(drm_debugfs_dir)/vgh_layout"; }

# Each lie of the simulator (its layout_lie file) makes the query and the
# heap dumb buffer it would lay out fail with EPROTO (the subtest checks
# that); the driver says in the log what was wrong with an answer (at
# most ten lines in five seconds) and counts every kind in debugfs.
test_lies_refused_with_a_line() {
	# shellcheck disable=SC2086
	load features=$LAYOUT_FEATURES $HEAP stride_align=256 || return 1
	VGH_EXPECT_LAYOUT_WARNINGS=1 virtgpu_layout --run-subtest lies >/tmp/lies.out 2>&1
	sed 's/^/# /' /tmp/lies.out | grep -v '^# #' | head -n 20
	grep -q '^ok 1 ' /tmp/lies.out || fail "virtgpu_layout@lies failed" || return 1
	layout_file | grep -v ' use '
	dmesg | grep -q "host layout of XR24 .* 1024x64 use 0x5 refused: a stride smaller than a row\$" ||
		fail "no log line for the first lie" || return 1
	for why in "a stride smaller than a row" \
		"an alignment that is not a power of two up to 1 MiB" \
		"a stride alignment that is not a power of two up to 64 KiB" \
		"a plane that reaches past the size" \
		"a size of 0, above 2 GiB or not a multiple of the alignment" \
		"a plane count other than the format's" \
		"a tiled layout for a buffer the CPU writes" \
		"planes that overlap"; do
		layout_file | grep -q "^refused [1-9][0-9]*: $why\$" ||
			fail "not counted: $why" || return 1
	done
	unload
}

# Without the query (as on QEMU) the driver does not ask: debugfs says
# so, the heap dumb buffers keep rows of width x 4 bytes, and the query
# ioctl answers with the guest's rule, not flagged as the host's.
test_no_query_guest_rule() {
	# shellcheck disable=SC2086
	load features=virgl,edid,resource_uuid,resource_blob,context_init,blob_alignment $HEAP || return 1
	expect_eq "vgh_layout" "$(layout_file)" "no layout query: the guest's rule" || return 1
	expect_eq "queries sent" "$(command_field RESOURCE_QUERY_LAYOUT 2)" 0 || return 1
	virtgpu_layout --run-subtest rule >/tmp/rule.out 2>&1
	grep -q '^ok 1 ' /tmp/rule.out || { cat /tmp/rule.out; fail "rule"; } || return 1
	virtgpu_layout --run-subtest dumb-pitch >/tmp/dumb.out 2>&1
	grep -q '^ok 1 ' /tmp/dumb.out || { cat /tmp/dumb.out; fail "dumb-pitch"; } || return 1
	unload
}

ktap_run vgh_layout lies_refused_with_a_line no_query_guest_rule
