#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build the aarch64 guest kernel from Debian's linux-source package.
# Prints the build directory (usable as KDIR) on stdout.
. "$(dirname "$0")/lib.sh"
vgh_kernel_vars

# One build of a kernel at a time: a second run of this script for the
# same kernel (make check's background build, below) waits for the first
# and then finds the kernel built.
mkdir -p "$VGH_CACHE/build" "$VGH_CACHE/src"
exec 8>"$VGH_KBUILD.lock"
if ! flock -n 8; then
	vgh_log "waiting for another build of $VGH_KBUILD"
	flock 8
fi

if [ -f "$VGH_KBUILD/.vgh-built" ]; then
	echo "$VGH_KBUILD"
	exit 0
fi

# the flavours of a series share its source tree
exec 7>"$VGH_KSRC.lock"
flock 7
if [ ! -f "$VGH_KSRC/Makefile" ]; then
	tarball=/usr/src/linux-source-$VGH_KSERIES.tar.xz
	[ -f "$tarball" ] || vgh_die "$tarball missing (run: make deps)"
	vgh_log "unpacking $tarball"
	rm -rf "$VGH_KSRC.tmp"
	mkdir -p "$VGH_KSRC.tmp"
	tar -xJf "$tarball" -C "$VGH_KSRC.tmp" --strip-components=1
	mv "$VGH_KSRC.tmp" "$VGH_KSRC"
fi
exec 7>&-

mkdir -p "$VGH_KBUILD"
log=$VGH_KBUILD/build.log
: >"$log"
frag=$VGH_KBUILD/fragment.config
# shellcheck disable=SC2046 # one path per fragment
cat $(vgh_kernel_fragments) >"$frag"

vgh_log "configuring the $VGH_KFLAVOUR guest kernel in $VGH_KBUILD"
KCONFIG_ALLCONFIG=$frag vgh_kmake allnoconfig >>"$log" 2>&1 ||
	vgh_tail_fail "$log" "kernel configuration"
"$VGH_TOP/scripts/kconfig-check.sh" "$frag" "$VGH_KBUILD/.config" "$VGH_KSRC"

vgh_log "building guest kernel ($VGH_JOBS jobs, log: $log)"
vgh_kmake -j"$VGH_JOBS" Image modules >>"$log" 2>&1 ||
	vgh_tail_fail "$log" "kernel build"
rm -rf "$VGH_STAGING"
vgh_kmake INSTALL_MOD_PATH="$VGH_STAGING" INSTALL_MOD_STRIP=1 \
	modules_install >>"$log" 2>&1 || vgh_tail_fail "$log" "modules_install"
vgh_kmake INSTALL_HDR_PATH="$VGH_STAGING/usr" headers_install >>"$log" 2>&1 ||
	vgh_tail_fail "$log" "headers_install"
touch "$VGH_KBUILD/.vgh-built"
echo "$VGH_KBUILD"
