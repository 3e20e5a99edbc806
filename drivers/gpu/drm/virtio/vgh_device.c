// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The device core of the virtio-gpu-heap driver: what every block asks
 * of the device (negotiated features, blob alignment, the DMA32 rule).
 * It calls no block; the probe in vgh_drv.c is the one place that calls
 * every block's set-up.
 */

#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/virtio.h>
#include <linux/virtio_config.h>
#include <linux/virtio_gpu_heap.h>

#include <drm/drm_print.h>

#include "vgh_drv.h"

/* Features this driver implements, offered to the device at probe. */
const unsigned int vgh_features[VGH_NUM_FEATURES] = {
#define VGH_WIRE_FEATURE(NAME, ...) VIRTIO_GPU_F_##NAME,
#include "vgh_wire.h"
};

static const struct {
	unsigned int bit;
	const char *name;
} vgh_feature_names[] = {
#define VGH_WIRE_FEATURE(NAME, name) { VIRTIO_GPU_F_##NAME, #name },
#include "vgh_wire.h"
};

/**
 * vgh_feature_name() - printable name of a device feature bit
 * @bit: feature bit number
 *
 * Return: the name, or NULL for a bit the driver has no name for.
 */
const char *vgh_feature_name(unsigned int bit)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vgh_feature_names); i++)
		if (vgh_feature_names[i].bit == bit)
			return vgh_feature_names[i].name;
	return NULL;
}

/**
 * vgh_has_feature() - whether a feature was negotiated
 * @vgdev: the device
 * @bit: feature bit number, 0 to 63
 *
 * Unlike virtio_has_feature(), this may ask about bits the driver does
 * not implement (debugfs reports them all); those are never negotiated.
 *
 * Return: true when both device and driver agreed on @bit.
 */
bool vgh_has_feature(const struct vgh_device *vgdev, unsigned int bit)
{
	return bit < 64 && (vgdev->vdev->features & BIT_ULL(bit));
}

static bool dma32 = true;
module_param(dma32, bool, 0444);
MODULE_PARM_DESC(dma32, "keep every buffer the device touches below 4 GiB, for display and GPU engines that address 32 bits (default true)");

/**
 * vgh_dma32() - whether memory the device touches must lie below 4 GiB
 *
 * Return: the dma32 module parameter: heap pools above 4 GiB are refused,
 * shmem pages come from ZONE_DMA32, and memory from elsewhere (imported
 * buffers) that reaches above 4 GiB is refused.
 */
bool vgh_dma32(void)
{
	return dma32;
}

/**
 * vgh_read_blob_align() - the blob alignment the device asks for
 * @vgdev: the device, features negotiated
 *
 * With VIRTIO_GPU_F_BLOB_ALIGNMENT: a power of two, which blob sizes,
 * MAP_BLOB offsets and heap blocks follow, never below the page size.
 * Any other value makes blobs unusable rather than misplaced.
 *
 * Return: the alignment; 0, said once, for an unusable one.
 */
u32 vgh_read_blob_align(struct vgh_device *vgdev)
{
	u32 align;

	if (!vgh_has_feature(vgdev, VIRTIO_GPU_F_BLOB_ALIGNMENT))
		return PAGE_SIZE;
	virtio_cread_le(vgdev->vdev, struct virtio_gpu_heap_config,
			blob_alignment, &align);
	if (!is_power_of_2(align) || align > VGH_MAX_BLOB_ALIGN) {
		drm_err(&vgdev->drm, "device asks for blob alignment %u, not a power of two up to %u: blobs disabled\n",
			align, VGH_MAX_BLOB_ALIGN);
		return 0;
	}
	if (align > PAGE_SIZE)
		drm_info(&vgdev->drm, "blob alignment %u\n", align);
	return max_t(u32, align, PAGE_SIZE);
}

/**
 * vgh_blobs() - whether blob resources can be made
 * @vgdev: the device
 *
 * Return: true when VIRTIO_GPU_F_RESOURCE_BLOB was negotiated and the
 * device's blob alignment, if it gives one, is usable.
 */
bool vgh_blobs(const struct vgh_device *vgdev)
{
	return vgh_has_feature(vgdev, VIRTIO_GPU_F_RESOURCE_BLOB) &&
	       vgdev->blob_align;
}
