#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages the rig needs; only missing ones are fetched.
# The list is what 'make run' and 'make check' need on a minimal Debian 12
# (debootstrap --variant=minbase, plus make); 'make fresh-check' proves it.
# Commands that every Debian system has (bash, coreutils, tar, gzip, grep,
# sed, mawk, findutils, diffutils, dpkg, apt) are not listed.
. "$(dirname "$0")/lib.sh"

pkgs=(make
      # guest kernel: Debian's source, the cross compiler, the host tools
      # kbuild builds (gcc needs libc6-dev, only a recommendation of gcc)
      # (both series: the 6.1 guests run in make check too)
      linux-source-6.12 linux-source-6.1 xz-utils gcc libc6-dev
      gcc-aarch64-linux-gnu bc flex bison libelf-dev libssl-dev ccache
      # headers_install copies the uAPI headers with rsync
      rsync
      # static guest tools; modules stripped and indexed for the initramfs
      libc6-dev-arm64-cross kmod cpio
      # gates: sparse, checkpatch.pl and kernel-doc (perl), the uAPI
      # headers compiled as C++, the KTAP parser (python3)
      sparse perl g++ python3
      # the guest; dtc edits its device tree for the heap carve-out
      qemu-system-arm device-tree-compiler
      # the real-userspace guests: virglrenderer behind QEMU's SDL display
      # with OpenGL on a private X server (Mesa's llvmpipe on the host),
      # the packages' root filesystem written with mke2fs -d; QEMU's
      # window read back from the X server (xwininfo, xwd), as its
      # screendump has no image of a GL scanout
      qemu-system-gui xvfb libgl1-mesa-dri e2fsprogs x11-utils x11-apps
      dpkg-dev)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	vgh_die "missing packages: ${missing[*]}; install them with: sudo apt-get install ${missing[*]}"
fi
vgh_log "installing ${missing[*]}"
log=$(mktemp)
if ! { apt-get update -q && DEBIAN_FRONTEND=noninteractive \
	apt-get install -y -q --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
	tail -n 5 "$log" >&2
	vgh_die "apt-get could not install: ${missing[*]}"
fi
rm -f "$log"
