// SPDX-License-Identifier: GPL-2.0
/* drm_plane_state.ignore_damage_clips: a commit may ask for a full update */
#include <drm/drm_plane.h>

static __maybe_unused void vgh_probe(struct drm_plane_state *state)
{
	state->ignore_damage_clips = true;
}
