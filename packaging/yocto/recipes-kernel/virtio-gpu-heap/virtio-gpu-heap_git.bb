# SPDX-License-Identifier: GPL-2.0
SUMMARY = "virtio-gpu DRM driver with a dedicated heap"
DESCRIPTION = "virtio-gpu-heap, a drop-in for the in-tree virtio_gpu driver \
for hypervisors that cannot map host memory into a guest at run time. The \
package keeps the in-tree driver out (modprobe.d blacklist)."
SECTION = "kernel/modules"

# The driver's sources say "SPDX-License-Identifier: GPL-2.0 OR MIT" (the
# module: "Dual MIT/GPL"). The repository has no license file: the
# checksum is that of the SPDX line of the driver's main file.
LICENSE = "GPL-2.0-only | MIT"
LIC_FILES_CHKSUM = "file://drivers/gpu/drm/virtio/vgh_drv.c;beginline=1;endline=1;md5=d337360ac55966d2a50ba6b01e40ec30"

inherit module

# The version is that of the file VERSION, which Kbuild reads for
# MODULE_VERSION. ${S}/VERSION cannot give PV: PV is needed when the
# recipe is parsed, before anything is fetched. This layer lives in the
# driver's repository (packaging/yocto), so the recipe reads VERSION of
# the checkout it sits in, four directories above this file; the recipe
# is parsed again when the file changes. A copy of this recipe outside
# a checkout sets VGH_VERSION (and VGH_SRC_URI, SRCREV) itself. Either
# way do_configure stops the build if the fetched ${S}/VERSION says
# otherwise, so PV cannot disagree with what the module reports.
VGH_TOPDIR := "${@os.path.normpath('${THISDIR}/../../../..')}"
VGH_VERSION ?= "${@oe.utils.read_file('${VGH_TOPDIR}/VERSION')}"
PV = "${VGH_VERSION}+git${SRCPV}"

python __anonymous () {
    import os
    version_file = os.path.join(d.getVar('VGH_TOPDIR'), 'VERSION')
    if os.path.exists(version_file):
        bb.parse.mark_dependency(d, version_file)
    if not d.getVar('VGH_VERSION'):
        raise bb.parse.SkipRecipe("no %s: use this recipe from packaging/yocto "
                                  "of a virtio-gpu-heap checkout, or set VGH_VERSION" % version_file)
}

# The source: by default the committed main branch of that checkout (an
# integrator's mirror and a pinned commit: set VGH_SRC_URI and SRCREV).
VGH_SRC_URI ?= "git://${VGH_TOPDIR};protocol=file;branch=main"
SRC_URI = "${VGH_SRC_URI}"
SRCREV ?= "${AUTOREV}"
S = "${WORKDIR}/git"

do_configure:prepend () {
	if [ "$(cat ${S}/VERSION)" != "${VGH_VERSION}" ]; then
		bbfatal "the source's VERSION is $(cat ${S}/VERSION), the recipe's ${VGH_VERSION}: fetch the source of that version (SRCREV) or set VGH_VERSION to it"
	fi
}

# The repository's Makefile with the kernel's source tree as KDIR; the
# module class passes O=${STAGING_KERNEL_BUILDDIR}, where the Makefile
# finds the kernel's .config and Module.symvers. The empty CONFIG_
# values keep Kbuild from building the KUnit suites and the simulated
# host (virtio-gpu-sim), as in dkms.conf: only virtio-gpu-heap.ko is
# built, and the class's do_install (make modules_install) installs it
# in ${nonarch_base_libdir}/modules/${KERNEL_VERSION}/extra.
EXTRA_OEMAKE += "KDIR=${STAGING_KERNEL_DIR} \
                 CONFIG_DRM_VIRTIO_GPU_HEAP_KUNIT_TEST= \
                 CONFIG_DRM_VIRTIO_GPU_SIM= \
                 CONFIG_DRM_VIRTIO_GPU_SIM_KUNIT_TEST="

# The module's package is kernel-module-virtio-gpu-heap-${KERNEL_VERSION},
# which provides kernel-module-virtio-gpu-heap; ${PN}, empty, depends on it.
RPROVIDES:${PN} += "kernel-module-virtio-gpu-heap"

# Loaded at boot (modules-load.d), besides by its alias when the device
# is found.
KERNEL_MODULE_AUTOLOAD += "virtio-gpu-heap"

# modprobe.d/virtio-gpu-heap.conf in the module's package: the in-tree
# driver has the same device alias and must stay out. This holds when the
# kernel builds virtio_gpu as a module (CONFIG_DRM_VIRTIO_GPU=m) or not
# at all; a built-in virtio_gpu takes the device before any module loads.
KERNEL_MODULE_PROBECONF += "virtio-gpu-heap"
module_conf_virtio-gpu-heap = "blacklist virtio_gpu"
