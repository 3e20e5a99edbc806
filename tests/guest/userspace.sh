# SPDX-License-Identifier: GPL-2.0
# Real userspace, as Debian packages it (scripts/guest-rootfs.sh, on the
# read-only virtio block device /dev/vda): Mesa through kmscube and
# glmark2-es2-drm, weston with its GL or pixman renderer and its clients,
# libdrm's modetest, vbltest and drmdevice. Each driver of vgh.us.drivers
# (default: the in-tree virtio_gpu, then ours) is loaded in turn on the
# same device and runs the same programs; the figures of both are printed
# side by side at the end.
#
# Kernel command line:
#   vgh.us.drivers=virtio_gpu,virtio-gpu-heap   drivers, in this order
#   vgh.us.renderer=virgl|llvmpipe    the GL renderer Mesa must report
#   vgh.us.weston=gl|pixman           weston's renderer
#   vgh.us.sim=ARGS                   load virtio-gpu-sim with ARGS (':'
#                                     separates them) after the driver
#   vgh.us.bus=pci                    the card is a PCI device: check what
#                                     libdrm reports and unplug it
#   vgh.us.tests=a,b,...              the tests to run (default: all)
#   vgh.us.name=NAME                  screenshots are NAME-<driver>-weston-N
. /tests/ktap.sh

R=/rootfs
US=/tmp/us
mkdir -p $US

# in_root CMD...: run a program of the root filesystem, with a clean
# environment; Mesa's shader cache and weston's runtime directory live in
# the root's tmpfs.
ROOT_ENV="PATH=/usr/bin:/bin:/usr/sbin:/sbin HOME=/tmp XDG_RUNTIME_DIR=/tmp/xdg
	MESA_SHADER_CACHE_DISABLE=true WAYLAND_DISPLAY=vgh-0"
in_root() {
	# shellcheck disable=SC2086 # one variable per word
	env -i $ROOT_ENV chroot $R "$@"
}

# in_root_bg CMD...: in the background, $! being the program's own pid.
in_root_bg() {
	# shellcheck disable=SC2086 # one variable per word
	(exec env -i $ROOT_ENV chroot $R "$@") &
}

# in_root_for SECONDS CMD...: in the foreground, killed after SECONDS.
in_root_for() {
	local secs=$1
	shift
	# shellcheck disable=SC2086 # one variable per word
	env -i $ROOT_ENV timeout "$secs" chroot $R "$@"
}

root_mount() {
	mkdir -p $R
	mount -o ro /dev/vda $R || return 1
	mount --bind /dev $R/dev && mount --bind /proc $R/proc &&
		mount --bind /sys $R/sys && mount -t tmpfs tmpfs $R/tmp &&
		mount -t tmpfs tmpfs $R/run && mkdir -p -m 0700 $R/tmp/xdg
}

# The name a driver's figures are kept under.
short() {
	case "$1" in
	virtio_gpu) echo intree ;;
	*) echo ours ;;
	esac
}

# load_driver DRIVER: load it (and the simulator, when the guest has one)
# and wait for card0.
load_driver() {
	dmesg -c >/dev/null
	modprobe "$1" || return 1
	if [ -n "${VGH_us_sim:-}" ]; then
		# shellcheck disable=SC2046 # one argument per word
		modprobe virtio-gpu-sim $(echo "$VGH_us_sim" | tr : ' ') || return 1
	fi
	wait_for 10 [ -e /dev/dri/card0 ] || fail "no card0 after loading $1"
}

# The in-tree virtio_gpu unplugs its DRM device before it turns its
# outputs off, so its remove sends the host nothing and leaves the
# console's scanout on; QEMU 7.2's GL display then turns it off from the
# vCPU thread that wrote the reset and crashes at random (a SIGSEGV in the
# host's llvmpipe). Before the in-tree driver lets go of a virgl device,
# the console is blanked, which switches the CRTC and its scanout off
# while the device still listens. Ours turns its scanouts off itself.
intree_scanout_off() {
	[ "$D" = virtio_gpu ] && [ "${VGH_us_renderer:-virgl}" = virgl ] || return 0
	echo 4 >/sys/class/graphics/fb0/blank
}

unload_driver() {
	[ -z "${VGH_us_sim:-}" ] || rmmod virtio_gpu_sim || return 1
	intree_scanout_off
	modprobe -r "$1" && [ ! -e /sys/class/drm/card0 ] ||
		fail "$1 did not unload"
}

# What a test of the current driver ($D) saves is named after it.
out() {
	echo "$US/$(short "$D")-$1"
}

test_rootfs_mounted() {
	root_mount || fail "cannot mount the root filesystem from /dev/vda" || return 1
	[ -x $R/usr/bin/kmscube ] || fail "no kmscube in the root filesystem"
}

test_driver_loads() {
	load_driver "$D" || return 1
	expect_eq "DRM driver name" \
		"$(vgh-drm-info /dev/dri/card0 | sed -n 's/^name=//p')" virtio_gpu
}

# Mesa's EGL on GBM, with kmscube's page flips: legacy ones, then atomic
# commits with in and out fences; every frame rendered, the renderer the
# one this device offers (virgl with 3D, llvmpipe rendering into dumb
# buffers without).
KMSCUBE_FRAMES=${VGH_us_frames:-120}
kmscube_run() { # kmscube_run LOG [ARGS...]
	local log=$1 rc
	shift
	in_root_for 600 kmscube -D /dev/dri/card0 -c $KMSCUBE_FRAMES "$@" >"$log" 2>&1
	rc=$?
	grep -E '^ *renderer:|^Rendered' "$log" | tail -n 2
	[ $rc -eq 0 ] || { tail -n 20 "$log"; fail "kmscube exited with $rc"; } || return 1
	grep -q "renderer: \"[^\"]*${VGH_us_renderer:-virgl}" "$log" ||
		fail "Mesa's renderer is not ${VGH_us_renderer:-virgl}" || return 1
	# kmscube times its frames from the first page flip on and counts the
	# ones after it: N - 1 for -c N
	grep -q "^Rendered $((KMSCUBE_FRAMES - 1)) frames" "$log" ||
		fail "kmscube did not render $KMSCUBE_FRAMES frames"
}

test_kmscube_page_flips() {
	kmscube_run "$(out kmscube.log)"
}

test_kmscube_atomic() {
	kmscube_run "$(out kmscube-atomic.log)" -A
}

# A short glmark2 run on the display: two scenes, the score kept. Then
# the same with --swap-mode mailbox, where glmark2 renders on without
# waiting for each page flip and the display takes the newest frame at
# its vblank: what a frame costs, apart from the pacing of the display
# (a driver with vblank events holds each flip to the next vblank, one
# without completes it at once).
glmark2_run() { # glmark2_run LOG [OPTIONS...]
	local log=$1
	shift
	in_root_for 900 glmark2-es2-drm "$@" -b build:duration=5 \
		-b texture:duration=5 >"$log" 2>&1 ||
		{ tail -n 20 "$log"; fail "glmark2-es2-drm $* failed"; } || return 1
	grep -E 'GL_RENDERER|FPS|Score' "$log"
	grep -q "GL_RENDERER: .*${VGH_us_renderer:-virgl}" "$log" ||
		fail "glmark2's renderer is not ${VGH_us_renderer:-virgl}" || return 1
	grep -q 'glmark2 Score: [0-9]' "$log" || fail "no glmark2 score"
}

test_glmark2() {
	glmark2_run "$(out glmark2.log)" &&
		glmark2_run "$(out glmark2-mailbox.log)" --swap-mode mailbox
}

weston_start() {
	local log=$1 opts=
	[ "${VGH_us_weston:-gl}" = pixman ] && opts=--use-pixman
	rm -f $R/tmp/xdg/vgh-0
	# shellcheck disable=SC2086 # opts is one option or none
	in_root_bg weston --backend=drm-backend.so --tty=2 --continue-without-input \
		--socket=vgh-0 --idle-time=0 --log=/tmp/weston.log $opts \
		>"$log.out" 2>&1
	echo $! >$US/weston.pid
	wait_for 120 [ -S $R/tmp/xdg/vgh-0 ] ||
		{ cat $R/tmp/weston.log "$log.out"; fail "weston did not start"; }
}

weston_stop() {
	local pid rc
	pid=$(cat $US/weston.pid)
	kill "$pid" 2>/dev/null
	wait "$pid"
	rc=$?
	cp $R/tmp/weston.log "$1"
	return $rc
}

# weston on the DRM backend draws the desktop and two clients, one with
# EGL and one with shared memory; the host saves its display
# (NAME-<driver>-weston-1.png and two more), which the host checks for
# the clients' colours.
test_weston_clients() {
	local log rc=0 egl shm
	log=$(out weston.log)
	weston_start "$log" || return 1
	[ -z "${VGH_us_sim:-}" ] || sim_state copied >$US/copied
	in_root_bg weston-simple-shm >$US/shm.log 2>&1
	shm=$!
	egl=
	if [ "${VGH_us_weston:-gl}" = gl ]; then
		in_root_bg weston-simple-egl -b >$US/egl.log 2>&1
		egl=$!
	fi
	sleep 15
	for p in $shm $egl; do
		kill -0 "$p" 2>/dev/null || { cat $US/shm.log $US/egl.log; rc=1; }
	done
	if [ -n "${VGH_us_sim:-}" ]; then
		sim_scanout "$NAME-$(short "$D")-weston" || rc=1
	else
		# three saves 0.4 s apart: weston-simple-egl's triangle turns
		# once every 1.8 s and is edge-on twice a turn, so at most one
		# of them catches it edge-on
		for n in 1 2 3; do
			echo "VGH-HOST screendump $NAME-$(short "$D")-weston-$n" >/dev/console
			sleep 0.4
		done
		sleep 5
	fi
	kill $shm $egl 2>/dev/null
	wait $shm $egl 2>/dev/null
	weston_stop "$log" || { tail -n 30 "$log"; fail "weston did not exit cleanly"; } ||
		return 1
	grep -E 'Using|renderer|DRM: head|Output' "$log" | head -n 12
	[ $rc -eq 0 ] || fail "a client died while weston ran"
}

# sim_scanout NAME: on the simulated host, what weston shows is scanned
# out where it lies: the host copied no byte since the clients started,
# the scanout's resource is a heap blob; the host's image goes to the
# console as NAME for the host to save.
sim_scanout() {
	local res copied
	grep '^scanout 0 ' $SIM/scanouts
	res=$(sed -n 's/^scanout 0 .* resource \([0-9]*\) .*/\1/p' $SIM/scanouts)
	grep -A1 "^resource $res " $SIM/resources
	copied=$(($(sim_state copied) - $(cat $US/copied)))
	echo "host bytes copied while weston and its client ran: $copied"
	cat $SIM/scanout0.ppm >$US/scanout.ppm
	dmesg -n 1
	{
		echo "VGH-PPM-BEGIN $1"
		od -An -v -tx1 $US/scanout.ppm | tr -d ' \n' | fold -w 4096
		echo
		echo "VGH-PPM-END"
	} >/dev/console
	dmesg -n 5
	# blob_mem 4: VIRTIO_GPU_BLOB_MEM_GUEST_VRAM, a heap block
	grep -A1 "^resource $res " $SIM/resources | grep -q ' blob_mem 4 ' ||
		fail "weston's scanout buffer is not in the heap" || return 1
	expect_eq "host bytes copied" "$copied" 0
}

# drmdevice: libdrm finds the card on the PCI bus, as virtio-gpu's PCI
# function (vendor 0x1af4, device 0x1050).
test_drmdevice_pci() {
	local log
	log=$(out drmdevice.log)
	in_root drmdevice >"$log" 2>&1 || { cat "$log"; fail "drmdevice failed"; } || return 1
	grep -E 'bustype|vendor_id|device_id' "$log" | head -n 3
	grep -q 'bustype 0000' "$log" || fail "libdrm does not report a PCI bus" || return 1
	grep -qE 'vendor_id +1af4' "$log" && grep -qE 'device_id +1050' "$log" ||
		fail "libdrm does not report 1af4:1050"
}

# The PCI function removed through sysfs while the driver is loaded, then
# found again by a rescan: a working card comes back.
test_pci_remove_rescan() {
	local dev
	dev=$(readlink -f /sys/class/drm/card0/device)
	expect_eq "bus of the card's device" "$(basename "$(readlink "$dev/subsystem")")" pci ||
		return 1
	intree_scanout_off
	echo 1 >"$dev/remove" || fail "cannot remove $dev" || return 1
	wait_for 20 [ ! -e /sys/class/drm/card0 ] || fail "card0 stayed after remove" || return 1
	echo 1 >/sys/bus/pci/rescan || fail "cannot rescan the PCI bus" || return 1
	wait_for 20 [ -e /dev/dri/card0 ] || fail "no card0 after the rescan" || return 1
	KMSCUBE_FRAMES=30 kmscube_run "$(out kmscube-rescan.log)"
}

# modetest_ids FILE: modetest's listing with every object and property id
# replaced by its rank of first appearance (#1, #2, ...), so that two
# drivers that create the same objects in another order list the same.
modetest_ids() {
	awk -F '\t' -v OFS='\t' '
	function id(v) { if (v == 0) return v; if (!(v in n)) n[v] = ++k; return "#" n[v] }
	/^(Encoders|Connectors|CRTCs|Planes|Frame buffers):/ { sect = $0 }
	/^[0-9]/ {
		$1 = id($1)
		if (sect ~ /^(Encoders|Connectors|CRTCs|Planes)/) $2 = id($2)
		if (sect ~ /^Planes/) $3 = id($3)
		if (sect ~ /^Connectors/) {
			m = split($NF, e, ","); $NF = ""
			for (i = 1; i <= m; i++) $NF = $NF (i > 1 ? "," : "") id(e[i])
		}
	}
	/^\t[0-9]+ [A-Za-z_]+:/ { sub(/^\t[0-9]+/, "\t" id($2 + 0)) }
	/^\t\tflags:/ { obj = ($0 ~ /flags: object/) }
	/^\t\tvalue: [0-9]+$/ && obj { sub(/[0-9]+$/, id(substr($0, index($0, ":") + 2) + 0)); obj = 0 }
	{ print }' "$1"
}

# modetest_without_additions FIRST OURS: ours's listing with what this
# driver adds on purpose taken out: the formats a plane offers beyond the
# first driver's (which must all be there too), and the IN_FORMATS
# property of its framebuffer modifier support (the in-tree driver sets
# fb_modifiers_not_supported). Both listings are modetest's own, before
# modetest_ids.
modetest_without_additions() {
	awk -F '\t' '
	NR == FNR { if ($0 ~ /^  formats:/) f[++nf] = $0; next }
	/^  formats:/ {
		m = split(substr(f[++i], 12), want, " ")
		for (j = 1; j <= m; j++) if (index($0 " ", " " want[j] " ") == 0) {
			print "missing format " want[j] > "/dev/stderr"; bad = 1 }
		print f[i]; next
	}
	/^\t[0-9]+ IN_FORMATS:/ { skip = 1; next }
	# a blob property lists its blobs, none here, then an empty line
	skip && (/^\t\t/ || (/^$/ && prev ~ /blobs:$/)) { prev = $0; next }
	{ skip = 0; prev = $0; print }
	END { exit bad }' "$1" "$2"
}

# modetest's listing of the card: encoders, connectors, CRTCs, planes and
# their properties, flags, values and modes; with ids ranked (they follow
# the order a driver creates its objects in, which is no ABI), every
# driver's listing must be the first driver's, but for what this driver
# adds on purpose (modetest_without_additions).
test_modetest_listing() {
	local f first
	f=$(out modetest.txt)
	in_root modetest -D /dev/dri/card0 >"$f" 2>&1 || { cat "$f"; fail "modetest failed"; } ||
		return 1
	first=$US/$(short "$FIRST")-modetest.txt
	if [ "$f" = "$first" ]; then
		modetest_ids "$f" >"$f.ids"
		grep -cE '^#' "$f.ids" | sed 's/^/objects listed: /'
		return 0
	fi
	modetest_without_additions "$first" "$f" >"$f.cmp" ||
		fail "a plane lacks a format the first driver offers" || return 1
	modetest_ids "$f.cmp" >"$f.ids"
	diff -u "$first.ids" "$f.ids" || fail "modetest lists the card differently from $FIRST"
}

# vbltest on the first CRTC, which the console shows, opened by driver
# name as vbltest does (both drivers are virtio_gpu): the measured rate
# within 1% of the mode's refresh rate.
test_vbltest_rate() {
	local log want got
	log=$(out vbltest.log)
	# vbltest prints a line a second with stdio's buffering: line-buffered
	# here (coreutils' stdbuf), as it would be on a terminal
	in_root_for 8 stdbuf -oL vbltest -M virtio_gpu >"$log" 2>&1
	cat "$log"
	# The in-tree driver has no vblank support (no drm_vblank_init), so
	# its vblank waits fail: shown as what it is, not held against it.
	if [ "$D" = virtio_gpu ] && grep -q 'drmWaitVBlank.*failed' "$log"; then
		echo "in-tree virtio_gpu: no vblank interrupts, vbltest cannot measure"
		return 0
	fi
	# Each of vbltest's lines counts the events of 60 waits for the next
	# vblank, each asked for after the previous event: a line in which
	# the client itself was late to ask (a busy TCG host) counts fewer.
	# The rate is the median of its lines.
	got=$(sed -n 's/^freq: *\([0-9.]*\)Hz.*/\1/p' "$log" | sort -n |
		awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }')
	[ -n "$got" ] || fail "vbltest measured nothing" || return 1
	# the refresh of the first CRTC's mode in modetest's listing
	want=$(awk '/^CRTCs:/ { c = 1 } c && /^  #0 / { print $3; exit }' "$(out modetest.txt)")
	[ -n "$want" ] || fail "no CRTC mode in modetest's listing" || return 1
	awk -v g="$got" -v w="$want" 'BEGIN { d = g - w; if (d < 0) d = -d; exit !(d <= w / 100) }' ||
		fail "vblank rate $got Hz, mode refresh $want Hz"
}

# Clients killed in the middle of their frames: kmscube between page
# flips, weston with its clients' buffers on screen; a client that starts
# right after them on the same card runs cleanly.
test_killed_clients_then_next() {
	local shm
	in_root_bg kmscube -D /dev/dri/card0 >$US/killed.log 2>&1
	sleep 5
	kill -9 $! 2>/dev/null
	wait $! 2>/dev/null
	weston_start "$US/killed-weston.log" || return 1
	in_root_bg weston-simple-shm >/dev/null 2>&1
	shm=$!
	sleep 5
	kill -9 "$(cat $US/weston.pid)" $shm 2>/dev/null
	wait "$(cat $US/weston.pid)" $shm 2>/dev/null
	KMSCUBE_FRAMES=30 kmscube_run "$(out kmscube-after-kill.log)"
}

test_driver_unloads() {
	unload_driver "$D"
}

# glmark2_score LOG: the score a glmark2 log ends with, or nothing.
glmark2_score() {
	sed -n 's/.*glmark2 Score: \([0-9]*\).*/\1/p' "$1" 2>/dev/null | tail -n 1
}

# Figures of every driver side by side, with the ratio to the first.
print_figures() {
	local d fps score mbox f0 s0 m0
	for d in $(echo "$DRIVERS" | tr , ' '); do
		# kmscube prints its rate every two seconds; the last is the run's
		fps=$(sed -n 's/^Rendered .*(\([0-9.]*\) fps)/\1/p' "$US/$(short "$d")-kmscube.log" \
			2>/dev/null | tail -n 1)
		score=$(glmark2_score "$US/$(short "$d")-glmark2.log")
		mbox=$(glmark2_score "$US/$(short "$d")-glmark2-mailbox.log")
		[ -n "$f0" ] || { f0=${fps:-0}; s0=${score:-0}; m0=${mbox:-0}; }
		awk -v d="$d" -v f="${fps:-0}" -v s="${score:-0}" -v m="${mbox:-0}" \
			-v f0="$f0" -v s0="$s0" -v m0="$m0" 'BEGIN {
			printf "figures: %-16s kmscube %6.2f fps (%.2fx)  glmark2 score %5d (%.2fx)  mailbox %5d (%.2fx)\n",
				d, f, (f0 > 0 ? f / f0 : 0), s, (s0 > 0 ? s / s0 : 0),
				m, (m0 > 0 ? m / m0 : 0) }'
	done
}

# Only where the guest ran kmscube; glmark2's score is 0 where it did
# not run.
test_figures() {
	print_figures | tee $US/figures
	case ",$TESTS," in
	*,kmscube_page_flips,*)
		expect_eq "drivers with figures" "$(grep -c '^figures: ' $US/figures)" \
			"$(echo "$DRIVERS" | tr , '\n' | wc -l)" &&
			! grep -q ' 0.00 fps' $US/figures || fail "a driver has no kmscube figure"
		;;
	esac
}

NAME=${VGH_us_name:-userspace}
DRIVERS=${VGH_us_drivers:-virtio_gpu,virtio-gpu-heap}
FIRST=${DRIVERS%%,*}
TESTS=${VGH_us_tests:-kmscube_page_flips,kmscube_atomic,glmark2,weston_clients,modetest_listing,vbltest_rate,killed_clients_then_next}

# driver_tests DRIVER: the tests DRIVER runs. The in-tree driver's PCI
# hot unplug is no part of the comparison: its remove drops the DRM
# device's last reference while its fbdev buffer is still alive, at
# times (seen in a run: drm_mm_takedown's "Memory manager not
# clean during takedown" with the buffer that drm_fbdev_shmem made at
# probe, and kmemleak's report of it), a fault of that driver that would
# fail this guest's leak and warning checks at random. Ours runs it.
driver_tests() {
	if [ "$1" = virtio_gpu ]; then
		echo "$TESTS" | tr , '\n' | grep -vx pci_remove_rescan
	else
		echo "$TESTS" | tr , '\n'
	fi
}

# intree_faults_set_aside: the in-tree driver's unload has the same fault
# at times (its remove drops the DRM device's last reference before its
# fbdev buffer's), so what its runs left in the kernel log and in
# kmemleak is shown here and then cleared: the end's leak and warning
# checks count what happened from our driver's load on.
intree_faults_set_aside() {
	local leaks splats
	sleep 6
	echo scan >$KMEMLEAK
	echo scan >$KMEMLEAK
	leaks=$(grep -c '^unreferenced object' $KMEMLEAK)
	splats=$(kernel_splats)
	echo "# the in-tree driver left $leaks suspected leaks and $splats warnings (not counted)"
	[ "$splats" -eq 0 ] || dmesg | grep -E -A6 "$KERNEL_SPLATS" | head -n 14 | sed 's/^/# /'
	echo clear >$KMEMLEAK
	dmesg -c >/dev/null
}

ktap_run vgh_userspace_setup kmemleak_ready rootfs_mounted
for D in $(echo "$DRIVERS" | tr , ' '); do
	# shellcheck disable=SC2046 # one name per test
	ktap_run "vgh_userspace_$(short "$D")" driver_loads $(driver_tests "$D") \
		driver_unloads
	[ "$D" != virtio_gpu ] || intree_faults_set_aside
done
ktap_run vgh_userspace_end figures no_leaks no_kernel_splats
