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

# Source tree and build directory of the guest kernel. The build directory
# is keyed by the exact Debian source version, the config fragments and
# the compiler, so that any change of those gives a fresh build.
vgh_kernel_vars() {
	local deb_ver hash
	deb_ver=$(dpkg-query -W -f '${Version}' "linux-source-$VGH_KSERIES" 2>/dev/null) ||
		vgh_die "package linux-source-$VGH_KSERIES is not installed (run: make deps)"
	VGH_KSRC=$VGH_CACHE/src/linux-$deb_ver
	hash=$( (echo "$deb_ver"; cat "$VGH_TOP"/scripts/config/*.config; \
		"${VGH_CROSS}gcc" --version | head -n 1) | sha256sum | cut -c1-12)
	VGH_KBUILD=$VGH_CACHE/build/$VGH_KSERIES-$hash
	VGH_STAGING=$VGH_KBUILD/staging
}

vgh_kmake() {
	make -C "$VGH_KSRC" O="$VGH_KBUILD" ARCH=$VGH_ARCH \
		CROSS_COMPILE=$VGH_CROSS CC="ccache ${VGH_CROSS}gcc" "$@"
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
# Debian's arm64 libdrm.a; see tests/igt/README).
vgh_guest_tools() {
	local src out=$VGH_OUT/guest-bin arm64 lib obj cc=${VGH_CROSS}gcc
	local cflags=(-static -O2 -Wall -Wextra -Werror)
	mkdir -p "$out"
	for src in "$VGH_TOP"/tests/tools/*.c; do
		"$cc" "${cflags[@]}" \
			-I"$VGH_STAGING/usr/include" -o "$out/$(basename "$src" .c)" "$src" ||
			vgh_die "building $(basename "$src") for the guest failed"
	done
	arm64=$("$VGH_TOP/scripts/guest-debs.sh") || vgh_die "arm64 packages unavailable"
	lib=$(mktemp -d)
	cflags+=(-I"$VGH_TOP/tests/igt/lib" -I"$arm64/usr/include"
		 -I"$arm64/usr/include/libdrm" -pthread)
	for src in "$VGH_TOP"/tests/igt/lib/*.c; do
		obj=$lib/$(basename "$src" .c).o
		"$cc" "${cflags[@]}" -c -o "$obj" "$src" ||
			{ rm -rf "$lib"; vgh_die "building tests/igt/lib/$(basename "$src")"; }
	done
	for src in "$VGH_TOP"/tests/igt/*.c; do
		"$cc" "${cflags[@]}" -o "$out/$(basename "$src" .c)" "$src" "$lib"/*.o \
			-L"$arm64/usr/lib/aarch64-linux-gnu" -ldrm -lm ||
			{ rm -rf "$lib"; vgh_die "building tests/igt/$(basename "$src") for the guest failed"; }
	done
	rm -rf "$lib"
}

vgh_kernel_release() {
	cat "$VGH_KBUILD/include/config/kernel.release"
}

# vgh_prepare_guest: what every guest boot needs, built or reused: the
# packages, the guest kernel, the module, the guest tools and the
# initramfs at $VGH_OUT/initramfs.cpio.gz.
vgh_prepare_guest() {
	"$VGH_TOP/scripts/deps.sh"
	"$VGH_TOP/scripts/kernel.sh" >/dev/null
	vgh_kernel_vars
	mkdir -p "$VGH_OUT"
	vgh_log "building virtio-gpu-heap"
	vgh_module_make modules >"$VGH_OUT/module-build.log" 2>&1 ||
		vgh_tail_fail "$VGH_OUT/module-build.log" "module build"
	vgh_guest_tools
	"$VGH_TOP/scripts/initramfs.sh" "$VGH_OUT/initramfs.cpio.gz"
}
