// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * debugfs files of the virtio-gpu-heap driver, and the probe summary that
 * prints the same facts.
 */

/**
 * DOC: debugfs
 *
 * Under /sys/kernel/debug/dri/<minor>/ the driver adds:
 *
 * ``vgh_features``
 *   The device's offered feature bits, the bits the driver implements and
 *   the negotiated result as hex words, then one line per known
 *   virtio-gpu feature, ``<name> offered=<0|1> negotiated=<0|1>``, the
 *   scanout and capset counts from the device configuration, and one line
 *   per capset GET_CAPSET_INFO returned: index, id, highest version and
 *   size in bytes.
 *
 * ``vgh_commands``
 *   A header line, then one line per command type in the order of the
 *   command table (vgh_wire.h): name, commands sent, OK replies, failed
 *   replies (error responses, malformed replies, teardown) and waits that
 *   timed out.
 *
 * ``vgh_display``
 *   Per scanout: enabled, preferred mode and EDID size, and the number
 *   of display-change events handled.
 *
 * ``vgh_hostvis``
 *   The host-visible region (base, size, bytes mapped) and the drm_mm
 *   dump of the blobs mapped in it, or "no host-visible region".
 *
 * ``vgh_heap``
 *   "heap mode on" or "off", then the pool's accounting line (see
 *   vgh_mm_print()) and the drm_mm dump of its blocks; or "no heap".
 *
 * ``vgh_dma_heap``
 *   ``node /dev/dma_heap/<name> allocs N failures M``: the DMA-BUF heap's
 *   node, the buffers it handed out and the allocations that failed; or
 *   "no dma-buf heap".
 *
 * ``vgh_retired``
 *   ``resource_ids N``: resource ids never handed out again because the
 *   device did not confirm it let go of them; ``memory N bytes B``:
 *   buffers kept from reuse until the device is reset (see
 *   vgh_gem_print_retired()).
 *
 * The formats are line based and stable, for tests to parse. Probe logs
 * one line at info level (vgh_print_summary()); the same printers write
 * the rest of what it found at debug level (drm.debug=0x4, the driver
 * category).
 */

#include <linux/seq_file.h>
#include <linux/virtio.h>
#include <linux/virtio_config.h>

#include <drm/drm_debugfs.h>
#include <drm/drm_file.h>
#include <drm/drm_print.h>

#include "vgh_compat.h"
#include "vgh_dma_heap.h"
#include "vgh_drv.h"
#include "vgh_gem.h"
#include "vgh_heap.h"
#include "vgh_hostvis.h"
#include "vgh_kms.h"
#include "vgh_layout.h"

/* What GET_CAPSET_INFO returned. */
static void vgh_print_capsets(struct vgh_device *vgdev, struct drm_printer *p)
{
	u32 i;

	for (i = 0; vgdev->capsets && i < vgdev->num_capsets; i++)
		drm_printf(p, "capset %u id=%u version=%u size=%u\n", i,
			   vgdev->capsets[i].id, vgdev->capsets[i].max_version,
			   vgdev->capsets[i].max_size);
}

/* The lines of vgh_features. */
static void vgh_print_features(struct vgh_device *vgdev, struct drm_printer *p)
{
	u64 driver = 0;
	unsigned int i;

	for (i = 0; i < VGH_NUM_FEATURES; i++)
		driver |= BIT_ULL(vgh_features[i]);

	drm_printf(p, "offered 0x%016llx\n", vgdev->offered);
	drm_printf(p, "driver 0x%016llx\n", driver);
	drm_printf(p, "negotiated 0x%016llx\n", vgdev->vdev->features);
	for (i = 0; i < 64; i++) {
		const char *name = vgh_feature_name(i);

		if (name)
			drm_printf(p, "%s offered=%d negotiated=%d\n", name,
				   !!(vgdev->offered & BIT_ULL(i)),
				   vgh_has_feature(vgdev, i));
	}
	drm_printf(p, "scanouts %u\n", vgdev->num_scanouts);
	drm_printf(p, "capsets %u\n", vgdev->num_capsets);
	vgh_print_capsets(vgdev, p);
}

/* The lines of vgh_commands. */
static void vgh_print_commands(struct vgh_device *vgdev, struct drm_printer *p)
{
	unsigned int i;

	drm_puts(p, "command sent ok failed timedout\n");
	for (i = 0; i < VGH_CMD_COUNT; i++) {
		const struct vgh_cmd_stats *st = &vgdev->stats[i];

		drm_printf(p, "%s %lld %lld %lld %lld\n",
			   vgh_cmd_name(vgh_cmd_type_at(i)),
			   atomic64_read(&st->sent), atomic64_read(&st->ok),
			   atomic64_read(&st->failed),
			   atomic64_read(&st->timedout));
	}
}

/* The lines of vgh_display. */
static void vgh_print_display(struct vgh_device *vgdev, struct drm_printer *p)
{
	u32 i;

	mutex_lock(&vgdev->display_lock);
	for (i = 0; i < vgdev->num_scanouts; i++) {
		const struct vgh_output *out = &vgdev->outputs[i];

		drm_printf(p, "scanout %u enabled=%d mode=%ux%u+%u+%u edid=%zu\n",
			   i, out->enabled, out->width, out->height, out->x,
			   out->y, out->edid_len);
	}
	mutex_unlock(&vgdev->display_lock);
	drm_printf(p, "display_events %d\n", atomic_read(&vgdev->display_events));
}

typedef void (*vgh_print_fn)(struct vgh_device *vgdev, struct drm_printer *p);

#if VGH_HAVE_DRM_DEBUGFS_ADD_FILES
/* files the DRM core creates when the device registers */
#define vgh_debugfs_file drm_debugfs_info

static struct vgh_device *vgh_debugfs_file_of(struct seq_file *m,
					      vgh_print_fn *print)
{
	struct drm_debugfs_entry *entry = m->private;

	*print = entry->file.data;
	return to_vgh(entry->dev);
}
#else
/* files the driver creates in the minor's directory (debugfs_init) */
#define vgh_debugfs_file drm_info_list

static struct vgh_device *vgh_debugfs_file_of(struct seq_file *m,
					      vgh_print_fn *print)
{
	struct drm_info_node *node = m->private;

	*print = node->info_ent->data;
	return to_vgh(node->minor->dev);
}
#endif

/* Every file prints through the function its entry carries. */
static int vgh_debugfs_show(struct seq_file *m, void *data)
{
	struct drm_printer p = drm_seq_file_printer(m);
	vgh_print_fn print;
	struct vgh_device *vgdev = vgh_debugfs_file_of(m, &print);

	print(vgdev, &p);
	return 0;
}

static const struct vgh_debugfs_file vgh_debugfs_files[] = {
	{ "vgh_features", vgh_debugfs_show, 0, vgh_print_features },
	{ "vgh_commands", vgh_debugfs_show, 0, vgh_print_commands },
	{ "vgh_display", vgh_debugfs_show, 0, vgh_print_display },
	{ "vgh_hostvis", vgh_debugfs_show, 0, vgh_hostvis_print },
	{ "vgh_heap", vgh_debugfs_show, 0, vgh_heap_show },
	{ "vgh_dma_heap", vgh_debugfs_show, 0, vgh_dma_heap_show },
	{ "vgh_vblank", vgh_debugfs_show, 0, vgh_kms_print_vblank },
	{ "vgh_layout", vgh_debugfs_show, 0, vgh_layout_print },
	{ "vgh_retired", vgh_debugfs_show, 0, vgh_gem_print_retired },
};

/**
 * vgh_debugfs_init() - register the driver's debugfs files
 * @vgdev: the device, before drm_dev_register()
 */
void vgh_debugfs_init(struct vgh_device *vgdev)
{
#if VGH_HAVE_DRM_DEBUGFS_ADD_FILES
	drm_debugfs_add_files(&vgdev->drm, vgh_debugfs_files,
			      ARRAY_SIZE(vgh_debugfs_files));
#endif
}

#if !VGH_HAVE_DRM_DEBUGFS_ADD_FILES
/**
 * vgh_debugfs_minor_init() - create the driver's debugfs files
 * @minor: the minor whose directory is being populated
 *
 * &drm_driver.debugfs_init, on kernels where files cannot be added before
 * registration.
 */
void vgh_debugfs_minor_init(struct drm_minor *minor)
{
	drm_debugfs_create_files(vgh_debugfs_files, ARRAY_SIZE(vgh_debugfs_files),
				 minor->debugfs_root, minor);
}
#endif

/**
 * vgh_print_summary() - log what the device offers and what the driver found
 * @vgdev: the device, after the display and capset queries
 *
 * One line at info level: scanouts, capsets and the negotiated features
 * by name. The lines of vgh_features and vgh_display go to the debug
 * log.
 */
void vgh_print_summary(struct vgh_device *vgdev)
{
	struct drm_printer p = drm_dbg_printer(&vgdev->drm, DRM_UT_DRIVER, NULL);
	char names[160] = "";
	unsigned int i;
	size_t len = 0;

	for (i = 0; i < VGH_NUM_FEATURES; i++)
		if (vgh_has_feature(vgdev, vgh_features[i]) && len < sizeof(names))
			len += scnprintf(names + len, sizeof(names) - len, "%s%s",
					 len ? "," : "",
					 vgh_feature_name(vgh_features[i]));
	drm_info(&vgdev->drm, "%u scanouts, %u capsets, features %s\n",
		 vgdev->num_scanouts, vgdev->num_capsets, len ? names : "none");
	vgh_print_features(vgdev, &p);
	vgh_print_display(vgdev, &p);
}
