// SPDX-License-Identifier: MIT
/*
 * DRM helpers for the IGT-style tests; see kms.h.
 */
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "kms.h"

/* ---------------------------------------------------------------- device */

const char *drm_device_path(void)
{
	const char *p = getenv("VGH_IGT_DEVICE");

	return p && *p ? p : "/dev/dri/card0";
}

int drm_open(void)
{
	int fd = open(drm_device_path(), O_RDWR | O_CLOEXEC);

	igt_require_f(fd >= 0, "no DRM device %s: %s", drm_device_path(), strerror(errno));
	return fd;
}

int drm_open_master(void)
{
	int fd = drm_open();

	if (!drm_is_master(fd))
		igt_assert_f(drmSetMaster(fd) == 0, "cannot become DRM master");
	igt_assert(drm_is_master(fd));
	return fd;
}

int drm_open_index(int index)
{
	char path[64];

	snprintf(path, sizeof(path), "/dev/dri/card%d", index);
	return open(path, O_RDWR | O_CLOEXEC);
}

bool drm_is_master(int fd)
{
	/* only a master may authenticate; magic 0 is never valid */
	return drmAuthMagic(fd, 0) != -EACCES;
}

void drm_driver_name(int fd, char *buf, size_t len)
{
	drmVersionPtr v = drmGetVersion(fd);

	snprintf(buf, len, "%s", v && v->name ? v->name : "");
	drmFreeVersion(v);
}

void drm_require_kms(int fd)
{
	drmModeRes *res = drmModeGetResources(fd);

	igt_require_f(res, "driver offers no KMS (GETRESOURCES: %s)", strerror(errno));
	igt_require_f(res->count_crtcs > 0, "driver has no CRTC");
	drmModeFreeResources(res);
}

/* --------------------------------------------------------------- buffers */

uint32_t dumb_create(int fd, uint32_t w, uint32_t h, uint32_t bpp,
		     uint32_t *pitch, uint64_t *size)
{
	struct drm_mode_create_dumb c = { .width = w, .height = h, .bpp = bpp };

	do_or_die(vgh_dumb_create(fd, &c));
	igt_assert(c.handle);
	if (pitch)
		*pitch = c.pitch;
	if (size)
		*size = c.size;
	return c.handle;
}

void *dumb_map(int fd, uint32_t handle, uint64_t size, int prot)
{
	uint64_t offset;
	void *p;

	do_or_die(vgh_dumb_map(fd, handle, &offset));
	p = mmap(NULL, size, prot, MAP_SHARED, fd, offset);
	igt_assert(p != MAP_FAILED);
	return p;
}

void dumb_destroy(int fd, uint32_t handle)
{
	do_or_die(vgh_dumb_destroy(fd, handle));
}

void gem_close(int fd, uint32_t handle)
{
	struct drm_gem_close c = { .handle = handle };

	do_ioctl(fd, DRM_IOCTL_GEM_CLOSE, &c);
}

uint32_t format_bpp(uint32_t format)
{
	switch (format) {
	case DRM_FORMAT_C8:
		return 8;
	case DRM_FORMAT_RGB565:
	case DRM_FORMAT_XRGB1555:
	case DRM_FORMAT_ARGB1555:
		return 16;
	case DRM_FORMAT_RGB888:
		return 24;
	default:
		return 32;
	}
}

static uint32_t pack(uint32_t format, uint32_t rgb)
{
	uint32_t r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;

	switch (format) {
	case DRM_FORMAT_RGB565:
		return ((r >> 3) << 11) | ((g >> 2) << 5) | (b >> 3);
	case DRM_FORMAT_XBGR8888:
	case DRM_FORMAT_ABGR8888:
		return 0xff000000u | (b << 16) | (g << 8) | r;
	case DRM_FORMAT_BGRX8888:
	case DRM_FORMAT_BGRA8888:
		return (b << 24) | (g << 16) | (r << 8) | 0xff;
	default:
		return 0xff000000u | rgb;
	}
}

void kfb_fill(struct kfb *fb, uint32_t rgb)
{
	uint32_t bpp = format_bpp(fb->format), x, y, v = pack(fb->format, rgb);
	uint8_t *p = dumb_map(fb->fd, fb->handle, fb->size, PROT_READ | PROT_WRITE);

	for (y = 0; y < fb->height; y++) {
		uint8_t *row = p + (size_t)y * fb->pitch;

		for (x = 0; x < fb->width; x++) {
			if (bpp == 32)
				((uint32_t *)row)[x] = v;
			else if (bpp == 16)
				((uint16_t *)row)[x] = v;
			else
				row[x] = v;
		}
	}
	munmap(p, fb->size);
}

static void kfb_alloc(int fd, uint32_t w, uint32_t h, uint32_t format, struct kfb *fb)
{
	uint32_t handles[4] = { 0 }, pitches[4] = { 0 }, offsets[4] = { 0 };
	int ret;

	memset(fb, 0, sizeof(*fb));
	fb->fd = fd;
	fb->width = w;
	fb->height = h;
	fb->format = format;
	fb->handle = dumb_create(fd, w, h, format_bpp(format), &fb->pitch, &fb->size);
	handles[0] = fb->handle;
	pitches[0] = fb->pitch;
	ret = drmModeAddFB2(fd, w, h, format, handles, pitches, offsets, &fb->id, 0);
	igt_assert_f(ret == 0, "ADDFB2 %ux%u %.4s: %s", w, h, (char *)&format,
		     strerror(-ret));
}

void kfb_create_color(int fd, uint32_t w, uint32_t h, uint32_t format, uint32_t rgb,
		      struct kfb *fb)
{
	kfb_alloc(fd, w, h, format, fb);
	kfb_fill(fb, rgb);
}

void kfb_create(int fd, uint32_t w, uint32_t h, uint32_t format, struct kfb *fb)
{
	uint8_t *p;
	uint32_t x, y;

	kfb_alloc(fd, w, h, format, fb);
	if (format_bpp(format) != 32)
		return;
	p = dumb_map(fd, fb->handle, fb->size, PROT_READ | PROT_WRITE);
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++)
			((uint32_t *)(p + (size_t)y * fb->pitch))[x] =
				pack(format, ((x & 0xff) << 16) | ((y & 0xff) << 8) | 0x40);
	munmap(p, fb->size);
}

void kfb_remove(struct kfb *fb)
{
	if (fb->id)
		drmModeRmFB(fb->fd, fb->id);
	if (fb->handle)
		gem_close(fb->fd, fb->handle);
	fb->id = fb->handle = 0;
}

/* --------------------------------------------------------------- display */

uint32_t kms_plane_type(int fd, uint32_t plane_id)
{
	uint64_t v = DRM_PLANE_TYPE_OVERLAY;

	prop_get(fd, plane_id, DRM_MODE_OBJECT_PLANE, "type", &v);
	return v;
}

void kms_init(struct kms *k, int fd)
{
	drmModePlaneRes *pr;
	int i;

	memset(k, 0, sizeof(*k));
	k->fd = fd;
	drm_require_kms(fd);
	drmSetClientCap(fd, DRM_CLIENT_CAP_UNIVERSAL_PLANES, 1);
	k->atomic = drmSetClientCap(fd, DRM_CLIENT_CAP_ATOMIC, 1) == 0;
	{
		char name[32];

		/* virtio_gpu has been atomic since Linux 4.x, whatever the device */
		drm_driver_name(fd, name, sizeof(name));
		igt_assert_f(k->atomic || strcmp(name, "virtio_gpu"),
			     "virtio_gpu refuses DRM_CLIENT_CAP_ATOMIC");
	}
	/*
	 * Drivers for virtual GPUs hide their cursor plane from atomic
	 * clients that do not promise to set its hotspot; IGT promises.
	 */
	drmSetClientCap(fd, CLIENT_CAP_CURSOR_PLANE_HOTSPOT, 1);
	k->res = drmModeGetResources(fd);
	igt_assert(k->res);
	k->n_crtcs = k->res->count_crtcs < MAX_CRTCS ? k->res->count_crtcs : MAX_CRTCS;
	for (i = 0; i < k->n_crtcs; i++)
		k->crtcs[i] = k->res->crtcs[i];
	for (i = 0; i < k->res->count_connectors && k->n_conns < MAX_CONNECTORS; i++) {
		drmModeConnector *c = drmModeGetConnector(fd, k->res->connectors[i]);

		if (c)
			k->conns[k->n_conns++] = c;
	}
	pr = drmModeGetPlaneResources(fd);
	igt_assert(pr);
	for (i = 0; i < (int)pr->count_planes && k->n_planes < MAX_PLANES; i++) {
		struct kplane *p = &k->planes[k->n_planes++];

		p->id = pr->planes[i];
		p->p = drmModeGetPlane(fd, p->id);
		igt_assert(p->p);
		p->possible_crtcs = p->p->possible_crtcs;
		p->type = kms_plane_type(fd, p->id);
	}
	drmModeFreePlaneResources(pr);
}

void kms_fini(struct kms *k)
{
	int i;

	for (i = 0; i < k->n_conns; i++)
		drmModeFreeConnector(k->conns[i]);
	for (i = 0; i < k->n_planes; i++)
		drmModeFreePlane(k->planes[i].p);
	drmModeFreeResources(k->res);
	memset(k, 0, sizeof(*k));
}

int kms_connected_count(struct kms *k)
{
	int i, n = 0;

	for (i = 0; i < k->n_conns; i++)
		n += k->conns[i]->connection == DRM_MODE_CONNECTED &&
		     k->conns[i]->count_modes > 0;
	return n;
}

bool plane_has_format(struct kms *k, uint32_t plane, uint32_t format)
{
	uint32_t i;
	int j;

	for (j = 0; j < k->n_planes; j++) {
		if (k->planes[j].id != plane)
			continue;
		for (i = 0; i < k->planes[j].p->count_formats; i++)
			if (k->planes[j].p->formats[i] == format)
				return true;
	}
	return false;
}

bool kms_has_format(struct kms *k, uint32_t format)
{
	int j;

	for (j = 0; j < k->n_planes; j++)
		if (plane_has_format(k, k->planes[j].id, format))
			return true;
	return false;
}

void kms_require_output(struct kms *k)
{
	igt_require_f(kms_connected_count(k) > 0, "no connected output");
}

bool kms_conn_valid_on_pipe(struct kms *k, drmModeConnector *c, int pipe)
{
	int i;

	if (c->connection != DRM_MODE_CONNECTED || !c->count_modes)
		return false;
	for (i = 0; i < c->count_encoders; i++) {
		drmModeEncoder *e = drmModeGetEncoder(k->fd, c->encoders[i]);
		bool ok = e && (e->possible_crtcs & (1u << pipe));

		drmModeFreeEncoder(e);
		if (ok)
			return true;
	}
	return false;
}

bool kms_default_mode(drmModeConnector *c, drmModeModeInfo *mode)
{
	int i;

	if (!c->count_modes)
		return false;
	for (i = 0; i < c->count_modes; i++) {
		if (c->modes[i].type & DRM_MODE_TYPE_PREFERRED) {
			*mode = c->modes[i];
			return true;
		}
	}
	*mode = c->modes[0];
	return true;
}

const char *conn_type_name(uint32_t type)
{
	static const char *const names[] = {
		"Unknown", "VGA", "DVI-I", "DVI-D", "DVI-A", "Composite", "SVIDEO",
		"LVDS", "Component", "DIN", "DP", "HDMI-A", "HDMI-B", "TV", "eDP",
		"Virtual", "DSI", "DPI", "Writeback", "SPI", "USB",
	};

	return type < sizeof(names) / sizeof(names[0]) ? names[type] : "Unknown";
}

void kms_output_name(drmModeConnector *c, char *buf, size_t len)
{
	snprintf(buf, len, "%s-%u", conn_type_name(c->connector_type), c->connector_type_id);
}

uint32_t kms_plane_on_pipe(struct kms *k, int pipe, uint32_t type, int nth)
{
	int i;

	for (i = 0; i < k->n_planes; i++) {
		if (k->planes[i].type != type || !(k->planes[i].possible_crtcs & (1u << pipe)))
			continue;
		if (nth-- == 0)
			return k->planes[i].id;
	}
	return 0;
}

int kms_planes_on_pipe(struct kms *k, int pipe, uint32_t *ids, int max)
{
	int i, n = 0;

	for (i = 0; i < k->n_planes && n < max; i++)
		if (k->planes[i].possible_crtcs & (1u << pipe))
			ids[n++] = k->planes[i].id;
	return n;
}

static void fill_output(struct kms *k, struct output *o, int pipe, drmModeConnector *c)
{
	memset(o, 0, sizeof(*o));
	o->pipe = pipe;
	o->crtc_id = k->crtcs[pipe];
	o->conn = c;
	o->conn_id = c->connector_id;
	kms_default_mode(c, &o->mode);
	o->primary = kms_plane_on_pipe(k, pipe, DRM_PLANE_TYPE_PRIMARY, 0);
	o->cursor = kms_plane_on_pipe(k, pipe, DRM_PLANE_TYPE_CURSOR, 0);
	kms_output_name(c, o->name, sizeof(o->name));
}

int kms_valid_outputs(struct kms *k, struct output *out, int max)
{
	int pipe, i, n = 0;

	for (pipe = 0; pipe < k->n_crtcs; pipe++)
		for (i = 0; i < k->n_conns && n < max; i++)
			if (kms_conn_valid_on_pipe(k, k->conns[i], pipe))
				fill_output(k, &out[n++], pipe, k->conns[i]);
	return n;
}

int kms_single_outputs(struct kms *k, struct output *out, int max)
{
	bool used[MAX_CONNECTORS] = { false };
	int pipe, i, n = 0;

	for (pipe = 0; pipe < k->n_crtcs && n < max; pipe++) {
		for (i = 0; i < k->n_conns; i++) {
			if (used[i] || !kms_conn_valid_on_pipe(k, k->conns[i], pipe))
				continue;
			used[i] = true;
			fill_output(k, &out[n++], pipe, k->conns[i]);
			break;
		}
	}
	return n;
}

/* ------------------------------------------------------------ properties */

uint32_t prop_id(int fd, uint32_t obj, uint32_t type, const char *name)
{
	drmModeObjectPropertiesPtr props = drmModeObjectGetProperties(fd, obj, type);
	uint32_t id = 0, i;

	if (!props)
		return 0;
	for (i = 0; i < props->count_props && !id; i++) {
		drmModePropertyPtr p = drmModeGetProperty(fd, props->props[i]);

		if (p && !strcmp(p->name, name))
			id = p->prop_id;
		drmModeFreeProperty(p);
	}
	drmModeFreeObjectProperties(props);
	return id;
}

bool prop_get(int fd, uint32_t obj, uint32_t type, const char *name, uint64_t *val)
{
	drmModeObjectPropertiesPtr props = drmModeObjectGetProperties(fd, obj, type);
	bool found = false;
	uint32_t i;

	if (!props)
		return false;
	for (i = 0; i < props->count_props && !found; i++) {
		drmModePropertyPtr p = drmModeGetProperty(fd, props->props[i]);

		if (p && !strcmp(p->name, name)) {
			*val = props->prop_values[i];
			found = true;
		}
		drmModeFreeProperty(p);
	}
	drmModeFreeObjectProperties(props);
	return found;
}

uint64_t prop_value(int fd, uint32_t obj, uint32_t type, const char *name)
{
	uint64_t v = 0;

	igt_assert_f(prop_get(fd, obj, type, name, &v), "object %u has no property %s",
		     obj, name);
	return v;
}

bool prop_is_immutable(int fd, uint32_t prop)
{
	drmModePropertyPtr p = drmModeGetProperty(fd, prop);
	bool imm = p && (p->flags & DRM_MODE_PROP_IMMUTABLE);

	drmModeFreeProperty(p);
	return imm;
}

int prop_set(int fd, uint32_t obj, uint32_t type, const char *name, uint64_t val)
{
	uint32_t id = prop_id(fd, obj, type, name);

	igt_assert_f(id, "object %u has no property %s", obj, name);
	return drmModeObjectSetProperty(fd, obj, type, id, val);
}

uint32_t mode_blob(int fd, const drmModeModeInfo *mode)
{
	uint32_t id = 0;

	do_or_die(drmModeCreatePropertyBlob(fd, mode, sizeof(*mode), &id));
	return id;
}

/* ---------------------------------------------------------------- atomic */

void areq_init(struct areq *a, int fd)
{
	a->fd = fd;
	a->req = drmModeAtomicAlloc();
	igt_assert(a->req);
}

void areq_free(struct areq *a)
{
	drmModeAtomicFree(a->req);
	a->req = NULL;
}

void areq_add_id(struct areq *a, uint32_t obj, uint32_t prop, uint64_t v)
{
	igt_assert(drmModeAtomicAddProperty(a->req, obj, prop, v) >= 0);
}

void areq_add(struct areq *a, uint32_t obj, uint32_t type, const char *name, uint64_t v)
{
	uint32_t id = prop_id(a->fd, obj, type, name);

	igt_assert_f(id, "object %u has no property %s", obj, name);
	areq_add_id(a, obj, id, v);
}

int areq_commit(struct areq *a, uint32_t flags, void *user)
{
	return drmModeAtomicCommit(a->fd, a->req, flags, user);
}

void areq_plane(struct areq *a, uint32_t plane, uint32_t crtc, const struct kfb *fb,
		int x, int y)
{
	const uint32_t t = DRM_MODE_OBJECT_PLANE;

	areq_add(a, plane, t, "FB_ID", fb->id);
	areq_add(a, plane, t, "CRTC_ID", crtc);
	areq_add(a, plane, t, "SRC_X", 0);
	areq_add(a, plane, t, "SRC_Y", 0);
	areq_add(a, plane, t, "SRC_W", (uint64_t)fb->width << 16);
	areq_add(a, plane, t, "SRC_H", (uint64_t)fb->height << 16);
	areq_add(a, plane, t, "CRTC_X", (uint64_t)(int64_t)x);
	areq_add(a, plane, t, "CRTC_Y", (uint64_t)(int64_t)y);
	areq_add(a, plane, t, "CRTC_W", fb->width);
	areq_add(a, plane, t, "CRTC_H", fb->height);
}

void areq_plane_off(struct areq *a, uint32_t plane)
{
	static const char *const names[] = {
		"FB_ID", "CRTC_ID", "SRC_X", "SRC_Y", "SRC_W", "SRC_H",
		"CRTC_X", "CRTC_Y", "CRTC_W", "CRTC_H",
	};
	size_t i;

	/* like IGT: a plane without fb has a zero-sized rectangle too */
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		areq_add(a, plane, DRM_MODE_OBJECT_PLANE, names[i], 0);
}

void areq_output_on(struct areq *a, const struct output *o, const struct kfb *fb)
{
	areq_add(a, o->conn_id, DRM_MODE_OBJECT_CONNECTOR, "CRTC_ID", o->crtc_id);
	areq_add(a, o->crtc_id, DRM_MODE_OBJECT_CRTC, "MODE_ID", mode_blob(a->fd, &o->mode));
	areq_add(a, o->crtc_id, DRM_MODE_OBJECT_CRTC, "ACTIVE", 1);
	if (fb)
		areq_plane(a, o->primary, o->crtc_id, fb, 0, 0);
}

void areq_output_off(struct areq *a, const struct output *o)
{
	areq_add(a, o->conn_id, DRM_MODE_OBJECT_CONNECTOR, "CRTC_ID", 0);
	areq_add(a, o->crtc_id, DRM_MODE_OBJECT_CRTC, "MODE_ID", 0);
	areq_add(a, o->crtc_id, DRM_MODE_OBJECT_CRTC, "ACTIVE", 0);
	areq_plane_off(a, o->primary);
}

/* ---------------------------------------------------------------- legacy */

int set_crtc(int fd, uint32_t crtc, uint32_t fb, int x, int y, uint32_t *conns, int n,
	     drmModeModeInfo *mode)
{
	return drmModeSetCrtc(fd, crtc, fb, x, y, conns, n, mode);
}

void output_set_legacy(struct kms *k, const struct output *o, const struct kfb *fb)
{
	uint32_t conn = o->conn_id;
	drmModeModeInfo mode = o->mode;
	int ret = set_crtc(k->fd, o->crtc_id, fb->id, 0, 0, &conn, 1, &mode);

	igt_assert_f(ret == 0, "SETCRTC on %s pipe %d: %s", o->name, o->pipe, strerror(-ret));
}

void unset_all_crtcs(struct kms *k)
{
	int i;

	for (i = 0; i < k->n_crtcs; i++)
		do_or_die(set_crtc(k->fd, k->crtcs[i], 0, 0, 0, NULL, 0, NULL));
}

void kms_reset_display(struct kms *k)
{
	struct areq a;
	int i;

	if (!k->atomic) {
		unset_all_crtcs(k);
		for (i = 0; i < k->n_planes; i++)
			drmModeSetPlane(k->fd, k->planes[i].id, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
		return;
	}
	areq_init(&a, k->fd);
	for (i = 0; i < k->n_conns; i++)
		areq_add(&a, k->conns[i]->connector_id, DRM_MODE_OBJECT_CONNECTOR, "CRTC_ID", 0);
	for (i = 0; i < k->n_crtcs; i++) {
		areq_add(&a, k->crtcs[i], DRM_MODE_OBJECT_CRTC, "MODE_ID", 0);
		areq_add(&a, k->crtcs[i], DRM_MODE_OBJECT_CRTC, "ACTIVE", 0);
	}
	for (i = 0; i < k->n_planes; i++)
		areq_plane_off(&a, k->planes[i].id);
	do_or_die(areq_commit(&a, DRM_MODE_ATOMIC_ALLOW_MODESET, NULL));
	areq_free(&a);
}

int output_try_on(struct kms *k, const struct output *o, const struct kfb *fb)
{
	uint32_t conn = o->conn_id;
	drmModeModeInfo mode = o->mode;
	struct areq a;
	int ret;

	if (!k->atomic)
		return set_crtc(k->fd, o->crtc_id, fb->id, 0, 0, &conn, 1, &mode);
	areq_init(&a, k->fd);
	areq_output_on(&a, o, fb);
	ret = areq_commit(&a, DRM_MODE_ATOMIC_ALLOW_MODESET, NULL);
	areq_free(&a);
	return ret;
}

void output_on(struct kms *k, const struct output *o, const struct kfb *fb)
{
	int ret = output_try_on(k, o, fb);

	igt_assert_f(ret == 0, "enabling %s on pipe %d: %s", o->name, o->pipe, strerror(-ret));
}

void output_off(struct kms *k, const struct output *o)
{
	struct areq a;

	if (!k->atomic) {
		do_or_die(set_crtc(k->fd, o->crtc_id, 0, 0, 0, NULL, 0, NULL));
		return;
	}
	areq_init(&a, k->fd);
	areq_output_off(&a, o);
	do_or_die(areq_commit(&a, DRM_MODE_ATOMIC_ALLOW_MODESET, NULL));
	areq_free(&a);
}

int set_dpms(int fd, uint32_t conn, uint64_t mode)
{
	return prop_set(fd, conn, DRM_MODE_OBJECT_CONNECTOR, "DPMS", mode);
}

/* ---------------------------------------------------------------- vblank */

uint32_t vbl_pipe_flag(int pipe)
{
	if (pipe == 0)
		return 0;
	if (pipe == 1)
		return _DRM_VBLANK_SECONDARY;
	return (uint32_t)pipe << _DRM_VBLANK_HIGH_CRTC_SHIFT;
}

int wait_vblank_raw(int fd, union drm_wait_vblank *v)
{
	return vgh_ioctl(fd, DRM_IOCTL_WAIT_VBLANK, v);
}

bool kms_vblank_by_design(void)
{
	/*
	 * virtio-gpu-heap drives every CRTC's vblank from a timer, whatever
	 * the device; the in-tree driver of Linux 6.12 has none
	 */
	return access("/sys/module/virtio_gpu_heap", F_OK) == 0;
}

bool kms_has_vblank(int fd)
{
	union drm_wait_vblank v = { .request.type = _DRM_VBLANK_RELATIVE };

	return wait_vblank_raw(fd, &v) != -EOPNOTSUPP;
}

void wait_for_vblank(int fd, int pipe)
{
	union drm_wait_vblank v = { .request.type = VBL_TYPE(_DRM_VBLANK_RELATIVE |
							     vbl_pipe_flag(pipe)),
				    .request.sequence = 1 };
	int ret = wait_vblank_raw(fd, &v);

	igt_assert_f(ret == 0, "waiting for a vblank on pipe %d: %s", pipe, strerror(-ret));
}

/*
 * Wait until fd is readable, for timeout_ms in all: a signal restarts the
 * wait with what is left of it (as select() does for IGT), so a stream of
 * signals cannot stretch it.
 */
bool fd_readable(int fd, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	uint64_t end = igt_now_us() + (uint64_t)timeout_ms * 1000;
	int ret;

	for (;;) {
		uint64_t now = igt_now_us();
		int left = now < end ? (int)((end - now + 999) / 1000) : 0;

		ret = poll(&p, 1, left);
		if (ret >= 0 || errno != EINTR)
			return ret > 0;
	}
}

int read_event(int fd, void *buf, size_t len, int timeout_ms)
{
	ssize_t n;

	if (!fd_readable(fd, timeout_ms))
		return 0;
	do {
		n = read(fd, buf, len);
	} while (n < 0 && errno == EINTR);
	igt_assert_f(n > 0, "reading a DRM event: %s", n < 0 ? strerror(errno) : "EOF");
	return n;
}

/* ---------------------------------------------------------------- extras */

bool kms_has_pipe_crc(int fd)
{
	struct stat st;
	char path[128];

	if (fstat(fd, &st))
		return false;
	snprintf(path, sizeof(path), "/sys/kernel/debug/dri/%u/crtc-0/crc/control",
		 minor(st.st_rdev));
	return access(path, F_OK) == 0;
}

/*
 * IGT's igt_system_suspend_autoresume(SUSPEND_STATE_MEM, SUSPEND_TEST_NONE):
 * skips when the kernel offers no suspend to RAM or there is no RTC to
 * wake the machine, then suspends for 15 s and fails if that did not work.
 */
void igt_system_suspend_autoresume(void)
{
	char buf[128] = "";
	int fd = open("/sys/power/state", O_RDONLY), ret;
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;

	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = 0;
	buf[strcspn(buf, "\n")] = 0;
	igt_require_f(strstr(buf, "mem"),
		      "the kernel cannot suspend to RAM (/sys/power/state: \"%s\")",
		      fd < 0 ? "absent" : buf);
	igt_require_f(access("/sys/class/rtc/rtc0/wakealarm", W_OK) == 0,
		      "no RTC to wake the machine (/sys/class/rtc/rtc0/wakealarm)");
	do_or_die(vgh_write_attr("/sys/class/rtc/rtc0", "wakealarm", "0"));
	do_or_die(vgh_write_attr("/sys/class/rtc/rtc0", "wakealarm", "+15"));
	ret = vgh_write_attr("/sys/power", "state", "mem");
	igt_assert_f(ret == 0, "suspend to RAM failed: %s", strerror(-ret));
}
