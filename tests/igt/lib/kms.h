/* SPDX-License-Identifier: MIT */
/*
 * DRM helpers for the IGT-style tests: opening the device, dumb buffers,
 * framebuffers, the display's pipes/outputs/planes, properties, atomic
 * requests, vblank and sync-file helpers. Built on libdrm.
 */
#ifndef VGH_IGT_KMS_H
#define VGH_IGT_KMS_H

#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>

#include <xf86drm.h>
#include <xf86drmMode.h>
#include <drm_fourcc.h>

#include "igt.h"
#include "sw_sync.h"

#ifndef DRM_CAP_CRTC_IN_VBLANK_EVENT
#define DRM_CAP_CRTC_IN_VBLANK_EVENT 0x12
#endif
/* DRM_CLIENT_CAP_CURSOR_PLANE_HOTSPOT, newer than this libdrm's drm.h */
#define CLIENT_CAP_CURSOR_PLANE_HOTSPOT 6
#ifndef DRM_CLIENT_CAP_ASPECT_RATIO
#define DRM_CLIENT_CAP_ASPECT_RATIO 4
#endif

#define MAX_CRTCS 8
#define MAX_PLANES 32
#define MAX_CONNECTORS 16

/* --- device --- */
const char *drm_device_path(void);
int drm_open(void);		/* skips when there is no device */
int drm_open_master(void);	/* asserts the file is master */
int drm_open_index(int index);	/* /dev/dri/cardN or -1 */
bool drm_is_master(int fd);
void drm_driver_name(int fd, char *buf, size_t len);
void drm_require_kms(int fd);	/* skips when the driver has no KMS */

/*
 * --- buffers ---
 * On tests/lib's vgh_dumb_*(), which take any request and return -errno;
 * these assert.
 */
uint32_t dumb_create(int fd, uint32_t w, uint32_t h, uint32_t bpp,
		     uint32_t *pitch, uint64_t *size);
void *dumb_map(int fd, uint32_t handle, uint64_t size, int prot);
void dumb_destroy(int fd, uint32_t handle);
void gem_close(int fd, uint32_t handle);

struct kfb {
	int fd;
	uint32_t id, handle, width, height, format, pitch;
	uint64_t size;
};

uint32_t format_bpp(uint32_t format);
/* dumb buffer + ADDFB2 filled with a colour (0xRRGGBB) or a pattern */
void kfb_create(int fd, uint32_t w, uint32_t h, uint32_t format, struct kfb *fb);
void kfb_create_color(int fd, uint32_t w, uint32_t h, uint32_t format,
		      uint32_t rgb, struct kfb *fb);
void kfb_fill(struct kfb *fb, uint32_t rgb);
void kfb_remove(struct kfb *fb);

/* --- display --- */
struct kplane {
	uint32_t id, type, possible_crtcs;
	drmModePlane *p;
};

struct kms {
	int fd;
	bool atomic;
	drmModeRes *res;
	int n_crtcs, n_conns, n_planes;
	uint32_t crtcs[MAX_CRTCS];
	drmModeConnector *conns[MAX_CONNECTORS];
	struct kplane planes[MAX_PLANES];
};

struct output {
	int pipe;			/* CRTC index */
	uint32_t crtc_id;
	drmModeConnector *conn;
	uint32_t conn_id;
	drmModeModeInfo mode;		/* default (preferred) mode */
	uint32_t primary, cursor;	/* plane ids, 0 if none */
	char name[32];			/* e.g. Virtual-1 */
};

/* like igt_display_require: caps, resources; skips without KMS */
void kms_init(struct kms *k, int fd);
void kms_fini(struct kms *k);
void kms_require_output(struct kms *k);
bool kms_conn_valid_on_pipe(struct kms *k, drmModeConnector *c, int pipe);
bool kms_default_mode(drmModeConnector *c, drmModeModeInfo *mode);
/* connected output on a pipe: the n-th valid pair (pipe, output) */
int kms_valid_outputs(struct kms *k, struct output *out, int max);
/* one output per pipe, each output used once */
int kms_single_outputs(struct kms *k, struct output *out, int max);
int kms_connected_count(struct kms *k);
/* some plane (or the given one) scans out format with the linear modifier */
bool kms_has_format(struct kms *k, uint32_t format);
bool plane_has_format(struct kms *k, uint32_t plane, uint32_t format);
uint32_t kms_plane_on_pipe(struct kms *k, int pipe, uint32_t type, int nth);
int kms_planes_on_pipe(struct kms *k, int pipe, uint32_t *ids, int max);
uint32_t kms_plane_type(int fd, uint32_t plane_id);
const char *conn_type_name(uint32_t type);
void kms_output_name(drmModeConnector *c, char *buf, size_t len);

/* --- properties --- */
uint32_t prop_id(int fd, uint32_t obj, uint32_t type, const char *name);
bool prop_get(int fd, uint32_t obj, uint32_t type, const char *name, uint64_t *val);
uint64_t prop_value(int fd, uint32_t obj, uint32_t type, const char *name);
bool prop_is_immutable(int fd, uint32_t prop);
int prop_set(int fd, uint32_t obj, uint32_t type, const char *name, uint64_t val);
uint32_t mode_blob(int fd, const drmModeModeInfo *mode);

/* --- atomic --- */
struct areq {
	int fd;
	drmModeAtomicReq *req;
};
void areq_init(struct areq *a, int fd);
void areq_free(struct areq *a);
void areq_add(struct areq *a, uint32_t obj, uint32_t type, const char *prop, uint64_t v);
void areq_add_id(struct areq *a, uint32_t obj, uint32_t prop_id, uint64_t v);
int areq_commit(struct areq *a, uint32_t flags, void *user); /* 0 or -errno */
/* plane state on a CRTC: whole fb at (x, y, fb size) */
void areq_plane(struct areq *a, uint32_t plane, uint32_t crtc, const struct kfb *fb,
		int x, int y);
void areq_plane_off(struct areq *a, uint32_t plane);
/* output on with fb on its primary plane (modeset) / off */
void areq_output_on(struct areq *a, const struct output *o, const struct kfb *fb);
void areq_output_off(struct areq *a, const struct output *o);

/* --- legacy modeset --- */
int set_crtc(int fd, uint32_t crtc, uint32_t fb, int x, int y,
	     uint32_t *conns, int n, drmModeModeInfo *mode); /* 0 or -errno */
void output_set_legacy(struct kms *k, const struct output *o, const struct kfb *fb);
void unset_all_crtcs(struct kms *k);
/* everything off: all CRTCs, planes (atomic when available) */
void kms_reset_display(struct kms *k);
int set_dpms(int fd, uint32_t conn, uint64_t mode);
/* o on with fb on its primary plane (atomic when the display is atomic) */
void output_on(struct kms *k, const struct output *o, const struct kfb *fb);
int output_try_on(struct kms *k, const struct output *o, const struct kfb *fb);
void output_off(struct kms *k, const struct output *o);

/* --- vblank and events --- */
#define VBL_TYPE(x) ((enum drm_vblank_seq_type)(x))
uint32_t vbl_pipe_flag(int pipe);
bool kms_has_vblank(int fd);
/* the driver has vblanks whatever the device (virtio-gpu-heap's timer) */
bool kms_vblank_by_design(void);
int wait_vblank_raw(int fd, union drm_wait_vblank *v);	/* 0 or -errno */
void wait_for_vblank(int fd, int pipe);		/* asserts */
int read_event(int fd, void *buf, size_t len, int timeout_ms); /* bytes, 0 on timeout */
bool fd_readable(int fd, int timeout_ms);

/* --- misc features --- */
bool kms_has_pipe_crc(int fd);
/* system suspend to RAM with an RTC wakeup, as IGT's suspend subtests do */
void igt_system_suspend_autoresume(void);

#endif
