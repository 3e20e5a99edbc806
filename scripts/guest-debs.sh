#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Fetch Debian arm64 packages for the guest and unpack them into a root
# directory, without multiarch: apt runs with its own state directory and
# the machine's package sources. Prints the unpacked root on stdout.
#
# busybox-static: the guest's userland. libdrm-dev: its libdrm.a and
# headers, linked statically into the IGT-style tests (tests/igt/).
. "$(dirname "$0")/lib.sh"

pkgs=(busybox-static libdrm-dev)
root=$VGH_CACHE/guest-root-arm64
have_all() {
	[ -x "$1/bin/busybox" ] && [ -f "$1/usr/lib/aarch64-linux-gnu/libdrm.a" ] &&
		[ -f "$1/usr/include/xf86drm.h" ]
}
have_all "$root" && { echo "$root"; exit 0; }

vgh_apt_arm64
state=$VGH_APT_STATE
apt_opts=("${VGH_APT_OPTS[@]}")
log=$state/apt.log
vgh_log "fetching arm64 packages: ${pkgs[*]}"
apt-get "${apt_opts[@]}" update >"$log" 2>&1 || vgh_tail_fail "$log" "apt-get update (arm64)"
(cd "$state/archives" && apt-get "${apt_opts[@]}" download "${pkgs[@]/%/:arm64}") \
	>>"$log" 2>&1 || vgh_tail_fail "$log" "apt-get download (arm64)"

rm -rf "$root.tmp"
mkdir -p "$root.tmp"
for p in "${pkgs[@]}"; do
	deb=$(ls -t "$state/archives/${p}"_*_arm64.deb | head -n 1)
	dpkg-deb -x "$deb" "$root.tmp"
done
have_all "$root.tmp" || vgh_die "busybox or libdrm.a missing from the arm64 packages"
rm -rf "$root"
mv "$root.tmp" "$root"
echo "$root"
