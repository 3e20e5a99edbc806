#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# kdir-check.sh KDIR [O]: say clearly why KDIR cannot build this module.
# O: the kernel's separate output directory, if it was built with O=
# (its .config and Module.symvers are there, not in KDIR).
set -euo pipefail
kdir=${1:-}
obj=${2:-$kdir}
where="KDIR=$kdir"
[ "$obj" = "$kdir" ] || where="$where O=$obj"
fail() {
	echo "error: $where: $*" >&2
	exit 1
}
[ -n "$kdir" ] || fail "no kernel build directory given"
[ -f "$kdir/Makefile" ] || fail "not a kernel build directory (no Makefile); pass KDIR=/path/to/kernel/build or use 'make run' / 'make check'"
[ -f "$obj/.config" ] || fail "kernel is not configured (no .config)"
[ -f "$obj/Module.symvers" ] || fail "kernel has not been built (no Module.symvers); run 'make modules' in it first"
for opt in CONFIG_MODULES CONFIG_DRM CONFIG_VIRTIO CONFIG_MMU; do
	grep -q "^$opt=[ym]" "$obj/.config" ||
		fail "kernel lacks $opt, which virtio-gpu-heap needs"
done
for opt in CONFIG_DRM_KMS_HELPER CONFIG_DRM_GEM_SHMEM_HELPER CONFIG_VIRTIO_DMA_SHARED_BUFFER; do
	grep -q "^$opt=[ym]" "$obj/.config" ||
		fail "kernel lacks $opt (enable CONFIG_DRM_VIRTIO_GPU=m, which selects it)"
done
