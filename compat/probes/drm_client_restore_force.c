// SPDX-License-Identifier: GPL-2.0
/*
 * drm_client_funcs.restore and drm_fb_helper_restore_fbdev_mode_unlocked()
 * take "force" (restore even while another master holds the display)
 */
#include <drm/drm_client.h>
#include <drm/drm_fb_helper.h>

static int vgh_probe_restore(struct drm_client_dev *client, bool force)
{
	return drm_fb_helper_restore_fbdev_mode_unlocked(client->dev->fb_helper, force);
}

static const struct drm_client_funcs vgh_probe_funcs __maybe_unused = {
	.restore = vgh_probe_restore,
};
