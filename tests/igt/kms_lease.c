// SPDX-License-Identifier: MIT
/*
 * kms_lease: DRM leases: creating, listing, querying and revoking them,
 * what a lessee may and may not touch (including planes leased
 * implicitly for clients without universal planes), master status of
 * lessees, possible_crtcs as a lessee sees them, and lease uevents.
 */
#include <linux/netlink.h>
#include <sys/socket.h>
#include <unistd.h>

#include "kms.h"

static int master_fd;
static struct kms k;

struct lease_data {
	uint32_t crtc_id, connector_id, plane_id;
	int pipe, lease_fd;
	uint32_t lessee_id;
	struct output out;
};

static void setup(void)
{
	master_fd = drm_open_master();
	kms_init(&k, master_fd);
}

static int create_lease(int fd, struct drm_mode_create_lease *mcl)
{
	return vgh_ioctl(fd, DRM_IOCTL_MODE_CREATE_LEASE, mcl);
}

static int list_lessees(int fd, struct drm_mode_list_lessees *m)
{
	return vgh_ioctl(fd, DRM_IOCTL_MODE_LIST_LESSEES, m);
}

static int get_lease(int fd, struct drm_mode_get_lease *m)
{
	return vgh_ioctl(fd, DRM_IOCTL_MODE_GET_LEASE, m);
}

static int revoke_lease(int fd, uint32_t lessee)
{
	struct drm_mode_revoke_lease r = { .lessee_id = lessee };

	return vgh_ioctl(fd, DRM_IOCTL_MODE_REVOKE_LEASE, &r);
}

static int make_lease(struct lease_data *d)
{
	uint32_t ids[3] = { d->connector_id, d->crtc_id, d->plane_id };
	struct drm_mode_create_lease mcl = { .object_ids = (uintptr_t)ids, .object_count = 3 };
	int ret = create_lease(master_fd, &mcl);

	if (ret)
		return ret;
	d->lease_fd = mcl.fd;
	d->lessee_id = mcl.lessee_id;
	return 0;
}

/*
 * Light up the output through fd (the master or the lessee) with a
 * black framebuffer and wait for a vblank; 0 or -errno of SETCRTC.
 */
static int prepare_crtc(int fd, struct lease_data *d, struct kfb *fb)
{
	uint32_t conn = d->connector_id;
	drmModeRes *res = drmModeGetResources(fd);
	int i, pipe = -1, ret;

	igt_assert(res);
	for (i = 0; i < res->count_crtcs; i++)
		if (res->crtcs[i] == d->crtc_id)
			pipe = i;
	drmModeFreeResources(res);
	kfb_create_color(fd, d->out.mode.hdisplay, d->out.mode.vdisplay,
			 DRM_FORMAT_XRGB8888, 0, fb);
	ret = set_crtc(fd, d->crtc_id, fb->id, 0, 0, &conn, 1, &d->out.mode);
	if (ret)
		return ret;
	igt_assert(pipe >= 0);
	wait_for_vblank(fd, pipe);
	return 0;
}

static void cleanup_crtc(int fd, struct lease_data *d, struct kfb *fb)
{
	kfb_remove(fb);
	set_crtc(fd, d->crtc_id, 0, 0, 0, NULL, 0, NULL);
}

static uint32_t other_plane(struct lease_data *d)
{
	int i;

	for (i = 0; i < k.n_planes; i++)
		if (k.planes[i].id != d->plane_id)
			return k.planes[i].id;
	return 0;
}

static void simple_lease(struct lease_data *d)
{
	struct kfb fb;

	igt_assert_eq(make_lease(d), 0);
	drm_require_kms(d->lease_fd);
	drmSetClientCap(d->lease_fd, DRM_CLIENT_CAP_UNIVERSAL_PLANES, 1);
	igt_assert_eq(prepare_crtc(d->lease_fd, d, &fb), 0);
	cleanup_crtc(d->lease_fd, d, &fb);
}

static void empty_lease(struct lease_data *d)
{
	struct drm_mode_create_lease mcl = { 0 };

	igt_assert_eq(create_lease(master_fd, &mcl), 0);
	d->lease_fd = mcl.fd;
}

static void lessee_list(struct lease_data *d)
{
	struct drm_mode_list_lessees mll = { 0 };
	uint32_t lessees[1];

	igt_assert_eq(make_lease(d), 0);
	/* no nested leases */
	igt_assert_eq(list_lessees(d->lease_fd, &mll), 0);
	igt_assert_eq(mll.count_lessees, 0);
	mll.count_lessees = 0;
	mll.lessees_ptr = 0;
	igt_assert_eq(list_lessees(master_fd, &mll), 0);
	igt_assert_eq(mll.count_lessees, 1);
	/* a count without a buffer */
	igt_assert_eq(list_lessees(master_fd, &mll), -EFAULT);
	mll.lessees_ptr = (uintptr_t)lessees;
	igt_assert_eq(list_lessees(master_fd, &mll), 0);
	igt_assert_eq(mll.count_lessees, 1);
	igt_assert_eq(lessees[0], d->lessee_id);
	mll.pad = -1;
	igt_assert_eq(list_lessees(master_fd, &mll), -EINVAL);
	mll.pad = 0;
	close(d->lease_fd);
	d->lease_fd = -1;
	igt_assert_eq(list_lessees(master_fd, &mll), 0);
	igt_assert_eq(mll.count_lessees, 0);
}

static void lease_get(struct lease_data *d)
{
	struct drm_mode_get_lease mgl = { 0 };
	uint32_t objs[3], want[3] = { d->connector_id, d->crtc_id, d->plane_id };
	int i, o;

	igt_assert_eq(make_lease(d), 0);
	igt_assert_eq(get_lease(d->lease_fd, &mgl), 0);
	igt_assert_eq(mgl.count_objects, 3);
	mgl.objects_ptr = (uintptr_t)objs;
	igt_assert_eq(get_lease(d->lease_fd, &mgl), 0);
	igt_assert_eq(mgl.count_objects, 3);
	for (i = 0; i < 3; i++) {
		for (o = 0; o < 3 && objs[o] != want[i]; o++)
			;
		igt_assert_f(o < 3, "object %u missing from the lease", want[i]);
	}
	mgl.pad = -1;
	igt_assert_eq(get_lease(d->lease_fd, &mgl), -EINVAL);
	mgl.pad = 0;
	mgl.objects_ptr = 0;
	igt_assert_eq(get_lease(d->lease_fd, &mgl), -EFAULT);
}

static void lease_unleased_crtc(struct lease_data *d)
{
	uint32_t bad = 0;
	drmModeCrtc *crtc;
	int i;

	igt_assert_eq(make_lease(d), 0);
	drm_require_kms(d->lease_fd);
	for (i = 0; i < k.n_crtcs && !bad; i++)
		if (k.crtcs[i] != d->crtc_id)
			bad = k.crtcs[i];
	igt_require_f(bad, "needs a second CRTC");
	igt_assert_eq(set_crtc(d->lease_fd, d->crtc_id, 0, 0, 0, NULL, 0, NULL), 0);
	crtc = drmModeGetCrtc(d->lease_fd, d->crtc_id);
	igt_assert(crtc);
	drmModeFreeCrtc(crtc);
	igt_assert_eq(set_crtc(d->lease_fd, bad, 0, 0, 0, NULL, 0, NULL), -ENOENT);
	crtc = drmModeGetCrtc(d->lease_fd, bad);
	igt_assert(!crtc);
	igt_assert_eq(errno, ENOENT);
}

static void lease_unleased_connector(struct lease_data *d)
{
	uint32_t bad = 0;
	drmModeConnector *c;
	int i;

	igt_assert_eq(make_lease(d), 0);
	drm_require_kms(d->lease_fd);
	for (i = 0; i < k.n_conns && !bad; i++)
		if (k.conns[i]->connector_id != d->connector_id)
			bad = k.conns[i]->connector_id;
	igt_require_f(bad, "needs a second connector");
	c = drmModeGetConnector(d->lease_fd, d->connector_id);
	igt_assert(c);
	drmModeFreeConnector(c);
	c = drmModeGetConnector(d->lease_fd, bad);
	igt_assert(!c);
	igt_assert_eq(errno, ENOENT);
}

static void lease_revoke(struct lease_data *d)
{
	struct kfb fb;

	igt_assert_eq(make_lease(d), 0);
	drm_require_kms(d->lease_fd);
	igt_assert_eq(revoke_lease(master_fd, 0), -ENOENT);
	igt_assert_eq(revoke_lease(d->lease_fd, d->lessee_id), -EACCES);
	igt_assert_eq(revoke_lease(master_fd, d->lessee_id), 0);
	/* the lessee lost its objects */
	igt_assert_eq(prepare_crtc(d->lease_fd, d, &fb), -ENOENT);
	kfb_remove(&fb);
	close(d->lease_fd);
	d->lease_fd = -1;
	igt_assert_eq(revoke_lease(master_fd, d->lessee_id), -ENOENT);
}

static void lease_again(struct lease_data *d)
{
	int first;

	igt_assert_eq(make_lease(d), 0);
	first = d->lease_fd;
	igt_assert_eq(make_lease(d), -EBUSY);
	close(first);
	igt_assert_eq(make_lease(d), 0);
}

static void assert_unleased(int ret)
{
	igt_assert_f(ret == -EINVAL || ret == -ENOENT, "got %d (%s), want EINVAL or ENOENT",
		     ret, strerror(-ret));
}

static void lease_invalid_connector(struct lease_data *d)
{
	d->connector_id = 0xbaadf00d;
	assert_unleased(make_lease(d));
}

static void lease_invalid_crtc(struct lease_data *d)
{
	d->crtc_id = 0xbaadf00d;
	assert_unleased(make_lease(d));
}

static void lease_invalid_plane(struct lease_data *d)
{
	d->plane_id = 0xbaadf00d;
	assert_unleased(make_lease(d));
}

/* Lease connector + CRTC only, the planes come implicitly. */
static void implicit_lease(struct lease_data *d, uint32_t *ids, int *count)
{
	struct drm_mode_create_lease mcl = { .object_ids = (uintptr_t)ids };

	ids[0] = d->connector_id;
	ids[1] = d->crtc_id;
	mcl.object_count = 2;
	drmSetClientCap(master_fd, DRM_CLIENT_CAP_UNIVERSAL_PLANES, 0);
	do_or_die(create_lease(master_fd, &mcl));
	drmSetClientCap(master_fd, DRM_CLIENT_CAP_UNIVERSAL_PLANES, 1);
	d->lease_fd = mcl.fd;
	*count = 2;
}

static void relesase_with(struct lease_data *d, uint32_t *ids, int count, uint32_t plane)
{
	struct drm_mode_create_lease mcl = { .object_ids = (uintptr_t)ids };

	close(d->lease_fd);
	ids[count] = plane;
	mcl.object_count = count + 1;
	do_or_die(create_lease(master_fd, &mcl));
	d->lease_fd = mcl.fd;
}

static void page_flip_implicit_plane(struct lease_data *d)
{
	uint32_t ids[3], wrong = other_plane(d);
	struct kfb fb;
	int count;

	igt_require_f(wrong, "needs a plane other than the primary");
	implicit_lease(d, ids, &count);
	igt_assert_eq(prepare_crtc(master_fd, d, &fb), 0);
	do_or_die(drmModePageFlip(master_fd, d->crtc_id, fb.id, 0, NULL));
	wait_for_vblank(master_fd, d->pipe);
	do_or_die(drmModePageFlip(d->lease_fd, d->crtc_id, fb.id, 0, NULL));
	relesase_with(d, ids, count, wrong);
	wait_for_vblank(master_fd, d->pipe);
	igt_assert_eq(drmModePageFlip(d->lease_fd, d->crtc_id, fb.id, 0, NULL), -EACCES);
	cleanup_crtc(master_fd, d, &fb);
}

static void setcrtc_implicit_plane(struct lease_data *d)
{
	uint32_t ids[3], wrong = other_plane(d);
	drmModeModeInfo mode = d->out.mode;
	struct kfb fb;
	int count, ret, ret_lease;

	igt_require_f(wrong, "needs a plane other than the primary");
	implicit_lease(d, ids, &count);
	if (mode.flags & DRM_MODE_FLAG_PIC_AR_MASK)
		drmSetClientCap(d->lease_fd, DRM_CLIENT_CAP_ASPECT_RATIO, 1);
	igt_assert_eq(prepare_crtc(master_fd, d, &fb), 0);
	/* fb -1: keep the current framebuffer */
	ret = set_crtc(master_fd, d->crtc_id, -1, 0, 0, ids, 1, &mode);
	ret_lease = set_crtc(d->lease_fd, d->crtc_id, -1, 0, 0, ids, 1, &mode);
	igt_assert_eq(ret, 0);
	igt_assert_eq(ret_lease, 0);
	relesase_with(d, ids, count, wrong);
	igt_assert_eq(set_crtc(d->lease_fd, d->crtc_id, -1, 0, 0, ids, 1, &mode), -EACCES);
	/* turning the CRTC off is allowed */
	do_or_die(set_crtc(d->lease_fd, d->crtc_id, 0, 0, 0, NULL, 0, NULL));
	cleanup_crtc(master_fd, d, &fb);
}

static void cursor_implicit_plane(struct lease_data *d)
{
	uint32_t ids[3];
	struct kfb fb;
	int count;

	implicit_lease(d, ids, &count);
	igt_assert_eq(prepare_crtc(master_fd, d, &fb), 0);
	do_or_die(drmModeSetCursor(master_fd, d->crtc_id, 0, 0, 0));
	do_or_die(drmModeSetCursor(d->lease_fd, d->crtc_id, 0, 0, 0));
	/* the primary plane is never the cursor */
	relesase_with(d, ids, count, d->plane_id);
	igt_assert_eq(drmModeSetCursor(d->lease_fd, d->crtc_id, 0, 0, 0), -EACCES);
	cleanup_crtc(master_fd, d, &fb);
}

static void atomic_implicit_crtc(struct lease_data *d)
{
	uint32_t ids[3] = { d->connector_id, d->plane_id, 0 }, crtc_prop;
	struct drm_mode_create_lease mcl = { .object_ids = (uintptr_t)ids, .object_count = 3 };
	struct areq a;
	int i, ret;

	igt_require(k.atomic);
	for (i = 0; i < k.n_crtcs && !ids[2]; i++)
		if (k.crtcs[i] != d->crtc_id)
			ids[2] = k.crtcs[i];
	igt_require_f(ids[2], "needs a second CRTC");
	crtc_prop = prop_id(master_fd, d->plane_id, DRM_MODE_OBJECT_PLANE, "CRTC_ID");
	igt_assert(crtc_prop);
	do_or_die(create_lease(master_fd, &mcl));
	d->lease_fd = mcl.fd;
	do_or_die(drmSetClientCap(d->lease_fd, DRM_CLIENT_CAP_ATOMIC, 1));
	areq_init(&a, master_fd);
	areq_add_id(&a, d->plane_id, crtc_prop, d->crtc_id);
	ret = areq_commit(&a, DRM_MODE_ATOMIC_TEST_ONLY, NULL);
	igt_assert(ret == 0 || ret == -EINVAL);
	a.fd = d->lease_fd;
	igt_assert_eq(areq_commit(&a, DRM_MODE_ATOMIC_TEST_ONLY, NULL), -EACCES);
	areq_free(&a);
	/* CRTC_ID is one property for planes and connectors */
	areq_init(&a, master_fd);
	areq_add_id(&a, d->connector_id, crtc_prop, d->crtc_id);
	ret = areq_commit(&a, DRM_MODE_ATOMIC_TEST_ONLY, NULL);
	igt_assert(ret == 0 || ret == -EINVAL);
	a.fd = d->lease_fd;
	igt_assert_eq(areq_commit(&a, DRM_MODE_ATOMIC_TEST_ONLY, NULL), -EACCES);
	areq_free(&a);
}

static void run(void (*fn)(struct lease_data *))
{
	struct output outs[MAX_CRTCS * MAX_CONNECTORS];
	int i, n;

	kms_require_output(&k);
	n = kms_valid_outputs(&k, outs, MAX_CRTCS * MAX_CONNECTORS);
	for (i = 0; i < n; i++) {
		struct lease_data d = {
			.crtc_id = outs[i].crtc_id, .connector_id = outs[i].conn_id,
			.plane_id = outs[i].primary, .pipe = outs[i].pipe, .lease_fd = -1,
			.out = outs[i],
		};

		igt_info("pipe-%c-%s", 'A' + outs[i].pipe, outs[i].name);
		kms_reset_display(&k);
		fn(&d);
		if (d.lease_fd >= 0)
			close(d.lease_fd);
	}
}

#define DYN(name) static void t_##name(void) { run(name); }
DYN(simple_lease) DYN(empty_lease) DYN(lessee_list) DYN(lease_get)
DYN(lease_unleased_connector) DYN(lease_unleased_crtc) DYN(lease_revoke)
DYN(lease_again) DYN(lease_invalid_connector) DYN(lease_invalid_crtc)
DYN(lease_invalid_plane) DYN(page_flip_implicit_plane) DYN(setcrtc_implicit_plane)
DYN(cursor_implicit_plane) DYN(atomic_implicit_crtc)

/* The first CRTC, first output and that CRTC's primary plane. */
static void simple_ids(uint32_t *ids)
{
	igt_require(k.n_conns > 0);
	ids[0] = k.crtcs[0];
	ids[1] = k.conns[0]->connector_id;
	ids[2] = kms_plane_on_pipe(&k, 0, DRM_PLANE_TYPE_PRIMARY, 0);
}

static int create_simple_lease(int fd, int expected)
{
	uint32_t ids[3];
	struct drm_mode_create_lease mcl = { .object_ids = (uintptr_t)ids, .object_count = 3 };

	simple_ids(ids);
	igt_assert_eq(create_lease(fd, &mcl), expected);
	return expected ? -1 : (int)mcl.fd;
}

static void assert_double_id(int ret)
{
	igt_assert_f(ret == -EBUSY || ret == -ENOSPC, "got %d (%s), want EBUSY or ENOSPC",
		     ret, strerror(-ret));
}

static void invalid_create_leases(void)
{
	uint32_t ids[4];
	struct drm_mode_create_lease mcl = { 0 };
	int tmp, i;

	simple_ids(ids);
	mcl.object_count = 1;
	igt_assert_eq(create_lease(master_fd, &mcl), -EFAULT);
	ids[0] = 0;
	mcl.object_ids = (uintptr_t)ids;
	igt_assert_eq(create_lease(master_fd, &mcl), -ENOENT);
	drmSetClientCap(master_fd, DRM_CLIENT_CAP_UNIVERSAL_PLANES, 0);
	ids[0] = k.conns[0]->connector_id;	/* no CRTC */
	igt_assert_eq(create_lease(master_fd, &mcl), -EINVAL);
	ids[0] = k.crtcs[0];			/* no connector */
	igt_assert_eq(create_lease(master_fd, &mcl), -EINVAL);
	ids[1] = k.conns[0]->connector_id;
	mcl.object_count = 2;
	igt_assert_eq(create_lease(master_fd, &mcl), 0);
	close(mcl.fd);
	/* with universal planes, the plane is required */
	drmSetClientCap(master_fd, DRM_CLIENT_CAP_UNIVERSAL_PLANES, 1);
	igt_assert_eq(create_lease(master_fd, &mcl), -EINVAL);
	ids[2] = kms_plane_on_pipe(&k, 0, DRM_PLANE_TYPE_PRIMARY, 0);
	mcl.object_count = 3;
	igt_assert_eq(create_lease(master_fd, &mcl), 0);
	close(mcl.fd);
	for (i = 1; i <= 4; i++) {
		mcl.object_count = UINT32_MAX / sizeof(ids[0]) + i;
		igt_assert_eq(create_lease(master_fd, &mcl), -ENOMEM);
	}
	mcl.object_count = 3;
	mcl.flags = O_CLOEXEC | O_NONBLOCK;
	igt_assert_eq(create_lease(master_fd, &mcl), 0);
	close(mcl.fd);
	mcl.flags = -1;
	igt_assert_eq(create_lease(master_fd, &mcl), -EINVAL);
	/* no sub-leases */
	mcl.flags = 0;
	igt_assert_eq(create_lease(master_fd, &mcl), 0);
	tmp = mcl.fd;
	igt_assert_eq(create_lease(tmp, &mcl), -EINVAL);
	close(tmp);
	/* no object in two leases, or twice in one */
	igt_assert_eq(create_lease(master_fd, &mcl), 0);
	tmp = mcl.fd;
	igt_assert_eq(create_lease(master_fd, &mcl), -EBUSY);
	close(tmp);
	ids[3] = ids[2];
	mcl.object_count = 4;
	assert_double_id(create_lease(master_fd, &mcl));
	/* encoders cannot be leased */
	igt_assert(k.res->count_encoders > 0);
	ids[3] = k.res->encoders[0];
	igt_assert_eq(create_lease(master_fd, &mcl), -EINVAL);
}

static void check_crtc_masks(int lease_fd, uint32_t mask)
{
	int i;

	for (i = 0; i < k.res->count_encoders; i++) {
		drmModeEncoder *m = drmModeGetEncoder(master_fd, k.res->encoders[i]);
		drmModeEncoder *l = drmModeGetEncoder(lease_fd, k.res->encoders[i]);
		bool possible;

		igt_assert(m && l);
		possible = m->possible_crtcs & mask;
		igt_assert_eq(l->possible_crtcs, possible ? 1 : 0);
		igt_assert_eq(m->possible_crtcs & mask, possible ? mask : 0);
		drmModeFreeEncoder(m);
		drmModeFreeEncoder(l);
	}
	for (i = 0; i < k.n_planes; i++) {
		drmModePlane *m = drmModeGetPlane(master_fd, k.planes[i].id);
		drmModePlane *l = drmModeGetPlane(lease_fd, k.planes[i].id);
		bool possible;

		igt_assert(m && l);
		possible = m->possible_crtcs & mask;
		igt_assert_eq(l->possible_crtcs, possible ? 1 : 0);
		igt_assert_eq(m->possible_crtcs & mask, possible ? mask : 0);
		drmModeFreePlane(m);
		drmModeFreePlane(l);
	}
}

static void possible_crtcs_filtering(void)
{
	uint32_t ids[MAX_CONNECTORS + MAX_PLANES + 1];
	struct drm_mode_create_lease mcl = { .object_ids = (uintptr_t)ids };
	int i, n = 0;

	for (i = 0; i < k.n_conns; i++)
		ids[n++] = k.conns[i]->connector_id;
	for (i = 0; i < k.n_planes; i++)
		ids[n++] = k.planes[i].id;
	mcl.object_count = n + 1;
	for (i = 0; i < k.n_crtcs; i++) {
		ids[n] = k.crtcs[i];
		igt_assert_eq(create_lease(master_fd, &mcl), 0);
		drmSetClientCap(mcl.fd, DRM_CLIENT_CAP_UNIVERSAL_PLANES, 1);
		check_crtc_masks(mcl.fd, 1u << i);
		close(mcl.fd);
	}
}

static void master_vs_lease(void)
{
	int lease_fd = create_simple_lease(master_fd, 0);

	igt_assert_eq(drmDropMaster(lease_fd), -1);
	igt_assert_eq(errno, EINVAL);
	igt_assert(drm_is_master(master_fd));
	igt_assert(drm_is_master(lease_fd));
	do_or_die(drmDropMaster(master_fd));
	igt_assert(!drm_is_master(master_fd));
	igt_assert(!drm_is_master(lease_fd));
	igt_assert_eq(drmSetMaster(lease_fd), -1);
	igt_assert_eq(errno, EINVAL);
	do_or_die(drmSetMaster(master_fd));
	igt_assert(drm_is_master(master_fd));
	igt_assert(drm_is_master(lease_fd));
	close(lease_fd);
}

static void multimaster_lease(void)
{
	int lease_fd = create_simple_lease(master_fd, 0), master2, lease2;

	igt_assert(drm_is_master(master_fd));
	igt_assert(drm_is_master(lease_fd));
	master2 = drm_open();
	igt_assert(!drm_is_master(master2));
	create_simple_lease(master2, -EACCES);
	do_or_die(drmDropMaster(master_fd));
	do_or_die(drmSetMaster(master2));
	igt_assert(!drm_is_master(master_fd));
	igt_assert(!drm_is_master(lease_fd));
	igt_assert(drm_is_master(master2));
	drmSetClientCap(master2, DRM_CLIENT_CAP_UNIVERSAL_PLANES, 1);
	lease2 = create_simple_lease(master2, 0);
	close(master2);		/* closing drops master */
	igt_assert(!drm_is_master(lease2));
	do_or_die(drmSetMaster(master_fd));
	igt_assert(drm_is_master(master_fd));
	igt_assert(drm_is_master(lease_fd));
	close(lease2);
	close(lease_fd);
}

static void implicit_plane_lease(void)
{
	uint32_t ids[3], cursor = kms_plane_on_pipe(&k, 0, DRM_PLANE_TYPE_CURSOR, 0);
	struct drm_mode_create_lease mcl = { .object_ids = (uintptr_t)ids, .object_count = 3 };
	struct drm_mode_get_lease mgl = { 0 };

	simple_ids(ids);
	igt_assert_eq(create_lease(master_fd, &mcl), 0);
	close(mcl.fd);
	drmSetClientCap(master_fd, DRM_CLIENT_CAP_UNIVERSAL_PLANES, 0);
	/* without universal planes, primary and cursor come with the CRTC */
	mcl.object_count = 2;
	igt_assert_eq(create_lease(master_fd, &mcl), 0);
	igt_assert_eq(get_lease(mcl.fd, &mgl), 0);
	igt_assert_eq(mgl.count_objects, 3 + (cursor ? 1 : 0));
	close(mcl.fd);
	mcl.object_count = 3;
	assert_double_id(create_lease(master_fd, &mcl));
	ids[2] = cursor;
	assert_double_id(create_lease(master_fd, &mcl));
	drmSetClientCap(master_fd, DRM_CLIENT_CAP_UNIVERSAL_PLANES, 1);
}

static int uevent_open(void)
{
	struct sockaddr_nl a = { .nl_family = AF_NETLINK, .nl_groups = 1 };
	int s = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
		       NETLINK_KOBJECT_UEVENT);

	igt_require_f(s >= 0, "no uevent socket: %s", strerror(errno));
	igt_assert_eq(bind(s, (struct sockaddr *)&a, sizeof(a)), 0);
	return s;
}

/* Was a "LEASE=1" uevent sent within timeout_s? */
static bool lease_uevent_seen(int s, int timeout_s)
{
	double end = igt_now() + timeout_s;
	char buf[4096];

	while (igt_now() < end) {
		ssize_t n, off;

		if (!fd_readable(s, 100))
			continue;
		n = recv(s, buf, sizeof(buf) - 1, 0);
		if (n <= 0)
			continue;
		buf[n] = 0;
		for (off = 0; off < n; off += strlen(buf + off) + 1)
			if (!strcmp(buf + off, "LEASE=1"))
				return true;
	}
	return false;
}

static void lease_uevent(void)
{
	struct drm_mode_list_lessees mll = { 0 };
	int s = uevent_open(), lease_fd;
	char buf[4096];

	while (recv(s, buf, sizeof(buf), 0) > 0)
		;
	lease_fd = create_simple_lease(master_fd, 0);
	igt_assert(!lease_uevent_seen(s, 1));
	igt_assert_eq(list_lessees(master_fd, &mll), 0);
	igt_assert_eq(mll.count_lessees, 1);
	close(lease_fd);
	igt_assert(lease_uevent_seen(s, 1));
	mll.lessees_ptr = 0;
	igt_assert_eq(list_lessees(master_fd, &mll), 0);
	igt_assert_eq(mll.count_lessees, 0);
	close(s);
}

IGT_MAIN(setup,
	{ "simple-lease", t_simple_lease },
	{ "empty-lease", t_empty_lease },
	{ "lessee-list", t_lessee_list },
	{ "lease-get", t_lease_get },
	{ "lease-unleased-connector", t_lease_unleased_connector },
	{ "lease-unleased-crtc", t_lease_unleased_crtc },
	{ "lease-revoke", t_lease_revoke },
	{ "lease-again", t_lease_again },
	{ "lease-invalid-connector", t_lease_invalid_connector },
	{ "lease-invalid-crtc", t_lease_invalid_crtc },
	{ "lease-invalid-plane", t_lease_invalid_plane },
	{ "page-flip-implicit-plane", t_page_flip_implicit_plane },
	{ "setcrtc-implicit-plane", t_setcrtc_implicit_plane },
	{ "cursor-implicit-plane", t_cursor_implicit_plane },
	{ "atomic-implicit-crtc", t_atomic_implicit_crtc },
	{ "invalid-create-leases", invalid_create_leases },
	{ "possible-crtcs-filtering", possible_crtcs_filtering },
	{ "master-vs-lease", master_vs_lease },
	{ "multimaster-lease", multimaster_lease },
	{ "implicit-plane-lease", implicit_plane_lease },
	{ "lease-uevent", lease_uevent },
)
