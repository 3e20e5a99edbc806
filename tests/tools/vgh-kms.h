/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Helpers of the guest tools: raw DRM ioctls for one output, dumb
 * buffers, framebuffers, page flips, atomic properties, filling with the
 * test patterns, binary PPM images, and the counters of the simulated
 * host (virtio-gpu-sim's debugfs "state" file). The tools' way with a
 * failure: the vgh_try_* calls return 0 or -errno, the others exit
 * through vgh_die().
 *
 * What the IGT-style tests use as well (the ioctl wrapper, errno names,
 * the clock, the simulator's files, dumb buffers at the ioctl level, the
 * pattern) is in the shared library, tests/lib/vgh.h, linked into every
 * tool. Everything here is static inline, so that a tool that uses only
 * part of it still builds with -Wall -Wextra -Werror.
 */
#ifndef VGH_KMS_H
#define VGH_KMS_H

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <drm/drm.h>
#include <drm/drm_fourcc.h>
#include <drm/drm_mode.h>

#include "vgh.h"

static const char *vgh_prog = "vgh-kms";

/* Print a message and exit with status 2: the tool could not run. */
static inline void __attribute__((noreturn, format(printf, 1, 2)))
vgh_die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", vgh_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

/* qsort() order of doubles, smallest first. */
static inline int vgh_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* ioctl (vgh_ioctl()) that must succeed. */
static inline void vgh_xioctl(int fd, unsigned long req, void *arg,
			      const char *what)
{
	int err = vgh_ioctl(fd, req, arg);

	if (err)
		vgh_die("%s: %s", what, strerror(-err));
}

/*
 * An expected errno given on the command line by name (vgh_errno_name()'s
 * names), as the tools' results hold it: 0 for "0", else -errno.
 */
static inline int vgh_errno_arg(const char *name)
{
	int err = vgh_errno_value(name);

	if (err < 0)
		vgh_die("unknown errno name %s", name);
	return -err;
}

static inline int vgh_open(const char *path)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		vgh_die("%s: %s", path, strerror(errno));
	return fd;
}

/* Run a shell command; returns its exit status, or 127. */
static inline int vgh_run(const char *cmd)
{
	int rc;

	fflush(stdout);
	fflush(stderr);
	rc = system(cmd);
	if (rc == -1 || !WIFEXITED(rc))
		return 127;
	return WEXITSTATUS(rc);
}

/* One output: a connected connector, its CRTC and its preferred mode. */
struct vgh_output {
	uint32_t conn_id;
	uint32_t crtc_id;
	uint32_t crtc_index;
	struct drm_mode_modeinfo mode;
};

/* A connector as GETCONNECTOR reports it; free with vgh_put_connector(). */
struct vgh_connector {
	struct drm_mode_get_connector info;
	struct drm_mode_modeinfo *modes;
	uint32_t *encoders;
};

static inline void vgh_get_connector(int fd, uint32_t id,
				     struct vgh_connector *c)
{
	uint32_t n_modes, n_encs;

	memset(c, 0, sizeof(*c));
	c->info.connector_id = id;
	/* count_modes 0 asks the kernel to probe the connector. */
	vgh_xioctl(fd, DRM_IOCTL_MODE_GETCONNECTOR, &c->info, "GETCONNECTOR");
	n_modes = c->info.count_modes;
	n_encs = c->info.count_encoders;
	c->modes = calloc(n_modes + 1, sizeof(*c->modes));
	c->encoders = calloc(n_encs + 1, sizeof(*c->encoders));
	if (!c->modes || !c->encoders)
		vgh_die("out of memory");
	c->info.modes_ptr = (uintptr_t)c->modes;
	c->info.encoders_ptr = (uintptr_t)c->encoders;
	c->info.count_props = 0;
	vgh_xioctl(fd, DRM_IOCTL_MODE_GETCONNECTOR, &c->info, "GETCONNECTOR");
	if (c->info.count_modes > n_modes)
		c->info.count_modes = n_modes;	/* changed in between */
	if (c->info.count_encoders > n_encs)
		c->info.count_encoders = n_encs;
}

static inline void vgh_put_connector(struct vgh_connector *c)
{
	free(c->modes);
	free(c->encoders);
}

/* The ids of every connector, CRTC and plane. */
struct vgh_resources {
	uint32_t *conns, *crtcs;
	uint32_t n_conns, n_crtcs;
};

static inline void vgh_get_resources(int fd, struct vgh_resources *r)
{
	struct drm_mode_card_res res = { 0 };

	vgh_xioctl(fd, DRM_IOCTL_MODE_GETRESOURCES, &res, "GETRESOURCES");
	r->conns = calloc(res.count_connectors + 1, sizeof(uint32_t));
	r->crtcs = calloc(res.count_crtcs + 1, sizeof(uint32_t));
	if (!r->conns || !r->crtcs)
		vgh_die("out of memory");
	res.connector_id_ptr = (uintptr_t)r->conns;
	res.crtc_id_ptr = (uintptr_t)r->crtcs;
	res.count_fbs = 0;
	res.count_encoders = 0;
	vgh_xioctl(fd, DRM_IOCTL_MODE_GETRESOURCES, &res, "GETRESOURCES");
	r->n_conns = res.count_connectors;
	r->n_crtcs = res.count_crtcs;
}

/* The preferred mode of a connector, else its first. */
static inline const struct drm_mode_modeinfo *
vgh_preferred_mode(const struct vgh_connector *c)
{
	uint32_t i;

	for (i = 0; i < c->info.count_modes; i++)
		if (c->modes[i].type & DRM_MODE_TYPE_PREFERRED)
			return &c->modes[i];
	return c->info.count_modes ? &c->modes[0] : NULL;
}

/*
 * Find the first connected connector with modes, and the first CRTC its
 * encoder can drive.
 */
static inline void vgh_find_output(int fd, struct vgh_output *out)
{
	struct vgh_resources r;
	struct vgh_connector c;
	uint32_t i, j;

	vgh_get_resources(fd, &r);
	for (i = 0; i < r.n_conns; i++) {
		const struct drm_mode_modeinfo *m;
		struct drm_mode_get_encoder enc = { 0 };

		vgh_get_connector(fd, r.conns[i], &c);
		m = vgh_preferred_mode(&c);
		if (c.info.connection != 1 || !m || !c.info.count_encoders) {
			vgh_put_connector(&c);
			continue;
		}
		enc.encoder_id = c.encoders[0];
		vgh_xioctl(fd, DRM_IOCTL_MODE_GETENCODER, &enc, "GETENCODER");
		for (j = 0; j < r.n_crtcs; j++)
			if (enc.possible_crtcs & (1u << j))
				break;
		if (j == r.n_crtcs)
			vgh_die("connector %u has no CRTC", r.conns[i]);
		out->conn_id = r.conns[i];
		out->crtc_index = j;
		out->crtc_id = r.crtcs[j];
		out->mode = *m;
		vgh_put_connector(&c);
		free(r.conns);
		free(r.crtcs);
		return;
	}
	vgh_die("no connected output with modes");
}

/* A dumb buffer, mapped, with a framebuffer once vgh_add_fb() ran. */
struct vgh_buffer {
	uint32_t handle;
	uint32_t width;
	uint32_t height;
	uint32_t pitch;
	uint64_t size;
	uint32_t fb;
	uint8_t *map;
};

/* CREATE_DUMB; returns 0 or -errno. */
static inline int vgh_try_dumb(int fd, uint32_t w, uint32_t h, uint32_t bpp,
			       uint32_t flags, struct vgh_buffer *b)
{
	struct drm_mode_create_dumb c = {
		.width = w, .height = h, .bpp = bpp, .flags = flags,
	};
	int err;

	memset(b, 0, sizeof(*b));
	err = vgh_dumb_create(fd, &c);
	if (err)
		return err;
	b->handle = c.handle;
	b->width = w;
	b->height = h;
	b->pitch = c.pitch;
	b->size = c.size;
	return 0;
}

static inline void *vgh_map_handle(int fd, uint32_t handle, uint64_t size)
{
	uint64_t offset;
	void *p;
	int err = vgh_dumb_map(fd, handle, &offset);

	if (err)
		vgh_die("MAP_DUMB: %s", strerror(-err));
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, offset);
	if (p == MAP_FAILED)
		vgh_die("mmap of handle %u: %s", handle, strerror(errno));
	return p;
}

static inline void vgh_dumb(int fd, uint32_t w, uint32_t h,
			    struct vgh_buffer *b)
{
	int err = vgh_try_dumb(fd, w, h, 32, 0, b);

	if (err)
		vgh_die("CREATE_DUMB %ux%u: %s", w, h, strerror(-err));
	b->map = vgh_map_handle(fd, b->handle, b->size);
}

/* ADDFB2 for a buffer; returns 0 or -errno. */
static inline int vgh_try_fb(int fd, struct vgh_buffer *b, uint32_t format)
{
	struct drm_mode_fb_cmd2 f = {
		.width = b->width, .height = b->height, .pixel_format = format,
	};
	int err;

	f.handles[0] = b->handle;
	f.pitches[0] = b->pitch;
	err = vgh_ioctl(fd, DRM_IOCTL_MODE_ADDFB2, &f);
	if (!err)
		b->fb = f.fb_id;
	return err;
}

static inline void vgh_add_fb(int fd, struct vgh_buffer *b)
{
	int err = vgh_try_fb(fd, b, DRM_FORMAT_XRGB8888);

	if (err)
		vgh_die("ADDFB2 %ux%u: %s", b->width, b->height, strerror(-err));
}

static inline void vgh_free_buffer(int fd, struct vgh_buffer *b)
{
	int err;

	if (b->fb)
		vgh_xioctl(fd, DRM_IOCTL_MODE_RMFB, &b->fb, "RMFB");
	if (b->map)
		munmap(b->map, b->size);
	if (b->handle) {
		err = vgh_dumb_destroy(fd, b->handle);
		if (err)
			vgh_die("DESTROY_DUMB: %s", strerror(-err));
	}
	memset(b, 0, sizeof(*b));
}

static inline uint32_t *vgh_px(struct vgh_buffer *b, uint32_t x, uint32_t y)
{
	return (uint32_t *)(b->map + (size_t)y * b->pitch) + x;
}

/* SETCRTC: show fb on the output with its mode; returns 0 or -errno. */
static inline int vgh_try_set_crtc(int fd, const struct vgh_output *o,
				   uint32_t fb)
{
	struct drm_mode_crtc c = { 0 };
	uint32_t conn = o->conn_id;

	c.crtc_id = o->crtc_id;
	c.fb_id = fb;
	c.set_connectors_ptr = (uintptr_t)&conn;
	c.count_connectors = 1;
	c.mode = o->mode;
	c.mode_valid = 1;
	return vgh_ioctl(fd, DRM_IOCTL_MODE_SETCRTC, &c);
}

static inline void vgh_set_crtc(int fd, const struct vgh_output *o, uint32_t fb)
{
	int err = vgh_try_set_crtc(fd, o, fb);

	if (err)
		vgh_die("SETCRTC: %s", strerror(-err));
}

/*
 * PAGE_FLIP with an event, and wait for the event for at most 1 s.
 * Returns 0 and the event's sequence, or -errno (-ETIME: no event).
 */
static inline int vgh_page_flip(int fd, const struct vgh_output *o, uint32_t fb,
				uint32_t *sequence)
{
	struct drm_mode_crtc_page_flip f = {
		.crtc_id = o->crtc_id, .fb_id = fb,
		.flags = DRM_MODE_PAGE_FLIP_EVENT, .user_data = 0x5647480001ULL,
	};
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char buf[1024];
	struct drm_event_vblank ev;
	ssize_t n;
	int err;

	err = vgh_ioctl(fd, DRM_IOCTL_MODE_PAGE_FLIP, &f);
	if (err)
		return err;
	if (poll(&p, 1, 1000) != 1)
		return -ETIME;
	n = read(fd, buf, sizeof(buf));
	if (n < (ssize_t)sizeof(ev))
		return -EIO;
	memcpy(&ev, buf, sizeof(ev));
	if (ev.base.type != DRM_EVENT_FLIP_COMPLETE || ev.user_data != f.user_data)
		return -EPROTO;
	*sequence = ev.sequence;
	return 0;
}

/* Atomic: the id of the property NAME of an object, or 0. */
static inline uint32_t vgh_prop_id(int fd, uint32_t obj, uint32_t type,
				   const char *name, uint64_t *value)
{
	struct drm_mode_obj_get_properties op = { .obj_id = obj, .obj_type = type };
	uint32_t *ids, i, found = 0;
	uint64_t *vals;

	vgh_xioctl(fd, DRM_IOCTL_MODE_OBJ_GETPROPERTIES, &op, "OBJ_GETPROPERTIES");
	ids = calloc(op.count_props + 1, sizeof(*ids));
	vals = calloc(op.count_props + 1, sizeof(*vals));
	if (!ids || !vals)
		vgh_die("out of memory");
	op.props_ptr = (uintptr_t)ids;
	op.prop_values_ptr = (uintptr_t)vals;
	vgh_xioctl(fd, DRM_IOCTL_MODE_OBJ_GETPROPERTIES, &op, "OBJ_GETPROPERTIES");
	for (i = 0; i < op.count_props && !found; i++) {
		struct drm_mode_get_property p = { .prop_id = ids[i] };

		vgh_xioctl(fd, DRM_IOCTL_MODE_GETPROPERTY, &p, "GETPROPERTY");
		if (!strcmp(p.name, name)) {
			found = ids[i];
			if (value)
				*value = vals[i];
		}
	}
	free(ids);
	free(vals);
	return found;
}

/* The primary plane of a CRTC (universal planes must be enabled). */
static inline uint32_t vgh_primary_plane(int fd, const struct vgh_output *o)
{
	struct drm_mode_get_plane_res pr = { 0 };
	uint32_t *ids, i, plane = 0;
	uint64_t type;

	vgh_xioctl(fd, DRM_IOCTL_MODE_GETPLANERESOURCES, &pr, "GETPLANERESOURCES");
	ids = calloc(pr.count_planes + 1, sizeof(*ids));
	if (!ids)
		vgh_die("out of memory");
	pr.plane_id_ptr = (uintptr_t)ids;
	vgh_xioctl(fd, DRM_IOCTL_MODE_GETPLANERESOURCES, &pr, "GETPLANERESOURCES");
	for (i = 0; i < pr.count_planes && !plane; i++) {
		struct drm_mode_get_plane p = { .plane_id = ids[i] };

		vgh_xioctl(fd, DRM_IOCTL_MODE_GETPLANE, &p, "GETPLANE");
		if (!(p.possible_crtcs & (1u << o->crtc_index)))
			continue;
		/* values of the "type" enum: Overlay 0, Primary 1, Cursor 2 */
		if (vgh_prop_id(fd, ids[i], DRM_MODE_OBJECT_PLANE, "type", &type) &&
		    type == 1)
			plane = ids[i];
	}
	free(ids);
	if (!plane)
		vgh_die("no primary plane for CRTC %u", o->crtc_id);
	return plane;
}

/* Atomic commit of a list of (object, property, value). */
struct vgh_atomic {
	uint32_t objs[16];
	uint32_t counts[16];
	uint32_t props[64];
	uint64_t values[64];
	uint32_t n_objs;
	uint32_t n_props;
};

static inline void vgh_atomic_add(struct vgh_atomic *a, uint32_t obj,
				  uint32_t prop, uint64_t value)
{
	if (!a->n_objs || a->objs[a->n_objs - 1] != obj) {
		a->objs[a->n_objs] = obj;
		a->counts[a->n_objs++] = 0;
	}
	a->counts[a->n_objs - 1]++;
	a->props[a->n_props] = prop;
	a->values[a->n_props++] = value;
}

/* DRM_IOCTL_MODE_ATOMIC of what vgh_atomic_add() collected; 0 or -errno. */
static inline int vgh_atomic_commit(int fd, struct vgh_atomic *a,
				    uint32_t flags)
{
	struct drm_mode_atomic c = {
		.flags = flags,
		.count_objs = a->n_objs,
		.objs_ptr = (uintptr_t)a->objs,
		.count_props_ptr = (uintptr_t)a->counts,
		.props_ptr = (uintptr_t)a->props,
		.prop_values_ptr = (uintptr_t)a->values,
	};

	return vgh_ioctl(fd, DRM_IOCTL_MODE_ATOMIC, &c);
}

static inline uint32_t vgh_create_blob(int fd, const void *data, uint32_t len)
{
	struct drm_mode_create_blob b = { .data = (uintptr_t)data, .length = len };

	vgh_xioctl(fd, DRM_IOCTL_MODE_CREATEPROPBLOB, &b, "CREATEPROPBLOB");
	return b.blob_id;
}

static inline void vgh_destroy_blob(int fd, uint32_t id)
{
	struct drm_mode_destroy_blob b = { .blob_id = id };

	vgh_xioctl(fd, DRM_IOCTL_MODE_DESTROYPROPBLOB, &b, "DESTROYPROPBLOB");
}

static inline void vgh_set_cap(int fd, uint64_t cap, uint64_t value)
{
	struct drm_set_client_cap c = { .capability = cap, .value = value };

	vgh_xioctl(fd, DRM_IOCTL_SET_CLIENT_CAP, &c, "SET_CLIENT_CAP");
}

/* A rectangle of a buffer, clipped to it, filled with pattern n. */
static inline void vgh_fill(struct vgh_buffer *b, unsigned int n, uint32_t x0,
			    uint32_t y0, uint32_t w, uint32_t h)
{
	uint32_t x, y;

	for (y = y0; y < y0 + h && y < b->height; y++)
		for (x = x0; x < x0 + w && x < b->width; x++)
			*vgh_px(b, x, y) = vgh_pattern(n, x, y);
}

/* The expected image: the visible part of a buffer, tightly packed. */
static inline uint32_t *vgh_snapshot(struct vgh_buffer *b)
{
	uint32_t *img = malloc((size_t)b->width * b->height * 4), y;

	if (!img)
		vgh_die("out of memory");
	for (y = 0; y < b->height; y++)
		memcpy(img + (size_t)y * b->width, vgh_px(b, 0, y),
		       (size_t)b->width * 4);
	return img;
}

/* The simulated host's counters (vgh_sim_counters()), which must be read. */
static inline void vgh_sim_read(const char *dir, struct vgh_sim *s)
{
	int err = vgh_sim_counters(dir, s);

	if (err)
		vgh_die("%s/state: %s", dir, strerror(-err));
}

#endif /* VGH_KMS_H */
