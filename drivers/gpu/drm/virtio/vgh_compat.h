/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the kernel the module is built for lacks, in the terms the driver
 * is written in.
 */
#ifndef VGH_COMPAT_H
#define VGH_COMPAT_H

/**
 * DOC: kernel API differences
 *
 * The driver is written against the newest kernel API it builds for. For
 * each difference from an older kernel, a probe in compat/probes/ (a
 * small translation unit named after the API it uses) is compiled at
 * build time with the module's own flags; vgh_probes.h says which
 * compiled (VGH_HAVE_<NAME> is 1 or 0). This header then supplies what is
 * missing: under the kernel's own name where the missing piece can be
 * written with what the older kernel has, or as a vgh_ helper where the
 * two kernels need different calls. No kernel version number is tested
 * anywhere, so a kernel between two tested ones, or one with a backport,
 * gets what it really has.
 *
 * Headers a kernel lacks altogether are in compat/include, searched after
 * the kernel's own. Macros are tested with #ifndef.
 */

#include <linux/mm.h>
#include <linux/sizes.h>
#include <linux/virtio.h>
#include <linux/virtio_config.h>
#include <drm/drm_edid.h>
#include <drm/drm_framebuffer.h>
#include <drm/drm_gem.h>
#include <drm/drm_crtc.h>
#include <drm/drm_plane.h>
#include <drm/drm_print.h>
#include <drm/drm_vblank.h>

#include "vgh_probes.h"

#if !VGH_HAVE_VM_FLAGS_SET
/* VMA flags were written directly before the accessors existed. */
static inline void vm_flags_set(struct vm_area_struct *vma, vm_flags_t flags)
{
	vma->vm_flags |= flags;
}
#endif

#if !VGH_HAVE_DRM_CRTC_VBLANK_CRTC
static inline struct drm_vblank_crtc *drm_crtc_vblank_crtc(struct drm_crtc *crtc)
{
	return &crtc->dev->vblank[drm_crtc_index(crtc)];
}
#endif

#if !VGH_HAVE_DRM_GEM_VMAP_UNLOCKED
/*
 * Where mapping a GEM object took no reservation lock, the object's own
 * vmap callback is the whole of what the core did.
 */
static inline int drm_gem_vmap_unlocked(struct drm_gem_object *obj,
					struct iosys_map *map)
{
	return obj->funcs->vmap ? obj->funcs->vmap(obj, map) : -EOPNOTSUPP;
}

static inline void drm_gem_vunmap_unlocked(struct drm_gem_object *obj,
					   struct iosys_map *map)
{
	if (obj->funcs->vunmap)
		obj->funcs->vunmap(obj, map);
}
#endif

#if !VGH_HAVE_DRM_DBG_PRINTER
/* The debug printer of old: dynamic debug, prefixed with the device. */
static inline struct drm_printer
drm_dbg_printer(struct drm_device *drm, enum drm_debug_category category,
		const char *prefix)
{
	return drm_debug_printer(prefix ?: dev_name(drm->dev));
}
#endif

#if !VGH_HAVE_VIRTQUEUE_DMA_DEV
/*
 * The device a virtqueue's buffers are mapped for: the transport's
 * parent when the device asks for the DMA API (VIRTIO_F_ACCESS_PLATFORM);
 * otherwise none, the device using guest physical addresses (Xen guests,
 * which the ring also maps for, are not among this driver's targets).
 */
static inline struct device *virtqueue_dma_dev(struct virtqueue *vq)
{
	if (!virtio_has_feature(vq->vdev, VIRTIO_F_ACCESS_PLATFORM))
		return NULL;
	return vq->vdev->dev.parent;
}
#endif

#if !VGH_HAVE_VIRTQUEUE_INFO
/**
 * struct virtqueue_info - a virtqueue's name and callback
 * @name: the queue's name; NULL skips the queue
 * @callback: called when the device used buffers
 * @ctx: the queue keeps a context per buffer
 *
 * Declared here as later kernels declare it, for vgh_find_vqs() and the
 * simulator's transport.
 */
struct virtqueue_info {
	const char *name;
	vq_callback_t *callback;
	bool ctx;
};
#endif

/**
 * vgh_find_vqs() - set up a device's virtqueues
 * @vdev: the device
 * @nvqs: number of queues
 * @vqs: out: the queues
 * @info: name and callback of each queue
 *
 * Return: 0 or a negative errno from the transport.
 */
static inline int vgh_find_vqs(struct virtio_device *vdev, unsigned int nvqs,
			       struct virtqueue *vqs[],
			       struct virtqueue_info info[])
{
#if VGH_HAVE_VIRTQUEUE_INFO
	return virtio_find_vqs(vdev, nvqs, vqs, info, NULL);
#else
	vq_callback_t *callbacks[8];
	const char *names[8];
	unsigned int i;

	if (nvqs > ARRAY_SIZE(names))
		return -EINVAL;
	for (i = 0; i < nvqs; i++) {
		callbacks[i] = info[i].callback;
		names[i] = info[i].name;
	}
	return virtio_find_vqs(vdev, nvqs, vqs, callbacks, names, NULL);
#endif
}

/**
 * vgh_edid_connector_modes() - take a connector's EDID and add its modes
 * @connector: the connector
 * @edid: its EDID, or NULL when the display gave none
 *
 * Return: the number of modes added.
 */
static inline int vgh_edid_connector_modes(struct drm_connector *connector,
					   const struct drm_edid *edid)
{
#if VGH_HAVE_DRM_EDID_CONNECTOR_ADD_MODES
	drm_edid_connector_update(connector, edid);
	return drm_edid_connector_add_modes(connector);
#else
	/* before the split, the update added the modes and counted them */
	return drm_edid_connector_update(connector, edid);
#endif
}

/**
 * vgh_plane_ignore_damage() - whether a plane update ignores its damage clips
 * @state: the new plane state, in atomic_check
 * @ignore: true for an update of the whole plane
 *
 * The flag is set either way, as a duplicated state carries the last
 * one's. Where the plane state has no such flag, the damage clips of an
 * update that ignores them are dropped: the damage helpers treat a state
 * without clips as damaged whole.
 */
static inline void vgh_plane_ignore_damage(struct drm_plane_state *state,
					   bool ignore)
{
#if VGH_HAVE_DRM_PLANE_IGNORE_DAMAGE_CLIPS
	state->ignore_damage_clips = ignore;
#else
	if (ignore) {
		drm_property_blob_put(state->fb_damage_clips);
		state->fb_damage_clips = NULL;
	}
#endif
}

/*
 * The cursor hotspot: a plane property where the kernel has one (and the
 * driver says it uses it), else the one the legacy cursor ioctl stored in
 * the framebuffer, else none.
 */
#if VGH_HAVE_DRM_PLANE_HOTSPOT
#define VGH_DRIVER_CURSOR_HOTSPOT DRIVER_CURSOR_HOTSPOT
#else
#define VGH_DRIVER_CURSOR_HOTSPOT 0
#endif

static inline int vgh_plane_hotspot_x(const struct drm_plane_state *state)
{
#if VGH_HAVE_DRM_PLANE_HOTSPOT
	return state->hotspot_x;
#elif VGH_HAVE_DRM_FRAMEBUFFER_HOT_X
	return state->fb ? state->fb->hot_x : 0;
#else
	return 0;
#endif
}

static inline int vgh_plane_hotspot_y(const struct drm_plane_state *state)
{
#if VGH_HAVE_DRM_PLANE_HOTSPOT
	return state->hotspot_y;
#elif VGH_HAVE_DRM_FRAMEBUFFER_HOT_X
	return state->fb ? state->fb->hot_y : 0;
#else
	return 0;
#endif
}

/* An asynchronous update moves the new hotspot into the current state. */
static inline void vgh_plane_copy_hotspot(struct drm_plane_state *cur,
					  const struct drm_plane_state *new)
{
#if VGH_HAVE_DRM_PLANE_HOTSPOT
	cur->hotspot_x = new->hotspot_x;
	cur->hotspot_y = new->hotspot_y;
#endif
}

#if !VGH_HAVE_DRM_SHOW_FDINFO
/*
 * Before the DRM core printed fdinfo, drivers printed their memory
 * statistics themselves: the keys of drm-usage-stats.rst, with the
 * sizes in the largest unit that divides them (bytes, KiB or MiB).
 */
struct drm_memory_stats {
	u64 shared;
	u64 private;
	u64 resident;
	u64 purgeable;
	u64 active;
};

#define DRM_GEM_OBJECT_RESIDENT		BIT(0)

static inline void vgh_print_mem_key(struct drm_printer *p, const char *key,
				     const char *region, u64 size)
{
	static const char *const unit[] = { "", " KiB", " MiB" };
	unsigned int u = 0;

	while (u < ARRAY_SIZE(unit) - 1 && size && !(size & (SZ_1K - 1))) {
		size >>= 10;
		u++;
	}
	drm_printf(p, "drm-%s-%s:\t%llu%s\n", key, region, size, unit[u]);
}

static inline void drm_print_memory_stats(struct drm_printer *p,
					  const struct drm_memory_stats *stats,
					  unsigned int supported_status,
					  const char *region)
{
	vgh_print_mem_key(p, "total", region, stats->private + stats->shared);
	vgh_print_mem_key(p, "shared", region, stats->shared);
	vgh_print_mem_key(p, "active", region, stats->active);
	if (supported_status & DRM_GEM_OBJECT_RESIDENT)
		vgh_print_mem_key(p, "resident", region, stats->resident);
}
#endif

#endif /* VGH_COMPAT_H */
