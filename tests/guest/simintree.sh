# SPDX-License-Identifier: GPL-2.0
# The in-tree virtio_gpu driver on the simulated device: a dumb buffer
# shown through KMS must appear, pixel for pixel, in the host's image of
# the scanout; once through 2D transfers, once as a guest blob the host
# reads directly.
. /tests/ktap.sh

# show FEATURES CHECK: load the simulator, show the pattern through KMS,
# compare the host's image with it and run the shell function CHECK while
# the pattern is still on screen.
show() {
	modprobe virtio-gpu-sim features="$1" || return 1
	[ "$(sim_driver)" = virtio_gpu ] || fail "simulator bound to '$(sim_driver)'" || return 1
	vgh-kms-fill -c -v $SIM/scanout0.ppm -x "sh /tests/simintree.sh $2"
}

# The cursor the in-tree driver set through the cursor queue.
check_cursor() {
	line=$(sim_state cursor)
	echo "cursor: $line"
	echo "$line" | grep -q '^scanout 0 at 100,50 resource [1-9][0-9]* updates [1-9]' ||
		fail "cursor not at 100,50 with a resource"
}

# What the host sees while 2D content is shown.
check_2d() {
	check_cursor || return 1
	cat $SIM/scanouts
	grep -q '^scanout 0 .* source host-copy$' $SIM/scanouts ||
		fail "scanout not shown from the host copy" || return 1
	copied=$(sim_state copied)
	echo "bytes copied by transfers: $copied"
	[ "$copied" -ge $((1024 * 768 * 4)) ] || fail "too few bytes copied" || return 1
	grep -v '^  entry [1-9]' $SIM/resources
	grep -q '^resource [0-9]* kind 2d format 2 size 1024x768 ' $SIM/resources ||
		fail "no 1024x768 B8G8R8X8 2D resource" || return 1
	grep -q '^  entry 0 addr 0x[0-9a-f]* len [0-9]*$' $SIM/resources ||
		fail "no backing entries listed"
}

# What the host sees while a guest blob is shown.
check_blob() {
	cat $SIM/scanouts
	grep -v '^  entry [1-9]' $SIM/resources
	grep -q '^scanout 0 .* source guest-direct$' $SIM/scanouts ||
		fail "blob scanout not read from guest memory" || return 1
	grep -q '^resource [0-9]* kind blob .* blob_mem 1 ' $SIM/resources ||
		fail "no guest blob resource" || return 1
	expect_eq "bytes copied by transfers" "$(sim_state copied)" 0
}

# What the host sees after one of each 3D and blob operation.
check_3d() {
	cat $SIM/contexts
	grep -v '^  entry' $SIM/resources
	grep -v ': 0 errors 0$' $SIM/state
	grep -q '^context [0-9]* capset 1 submits 1 ' $SIM/contexts ||
		fail "no context on capset 1 with one submit" || return 1
	grep -q '^resource [0-9]* kind 3d .* size 64x64 .* uuid [0-9a-f-]*$' $SIM/resources ||
		fail "no 64x64 3D resource with a uuid" || return 1
	grep -q '^resource [0-9]* kind blob .* blob_mem 2 blob_flags 0x3 .* mapped 0x[0-9a-f]*$' \
		$SIM/resources || fail "no mapped HOST3D blob" || return 1
	! grep ' errors [1-9]' $SIM/state || fail "the host refused commands"
}

case "${1:-}" in
check_*) "$1"; exit ;;
esac

# The 6.12 in-tree driver leaks its fbdev framebuffer when its device
# goes away under it ("Memory manager not clean during takedown", then
# kmemleak reports), which is what these tests do to it. Its fbdev
# emulation is off while it is loaded here; our driver's is not.
FBDEV=/sys/module/drm_kms_helper/parameters/fbdev_emulation

test_intree_loads() {
	# (the parameter exists once drm_kms_helper is loaded, if modular)
	modprobe drm_kms_helper && echo N >$FBDEV || return 1
	modprobe virtio_gpu
}

test_2d_scanout_through_host_copy() {
	show edid check_2d
}

test_2d_no_errors_and_unload() {
	! grep ' errors [1-9]' $SIM/state || fail "the host refused commands" || return 1
	rmmod virtio_gpu_sim
}

test_blob_scanout_reads_guest_memory() {
	show edid,resource_blob check_blob
}

test_blob_no_errors() {
	! grep ' errors [1-9]' $SIM/state || fail "the host refused commands"
}

test_blob_unload() {
	rmmod virtio_gpu_sim
}

# Contexts on rings, 3D resources and transfers, a fenced submit on ring
# 1, a mappable HOST3D blob placed in the host-visible region, and a
# uuid for an exported resource.
test_3d_and_host_visible_blob() {
	modprobe virtio-gpu-sim features=virgl,edid,resource_uuid,resource_blob,context_init capsets=0x2 \
		hostvis_base=0x80000000 hostvis_size=0x4000000 || return 1
	[ "$(sim_driver)" = virtio_gpu ] || fail "simulator bound to '$(sim_driver)'" || return 1
	vgh-virtgpu-ops -x "sh /tests/simintree.sh check_3d"
}

test_3d_unload() {
	rmmod virtio_gpu_sim && rmmod virtio_gpu && echo Y >$FBDEV
}

ktap_run vgs_intree intree_loads 2d_scanout_through_host_copy \
	2d_no_errors_and_unload blob_scanout_reads_guest_memory \
	blob_no_errors blob_unload 3d_and_host_visible_blob 3d_unload
