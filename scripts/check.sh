#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make check: every gate and test. Ends with "N passed, M failed".
. "$(dirname "$0")/lib.sh"
start=$(date +%s)
"$VGH_TOP/scripts/deps.sh"
# The 6.1 and product kernels, used further down in that order, build in
# the time the debug kernel's build and the guests before them leave
# idle. Nothing builds while the IGT-style suite runs: even in the idle
# class a build delays this machine's timer wakeups by a frame and more,
# which IGT's vblank bounds do not allow.
vgh_kernels_in_background 6.1-debug 6.12-product
trap vgh_kernels_in_background_stop EXIT
"$VGH_TOP/scripts/kernel.sh" >/dev/null
vgh_kernel_vars
logs=$VGH_OUT/check
rm -rf "$logs"
mkdir -p "$logs"
passed=0
failed=0
skipped=0

# gate NAME CMD...: run a check; its output goes to $logs/NAME.log and is
# shown when it fails.
gate() {
	local name=$1
	shift
	if "$@" >"$logs/$name.log" 2>&1; then
		passed=$((passed + 1))
		echo "  ok   $name"
	else
		failed=$((failed + 1))
		echo "  FAIL $name (log: $logs/$name.log)"
		tail -n 30 "$logs/$name.log" | sed 's/^/       /'
	fi
}

# The files that kernel style gates apply to.
mapfile -t kfiles < <(find "$VGH_TOP/drivers" "$VGH_TOP/include" "$VGH_TOP/compat" \
	-name '*.[ch]' ! -name '*.mod.c' ! -path '*/generated/*' | sort)

# no_output CMD...: succeed when CMD succeeds and prints nothing.
no_output() {
	local out
	out=$("$@" 2>&1) || { echo "$out"; return 1; }
	[ -z "$out" ] || { echo "$out"; return 1; }
}

build_w1_werror() {
	vgh_module_make clean >/dev/null
	vgh_module_make modules W=1 VGH_WERROR=1 VGH_HDRTEST=1 2>&1 | tee "$logs/build.out"
	[ "${PIPESTATUS[0]}" -eq 0 ] && ! grep -q 'warning:' "$logs/build.out" &&
		grep -q HDRTEST "$logs/build.out"
}

sparse_c2() {
	vgh_module_make modules C=2 CHECK=sparse 2>&1 | tee "$logs/sparse.out"
	[ "${PIPESTATUS[0]}" -eq 0 ] && ! grep -qE 'warning:|error:' "$logs/sparse.out"
}

# ENOSYS: the virtio-gpu uAPI answers an ioctl the device cannot serve
# (no 3D, no capsets) with ENOSYS, and userspace tests for that errno, so
# the driver keeps it (vgh_ioctl.c) although new code should not.
checkpatch_strict() {
	"$VGH_KSRC/scripts/checkpatch.pl" --strict --no-tree --terse --show-types \
		--ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG,ENOSYS -f "${kfiles[@]}" |
		tee "$logs/checkpatch.out"
	! grep -qE '(ERROR|WARNING|CHECK):' "$logs/checkpatch.out"
}

kernel_doc() {
	no_output "$VGH_KSRC/scripts/kernel-doc" -none -Wall "${kfiles[@]}"
}

# What a packager reads with modinfo: the version of VERSION, the virtio
# GPU alias that loads the module in place of a blacklisted virtio_gpu,
# and a description for every parameter.
module_metadata() {
	local ko=$VGH_TOP/virtio-gpu-heap.ko want got tmp out
	want=$(cat "$VGH_TOP/VERSION")
	got=$(modinfo -F version "$ko") || return 1
	echo "version $got"
	[ "$got" = "$want" ] || { echo "VERSION says $want"; return 1; }
	modinfo -F alias "$ko"
	modinfo -F alias "$ko" | grep -qxF 'virtio:d00000010v*' ||
		{ echo "no alias for the virtio GPU device (id 16)"; return 1; }
	# a malformed VERSION stops the build, saying so
	tmp=$(mktemp -d)
	cp "$VGH_TOP/Kbuild" "$tmp/"
	echo 1.2 >"$tmp/VERSION"
	out=$(vgh_kmake M="$tmp" modules 2>&1) && { rm -rf "$tmp"; echo "built with VERSION 1.2"; return 1; }
	rm -rf "$tmp"
	grep -qF 'VERSION: "1.2" is not MAJOR.MINOR.PATCH' <<<"$out" ||
		{ echo "unclear message for VERSION 1.2: $out"; return 1; }
	modinfo -F parm "$ko"
	modinfo -F parm "$ko" | awk '
		{ split($0, f, ":"); d = substr($0, length(f[1]) + 2) }
		d ~ /^[[:space:]]*(\([a-z0-9]+\))?$/ { print "no description: " f[1]; bad = 1 }
		END { exit bad }'
}

uapi_header_alone() {
	local h
	for h in "$VGH_TOP"/include/uapi/*/*.h; do
		# -isystem: the kernel's headers are not ours to hold to -pedantic
		echo "#include \"$h\"" | gcc -x c -std=gnu99 -Wall -Wextra -pedantic \
			-Werror -fsyntax-only -I "$VGH_TOP/include/uapi" \
			-isystem "$VGH_STAGING/usr/include" - || return 1
		echo "#include \"$h\"" | g++ -x c++ -Wall -Wextra -pedantic -Werror \
			-fsyntax-only -I "$VGH_TOP/include/uapi" \
			-isystem "$VGH_STAGING/usr/include" - || return 1
	done
}

kdir_errors_are_clear() {
	local fake out
	out=$(make -s -C "$VGH_TOP" modules KDIR=/nonexistent 2>&1) && return 1
	grep -qx 'error: KDIR=/nonexistent: not a kernel build directory.*' <<<"$out" || {
		echo "unclear message for a missing KDIR: $out"; return 1; }
	fake=$(mktemp -d)
	touch "$fake/Makefile" "$fake/Module.symvers"
	printf 'CONFIG_MODULES=y\nCONFIG_MMU=y\nCONFIG_VIRTIO=y\n' >"$fake/.config"
	out=$(make -s -C "$VGH_TOP" modules KDIR="$fake" 2>&1) && { rm -rf "$fake"; return 1; }
	rm -rf "$fake"
	# a here-string: grep -q may stop reading early, which pipefail
	# would report as a failure of the pipe
	grep -q 'kernel lacks CONFIG_DRM,' <<<"$out" || {
		echo "unclear message for a kernel without DRM: $out"; return 1; }
}

echo "gates:"
gate build_w1_werror build_w1_werror
gate sparse_c2 sparse_c2
gate checkpatch_strict checkpatch_strict
gate kernel_doc kernel_doc
gate module_metadata module_metadata
gate dkms_check "$VGH_TOP/scripts/dkms-check.sh"
gate uapi_header_alone uapi_header_alone
gate uapi_abi_matches_kernel python3 "$VGH_TOP/scripts/uapi-abi-check.py" \
	"$VGH_TOP/include/uapi" "$VGH_STAGING/usr/include"
gate kdir_errors_are_clear kdir_errors_are_clear
gate ktap_parser python3 "$VGH_TOP/scripts/ktap_test.py"

vgh_guest_tools
"$VGH_TOP/scripts/initramfs.sh" "$VGH_INITRAMFS"

# guest NAME GPU-DEVICE TESTS EXPECT [QEMU-GUEST-OPTIONS...]: boot one
# guest, count its KTAP (passed, failed, skipped; ktap.py lists every
# skip with its reason and counts a skip for a missing option of our own
# guest kernel as a failure). The timeout only stops a hung guest: it is
# several times what a guest takes on a slow machine (a --timeout among
# the options overrides it).
guest() {
	local name=$1 gpu=$2 tests=$3 expect=$4 log=$logs/guest-$1.log rc=0 line
	shift 4
	echo "guest $name ($gpu${*:+ $*}; tests: $tests):"
	"$VGH_TOP/scripts/qemu-guest.py" --kernel "$VGH_KBUILD/arch/arm64/boot/Image" \
		--initrd "$VGH_INITRAMFS" --gpu "$gpu" --log "$log" \
		--timeout 900 "$@" \
		--append "vgh.mode=check vgh.tests=$tests $expect" 2>"$logs/guest-$name.err" || rc=1
	"$VGH_TOP/scripts/ktap.py" "$log" >"$logs/guest-$name.ktap" || true
	line=$(tail -n 1 "$logs/guest-$name.ktap")
	grep -v '^ktap:' "$logs/guest-$name.ktap" || true
	set -- $(echo "$line" | sed 's/[^0-9 ]//g')
	passed=$((passed + $1))
	failed=$((failed + $2))
	skipped=$((skipped + $3))
	echo "  $line"
	grep '^guest finished in' "$logs/guest-$name.err" | sed 's/^/  /' || true
	if [ $(($1 + $2)) -lt $(echo "$tests" | tr , '\n' | wc -l) ]; then
		failed=$((failed + 1))
		echo "  FAIL guest $name printed fewer results than it ran test scripts"
	fi
	if [ $rc -ne 0 ]; then
		failed=$((failed + 1))
		echo "  FAIL guest $name did not finish"
		sed 's/^/       /' "$logs/guest-$name.err"
	fi
}

# kms runs before core, whose display change test resizes QEMU's display.
guest qemu-default virtio-gpu-device kunit,kms,core,intree,cycles \
	"vgh.expect.edid=1 vgh.expect.scanouts=1 vgh.expect.mode=1280x800" \
	--png "$logs/kms-screen.png"
gate kms_screendump_matches_pattern python3 "$VGH_TOP/scripts/png-check.py" \
	--size 1280x800 "$logs/kms-screen.png"
guest qemu-two-outputs \
	virtio-gpu-device,edid=off,max_outputs=2,xres=1024,yres=768 core,intree,kms \
	"vgh.expect.edid=0 vgh.expect.scanouts=2 vgh.expect.mode=1024x768"
guest qemu-legacy virtio-gpu-device legacy "" --legacy
# virtio-gpu-pci: the DRM device on the PCI function, as libdrm reports it.
guest qemu-pci virtio-gpu-pci core \
	"vgh.expect.edid=1 vgh.expect.scanouts=1 vgh.expect.mode=1280x800"
# The heap from the device tree on QEMU's device (no blobs): dumb buffers
# in the carve-out, shown through transfers.
guest qemu-dt-heap virtio-gpu-device heapdt "" --mem 2048 \
	--dt-heap 0x88000000,0x4000000 --png "$logs/dt-heap-screen.png"
gate dt_heap_screendump_matches_pattern python3 "$VGH_TOP/scripts/png-check.py" \
	--size 1280x800 "$logs/dt-heap-screen.png"
# The simulator's regions live above the 1 GiB the guest kernel manages,
# one of them above 4 GiB.
guest sim none simkunit,sim,heap,layout,simintree,simkms,leaks "mem=1G init_on_free=1" \
	--mem 5120
# DMA32: RAM up to 6 GiB with no mem= limit, the simulator's heap region
# a reserved-memory node; every backing address the host got is listed.
guest dma32 none dma32 "" --mem 5120 --dt-heap 0x88000000,0x4000000

# The virtio-gpu uAPI (tests/igt/drm_virtgpu.c, syncobj_basic.c,
# virtgpu_uapi.c) on the simulated device with 3D, blobs, rings and the
# host-visible region: ours counts; the in-tree driver on the same device
# is shown beside it (where we are stricter, it fails on purpose).
UAPI_SIM="features=virgl,edid,resource_uuid,resource_blob,context_init:capsets=0x56:hostvis_base=0x80000000:hostvis_size=0x4000000"
UAPI_BINS=drm_virtgpu,syncobj_basic,virtgpu_uapi,virtgpu_stress,virtgpu_heap,virtgpu_dma_heap,virtgpu_clients,virtgpu_layout,dumb_buffer
guest uapi-ours none uapi,igt,leaks "vgh.igt.driver=virtio-gpu-heap vgh.igt.sim=$UAPI_SIM \
	vgh.igt.only=$UAPI_BINS mem=1G" --mem 2048
# The same uAPI in heap mode: a heap region and no host-visible one, as
# on a hypervisor that cannot map host memory into the guest, whose host
# pages are 16 KiB (VIRTIO_GPU_F_BLOB_ALIGNMENT).
HEAP_SIM="features=virgl,edid,resource_uuid,resource_blob,context_init,blob_alignment:blob_alignment=16384:capsets=0x56:heap_base=0x88000000:heap_size=0x4000000"
# The console, /dev/fb0, debugfs and unbind with live mappings, with
# every buffer in the heap.
HEAP_BINS=$UAPI_BINS,fbdev,core_debugfs,kms_debugfs,kms_flip_event_leak,core_hotunplug
guest heap-ours none igt,leaks "vgh.igt.driver=virtio-gpu-heap vgh.igt.sim=$HEAP_SIM \
	vgh.igt.only=$HEAP_BINS mem=1G" --mem 2048
# Host layout rules (RESOURCE_QUERY_LAYOUT, feature bit 50) in heap mode,
# where dumb buffers are heap blobs the host scans out where they lie:
# 64-byte pitches with 4 KiB sizes, then 256-byte pitches with 16 KiB
# sizes and a tiled layout for what the CPU does not write. IGT's
# framebuffer and dumb-buffer tests must pass under each.
LAYOUT_BINS=virtgpu_layout,kms_addfb_basic,dumb_buffer
LAYOUT_HEAP="capsets=0x16:heap_base=0x88000000:heap_size=0x4000000"
guest layout-64 none igt,leaks "vgh.igt.driver=virtio-gpu-heap \
	vgh.igt.sim=features=virgl,edid,resource_uuid,resource_blob,context_init,blob_alignment,resource_layout:$LAYOUT_HEAP:stride_align=64:layout_align=4096 \
	vgh.igt.only=$LAYOUT_BINS mem=1G" --mem 2048
guest layout-256 none igt,leaks "vgh.igt.driver=virtio-gpu-heap \
	vgh.igt.sim=features=virgl,edid,resource_uuid,resource_blob,context_init,blob_alignment,resource_layout:$LAYOUT_HEAP:blob_alignment=16384:stride_align=256:layout_align=16384:layout_tiled=1 \
	vgh.igt.only=$LAYOUT_BINS mem=1G" --mem 2048
# From here to the IGT-style suite, what is left runs in two lanes, since
# a guest keeps about one of the two CPUs busy and every kernel is built
# by now (or builds in the idle class behind both lanes): the userspace
# guests below, and beside them a second lane with the in-tree guests,
# Linux 6.1's gates and guests, and the product kernel's module and
# initramfs for the IGT-style suite. The second lane's report is shown
# after the first's; its counts are added to the total. The IGT-style
# suite, whose vblank tests bound wakeup latencies, runs after both, alone.
second_lane() {
	passed=0
	failed=0
	skipped=0
	# intree_guest NAME SIM ONLY WHAT: the IGT-style binaries ONLY on the
	# in-tree virtio_gpu and the simulated device SIM, shown and not counted.
	intree_guest() {
		echo "guest $1 ($4 on the in-tree virtio_gpu; not counted):"
		"$VGH_TOP/scripts/qemu-guest.py" --kernel "$VGH_KBUILD/arch/arm64/boot/Image" \
			--initrd "$VGH_INITRAMFS" --gpu none --log "$logs/guest-$1.log" \
			--timeout 900 --mem 2048 \
			--append "vgh.mode=check vgh.tests=igt vgh.igt.driver=virtio_gpu vgh.igt.sim=$2 vgh.igt.only=$3 mem=1G" \
			2>"$logs/guest-$1.err" || echo "  the in-tree guest did not finish; its results are partial"
	}
	intree_guest uapi-intree "$UAPI_SIM" "$UAPI_BINS" "the same uAPI tests"
	"$VGH_TOP/scripts/igt-compare.py" "$logs/guest-uapi-intree.log" \
		"$logs/guest-uapi-ours.log" | sed 's/^/  /'
	# Mesa's native context in heap mode on the in-tree driver, which has
	# no heap: its shared memory page cannot be mapped.
	intree_guest heap-intree "$HEAP_SIM" virtgpu_heap:native-context "the native context in heap mode"
	grep -a -E '^ *((not )?ok .*native-context|# FAIL .*native_context)' "$logs/guest-heap-intree.log" | tr -d '\r' |
		sed 's/^/  in-tree: /' || true

	# Linux 6.1, Debian 12's own kernel series, with the same rig: its debug
	# guest kernel (scripts/config/linux-6.1.config on top of the same
	# fragments), the module built there with the same gates (the answers of
	# its API probes in the build log), the KUnit suites, KMS on QEMU's device
	# (its screendump checked) with the in-tree virtio_gpu of 6.1 beside
	# ours, and the simulator's guest: the heap, layouts, KMS and 6.1's
	# in-tree driver on the simulated host. The guest tools are the ones
	# built above: userspace binaries run on any kernel.
	export VGH_KSERIES=6.1
	"$VGH_TOP/scripts/kernel.sh" >/dev/null
	vgh_kernel_vars
	series_w1_werror() {
		rm -rf "$(vgh_module_dir)"
		vgh_guest_modules W=1 VGH_WERROR=1 VGH_HDRTEST=1 2>&1 | tee "$logs/build-6.1.out"
		[ "${PIPESTATUS[0]}" -eq 0 ] && ! grep -q 'warning:' "$logs/build-6.1.out" &&
			grep -q HDRTEST "$logs/build-6.1.out" &&
			sed 's/^/probe: /' "$(vgh_module_dir)/compat/generated/vgh_probes.h"
	}
	series_sparse() {
		vgh_kmake M="$(vgh_module_dir)" modules C=2 CHECK=sparse 2>&1 |
			tee "$logs/sparse-6.1.out"
		[ "${PIPESTATUS[0]}" -eq 0 ] && ! grep -qE 'warning:|error:' "$logs/sparse-6.1.out"
	}
	gate build_w1_werror_6.1 series_w1_werror
	gate sparse_c2_6.1 series_sparse
	# A probe that answers the same on both kernels tests no difference
	# between them (or cannot compile at all): each must answer 1 on one and
	# 0 on the other.
	probes_tell_kernels_apart() {
		local a=$VGH_TOP/compat/generated/vgh_probes.h
		local b=$(vgh_module_dir)/compat/generated/vgh_probes.h same
		[ -s "$a" ] && [ -s "$b" ] || { echo "no probe answers in $a or $b"; return 1; }
		same=$(grep -h '^#define VGH_HAVE_' "$a" "$b" | sort | uniq -d)
		[ -z "$same" ] || { echo "probes that answer alike on 6.12 and 6.1:"; echo "$same"; return 1; }
		grep -c '^#define VGH_HAVE_' "$a"
	}
	gate probes_tell_kernels_apart probes_tell_kernels_apart
	"$VGH_TOP/scripts/initramfs.sh" "$VGH_INITRAMFS"
	guest 6.1-qemu virtio-gpu-device kunit,kms,core,intree,cycles \
		"vgh.expect.edid=1 vgh.expect.scanouts=1 vgh.expect.mode=1280x800" \
		--png "$logs/kms-screen-6.1.png"
	gate kms_screendump_matches_pattern_6.1 python3 "$VGH_TOP/scripts/png-check.py" \
		--size 1280x800 "$logs/kms-screen-6.1.png"
	guest 6.1-sim none simkunit,sim,heap,layout,simintree,simkms,leaks "mem=1G init_on_free=1" \
		--mem 5120
	# What 6.1's DRM core lacks and the driver supplies: fdinfo (its own
	# printer, probe drm_show_fdinfo), with the DMA-BUF heap and the heap's
	# uAPI, in heap mode on the simulator.
	guest 6.1-heap-igt none igt "vgh.igt.driver=virtio-gpu-heap vgh.igt.sim=$HEAP_SIM \
		vgh.igt.only=virtgpu_heap,virtgpu_dma_heap,virtgpu_clients mem=1G" --mem 2048
	# the IGT-style suite's guest, booted below when both lanes are done
	VGH_KFLAVOUR=product
	VGH_KSERIES=6.12
	vgh_prepare_guest
	echo "$passed $failed $skipped" >"$logs/second-lane.counts"
}
rm -f "$logs/second-lane.counts"
# in a process group of its own (job control on for this one job), so
# that an interrupted or failed run ends the whole lane, each guest's
# qemu-guest.py ending its QEMU
set -m
second_lane >"$logs/second-lane.out" 2>&1 &
lane_pid=$!
set +m
stop_second_lane() {
	[ -n "${lane_pid:-}" ] || return 0
	kill -TERM -- "-$lane_pid" 2>/dev/null || true
	wait "$lane_pid" 2>/dev/null || true
	lane_pid=
}
trap 'stop_second_lane; vgh_kernels_in_background_stop' EXIT

# Real userspace from Debian's arm64 packages (scripts/guest-rootfs.sh):
# Mesa (kmscube, glmark2-es2-drm), weston and its clients, libdrm's
# modetest, vbltest and drmdevice, on the in-tree virtio_gpu then on ours
# in each boot (tests/guest/userspace.sh). On QEMU's virgl device the
# guest's GL runs on the host's virglrenderer; on the 2D device Mesa draws
# with llvmpipe into dumb buffers and weston uses pixman; on the simulator
# in heap mode weston's frames are scanned out of the heap (ours only: the
# in-tree driver has no heap). The screenshots are checked for weston's
# clients. The guests' figures: out/check/userspace-figures.txt.
ROOTFS=$("$VGH_TOP/scripts/guest-rootfs.sh")
US_PNG=$logs/userspace
userspace_guest() { # userspace_guest NAME GPU APPEND [QEMU-GUEST-OPTIONS...]
	local name=$1 gpu=$2 append=$3
	shift 3
	guest "$name" "$gpu" userspace "vgh.us.name=$name $append" --rootfs "$ROOTFS" --mem 2048 \
		--png-dir "$US_PNG" --timeout 1800 "$@"
	grep -a '# figures: ' "$logs/guest-$name.log" | tr -d '\r' |
		sed "s/^.*# figures: /$name: /" >>"$logs/userspace-figures.txt" || true
}
# weston_screens NAME CHECKS DRIVERS...: check each driver's weston
# screenshots: the three QEMU saved a fraction of a turn apart
# (NAME-DRIVER-weston-N.png), or on the simulator the one image of its
# scanout (NAME-DRIVER-weston.png).
weston_screens() {
	local name=$1 checks=$2 d shots
	shift 2
	for d in "$@"; do
		shots=("$US_PNG/$name-$d"-weston-[123].png)
		[ -e "${shots[0]}" ] || shots=("$US_PNG/$name-$d-weston.png")
		# shellcheck disable=SC2086 # checks are options
		gate "${name}_${d}_weston_screenshot" python3 "$VGH_TOP/scripts/png-clients.py" \
			$checks "${shots[@]}"
	done
}
rm -f "$logs/userspace-figures.txt"
userspace_guest userspace-virgl virtio-gpu-gl-device \
	"vgh.us.renderer=virgl vgh.us.weston=gl" --gl
weston_screens userspace-virgl "--egl --shm" intree ours
userspace_guest userspace-2d virtio-gpu-device "vgh.us.renderer=llvmpipe vgh.us.weston=pixman \
	vgh.us.tests=kmscube_page_flips,weston_clients,modetest_listing,vbltest_rate,killed_clients_then_next"
weston_screens userspace-2d --shm intree ours
userspace_guest userspace-heap none "vgh.us.drivers=virtio-gpu-heap vgh.us.weston=pixman \
	vgh.us.sim=$HEAP_SIM:modes=1280x800 vgh.us.tests=weston_clients mem=1G"
gate userspace_heap_scanout_saved "$VGH_TOP/scripts/console-ppm.py" \
	"$logs/guest-userspace-heap.log" "$US_PNG/userspace-heap-ours-weston.png" \
	userspace-heap-ours-weston
weston_screens userspace-heap --shm ours
# virtio-pci: the card on the PCI function, what libdrm reports of it,
# Mesa through it, and the function removed and found again.
userspace_guest userspace-pci-gl virtio-gpu-gl-pci "vgh.us.renderer=virgl \
	vgh.us.tests=drmdevice_pci,kmscube_page_flips,pci_remove_rescan" --gl
userspace_guest userspace-pci virtio-gpu-pci "vgh.us.renderer=llvmpipe \
	vgh.us.tests=drmdevice_pci,kmscube_page_flips,pci_remove_rescan"
sed 's/^/  /' "$logs/userspace-figures.txt" 2>/dev/null || true

wait "$lane_pid" || true
lane_pid=
cat "$logs/second-lane.out"
if [ -s "$logs/second-lane.counts" ]; then
	read -r lane_passed lane_failed lane_skipped <"$logs/second-lane.counts"
	passed=$((passed + lane_passed))
	failed=$((failed + lane_failed))
	skipped=$((skipped + lane_skipped))
else
	failed=$((failed + 1))
	echo "  FAIL the second lane stopped before its end (log: $logs/second-lane.out)"
fi

# The IGT-style suite (tests/igt) on QEMU's device, our driver, as
# integrators run IGT: on the product kernel (lib.sh), with one guest CPU,
# which leaves the second host core to QEMU's own threads so that vblank
# wakeups are not delayed by the host scheduler. The in-tree driver's
# results beside ours: make igt-compare.
VGH_KFLAVOUR=product
vgh_kernel_vars
vgh_settle
# How late this host wakes an idle thread, for reading a vblank-timing
# failure of the guests below (tests/guest/igt.sh, IGT_FLAKES).
"$VGH_TOP/scripts/host-jitter.py" 10 | sed 's/^/  /'
guest igt-ours virtio-gpu-device igt "vgh.igt.driver=virtio-gpu-heap" \
	--smp 1 --timeout 1500
# The same on QEMU's two-output device, with the binaries that have
# subtests for a second CRTC or connector: kms_flip's and
# kms_cursor_legacy's 2x-, kms_setmode's clone and multi-CRTC ones,
# modesets over CRTC combinations, leases of the other CRTC, per-pipe
# property walks, planes of every pipe at once ("bin:pattern" limits one
# binary's subtests). qemu-guest.py turns on both of QEMU's outputs, each
# connector may use either CRTC.
guest igt-two-outputs virtio-gpu-device,edid=off,max_outputs=2,xres=1024,yres=768 igt \
	"vgh.igt.driver=virtio-gpu-heap \
	vgh.igt.only=kms_flip:2x-*,kms_cursor_legacy:2x-*,kms_setmode,kms_atomic_transition,kms_lease,kms_properties,kms_vblank,kms_concurrent" \
	--smp 1 --timeout 1500
flakes=$(grep -a '# flake: ' "$logs/guest-igt-ours.log" "$logs/guest-igt-two-outputs.log" |
	tr -d '\r' | sed 's/^[^:]*: *ok [0-9]* /    /' || true)
[ -z "$flakes" ] || printf '  known timing flakes that passed on a later run:\n%s\n' "$flakes"


echo "time: $(( $(date +%s) - start )) s; logs in $logs"
echo "$passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
