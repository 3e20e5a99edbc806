// SPDX-License-Identifier: GPL-2.0
/*
 * Cursor hotspots as plane properties: DRIVER_CURSOR_HOTSPOT and
 * drm_plane_state.hotspot_x/y
 */
#include <drm/drm_drv.h>
#include <drm/drm_plane.h>

static __maybe_unused int vgh_probe(const struct drm_plane_state *state)
{
	return state->hotspot_x + state->hotspot_y + DRIVER_CURSOR_HOTSPOT;
}
