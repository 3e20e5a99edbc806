# SPDX-License-Identifier: GPL-2.0
# Common settings for the test rig. Sourced by the other scripts.

set -euo pipefail

VGH_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Everything built or downloaded lives outside the clone so that a fresh
# clone reuses earlier kernel builds.
VGH_CACHE=${VGH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/virtio-gpu-heap}
VGH_KSERIES=${VGH_KSERIES:-6.12}
VGH_ARCH=arm64
VGH_CROSS=aarch64-linux-gnu-
VGH_JOBS=${VGH_JOBS:-$(nproc)}
export CCACHE_DIR=${CCACHE_DIR:-$VGH_CACHE/ccache}
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-5G}
# ccache's depend mode: a miss runs only the compiler and takes the
# include files from its -MMD output, as kbuild asks for anyway. In the
# default mode every miss also runs the preprocessor first, which made a
# cold kernel build a third slower than plain gcc here (a kernel subtree
# at -j2: 96 s, against 72 s with gcc and 65 s in depend mode).
export CCACHE_DEPEND=${CCACHE_DEPEND:-1}

vgh_die() {
	echo "error: $*" >&2
	exit 1
}

vgh_log() {
	echo "==> $*" >&2
}

# vgh_tail_fail LOG WHAT: show the end of a failed step's log and stop.
vgh_tail_fail() {
	echo "error: $2 failed; last lines of $1:" >&2
	tail -n 40 "$1" >&2
	exit 1
}

# The guest kernel comes in two flavours:
#   debug     lockdep, mutex and sleep-in-atomic checks, drm_mm checks and
#             kmemleak (scripts/config/debug.config): the kernel of every
#             test, unless a test says otherwise
#   product   the same without those checks, as an integrator's image is
#             built: the IGT-style suite runs on it, because IGT's vblank
#             tests bound the latency of an ioctl (500 us) and of a wakeup
#             (half a frame), which lockdep under TCG does not keep; with
#             function tracing, off until enabled, for make bench's
#             profile (scripts/config/tracing.config)
export VGH_KFLAVOUR=${VGH_KFLAVOUR:-debug}

# vgh_kernel_fragments: the config fragments of the current flavour.
vgh_kernel_fragments() {
	echo "$VGH_TOP/scripts/config/arm64-virt.config"
	# what one kernel series needs besides (scripts/config/linux-6.1.config)
	if [ -f "$VGH_TOP/scripts/config/linux-$VGH_KSERIES.config" ]; then
		echo "$VGH_TOP/scripts/config/linux-$VGH_KSERIES.config"
	fi
	if [ "$VGH_KFLAVOUR" = product ]; then
		echo "$VGH_TOP/scripts/config/tracing.config"
	else
		echo "$VGH_TOP/scripts/config/debug.config"
	fi
}

# Source tree and build directory of the guest kernel. The build directory
# is keyed by the flavour, the exact Debian source version, the config
# fragments and the compiler, so that any change of those gives a fresh
# build. VGH_INITRAMFS is the flavour's guest initramfs.
vgh_kernel_vars() {
	local deb_ver hash
	case $VGH_KFLAVOUR in
	debug | product) ;;
	*) vgh_die "VGH_KFLAVOUR=$VGH_KFLAVOUR: the guest kernel is debug or product" ;;
	esac
	deb_ver=$(dpkg-query -W -f '${Version}' "linux-source-$VGH_KSERIES" 2>/dev/null) ||
		vgh_die "package linux-source-$VGH_KSERIES is not installed (run: make deps)"
	VGH_KSRC=$VGH_CACHE/src/linux-$deb_ver
	# shellcheck disable=SC2046 # one path per fragment
	hash=$( (echo "$deb_ver"; cat $(vgh_kernel_fragments); \
		"${VGH_CROSS}gcc" --version | head -n 1) | sha256sum | cut -c1-12)
	VGH_KBUILD=$VGH_CACHE/build/$VGH_KSERIES-$VGH_KFLAVOUR-$hash
	VGH_STAGING=$VGH_KBUILD/staging
	VGH_INITRAMFS=$VGH_OUT/initramfs$(vgh_series_tag)-$VGH_KFLAVOUR.cpio.gz
}

# vgh_kernels_in_background SERIES-FLAVOUR...: build these guest kernels,
# one after the other, in a background process group of the scheduler's
# idle class (and idle I/O class): it runs only when nothing else wants
# the CPU, so the guests and gates in the foreground lose little while
# the waits of a guest (vblanks, a single-threaded step) go to the
# build. Not for guests that measure latencies: the build still delays
# their timer wakeups (caches, the hypervisor's scheduling of both CPUs). scripts/kernel.sh of the same kernel in the foreground waits
# for it. Sets VGH_BG_PID (the group) and logs to $VGH_OUT/kernels-bg.log.
vgh_kernels_in_background() {
	local script=$VGH_TOP/scripts/kernel.sh
	mkdir -p "$VGH_OUT"
	# shellcheck disable=SC2016 # expanded by the inner shell
	setsid chrt --idle 0 ionice -c 3 bash -c '
		for k in "${@:2}"; do
			VGH_KSERIES=${k%%-*} VGH_KFLAVOUR=${k#*-} "$1" || exit 1
		done' kernels-bg "$script" "$@" >"$VGH_OUT/kernels-bg.log" 2>&1 &
	VGH_BG_PID=$!
}

# vgh_kernels_in_background_stop: end the background builds, if they still
# run (a build cut short resumes where it stopped the next time).
vgh_kernels_in_background_stop() {
	[ -n "${VGH_BG_PID:-}" ] || return 0
	kill -TERM -- "-$VGH_BG_PID" 2>/dev/null || true
	wait "$VGH_BG_PID" 2>/dev/null || true
	VGH_BG_PID=
}

# vgh_series_tag: "" for the main kernel series (6.12), "-SERIES" for any
# other, in the names of what is built per kernel.
vgh_series_tag() {
	[ "$VGH_KSERIES" = 6.12 ] || echo "-$VGH_KSERIES"
}

vgh_kmake() {
	make -C "$VGH_KSRC" O="$VGH_KBUILD" ARCH=$VGH_ARCH \
		CROSS_COMPILE=$VGH_CROSS CC="ccache ${VGH_CROSS}gcc" "$@"
}

# vgh_apt_arm64: apt for Debian's arm64 packages without multiarch on the
# host: its own state directory under $VGH_CACHE, the machine's package
# sources, an empty dpkg status (so apt resolves a package's whole
# closure). Sets VGH_APT_STATE and the array VGH_APT_OPTS.
vgh_apt_arm64() {
	VGH_APT_STATE=$VGH_CACHE/apt-arm64
	mkdir -p "$VGH_APT_STATE/lists/partial" "$VGH_APT_STATE/archives/partial"
	VGH_APT_OPTS=(-o APT::Architecture=arm64 -o APT::Architectures=arm64
		      -o Dir::State::Lists="$VGH_APT_STATE/lists"
		      -o Dir::State::Status=/dev/null
		      -o Dir::Cache::Archives="$VGH_APT_STATE/archives"
		      -o APT::Install-Recommends=false
		      -o Debug::NoLocking=1)
}

# Where run and check put their outputs (screenshots, logs, initramfs).
VGH_OUT=${VGH_OUT:-$VGH_TOP/out}

# vgh_module_make ARGS...: the repo's Makefile against the guest kernel.
vgh_module_make() {
	make -C "$VGH_TOP" KDIR="$VGH_KBUILD" ARCH=$VGH_ARCH \
		CROSS_COMPILE=$VGH_CROSS CC="ccache ${VGH_CROSS}gcc" "$@"
}

# vgh_guest_tools: static aarch64 builds of the userspace test tools and
# of the IGT-style tests (tests/igt/*.c with tests/igt/lib/, linked with
# Debian's arm64 libdrm.a; see tests/igt/README). The shared userspace
# library, tests/lib/*.c (plain C on the kernel's uAPI headers), is
# compiled once and linked into both.
vgh_guest_tools() {
	local src out=$VGH_OUT/guest-bin arm64 tmp cc=${VGH_CROSS}gcc
	local cflags=(-static -O2 -Wall -Wextra -Werror)
	local uapi=(-I"$VGH_TOP/include/uapi" -I"$VGH_STAGING/usr/include")
	mkdir -p "$out"
	tmp=$(mktemp -d)
	mkdir "$tmp/lib" "$tmp/igt"
	for src in "$VGH_TOP"/tests/lib/*.c; do
		"$cc" "${cflags[@]}" "${uapi[@]}" -c -o "$tmp/lib/$(basename "$src" .c).o" "$src" ||
			{ rm -rf "$tmp"; vgh_die "building tests/lib/$(basename "$src")"; }
	done
	for src in "$VGH_TOP"/tests/tools/*.c; do
		"$cc" "${cflags[@]}" -I"$VGH_TOP/tests/lib" "${uapi[@]}" \
			-o "$out/$(basename "$src" .c)" "$src" "$tmp"/lib/*.o ||
			{ rm -rf "$tmp"; vgh_die "building $(basename "$src") for the guest failed"; }
	done
	arm64=$("$VGH_TOP/scripts/guest-debs.sh") ||
		{ rm -rf "$tmp"; vgh_die "arm64 packages unavailable"; }
	cflags+=(-I"$VGH_TOP/tests/igt/lib" -I"$VGH_TOP/tests/lib" -I"$arm64/usr/include"
		 -I"$arm64/usr/include/libdrm" "${uapi[@]}" -pthread)
	for src in "$VGH_TOP"/tests/igt/lib/*.c; do
		"$cc" "${cflags[@]}" -c -o "$tmp/igt/$(basename "$src" .c).o" "$src" ||
			{ rm -rf "$tmp"; vgh_die "building tests/igt/lib/$(basename "$src")"; }
	done
	for src in "$VGH_TOP"/tests/igt/*.c; do
		"$cc" "${cflags[@]}" -o "$out/$(basename "$src" .c)" "$src" "$tmp"/igt/*.o \
			"$tmp"/lib/*.o -L"$arm64/usr/lib/aarch64-linux-gnu" -ldrm -lm ||
			{ rm -rf "$tmp"; vgh_die "building tests/igt/$(basename "$src") for the guest failed"; }
	done
	rm -rf "$tmp"
}

vgh_kernel_release() {
	cat "$VGH_KBUILD/include/config/kernel.release"
}

# vgh_module_dir: where the guest's modules are built for the current
# flavour: the debug kernel's in the tree, as a developer builds them; the
# product kernel's in a copy of the sources under $VGH_OUT, so that both
# sets can exist side by side.
vgh_module_dir() {
	if [ "$VGH_KFLAVOUR" = debug ] && [ -z "$(vgh_series_tag)" ]; then
		echo "$VGH_TOP"
	else
		echo "$VGH_OUT/module$(vgh_series_tag)-$VGH_KFLAVOUR"
	fi
}

# vgh_guest_modules [MAKE-ARGS...]: build the modules for the current
# flavour's kernel.
vgh_guest_modules() {
	local dir
	dir=$(vgh_module_dir)
	if [ "$dir" = "$VGH_TOP" ]; then
		vgh_module_make "$@" modules
		return
	fi
	mkdir -p "$dir"
	mkdir -p "$dir/compat"
	cp -Rp "$VGH_TOP/Kbuild" "$VGH_TOP/VERSION" "$VGH_TOP/drivers" "$VGH_TOP/include" "$dir/"
	# the probes, not their answers for another kernel
	cp -Rp "$VGH_TOP/compat/probe.sh" "$VGH_TOP/compat/probes" "$VGH_TOP/compat/include" \
		"$dir/compat/"
	vgh_kmake M="$dir" "$@" modules
}

# vgh_prepare_guest: what every guest boot needs, built or reused: the
# packages, the guest kernel of the current flavour, the modules, the
# guest tools and the initramfs at $VGH_INITRAMFS.
# vgh_settle: write out what the builds left dirty in the page cache, so
# that the kernel's writeback does not compete with a guest whose
# latencies a test measures (the IGT-style suite, make bench): on a cold
# run the kernel build has just written gigabytes.
vgh_settle() {
	sync
}

vgh_prepare_guest() {
	"$VGH_TOP/scripts/deps.sh"
	"$VGH_TOP/scripts/kernel.sh" >/dev/null
	vgh_kernel_vars
	mkdir -p "$VGH_OUT"
	vgh_log "building virtio-gpu-heap ($VGH_KFLAVOUR kernel)"
	vgh_guest_modules >"$VGH_OUT/module-build-$VGH_KFLAVOUR.log" 2>&1 ||
		vgh_tail_fail "$VGH_OUT/module-build-$VGH_KFLAVOUR.log" "module build"
	vgh_guest_tools
	"$VGH_TOP/scripts/initramfs.sh" "$VGH_INITRAMFS"
}
