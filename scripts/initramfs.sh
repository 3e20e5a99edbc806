#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# initramfs.sh OUT: pack the test guest's initramfs: busybox, the guest
# kernel's modules plus ours, the guest tests and tools.
. "$(dirname "$0")/lib.sh"
vgh_kernel_vars
out=$1
busybox_root=$("$VGH_TOP/scripts/guest-debs.sh")
kver=$(vgh_kernel_release)

root=$(mktemp -d)
chmod 755 "$root"
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,dev,proc,sys,tmp,tests,lib/modules}
cp "$busybox_root/bin/busybox" "$root/bin/"
install -m 0755 "$VGH_TOP/tests/guest/init" "$root/init"
cp "$VGH_TOP"/tests/guest/*.sh "$root/tests/"
cp "$VGH_OUT"/guest-bin/* "$root/bin/"
cp -a "$VGH_STAGING/lib/modules/$kver" "$root/lib/modules/"
rm -f "$root/lib/modules/$kver"/{build,source}
mkdir -p "$root/lib/modules/$kver/extra"
moddir=$(vgh_module_dir)
for ko in "$moddir"/*.ko; do
	[ -f "$ko" ] || vgh_die "no module built in $moddir"
	"${VGH_CROSS}strip" --strip-debug -o "$root/lib/modules/$kver/extra/$(basename "$ko")" "$ko"
done
depmod -b "$root" "$kver"
(cd "$root" && find . | cpio -o -H newc --quiet) | gzip -1 >"$out"
