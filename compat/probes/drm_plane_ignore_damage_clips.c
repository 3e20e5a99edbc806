// SPDX-License-Identifier: GPL-2.0
/* drm_plane_state.ignore_damage_clips: a commit may ask for a full update */
#include <drm/drm_plane.h>

void vgh_probe(struct drm_plane_state *state);
void vgh_probe(struct drm_plane_state *state)
{
	state->ignore_damage_clips = true;
}
