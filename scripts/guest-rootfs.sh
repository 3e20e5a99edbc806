#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# guest-rootfs.sh: the real-userspace guests' root filesystem, an ext4
# image of Debian arm64 packages: Mesa (EGL, GBM and the DRI drivers:
# virgl, kms_swrast, llvmpipe), kmscube, glmark2-es2-drm, weston with its
# clients, libdrm's test programs (modetest, vbltest, proptest,
# drmdevice) and coreutils. apt resolves the dependency closure from the machine's
# package sources, with its own state directory and an empty dpkg status,
# so nothing is taken from the host; the packages are unpacked with
# dpkg-deb (no maintainer scripts run) and the tree is written into the
# image with mke2fs -d, without root or loop devices. Prints the image's
# path on stdout.
#
# The image is cached under $VGH_CACHE, keyed by the exact .deb files of
# the closure: a point release that changes one package gives a new image.
# The guest mounts it read-only from a virtio block device and runs the
# programs in a chroot (tests/guest/userspace.sh).
. "$(dirname "$0")/lib.sh"

pkgs=(libgl1-mesa-dri libegl-mesa0 libegl1 libgles2 libgbm1
      kmscube glmark2-es2-drm
      weston
      libdrm-tests
      # stdbuf: vbltest's output line by line into a log
      coreutils)

vgh_apt_arm64
state=$VGH_APT_STATE
apt_opts=("${VGH_APT_OPTS[@]}")
log=$state/rootfs.log
: >"$log"
if [ -z "$(ls "$state/lists" 2>/dev/null | grep -v partial)" ]; then
	apt-get "${apt_opts[@]}" update >>"$log" 2>&1 ||
		vgh_tail_fail "$log" "apt-get update (arm64)"
fi
# The closure, as apt would install it on an empty system: one line
# "NAME VERSION ARCH" per package, from apt's simulation (which, unlike
# --print-uris, lists packages already in the cache too).
closure=$(apt-get "${apt_opts[@]}" install -s "${pkgs[@]}" 2>>"$log" |
	sed -n 's/^Inst \([^ ]*\) (\([^ ]*\) .*\[\([a-z0-9]*\)\]).*/\1 \2 \3/p' | sort) ||
	vgh_tail_fail "$log" "resolving the packages of the guest root filesystem"
[ -n "$closure" ] || vgh_die "apt resolved no packages for the guest root filesystem"
# apt's file name of each: NAME_VERSION_ARCH.deb, an epoch's colon as %3a
debs=$(awk '{ sub(/:/, "%3a", $2); print $1 "_" $2 "_" $3 ".deb" }' <<<"$closure")
key=$( (printf '%s\n' "${pkgs[@]}"; echo "$debs"; sed -n '/^# image/,$p' "$0") |
	sha256sum | cut -c1-12)
image=$VGH_CACHE/rootfs/guest-rootfs-arm64-$key.ext4
[ -f "$image" ] && { echo "$image"; exit 0; }

vgh_log "fetching the guest root filesystem: $(wc -l <<<"$debs") arm64 packages"
apt-get "${apt_opts[@]}" install --download-only -y -q "${pkgs[@]}" >>"$log" 2>&1 ||
	vgh_tail_fail "$log" "apt-get --download-only (arm64)"

root=$(mktemp -d "$VGH_CACHE/rootfs-tree.XXXXXX")
trap 'rm -rf "$root"' EXIT
while read -r deb; do
	[ -f "$state/archives/$deb" ] || vgh_die "apt did not fetch $deb"
	dpkg-deb -x "$state/archives/$deb" "$root"
done <<<"$debs"

# image: what the packages' maintainer scripts would have done and the
# guest needs: mount points, a root user, the loader's cache is not needed
# (Debian's ld.so searches the multiarch directories by default).
mkdir -p "$root"/{dev,proc,sys,tmp,run,root,etc}
echo 'root:x:0:0:root:/root:/bin/sh' >"$root/etc/passwd"
echo 'root:x:0:' >"$root/etc/group"
[ -x "$root/usr/bin/kmscube" ] && [ -x "$root/usr/bin/weston" ] &&
	[ -x "$root/usr/bin/modetest" ] &&
	[ -f "$root/usr/lib/aarch64-linux-gnu/dri/virtio_gpu_dri.so" ] ||
	vgh_die "the unpacked packages lack kmscube, weston, modetest or Mesa's virtio_gpu driver"

mkdir -p "$(dirname "$image")"
rm -f "$VGH_CACHE"/rootfs/guest-rootfs-arm64-*.ext4
size=$(( $(du -sm "$root" | cut -f1) * 5 / 4 + 64 ))
mke2fs -q -t ext4 -L vgh-rootfs -E root_owner=0:0 -d "$root" "$image.tmp" "${size}M" \
	>>"$log" 2>&1 || vgh_tail_fail "$log" "mke2fs"
mv "$image.tmp" "$image"
echo "$image"
