// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Display and capability queries of the virtio-gpu-heap driver.
 */

/**
 * DOC: Display information
 *
 * At probe, and whenever the device raises VIRTIO_GPU_EVENT_DISPLAY
 * through a config-change interrupt, the driver asks for the preferred
 * mode of every scanout (GET_DISPLAY_INFO) and, when EDID was negotiated,
 * for each scanout's EDID (GET_EDID). The answers land in
 * &vgh_device.outputs under &vgh_device.display_lock.
 *
 * Nothing the device reports is trusted: a scanout index beyond
 * num_scanouts is never asked for, an EDID size above the response's
 * 1024-byte field is rejected, and modes are reported as the device gave
 * them, to be validated by the mode-setting code that consumes them.
 */

#include <linux/slab.h>
#include <linux/virtio.h>
#include <linux/virtio_config.h>

#include <drm/drm_managed.h>
#include <drm/drm_print.h>

#include "vgh_drv.h"
#include "vgh_heap.h"
#include "vgh_kms.h"

static int vgh_edid_query(struct vgh_device *vgdev, u32 scanout,
			  u8 **edid, size_t *len)
{
	struct virtio_gpu_resp_edid *resp;
	struct vgh_cmd *cmd;
	u32 size;
	int ret;

	cmd = vgh_encode_get_edid(scanout);
	if (!cmd)
		return -ENOMEM;
	ret = vgh_cmd_exec(vgdev, cmd);
	if (ret)
		goto out;
	resp = vgh_cmd_resp(cmd);
	ret = vgh_decode_edid(resp, &size);
	if (ret) {
		drm_err(&vgdev->drm, "scanout %u: EDID of %u bytes exceeds %zu\n",
			scanout, size, sizeof(resp->edid));
		goto out;
	}
	*edid = size ? kmemdup(resp->edid, size, GFP_KERNEL) : NULL;
	*len = size;
	if (size && !*edid)
		ret = -ENOMEM;
out:
	vgh_cmd_put(cmd);
	return ret;
}

static void vgh_output_set(struct vgh_output *out,
			   const struct virtio_gpu_display_one *one,
			   u8 *edid, size_t edid_len)
{
	vgh_decode_display_one(one, out);
	kfree(out->edid);
	out->edid = edid;
	out->edid_len = edid_len;
}

/**
 * vgh_display_query() - refresh every scanout's mode and EDID
 * @vgdev: the device
 *
 * Return: 0, or the error of GET_DISPLAY_INFO. A failed GET_EDID is
 * logged and leaves that scanout without an EDID.
 */
int vgh_display_query(struct vgh_device *vgdev)
{
	u8 *edid[VGH_MAX_SCANOUTS] = {};
	size_t edid_len[VGH_MAX_SCANOUTS] = {};
	struct virtio_gpu_resp_display_info *info;
	struct vgh_cmd *cmd;
	u32 i;
	int ret;

	cmd = vgh_encode_get_display_info();
	if (!cmd)
		return -ENOMEM;
	ret = vgh_cmd_exec(vgdev, cmd);
	if (ret)
		goto out;

	for (i = 0; i < vgdev->num_scanouts; i++) {
		if (!vgh_has_feature(vgdev, VIRTIO_GPU_F_EDID))
			break;
		ret = vgh_edid_query(vgdev, i, &edid[i], &edid_len[i]);
		if (ret)
			drm_warn(&vgdev->drm, "scanout %u: no EDID (%d)\n", i, ret);
	}
	ret = 0;

	info = vgh_cmd_resp(cmd);
	mutex_lock(&vgdev->display_lock);
	for (i = 0; i < vgdev->num_scanouts; i++)
		vgh_output_set(&vgdev->outputs[i], &info->pmodes[i], edid[i],
			       edid_len[i]);
	mutex_unlock(&vgdev->display_lock);
out:
	vgh_cmd_put(cmd);
	return ret;
}

/**
 * vgh_capsets_query() - ask the device for each capset's id and size
 * @vgdev: the device, with &vgh_device.num_capsets read from config
 *
 * Return: 0, -ENOMEM, or the error of the first failed GET_CAPSET_INFO;
 * on error no capsets are recorded.
 */
int vgh_capsets_query(struct vgh_device *vgdev)
{
	struct vgh_capset *caps;
	struct vgh_cmd *cmd;
	u32 i;
	int ret = 0;

	if (!vgdev->num_capsets)
		return 0;
	caps = drmm_kcalloc(&vgdev->drm, vgdev->num_capsets, sizeof(*caps),
			    GFP_KERNEL);
	if (!caps)
		return -ENOMEM;

	for (i = 0; i < vgdev->num_capsets && !ret; i++) {
		cmd = vgh_encode_get_capset_info(i);
		if (!cmd)
			return -ENOMEM;
		ret = vgh_cmd_exec(vgdev, cmd);
		if (!ret)
			vgh_decode_capset_info(vgh_cmd_resp(cmd), &caps[i]);
		vgh_cmd_put(cmd);
	}
	if (!ret)
		vgdev->capsets = caps;
	return ret;
}

/*
 * A config-change interrupt: read the pending events and acknowledge
 * them; a display event refreshes the display information and sends a
 * hotplug uevent.
 */
static void vgh_config_changed_work(struct work_struct *work)
{
	struct vgh_device *vgdev = container_of(work, struct vgh_device,
						config_work);
	u32 events;

	virtio_cread_le(vgdev->vdev, struct virtio_gpu_config, events_read,
			&events);
	if (!events)
		return;
	virtio_cwrite_le(vgdev->vdev, struct virtio_gpu_config, events_clear,
			 &events);

	if (events & VIRTIO_GPU_EVENT_DISPLAY) {
		atomic_inc(&vgdev->display_events);
		if (vgh_display_query(vgdev))
			drm_warn(&vgdev->drm, "display change: query failed\n");
		vgh_kms_hotplug(vgdev);
	}
	vgh_heap_recheck(vgdev);
	if (events & ~VIRTIO_GPU_EVENT_DISPLAY)
		drm_dbg_driver(&vgdev->drm, "ignoring config events 0x%x\n",
			       events & ~VIRTIO_GPU_EVENT_DISPLAY);
}

static void vgh_display_release(struct drm_device *drm, void *data)
{
	struct vgh_device *vgdev = to_vgh(drm);
	u32 i;

	for (i = 0; i < VGH_MAX_SCANOUTS; i++)
		kfree(vgdev->outputs[i].edid);
}

/**
 * vgh_display_init() - set up the display state before the first query
 * @vgdev: the device
 *
 * The EDIDs the queries keep are freed with the DRM device; the
 * config-change work must be cancelled before the device is reset.
 *
 * Return: 0 or -ENOMEM.
 */
int vgh_display_init(struct vgh_device *vgdev)
{
	int ret;

	INIT_WORK(&vgdev->config_work, vgh_config_changed_work);
	ret = drmm_mutex_init(&vgdev->drm, &vgdev->display_lock);
	if (ret)
		return ret;
	return drmm_add_action_or_reset(&vgdev->drm, vgh_display_release, NULL);
}
