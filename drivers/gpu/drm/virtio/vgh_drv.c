// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * virtio-gpu-heap: a virtio-gpu DRM driver for guests whose host cannot
 * map memory into them at run time.
 */

/**
 * DOC: Overview
 *
 * The module binds to virtio devices with the GPU device id and registers
 * a DRM device named "virtio_gpu", the name Mesa and IGT look for, so
 * that it can stand in for the in-tree driver.
 *
 * Probe reads the device configuration, sets up the control and cursor
 * virtqueues, marks the device ready, queries display information,
 * EDIDs and capsets, and registers the DRM device last. Each step that
 * needs undoing registers its undo as it succeeds, so a failed probe and
 * remove take the same path backwards: the DRM device is unplugged
 * first, so no new command can be queued, then the device is reset and
 * every command it still owned is completed with -ENODEV before the
 * virtqueues go away; memory retired because the device had not let go
 * of it is released after the reset. What lives as long as the DRM
 * device (locks, EDIDs, id allocators) is drm-managed.
 *
 * Feature negotiation offers only what the driver implements; the
 * feature list in vgh_wire.h grows with it. What every block asks of the
 * device (negotiated features, the blob alignment, the DMA32 rule) is in
 * vgh_device.c, which calls no block; this file is the one that calls
 * every block's set-up. Devices without VIRTIO_F_VERSION_1 are
 * refused: virtio-gpu is a modern-only device.
 *
 * The DRM device's parent is the transport's device (the virtio-mmio
 * platform device or the PCI function), as with the in-tree driver: the
 * card's sysfs device, its unique name and the bus libdrm reports
 * (drmGetDevice2(): platform or PCI with its address) are that device's,
 * so udev rules and compositors find the GPU where they expect it.
 * Resources that devm_ helpers tie to the parent would then live as long
 * as the transport's driver stays bound; probe allocates them in a devres
 * group of the parent, which remove releases (its only step), so
 * everything still goes when this driver unbinds and a rebind starts
 * afresh.
 */

#include <linux/device.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/virtio_gpu_heap.h>
#include <linux/virtio.h>
#include <linux/virtio_config.h>
#include <linux/virtio_ids.h>

#include <drm/drm_atomic_helper.h>
#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_gem.h>
#include <drm/drm_gem_shmem_helper.h>
#include <drm/drm_ioctl.h>
#include <drm/drm_managed.h>
#include <drm/drm_prime.h>
#include <drm/drm_print.h>

#include "vgh_client.h"
#include "vgh_compat.h"
#include "vgh_dma_heap.h"
#include "vgh_drv.h"
#include "vgh_fbdev.h"
#include "vgh_gem.h"
#include "vgh_heap.h"
#include "vgh_hostvis.h"
#include "vgh_ioctl.h"
#include "vgh_kms.h"
#include "vgh_layout.h"
#include "vgh_plane.h"
#include "vgh_submit.h"

/* fdinfo: the DRM core's with our memory regions, or all of it ours */
static const struct file_operations vgh_fops = {
	.owner = THIS_MODULE,
	DRM_GEM_FOPS,
#if VGH_HAVE_DRM_SHOW_FDINFO
	.show_fdinfo = drm_show_fdinfo,
#else
	.show_fdinfo = vgh_client_show_fdinfo_file,
#endif
};

static const struct drm_driver vgh_drm_driver = {
	.driver_features = DRIVER_GEM | DRIVER_MODESET | DRIVER_ATOMIC |
			   DRIVER_RENDER | DRIVER_SYNCOBJ |
			   DRIVER_SYNCOBJ_TIMELINE | VGH_DRIVER_CURSOR_HOTSPOT,
	.fops = &vgh_fops,
	.open = vgh_file_open,
	.postclose = vgh_file_postclose,
#if VGH_HAVE_DRM_SHOW_FDINFO
	.show_fdinfo = vgh_client_show_fdinfo,
#endif
	.ioctls = vgh_ioctls,
	.num_ioctls = VGH_NUM_IOCTLS,
	.gem_create_object = vgh_gem_create_object,
	.dumb_create = vgh_gem_dumb_create,
	/*
	 * The GEM PRIME helpers, named although later kernels default to
	 * them: older ones (6.1) answer the PRIME ioctls with ENOSYS
	 * without them.
	 */
	.prime_handle_to_fd = drm_gem_prime_handle_to_fd,
	.prime_fd_to_handle = drm_gem_prime_fd_to_handle,
	.gem_prime_import = vgh_gem_prime_import,
#if VGH_HAVE_DRM_DRIVER_GEM_PRIME_MMAP
	/* an exported buffer's mmap is the GEM object's, as later by default */
	.gem_prime_mmap = drm_gem_prime_mmap,
#endif
	.gem_prime_import_sg_table = drm_gem_shmem_prime_import_sg_table,
#if !VGH_HAVE_DRM_DEBUGFS_ADD_FILES
	.debugfs_init = vgh_debugfs_minor_init,
#endif
	.name = VGH_DRIVER_NAME,
	.desc = "virtio GPU with a dedicated shared heap",
	.date = "20261121",
	.major = VGH_VERSION_MAJOR,
	.minor = VGH_VERSION_MINOR,
	.patchlevel = VGH_VERSION_PATCH,
};

static int vgh_read_config(struct vgh_device *vgdev)
{
	struct virtio_device *vdev = vgdev->vdev;
	u32 scanouts, capsets;

	virtio_cread_le(vdev, struct virtio_gpu_config, num_scanouts, &scanouts);
	virtio_cread_le(vdev, struct virtio_gpu_config, num_capsets, &capsets);
	if (!scanouts) {
		drm_err(&vgdev->drm, "device reports no scanouts\n");
		return -EINVAL;
	}
	if (scanouts > VGH_MAX_SCANOUTS) {
		drm_warn(&vgdev->drm, "device reports %u scanouts, using %u\n",
			 scanouts, VGH_MAX_SCANOUTS);
		scanouts = VGH_MAX_SCANOUTS;
	}
	vgdev->num_scanouts = scanouts;
	vgdev->num_capsets = capsets;
	vgdev->blob_align = vgh_read_blob_align(vgdev);
	return 0;
}

static void vgh_control_put(struct drm_device *drm, void *tl)
{
	vgh_timeline_put(tl);
}

/* Where the DRM device hangs: the transport's device, as in-tree. */
static struct device *vgh_parent(struct virtio_device *vdev)
{
	return vdev->dev.parent ?: &vdev->dev;
}

/*
 * Undoes virtio_device_ready(): after the reset the device owns nothing,
 * so every command still queued completes with -ENODEV and memory the
 * host had kept is released.
 */
static void vgh_device_stop(void *data)
{
	struct vgh_device *vgdev = data;

	cancel_work_sync(&vgdev->config_work);
	virtio_reset_device(vgdev->vdev);
	vgh_queues_fini(vgdev);
	vgh_gem_device_reset(vgdev);
}

/*
 * Unplugging first means no ioctl can queue a command any more; user
 * space keeps its files, mappings and dma-bufs, but no CPU mapping of the
 * device's memory (heap or host-visible region) survives it and new ones
 * are refused. The atomic state is then shut down, and the host's
 * scanouts are switched off while the device still answers.
 */
static void vgh_device_unplug(void *data)
{
	struct vgh_device *vgdev = data;

	drm_dev_unplug(&vgdev->drm);
	unmap_mapping_range(vgdev->drm.anon_inode->i_mapping, 0, 0, 1);
	drm_atomic_helper_shutdown(&vgdev->drm);
	vgh_plane_scanouts_release(vgdev);
}

static int vgh_probe_device(struct virtio_device *vdev)
{
	struct device *parent = vgh_parent(vdev);
	struct vgh_device *vgdev;
	int ret;

	vgdev = devm_drm_dev_alloc(parent, &vgh_drm_driver, struct vgh_device,
				   drm);
	if (IS_ERR(vgdev))
		return PTR_ERR(vgdev);
	vgdev->vdev = vdev;
	vdev->priv = vgdev;
	vgdev->offered = vdev->config->get_features(vdev);
	vgdev->control = vgh_timeline_create("control");
	if (!vgdev->control)
		return -ENOMEM;
	ret = drmm_add_action_or_reset(&vgdev->drm, vgh_control_put, vgdev->control);
	if (!ret)
		ret = vgh_display_init(vgdev);
	if (!ret)
		ret = vgh_gem_init(vgdev);
	if (!ret)
		ret = vgh_caps_init(vgdev);
	if (!ret)
		ret = vgh_read_config(vgdev);
	if (ret)
		return ret;

	ret = vgh_queues_init(vgdev);
	if (ret) {
		drm_err(&vgdev->drm, "no virtqueues: %d\n", ret);
		return ret;
	}
	virtio_device_ready(vdev);
	ret = devm_add_action_or_reset(parent, vgh_device_stop, vgdev);
	if (ret)
		return ret;

	ret = vgh_display_query(vgdev);
	if (ret) {
		drm_err(&vgdev->drm, "GET_DISPLAY_INFO failed: %d\n", ret);
		return ret;
	}
	if (vgh_capsets_query(vgdev))
		drm_warn(&vgdev->drm, "capset query failed, no capsets\n");
	ret = vgh_layout_init(vgdev);
	if (!ret)
		ret = vgh_hostvis_init(vgdev);
	if (!ret)
		ret = vgh_heap_init(vgdev);
	if (ret)
		return ret;
	vgh_print_summary(vgdev);
	vgh_debugfs_init(vgdev);
	ret = vgh_kms_init(vgdev);
	if (ret) {
		drm_err(&vgdev->drm, "mode setting init failed: %d\n", ret);
		return ret;
	}

	ret = drm_dev_register(&vgdev->drm, 0);
	if (ret)
		return ret;
	ret = devm_add_action_or_reset(parent, vgh_device_unplug, vgdev);
	if (ret)
		return ret;
	/* the node goes at remove before the device is unplugged */
	ret = vgh_dma_heap_init(vgdev);
	if (ret)
		return ret;
	vgh_fbdev_setup(&vgdev->drm);
	return 0;
}

/*
 * The devres group of the parent, keyed by the virtio device, holds what
 * probe tied to the parent (the DRM device's last reference among it).
 */
static int vgh_probe(struct virtio_device *vdev)
{
	struct device *parent = vgh_parent(vdev);
	int ret;

	if (!virtio_has_feature(vdev, VIRTIO_F_VERSION_1)) {
		dev_err(&vdev->dev,
			"legacy virtio transport; virtio-gpu needs VIRTIO_F_VERSION_1 (QEMU: -global virtio-mmio.force-legacy=false)\n");
		return -ENODEV;
	}
	if (!devres_open_group(parent, vdev, GFP_KERNEL))
		return -ENOMEM;
	ret = vgh_probe_device(vdev);
	devres_close_group(parent, vdev);
	if (ret)
		devres_release_group(parent, vdev);
	return ret;
}

/* Everything probe set up is in the group, undone in reverse order. */
static void vgh_remove(struct virtio_device *vdev)
{
	devres_release_group(vgh_parent(vdev), vdev);
}

static void vgh_config_changed(struct virtio_device *vdev)
{
	struct vgh_device *vgdev = vdev->priv;

	schedule_work(&vgdev->config_work);
}

static const struct virtio_device_id vgh_id_table[] = {
	{ VIRTIO_ID_GPU, VIRTIO_DEV_ANY_ID },
	{ }
};
MODULE_DEVICE_TABLE(virtio, vgh_id_table);

static struct virtio_driver vgh_virtio_driver = {
	.driver.name = "virtio_gpu_heap",
	.id_table = vgh_id_table,
	.feature_table = vgh_features,
	.feature_table_size = VGH_NUM_FEATURES,
	.probe = vgh_probe,
	.remove = vgh_remove,
	.config_changed = vgh_config_changed,
};
module_virtio_driver(vgh_virtio_driver);

MODULE_DESCRIPTION("virtio GPU driver with a dedicated shared heap");
MODULE_LICENSE("Dual MIT/GPL");
MODULE_VERSION(VGH_VERSION);
