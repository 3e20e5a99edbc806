// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * debugfs files of the virtio-gpu-heap driver.
 */

/**
 * DOC: debugfs
 *
 * Under /sys/kernel/debug/dri/<minor>/ the driver adds:
 *
 * ``vgh_features``
 *   The device's offered feature bits, the bits the driver implements and
 *   the negotiated result as hex words, then one line per known
 *   virtio-gpu feature, ``<name> offered=<0|1> negotiated=<0|1>``, and
 *   the scanout and capset counts from the device configuration.
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
 * The formats are line based and stable, for tests to parse.
 */

#include <linux/seq_file.h>
#include <linux/virtio.h>
#include <linux/virtio_config.h>

#include <drm/drm_debugfs.h>
#include <drm/drm_file.h>

#include "vgh_drv.h"

static int vgh_features_show(struct seq_file *m, void *data)
{
	struct drm_debugfs_entry *entry = m->private;
	struct vgh_device *vgdev = to_vgh(entry->dev);
	u64 driver = 0;
	unsigned int i;

	for (i = 0; i < vgh_num_features; i++)
		driver |= BIT_ULL(vgh_features[i]);

	seq_printf(m, "offered 0x%016llx\n", vgdev->offered);
	seq_printf(m, "driver 0x%016llx\n", driver);
	seq_printf(m, "negotiated 0x%016llx\n", vgdev->vdev->features);
	for (i = 0; i < 64; i++) {
		const char *name = vgh_feature_name(i);

		if (name)
			seq_printf(m, "%s offered=%d negotiated=%d\n", name,
				   !!(vgdev->offered & BIT_ULL(i)),
				   vgh_has_feature(vgdev, i));
	}
	seq_printf(m, "scanouts %u\n", vgdev->num_scanouts);
	seq_printf(m, "capsets %u\n", vgdev->num_capsets);
	return 0;
}

static int vgh_commands_show(struct seq_file *m, void *data)
{
	struct drm_debugfs_entry *entry = m->private;
	struct vgh_device *vgdev = to_vgh(entry->dev);
	unsigned int i;

	seq_puts(m, "command sent ok failed timedout\n");
	for (i = 0; i < VGH_CMD_COUNT; i++) {
		const struct vgh_cmd_stats *st = &vgdev->stats[i];

		seq_printf(m, "%s %lld %lld %lld %lld\n",
			   vgh_cmd_name(vgh_cmd_type_at(i)),
			   atomic64_read(&st->sent), atomic64_read(&st->ok),
			   atomic64_read(&st->failed),
			   atomic64_read(&st->timedout));
	}
	return 0;
}

static int vgh_display_show(struct seq_file *m, void *data)
{
	struct drm_debugfs_entry *entry = m->private;
	struct vgh_device *vgdev = to_vgh(entry->dev);
	u32 i;

	mutex_lock(&vgdev->display_lock);
	for (i = 0; i < vgdev->num_scanouts; i++) {
		const struct vgh_output *out = &vgdev->outputs[i];

		seq_printf(m, "scanout %u enabled=%d mode=%ux%u+%u+%u edid=%zu\n",
			   i, out->enabled, out->width, out->height, out->x,
			   out->y, out->edid_len);
	}
	mutex_unlock(&vgdev->display_lock);
	seq_printf(m, "display_events %d\n", atomic_read(&vgdev->display_events));
	return 0;
}

static const struct drm_debugfs_info vgh_debugfs_files[] = {
	{ "vgh_features", vgh_features_show },
	{ "vgh_commands", vgh_commands_show },
	{ "vgh_display", vgh_display_show },
};

/**
 * vgh_debugfs_init() - register the driver's debugfs files
 * @vgdev: the device, before drm_dev_register()
 */
void vgh_debugfs_init(struct vgh_device *vgdev)
{
	drm_debugfs_add_files(&vgdev->drm, vgh_debugfs_files,
			      ARRAY_SIZE(vgh_debugfs_files));
}
