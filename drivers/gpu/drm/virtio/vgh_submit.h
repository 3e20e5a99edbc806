/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Rendering contexts and command submission: the interface the ioctl
 * and GEM code use.
 */
#ifndef VGH_SUBMIT_H
#define VGH_SUBMIT_H

#include <linux/types.h>

struct drm_device;
struct drm_file;
struct drm_virtgpu_execbuffer;
struct vgh_client;

/* Rings a context may have (VIRTGPU_CONTEXT_PARAM_NUM_RINGS). */
#define VGH_MAX_RINGS		64
/* Bytes of a context's debug name, with its terminating NUL. */
#define VGH_CTX_NAME_LEN	64

/**
 * struct vgh_ctx_params - how userspace wants its context made
 * @capset_id: capset the context speaks, 0 for the device's default
 * @num_rings: rings, each its own fence timeline; 0 for none
 * @poll_rings_mask: rings whose fences also send a DRM event
 * @name: debug name the host is told, NUL-terminated
 * @named: @name was given; otherwise the task's name is used
 */
struct vgh_ctx_params {
	u32 capset_id;
	u32 num_rings;
	u64 poll_rings_mask;
	char name[VGH_CTX_NAME_LEN];
	bool named;
};

int vgh_file_open(struct drm_device *drm, struct drm_file *file);
struct vgh_client *vgh_file_client(struct drm_file *file);
void vgh_file_postclose(struct drm_device *drm, struct drm_file *file);
int vgh_ctx_init(struct drm_file *file, const struct vgh_ctx_params *params);
int vgh_ctx_get(struct drm_file *file, u32 *ctx_id);
u32 vgh_ctx_num_rings(struct drm_file *file);
int vgh_ctx_attach_resource(struct drm_file *file, u32 res_id);
void vgh_ctx_detach_resource(struct drm_file *file, u32 res_id);
int vgh_ctx_submit(struct drm_file *file, void *buf, u32 size);
int vgh_execbuffer(struct drm_file *file, struct drm_virtgpu_execbuffer *args);

#endif /* VGH_SUBMIT_H */
