// SPDX-License-Identifier: MIT
/*
 * kms_atomic: the atomic modesetting API: state read back through the
 * legacy GETCRTC/GETPLANE matches what was committed (atomically or
 * through SETCRTC/SETPLANE/cursor ioctls), TEST_ONLY touches nothing,
 * invalid objects, blobs, flags and pointers are refused with the right
 * errno and leave the state alone, and FB_DAMAGE_CLIPS is accepted.
 */
#include <sys/mman.h>
#include <unistd.h>

#include "kms.h"

enum { SRC_X, SRC_Y, SRC_W, SRC_H, CRTC_X, CRTC_Y, CRTC_W, CRTC_H, FB_ID, CRTC_ID, NPROPS };
static const char *const pnames[NPROPS] = {
	"SRC_X", "SRC_Y", "SRC_W", "SRC_H", "CRTC_X", "CRTC_Y", "CRTC_W", "CRTC_H",
	"FB_ID", "CRTC_ID",
};

#define RELAX_MODE 1
#define RELAX_FB 2

static int fd;
static struct kms k;
static struct output out;
static struct kfb fb;		/* the primary fb of atomic_setup */
static uint32_t mode_id;	/* blob of out.mode */

struct plane_state {
	uint32_t id;
	uint64_t v[NPROPS];
	int fence;		/* IN_FENCE_FD to send, -1 for none */
};

struct crtc_state {
	uint64_t mode_id, active;
	uint64_t out_fence_ptr;
};

/* virtio_gpu: every CRTC has a cursor plane and a primary plane with damage clips */
static bool is_virtio_gpu(void)
{
	char name[32];

	drm_driver_name(fd, name, sizeof(name));
	return !strcmp(name, "virtio_gpu");
}

static void setup(void)
{
	fd = drm_open_master();
	kms_init(&k, fd);
	igt_require_f(k.atomic, "driver has no atomic modesetting");
	kms_require_output(&k);
	igt_assert(kms_single_outputs(&k, &out, 1) == 1);
	igt_info("pipe-%c-%s", 'A' + out.pipe, out.name);
}

static void plane_read(uint32_t id, uint64_t *v)
{
	int i;

	for (i = 0; i < NPROPS; i++)
		v[i] = prop_value(fd, id, DRM_MODE_OBJECT_PLANE, pnames[i]);
}

static void plane_set_fb(struct plane_state *p, const struct kfb *f, int x, int y)
{
	memset(p->v, 0, sizeof(p->v));
	if (!f)
		return;
	p->v[FB_ID] = f->id;
	p->v[CRTC_ID] = out.crtc_id;
	p->v[SRC_W] = (uint64_t)f->width << 16;
	p->v[SRC_H] = (uint64_t)f->height << 16;
	p->v[CRTC_X] = (uint64_t)(int64_t)x;
	p->v[CRTC_Y] = (uint64_t)(int64_t)y;
	p->v[CRTC_W] = f->width;
	p->v[CRTC_H] = f->height;
}

static void plane_check(const struct plane_state *p, int relax)
{
	drmModePlane *legacy = drmModeGetPlane(fd, p->id);
	uint64_t cur[NPROPS];
	int i;

	igt_assert(legacy);
	igt_assert_eq(legacy->crtc_id, p->v[CRTC_ID]);
	if (!(relax & RELAX_FB))
		igt_assert_eq(legacy->fb_id, p->v[FB_ID]);
	drmModeFreePlane(legacy);
	plane_read(p->id, cur);
	if (relax & RELAX_FB)
		cur[FB_ID] = p->v[FB_ID];
	for (i = 0; i < NPROPS; i++)
		igt_assert_f(cur[i] == p->v[i], "plane %u %s is %llu, want %llu", p->id,
			     pnames[i], (unsigned long long)cur[i],
			     (unsigned long long)p->v[i]);
}

static void crtc_check(const struct crtc_state *c, const struct plane_state *primary,
		       int relax)
{
	drmModePropertyBlobPtr blob = NULL;
	drmModeCrtc *crtc;
	uint64_t cur_mode = prop_value(fd, out.crtc_id, DRM_MODE_OBJECT_CRTC, "MODE_ID");
	uint64_t cur_active = prop_value(fd, out.crtc_id, DRM_MODE_OBJECT_CRTC, "ACTIVE");

	if (c->mode_id) {
		blob = drmModeGetPropertyBlob(fd, c->mode_id);
		igt_assert(blob);
		igt_assert_eq(blob->length, sizeof(drmModeModeInfo));
	}
	crtc = drmModeGetCrtc(fd, out.crtc_id);
	igt_assert(crtc);
	igt_assert_eq(crtc->crtc_id, out.crtc_id);
	igt_assert_eq(crtc->x, primary->v[SRC_X] >> 16);
	igt_assert_eq(crtc->y, primary->v[SRC_Y] >> 16);
	igt_assert_eq(crtc->buffer_id, primary->v[FB_ID]);
	if (crtc->mode_valid) {
		igt_assert(blob);
		igt_assert(!memcmp(&crtc->mode, blob->data, sizeof(crtc->mode)));
		igt_assert_eq(crtc->width, crtc->mode.hdisplay);
		igt_assert_eq(crtc->height, crtc->mode.vdisplay);
		igt_assert_neq(c->mode_id, 0);
	} else {
		igt_assert(!blob);
	}
	/* SETCRTC may make a new blob for the same mode */
	if ((relax & RELAX_MODE) && blob && cur_mode && cur_mode != c->mode_id) {
		drmModePropertyBlobPtr b = drmModeGetPropertyBlob(fd, cur_mode);

		igt_assert(b);
		igt_assert_eq(b->length, sizeof(drmModeModeInfo));
		if (!memcmp(b->data, blob->data, b->length))
			cur_mode = c->mode_id;
		drmModeFreePropertyBlob(b);
	}
	igt_assert_eq(cur_mode, c->mode_id);
	igt_assert_eq(cur_active, c->active);
	drmModeFreeCrtc(crtc);
	drmModeFreePropertyBlob(blob);
}

/* Commit the CRTC (and connector) plus the given planes; 0 or -errno. */
static int commit_atomic(struct crtc_state *c, struct plane_state **planes, int n,
			 uint32_t flags, int32_t *out_fence)
{
	struct areq a;
	int i, ret;

	areq_init(&a, fd);
	areq_add(&a, out.conn_id, DRM_MODE_OBJECT_CONNECTOR, "CRTC_ID",
		 c->active || c->mode_id ? out.crtc_id : 0);
	areq_add(&a, out.crtc_id, DRM_MODE_OBJECT_CRTC, "MODE_ID", c->mode_id);
	areq_add(&a, out.crtc_id, DRM_MODE_OBJECT_CRTC, "ACTIVE", c->active);
	if (c->out_fence_ptr)
		areq_add(&a, out.crtc_id, DRM_MODE_OBJECT_CRTC, "OUT_FENCE_PTR",
			 c->out_fence_ptr);
	else if (out_fence)
		areq_add(&a, out.crtc_id, DRM_MODE_OBJECT_CRTC, "OUT_FENCE_PTR",
			 (uintptr_t)out_fence);
	for (i = 0; i < n; i++) {
		int j;

		for (j = 0; j < NPROPS; j++)
			areq_add(&a, planes[i]->id, DRM_MODE_OBJECT_PLANE, pnames[j],
				 planes[i]->v[j]);
		if (planes[i]->fence >= 0)
			areq_add(&a, planes[i]->id, DRM_MODE_OBJECT_PLANE, "IN_FENCE_FD",
				 planes[i]->fence);
	}
	ret = areq_commit(&a, flags, NULL);
	areq_free(&a);
	return ret;
}

static struct crtc_state crtc;
static struct plane_state primary;

static void crtc_commit(int relax)
{
	struct plane_state *p = &primary;

	do_or_die(commit_atomic(&crtc, &p, 1, DRM_MODE_ATOMIC_ALLOW_MODESET, NULL));
	crtc_check(&crtc, &primary, relax);
	plane_check(&primary, relax);
}

/* Commit that must fail with err and leave the state as it was. */
static void commit_err(uint32_t flags, int err, struct plane_state *extra)
{
	struct plane_state old_primary = primary, *list[2] = { &primary, extra };
	struct crtc_state old_crtc;
	int ret;

	plane_read(primary.id, old_primary.v);
	old_crtc.mode_id = prop_value(fd, out.crtc_id, DRM_MODE_OBJECT_CRTC, "MODE_ID");
	old_crtc.active = prop_value(fd, out.crtc_id, DRM_MODE_OBJECT_CRTC, "ACTIVE");
	ret = commit_atomic(&crtc, list, extra ? 2 : 1, flags, NULL);
	igt_assert_f(ret == -err, "commit gave %d (%s), want %d (%s)", ret, strerror(-ret),
		     -err, strerror(err));
	crtc_check(&old_crtc, &old_primary, 0);
	plane_check(&old_primary, 0);
}

static void atomic_setup(void)
{
	kms_reset_display(&k);
	kfb_create(fd, out.mode.hdisplay, out.mode.vdisplay, DRM_FORMAT_XRGB8888, &fb);
	mode_id = mode_blob(fd, &out.mode);
	crtc.mode_id = mode_id;
	crtc.active = 1;
	crtc.out_fence_ptr = 0;
	primary.id = out.primary;
	primary.fence = -1;
	plane_set_fb(&primary, &fb, 0, 0);
	crtc_commit(0);
}

static void atomic_clear(void)
{
	kms_reset_display(&k);
	crtc.mode_id = 0;
	crtc.active = 0;
	plane_set_fb(&primary, NULL, 0, 0);
	crtc_check(&crtc, &primary, 0);
	plane_check(&primary, 0);
	kfb_remove(&fb);
}

static void legacy_setcrtc(const struct kfb *f)
{
	uint32_t conn = out.conn_id;

	do_or_die(set_crtc(fd, out.crtc_id, f->id, 0, 0, &conn, 1, &out.mode));
}

static void plane_overlay(void)
{
	uint32_t overlay = kms_plane_on_pipe(&k, out.pipe, DRM_PLANE_TYPE_OVERLAY, 0);
	uint32_t w = out.mode.hdisplay / 2, h = out.mode.vdisplay / 2;
	struct plane_state p = { .id = overlay, .fence = -1 }, *list[1] = { &p };
	struct kfb ofb;

	igt_require_f(overlay, "no overlay plane");
	igt_require_f(plane_has_format(&k, overlay, DRM_FORMAT_XRGB8888),
		      "overlay plane without XRGB8888");
	atomic_setup();
	kfb_create(fd, w, h, DRM_FORMAT_XRGB8888, &ofb);
	plane_set_fb(&p, &ofb, w / 2, h / 2);
	do_or_die(commit_atomic(&crtc, list, 1, 0, NULL));
	plane_check(&p, 0);
	plane_set_fb(&p, NULL, 0, 0);
	do_or_die(commit_atomic(&crtc, list, 1, 0, NULL));
	plane_check(&p, 0);
	/* the legacy plane API, checked through atomic */
	plane_set_fb(&p, &ofb, w / 2, h / 2);
	do_or_die(drmModeSetPlane(fd, overlay, out.crtc_id, ofb.id, 0, w / 2, h / 2, w, h, 0, 0,
				  w << 16, h << 16));
	plane_check(&p, 0);
	plane_set_fb(&p, NULL, 0, 0);
	do_or_die(drmModeSetPlane(fd, overlay, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
	plane_check(&p, 0);
	kfb_remove(&ofb);
	atomic_clear();
}

static void plane_primary(void)
{
	struct kfb fb2;

	atomic_setup();
	kfb_create_color(fd, fb.width, fb.height, fb.format, 0x333333, &fb2);
	plane_set_fb(&primary, &fb2, 0, 0);
	crtc_commit(0);
	plane_set_fb(&primary, &fb, 0, 0);
	crtc_commit(0);
	crtc_commit(0);
	/* SETCRTC, checked through atomic */
	legacy_setcrtc(&fb);
	crtc_check(&crtc, &primary, RELAX_MODE);
	plane_check(&primary, RELAX_MODE);
	/* SETPLANE on the primary */
	plane_set_fb(&primary, &fb2, 0, 0);
	do_or_die(drmModeSetPlane(fd, primary.id, out.crtc_id, fb2.id, 0, 0, 0, fb2.width,
				  fb2.height, 0, 0, fb2.width << 16, fb2.height << 16));
	plane_check(&primary, 0);
	atomic_clear();
	kfb_remove(&fb2);
}

static void test_only(void)
{
	struct plane_state old_primary = { .id = out.primary, .fence = -1 }, *list[1];
	struct crtc_state old_crtc;
	struct kfb tfb;

	atomic_setup();
	atomic_clear();
	plane_read(out.primary, old_primary.v);
	old_crtc.mode_id = prop_value(fd, out.crtc_id, DRM_MODE_OBJECT_CRTC, "MODE_ID");
	old_crtc.active = prop_value(fd, out.crtc_id, DRM_MODE_OBJECT_CRTC, "ACTIVE");
	old_crtc.out_fence_ptr = 0;
	igt_assert(!old_crtc.mode_id);
	kfb_create(fd, out.mode.hdisplay, out.mode.vdisplay, DRM_FORMAT_XRGB8888, &tfb);
	crtc.mode_id = mode_blob(fd, &out.mode);
	crtc.active = 1;
	plane_set_fb(&primary, &tfb, 0, 0);
	list[0] = &primary;
	do_or_die(commit_atomic(&crtc, list, 1, DRM_MODE_ATOMIC_TEST_ONLY |
				DRM_MODE_ATOMIC_ALLOW_MODESET, NULL));
	crtc_check(&old_crtc, &old_primary, 0);
	plane_check(&old_primary, 0);
	/* enable through SETCRTC, check through atomic */
	legacy_setcrtc(&tfb);
	crtc_check(&crtc, &primary, RELAX_MODE);
	plane_check(&primary, RELAX_MODE);
	/* and a test-only disable, with a DPMS cycle on top */
	plane_read(out.primary, old_primary.v);
	old_crtc.mode_id = prop_value(fd, out.crtc_id, DRM_MODE_OBJECT_CRTC, "MODE_ID");
	old_crtc.active = prop_value(fd, out.crtc_id, DRM_MODE_OBJECT_CRTC, "ACTIVE");
	{
		struct crtc_state off = { 0 };
		struct plane_state none = { .id = out.primary, .fence = -1 };

		list[0] = &none;
		do_or_die(commit_atomic(&off, list, 1, DRM_MODE_ATOMIC_TEST_ONLY |
					DRM_MODE_ATOMIC_ALLOW_MODESET, NULL));
	}
	do_or_die(set_dpms(fd, out.conn_id, DRM_MODE_DPMS_OFF));
	do_or_die(set_dpms(fd, out.conn_id, DRM_MODE_DPMS_ON));
	crtc_check(&old_crtc, &old_primary, 0);
	plane_check(&old_primary, 0);
	/* now really disable the pipe */
	memset(&crtc, 0, sizeof(crtc));
	plane_set_fb(&primary, NULL, 0, 0);
	crtc_commit(0);
	kfb_remove(&tfb);
}

static void plane_cursor(void)
{
	uint64_t w, h;
	int x = out.mode.hdisplay / 2, y = out.mode.vdisplay / 2;
	struct plane_state c = { .id = out.cursor, .fence = -1 }, *list[1] = { &c };
	struct kfb cfb;

	igt_assert_f(out.cursor || !is_virtio_gpu(), "virtio_gpu without a cursor plane");
	igt_require_f(out.cursor, "no cursor plane");
	atomic_setup();
	do_or_die(drmGetCap(fd, DRM_CAP_CURSOR_WIDTH, &w));
	do_or_die(drmGetCap(fd, DRM_CAP_CURSOR_HEIGHT, &h));
	kfb_create_color(fd, w, h, DRM_FORMAT_ARGB8888, 0, &cfb);
	plane_set_fb(&c, &cfb, x, y);
	do_or_die(commit_atomic(&crtc, list, 1, 0, NULL));
	plane_check(&c, 0);
	plane_set_fb(&c, NULL, 0, 0);
	do_or_die(commit_atomic(&crtc, list, 1, 0, NULL));
	plane_check(&c, 0);
	/* legacy cursor ioctls use an internal framebuffer */
	plane_set_fb(&c, &cfb, x, y);
	do_or_die(drmModeSetCursor(fd, out.crtc_id, cfb.handle, w, h));
	do_or_die(drmModeMoveCursor(fd, out.crtc_id, x, y));
	plane_check(&c, RELAX_FB);
	plane_set_fb(&c, &cfb, x - 16, y - 16);
	do_or_die(drmModeMoveCursor(fd, out.crtc_id, x - 16, y - 16));
	plane_check(&c, RELAX_FB);
	plane_set_fb(&c, NULL, 0, 0);
	do_or_die(drmModeSetCursor(fd, out.crtc_id, 0, 0, 0));
	do_or_die(drmModeMoveCursor(fd, out.crtc_id, 0, 0));
	plane_check(&c, 0);
	kfb_remove(&cfb);
	atomic_clear();
}

static void plane_invalid_params(void)
{
	struct kfb small;
	uint64_t ids[4];
	int i;

	atomic_setup();
	ids[0] = out.primary;
	ids[1] = out.crtc_id;
	ids[2] = out.conn_id;
	ids[3] = mode_id;
	/* FB_ID naming other kinds of objects */
	for (i = 0; i < 4; i++) {
		primary.v[FB_ID] = ids[i];
		commit_err(DRM_MODE_ATOMIC_ALLOW_MODESET, EINVAL, NULL);
	}
	/* no framebuffer while the CRTC is set */
	primary.v[FB_ID] = 0;
	commit_err(DRM_MODE_ATOMIC_ALLOW_MODESET, EINVAL, NULL);
	plane_set_fb(&primary, &fb, 0, 0);
	crtc_commit(0);
	/* CRTC_ID naming other kinds of objects */
	ids[1] = fb.id;
	for (i = 0; i < 4; i++) {
		primary.v[CRTC_ID] = ids[i];
		commit_err(DRM_MODE_ATOMIC_ALLOW_MODESET, EINVAL, NULL);
	}
	primary.v[CRTC_ID] = 0;
	commit_err(DRM_MODE_ATOMIC_ALLOW_MODESET, EINVAL, NULL);
	plane_set_fb(&primary, &fb, 0, 0);
	crtc_commit(0);
	/* a framebuffer smaller than the source rectangle */
	kfb_create(fd, fb.width - 1, fb.height - 1, fb.format, &small);
	primary.v[FB_ID] = small.id;
	commit_err(DRM_MODE_ATOMIC_ALLOW_MODESET, ENOSPC, NULL);
	plane_set_fb(&primary, &fb, 0, 0);
	crtc_commit(0);
	kfb_remove(&small);
	atomic_clear();
}

static void plane_invalid_params_fence(void)
{
	int timeline, fence;

	igt_require_sw_sync();
	atomic_setup();
	timeline = sw_sync_timeline_create();
	primary.fence = fd;	/* not a fence */
	commit_err(DRM_MODE_ATOMIC_ALLOW_MODESET, EINVAL, NULL);
	fence = sw_sync_fence_create(timeline, 1);
	primary.v[CRTC_ID] = ~0u;
	primary.fence = fence;
	commit_err(DRM_MODE_ATOMIC_ALLOW_MODESET, EINVAL, NULL);
	sw_sync_timeline_inc(timeline, 1);
	primary.v[CRTC_ID] = out.crtc_id;
	crtc_commit(0);
	primary.fence = -1;
	close(fence);
	close(timeline);
	atomic_clear();
}

static void crtc_invalid_params(void)
{
	uint32_t bad;
	uint64_t ids[3];
	int i;

	atomic_setup();
	ids[0] = out.primary;
	ids[1] = out.crtc_id;
	ids[2] = fb.id;
	for (i = 0; i < 3; i++) {
		crtc.mode_id = ids[i];
		commit_err(DRM_MODE_ATOMIC_ALLOW_MODESET, EINVAL, NULL);
	}
	crtc.mode_id = mode_id;
	commit_err(DRM_MODE_ATOMIC_TEST_ONLY, 0, NULL);
	commit_err(DRM_MODE_ATOMIC_TEST_ONLY, 0, NULL);
	/* TEST_ONLY and an event do not go together */
	commit_err(DRM_MODE_ATOMIC_TEST_ONLY | DRM_MODE_PAGE_FLIP_EVENT, EINVAL, NULL);
	/* blobs of the wrong size for a mode */
	do_or_die(drmModeCreatePropertyBlob(fd, &out.mode, sizeof(out.mode) - 1, &bad));
	crtc.mode_id = bad;
	commit_err(DRM_MODE_ATOMIC_ALLOW_MODESET, EINVAL, NULL);
	do_or_die(drmModeCreatePropertyBlob(fd, &out.mode, sizeof(out.mode) + 1, &bad));
	crtc.mode_id = bad;
	commit_err(DRM_MODE_ATOMIC_ALLOW_MODESET, EINVAL, NULL);
	crtc.mode_id = mode_blob(fd, &out.mode);
	crtc_commit(0);
	atomic_clear();
}

static void crtc_invalid_params_fence(void)
{
	long page = sysconf(_SC_PAGE_SIZE);
	int prots[3] = { PROT_READ, PROT_EXEC, PROT_NONE }, i, timeline, fence;
	int32_t out_fence = -1;

	igt_require_sw_sync();
	atomic_setup();
	timeline = sw_sync_timeline_create();
	/* OUT_FENCE_PTR the kernel cannot write */
	for (i = 0; i < 3; i++) {
		void *map = mmap(NULL, page, prots[i], MAP_ANONYMOUS | MAP_PRIVATE, -1, 0);

		igt_assert(map != MAP_FAILED);
		crtc.out_fence_ptr = (uintptr_t)map;
		commit_err(DRM_MODE_ATOMIC_ALLOW_MODESET, EFAULT, NULL);
		munmap(map, page);
	}
	crtc.out_fence_ptr = 0;
	/* fences on an inactive CRTC */
	fence = sw_sync_fence_create(timeline, 1);
	primary.fence = fence;
	crtc.active = 0;
	commit_err(0, EINVAL, NULL);
	crtc.out_fence_ptr = (uintptr_t)&out_fence;
	commit_err(DRM_MODE_PAGE_FLIP_EVENT, EINVAL, NULL);
	commit_err(DRM_MODE_PAGE_FLIP_EVENT, EINVAL, NULL);
	crtc.active = 1;
	crtc.out_fence_ptr = 0;
	commit_err(DRM_MODE_ATOMIC_TEST_ONLY, 0, NULL);
	/* and with an invalid mode */
	crtc.mode_id = fb.id;
	crtc.out_fence_ptr = (uintptr_t)&out_fence;
	commit_err(0, EINVAL, NULL);
	commit_err(DRM_MODE_PAGE_FLIP_EVENT, EINVAL, NULL);
	commit_err(DRM_MODE_PAGE_FLIP_EVENT, EINVAL, NULL);
	crtc.mode_id = mode_id;
	out_fence = -1;
	commit_err(DRM_MODE_ATOMIC_TEST_ONLY, 0, NULL);
	igt_assert_eq(out_fence, -1);
	close(fence);
	close(timeline);
	primary.fence = -1;
	crtc.out_fence_ptr = 0;
	crtc_commit(0);
	/* an out-fence without an event */
	crtc.out_fence_ptr = (uintptr_t)&out_fence;
	crtc_commit(0);
	igt_assert_neq(out_fence, -1);
	close(out_fence);
	crtc.out_fence_ptr = 0;
	atomic_clear();
}

static void atomic_invalid_params(void)
{
	struct drm_mode_atomic ioc = { 0 };
	uint32_t objs[16] = { 0 }, counts[16] = { 0 }, props[256] = { 0 };
	uint64_t values[256] = { 0 };
	uint32_t mode_prop = prop_id(fd, out.crtc_id, DRM_MODE_OBJECT_CRTC, "MODE_ID");
	int i;

	atomic_setup();
	do_ioctl(fd, DRM_IOCTL_MODE_ATOMIC, &ioc);
	ioc.objs_ptr = (uintptr_t)objs;
	ioc.count_props_ptr = (uintptr_t)counts;
	ioc.props_ptr = (uintptr_t)props;
	ioc.prop_values_ptr = (uintptr_t)values;
	do_ioctl(fd, DRM_IOCTL_MODE_ATOMIC, &ioc);
	ioc.flags = DRM_MODE_PAGE_FLIP_EVENT;
	do_ioctl_err(fd, DRM_IOCTL_MODE_ATOMIC, &ioc, EINVAL);
	ioc.flags = 0xdeadbeef;
	do_ioctl_err(fd, DRM_IOCTL_MODE_ATOMIC, &ioc, EINVAL);
	ioc.flags = 0;
	do_ioctl(fd, DRM_IOCTL_MODE_ATOMIC, &ioc);
	ioc.reserved = 1;
	do_ioctl_err(fd, DRM_IOCTL_MODE_ATOMIC, &ioc, EINVAL);
	ioc.reserved = 0;
	do_ioctl(fd, DRM_IOCTL_MODE_ATOMIC, &ioc);
	/* object id 0, and objects that take no properties */
	ioc.count_objs = 16;
	do_ioctl_err(fd, DRM_IOCTL_MODE_ATOMIC, &ioc, ENOENT);
	ioc.count_objs = 1;
	objs[0] = mode_id;
	do_ioctl_err(fd, DRM_IOCTL_MODE_ATOMIC, &ioc, ENOENT);
	objs[0] = fb.id;
	do_ioctl_err(fd, DRM_IOCTL_MODE_ATOMIC, &ioc, ENOENT);
	for (i = 0; i < 16; i++)
		objs[i] = out.crtc_id;
	do_ioctl(fd, DRM_IOCTL_MODE_ATOMIC, &ioc);
	/* property ids that are other objects */
	counts[0] = 1;
	do_ioctl_err(fd, DRM_IOCTL_MODE_ATOMIC, &ioc, ENOENT);
	props[0] = out.crtc_id;
	do_ioctl_err(fd, DRM_IOCTL_MODE_ATOMIC, &ioc, ENOENT);
	props[0] = out.primary;
	do_ioctl_err(fd, DRM_IOCTL_MODE_ATOMIC, &ioc, ENOENT);
	props[0] = out.conn_id;
	do_ioctl_err(fd, DRM_IOCTL_MODE_ATOMIC, &ioc, ENOENT);
	props[0] = mode_id;
	do_ioctl_err(fd, DRM_IOCTL_MODE_ATOMIC, &ioc, ENOENT);
	for (i = 0; i < 256; i++) {
		props[i] = mode_prop;
		values[i] = mode_id;
	}
	do_ioctl(fd, DRM_IOCTL_MODE_ATOMIC, &ioc);
	/* the same property many times */
	for (i = 0; i < 16; i++)
		counts[i] = 256 / 16;
	do_ioctl(fd, DRM_IOCTL_MODE_ATOMIC, &ioc);
	ioc.count_objs = 16;
	do_ioctl(fd, DRM_IOCTL_MODE_ATOMIC, &ioc);
	/* bad pointers */
	ioc.objs_ptr = 0;
	do_ioctl_err(fd, DRM_IOCTL_MODE_ATOMIC, &ioc, EFAULT);
	ioc.objs_ptr = (uintptr_t)objs;
	ioc.count_props_ptr = 0;
	do_ioctl_err(fd, DRM_IOCTL_MODE_ATOMIC, &ioc, EFAULT);
	ioc.count_props_ptr = (uintptr_t)counts;
	ioc.props_ptr = 0;
	do_ioctl_err(fd, DRM_IOCTL_MODE_ATOMIC, &ioc, EFAULT);
	ioc.props_ptr = (uintptr_t)props;
	ioc.prop_values_ptr = 0;
	do_ioctl_err(fd, DRM_IOCTL_MODE_ATOMIC, &ioc, EFAULT);
	ioc.prop_values_ptr = (uintptr_t)values;
	do_ioctl(fd, DRM_IOCTL_MODE_ATOMIC, &ioc);
	/* sizes that overflow or run off the arrays */
	ioc.count_objs = UINT32_MAX / sizeof(uint32_t);
	do_ioctl_err(fd, DRM_IOCTL_MODE_ATOMIC, &ioc, ENOENT);
	ioc.count_objs = 16;
	ioc.objs_ptr = UINT64_MAX - sizeof(uint32_t);
	do_ioctl_err(fd, DRM_IOCTL_MODE_ATOMIC, &ioc, EFAULT);
	ioc.count_objs = 1;
	ioc.objs_ptr = UINT64_MAX - sizeof(uint32_t);
	do_ioctl_err(fd, DRM_IOCTL_MODE_ATOMIC, &ioc, EFAULT);
	counts[0] = UINT32_MAX / sizeof(uint32_t);
	do_ioctl_err(fd, DRM_IOCTL_MODE_ATOMIC, &ioc, EFAULT);
	counts[0] = UINT32_MAX - 1;
	do_ioctl_err(fd, DRM_IOCTL_MODE_ATOMIC, &ioc, EFAULT);
	for (i = 0; i < 16; i++)
		counts[i] = UINT32_MAX / 16 + 1;
	do_ioctl_err(fd, DRM_IOCTL_MODE_ATOMIC, &ioc, EFAULT);
	for (i = 0; i < 16; i++)
		counts[i] = 256 / 16;
	do_ioctl_err(fd, DRM_IOCTL_MODE_ATOMIC, &ioc, EFAULT);
	atomic_clear();
}

static void commit_damage(const struct kfb *f, const struct drm_mode_rect *r, int n,
			  uint32_t w, uint32_t h)
{
	struct areq a;
	uint32_t blob;

	do_or_die(drmModeCreatePropertyBlob(fd, r, sizeof(*r) * n, &blob));
	plane_set_fb(&primary, f, 0, 0);
	primary.v[SRC_W] = (uint64_t)w << 16;
	primary.v[SRC_H] = (uint64_t)h << 16;
	primary.v[CRTC_W] = w;
	primary.v[CRTC_H] = h;
	areq_init(&a, fd);
	areq_add(&a, primary.id, DRM_MODE_OBJECT_PLANE, "FB_DAMAGE_CLIPS", blob);
	{
		int j;

		for (j = 0; j < NPROPS; j++)
			areq_add(&a, primary.id, DRM_MODE_OBJECT_PLANE, pnames[j], primary.v[j]);
	}
	do_or_die(areq_commit(&a, 0, NULL));
	areq_free(&a);
	crtc_check(&crtc, &primary, 0);
	plane_check(&primary, 0);
}

static void atomic_plane_damage(void)
{
	uint32_t w = out.mode.hdisplay, h = out.mode.vdisplay;
	struct drm_mode_rect d[2];
	struct kfb f1, f2, wide;

	atomic_setup();
	igt_assert_f(prop_id(fd, out.primary, DRM_MODE_OBJECT_PLANE, "FB_DAMAGE_CLIPS") ||
		     !is_virtio_gpu(), "virtio_gpu's primary plane without FB_DAMAGE_CLIPS");
	igt_require_f(prop_id(fd, out.primary, DRM_MODE_OBJECT_PLANE, "FB_DAMAGE_CLIPS"),
		      "primary plane has no FB_DAMAGE_CLIPS");
	kfb_create_color(fd, w, h, fb.format, 0x333333, &f1);
	plane_set_fb(&primary, &f1, 0, 0);
	crtc_commit(0);
	d[0] = (struct drm_mode_rect){ 0, 0, w / 2, h / 2 };
	commit_damage(&f1, d, 1, w, h);
	kfb_create_color(fd, w, h, fb.format, 0x00ff00, &f2);
	d[0] = (struct drm_mode_rect){ w / 2, 0, w, h / 2 };
	commit_damage(&f2, d, 1, w, h);
	/* a framebuffer wider than the plane: clips outside the source */
	kfb_create_color(fd, w * 2, h, fb.format, 0x333333, &wide);
	d[0] = (struct drm_mode_rect){ w, 0, w + w / 2, h / 2 };
	commit_damage(&wide, d, 1, w, h);
	d[0] = (struct drm_mode_rect){ w / 2, 0, w / 2 + w, h / 2 };
	commit_damage(&wide, d, 1, w, h);
	d[0] = (struct drm_mode_rect){ 0, h / 2, w / 2, h };
	d[1] = (struct drm_mode_rect){ w + w / 2, h / 2, w * 2, h };
	commit_damage(&wide, d, 2, w, h);
	/* overlapping clips */
	d[0] = (struct drm_mode_rect){ 0, 0, w / 2, h / 2 };
	d[1] = (struct drm_mode_rect){ w / 4, h / 4, w / 4 + w / 2, h / 4 + h / 2 };
	commit_damage(&wide, d, 2, w, h);
	plane_set_fb(&primary, &fb, 0, 0);
	crtc_commit(0);
	kfb_remove(&wide);
	kfb_remove(&f1);
	kfb_remove(&f2);
	atomic_clear();
}

static void plane_primary_overlay_mutable_zpos(void)
{
	uint32_t overlay = kms_plane_on_pipe(&k, out.pipe, DRM_PLANE_TYPE_OVERLAY, 0);
	uint32_t zp = prop_id(fd, out.primary, DRM_MODE_OBJECT_PLANE, "zpos");

	igt_require_f(overlay, "no overlay plane");
	igt_require_f(zp && !prop_is_immutable(fd, zp), "primary plane zpos not mutable");
	igt_skip("zpos ordering checks are not implemented here");
}

static void plane_immutable_zpos(void)
{
	uint32_t planes[MAX_PLANES];

	igt_require_f(kms_planes_on_pipe(&k, out.pipe, planes, MAX_PLANES) >= 2,
		      "needs two planes on the pipe");
	igt_require_f(kms_has_pipe_crc(fd), "needs pipe CRC support (debugfs crtc-N/crc)");
	igt_skip("CRC capture is not implemented here");
}

IGT_MAIN(setup,
	{ "plane-overlay-legacy", plane_overlay },
	{ "plane-primary-legacy", plane_primary },
	{ "plane-primary-overlay-mutable-zpos", plane_primary_overlay_mutable_zpos },
	{ "plane-immutable-zpos", plane_immutable_zpos },
	{ "test-only", test_only },
	{ "plane-cursor-legacy", plane_cursor },
	{ "plane-invalid-params", plane_invalid_params },
	{ "plane-invalid-params-fence", plane_invalid_params_fence },
	{ "crtc-invalid-params", crtc_invalid_params },
	{ "crtc-invalid-params-fence", crtc_invalid_params_fence },
	{ "atomic-invalid-params", atomic_invalid_params },
	{ "atomic-plane-damage", atomic_plane_damage },
)
