// SPDX-License-Identifier: MIT
/*
 * kms_atomic_transition: every combination of planes on a pipe switched
 * on and off by atomic commits (blocking, nonblocking, with out-fences
 * and sw_sync in-fences, with and without full modesets), a primary
 * plane toggled with vblank waits in between, and modesets over every
 * combination of CRTCs, each completing with its event or fence.
 */
#include <poll.h>
#include <pthread.h>
#include <unistd.h>

#include "kms.h"

enum type { PLANES, AFTER_FREE, MODESET, MODESET_FAST, MODESET_DISABLE };

static int fd;
static struct kms k;

static void setup(void)
{
	fd = drm_open_master();
	kms_init(&k, fd);
	igt_require_f(k.atomic, "driver has no atomic modesetting");
	kms_require_output(&k);
}

struct pstate {
	uint32_t id, type, mask, w, h;
	const struct kfb *fb;		/* NULL: off */
	int timeline, seqno;
};

struct tstate {
	struct output *o;
	bool on;
	drmModeModeInfo mode;
	uint32_t mode_blob;
	int np;
	struct pstate p[MAX_PLANES];
	int32_t out_fence;
	bool fencing;
};

static void *fence_inc(void *arg)
{
	usleep(5000);
	sw_sync_timeline_inc((int)(intptr_t)arg, 1);
	return NULL;
}

/* Commit the pipe's state; planes are off when the output is off. */
static int commit(struct tstate *t, uint32_t flags)
{
	const struct output *o = t->o;
	int i, ret, fences[MAX_PLANES], nfences = 0;
	struct areq a;

	areq_init(&a, fd);
	areq_add(&a, o->conn_id, DRM_MODE_OBJECT_CONNECTOR, "CRTC_ID", t->on ? o->crtc_id : 0);
	areq_add(&a, o->crtc_id, DRM_MODE_OBJECT_CRTC, "MODE_ID", t->on ? t->mode_blob : 0);
	areq_add(&a, o->crtc_id, DRM_MODE_OBJECT_CRTC, "ACTIVE", t->on);
	t->out_fence = -1;
	if (t->fencing)
		areq_add(&a, o->crtc_id, DRM_MODE_OBJECT_CRTC, "OUT_FENCE_PTR",
			 (uintptr_t)&t->out_fence);
	for (i = 0; i < t->np; i++) {
		struct pstate *p = &t->p[i];
		struct kfb f;

		if (!t->on || !p->fb) {
			areq_plane_off(&a, p->id);
			continue;
		}
		f = *p->fb;
		f.width = p->w;
		f.height = p->h;
		areq_plane(&a, p->id, o->crtc_id, &f, 0, 0);
		if (t->fencing && p->timeline >= 0) {
			pthread_t th;
			int fence = sw_sync_fence_create(p->timeline, ++p->seqno);

			areq_add(&a, p->id, DRM_MODE_OBJECT_PLANE, "IN_FENCE_FD", fence);
			igt_assert_eq(pthread_create(&th, NULL, fence_inc,
						     (void *)(intptr_t)p->timeline), 0);
			pthread_detach(th);
			/* the kernel takes the fence at the commit: open until then */
			fences[nfences++] = fence;
		}
	}
	ret = areq_commit(&a, flags, NULL);
	areq_free(&a);
	while (nfences)
		close(fences[--nfences]);
	return ret;
}

/* Planes whose mask bit is in mask get their fb; others go off. */
static int setup_planes(struct tstate *t, uint32_t mask, const struct kfb **fbs)
{
	int i, changed = 0;

	for (i = 0; i < t->np; i++) {
		struct pstate *p = &t->p[i];

		if (!mask || !(p->mask & mask)) {
			if (p->fb && p->type != DRM_PLANE_TYPE_PRIMARY) {
				p->fb = NULL;
				changed++;
			}
			continue;
		}
		p->fb = fbs[i];
		changed++;
	}
	return changed;
}

static void wait_transition(struct tstate *t, bool nonblocking)
{
	if (t->fencing) {
		igt_assert(t->out_fence >= 0);
		if (!nonblocking)
			igt_assert(fd_readable(t->out_fence, 0));
		igt_assert_eq(sync_fence_wait(t->out_fence, 30000), 0);
		close(t->out_fence);
		t->out_fence = -1;
	} else {
		char buf[64];

		if (!nonblocking)
			igt_assert(fd_readable(fd, 0));
		igt_assert(read_event(fd, buf, sizeof(buf), 30000) > 0);
	}
}

static int hweight(uint32_t v)
{
	return __builtin_popcount(v);
}

static void transition(struct output *o, enum type type, bool nonblocking, bool fencing)
{
	static struct tstate t;
	const struct kfb *fbs[MAX_PLANES];
	struct kfb primary_fb, argb_fb, sprite_fb;
	uint32_t ids[MAX_PLANES], iter_mask = 3, iter_max, i, j, flags = 0;
	uint64_t cw = 64, ch = 64;
	drmModeModeInfo override;
	int n, overlays = 0;

	memset(&t, 0, sizeof(t));
	if (fencing)
		igt_require_sw_sync();
	else
		flags |= DRM_MODE_PAGE_FLIP_EVENT;
	if (nonblocking)
		flags |= DRM_MODE_ATOMIC_NONBLOCK;
	if (type >= MODESET)
		flags |= DRM_MODE_ATOMIC_ALLOW_MODESET;
	kms_reset_display(&k);
	t.o = o;
	t.fencing = fencing;
	t.mode = o->mode;
	t.mode_blob = mode_blob(fd, &t.mode);
	override = o->mode;
	override.flags ^= DRM_MODE_FLAG_PHSYNC | DRM_MODE_FLAG_NHSYNC;
	do_or_die(drmGetCap(fd, DRM_CAP_CURSOR_WIDTH, &cw));
	do_or_die(drmGetCap(fd, DRM_CAP_CURSOR_HEIGHT, &ch));
	if (cw > o->mode.hdisplay)
		cw = o->mode.hdisplay;
	if (ch > o->mode.vdisplay)
		ch = o->mode.vdisplay;
	kfb_create(fd, o->mode.hdisplay, o->mode.vdisplay, DRM_FORMAT_XRGB8888, &primary_fb);
	kfb_create(fd, cw, ch, DRM_FORMAT_ARGB8888, &argb_fb);
	kfb_create(fd, cw, ch, DRM_FORMAT_ARGB8888, &sprite_fb);
	n = kms_planes_on_pipe(&k, o->pipe, ids, MAX_PLANES);
	t.np = n;
	for (i = 0; i < (uint32_t)n; i++) {
		struct pstate *p = &t.p[i];

		p->id = ids[i];
		p->type = kms_plane_type(fd, ids[i]);
		p->timeline = fencing ? sw_sync_timeline_create() : -1;
		if (p->type == DRM_PLANE_TYPE_PRIMARY) {
			fbs[i] = &primary_fb;
			p->w = o->mode.hdisplay;
			p->h = o->mode.vdisplay;
			p->mask = 1;
		} else if (p->type == DRM_PLANE_TYPE_CURSOR) {
			fbs[i] = &argb_fb;
			p->w = cw;
			p->h = ch;
			p->mask = 2;
		} else {
			fbs[i] = &sprite_fb;
			p->w = cw;
			p->h = ch;
			p->mask = overlays++ % 2 ? 8 : 4;
			iter_mask |= p->mask;
		}
	}
	iter_max = iter_mask + 1;
	/* as IGT: the setup and test-only commits carry no fences */
	t.fencing = false;
	t.on = true;
	setup_planes(&t, 0, fbs);
	if (flags & DRM_MODE_ATOMIC_ALLOW_MODESET) {
		t.on = false;
		do_or_die(commit(&t, DRM_MODE_ATOMIC_ALLOW_MODESET));
		t.on = true;
	}
	do_or_die(commit(&t, DRM_MODE_ATOMIC_ALLOW_MODESET));
	setup_planes(&t, iter_max - 1, fbs);
	{
		int ret = commit(&t, DRM_MODE_ATOMIC_TEST_ONLY | DRM_MODE_ATOMIC_ALLOW_MODESET);

		igt_assert_f(ret == 0 || ret == -EINVAL, "test commit of all planes: %s",
			     strerror(-ret));
		igt_require_f(ret == 0, "all planes at once are refused");
	}
	do_or_die(commit(&t, DRM_MODE_ATOMIC_ALLOW_MODESET));
	t.fencing = fencing;

	if (type == AFTER_FREE) {
		int fence;

		setup_planes(&t, 0, fbs);
		do_or_die(commit(&t, flags));
		fence = t.out_fence;
		t.out_fence = -1;
		/* planes in the next commit must wait for the previous one */
		setup_planes(&t, iter_max - 1, fbs);
		t.fencing = false;
		do_or_die(commit(&t, DRM_MODE_ATOMIC_ALLOW_MODESET));
		t.fencing = fencing;
		if (fence >= 0) {
			igt_assert(fd_readable(fence, 0));
			close(fence);
		} else {
			char buf[64];

			igt_assert(fd_readable(fd, 0));
			igt_assert(read_event(fd, buf, sizeof(buf), 1000) > 0);
		}
		goto out;
	}
	for (i = 0; i < iter_max; i++) {
		if (type == MODESET_FAST && hweight(i) > 1 && hweight(i) < n)
			continue;
		t.on = true;
		if (!setup_planes(&t, i, fbs))
			continue;
		do_or_die(commit(&t, flags));
		wait_transition(&t, nonblocking);
		if (type == MODESET_DISABLE) {
			t.on = false;
			setup_planes(&t, 0, fbs);
			do_or_die(commit(&t, flags));
			wait_transition(&t, nonblocking);
			continue;
		}
		for (j = iter_max - 1; j > i + 1; j--) {
			if (type == MODESET_FAST && hweight(j) > 1 && hweight(j) < n)
				continue;
			if (!setup_planes(&t, j, fbs))
				continue;
			if (type >= MODESET) {
				t.mode = override;
				t.mode_blob = mode_blob(fd, &t.mode);
			}
			do_or_die(commit(&t, flags));
			wait_transition(&t, nonblocking);
			if (!setup_planes(&t, i, fbs))
				continue;
			if (type >= MODESET) {
				t.mode = o->mode;
				t.mode_blob = mode_blob(fd, &t.mode);
			}
			do_or_die(commit(&t, flags));
			wait_transition(&t, nonblocking);
		}
	}
out:
	kms_reset_display(&k);
	for (i = 0; i < (uint32_t)n; i++)
		if (t.p[i].timeline >= 0)
			close(t.p[i].timeline);
	kfb_remove(&primary_fb);
	kfb_remove(&argb_fb);
	kfb_remove(&sprite_fb);
}

static bool internal_panel(const struct output *o)
{
	uint32_t t = o->conn->connector_type;

	return t == DRM_MODE_CONNECTOR_eDP || t == DRM_MODE_CONNECTOR_LVDS ||
	       t == DRM_MODE_CONNECTOR_DSI || t == DRM_MODE_CONNECTOR_DPI;
}

static void run_transition(enum type type, bool nonblocking, bool fencing)
{
	struct output outs[MAX_CRTCS * MAX_CONNECTORS];
	int i, n = kms_valid_outputs(&k, outs, MAX_CRTCS * MAX_CONNECTORS), done = 0;
	int limit = 2 * kms_connected_count(&k);

	for (i = 0; i < n && done < limit; i++) {
		if (type == MODESET && internal_panel(&outs[i]))
			continue;
		if (type == MODESET_FAST && !internal_panel(&outs[i]))
			continue;
		igt_info("pipe-%c-%s", 'A' + outs[i].pipe, outs[i].name);
		done++;
		transition(&outs[i], type, nonblocking, fencing);
	}
	igt_require_f(done, "no suitable pipe/output combination");
}

static void primary_toggle(void)
{
	struct output outs[MAX_CRTCS * MAX_CONNECTORS];
	int i, n = kms_valid_outputs(&k, outs, MAX_CRTCS * MAX_CONNECTORS), it;
	int limit = 2 * kms_connected_count(&k);

	for (i = 0; i < n && i < limit; i++) {
		struct output *o = &outs[i];
		struct areq a;
		struct kfb fb;
		int ret;

		igt_info("pipe-%c-%s", 'A' + o->pipe, o->name);
		kms_reset_display(&k);
		areq_init(&a, fd);
		areq_output_on(&a, o, NULL);
		areq_plane_off(&a, o->primary);
		ret = areq_commit(&a, DRM_MODE_ATOMIC_TEST_ONLY | DRM_MODE_ATOMIC_ALLOW_MODESET,
				  NULL);
		areq_free(&a);
		igt_require_f(ret != -EINVAL,
			      "primary plane cannot be disabled separately from the output");
		kfb_create(fd, o->mode.hdisplay, o->mode.vdisplay, DRM_FORMAT_XRGB8888, &fb);
		for (it = 0; it < 4; it++) {
			bool on = !(it & 1);

			areq_init(&a, fd);
			areq_output_on(&a, o, on ? &fb : NULL);
			if (!on)
				areq_plane_off(&a, o->primary);
			do_or_die(areq_commit(&a, DRM_MODE_ATOMIC_ALLOW_MODESET, NULL));
			areq_free(&a);
			if (!(it & 1))
				wait_for_vblank(fd, o->pipe);
			areq_init(&a, fd);
			if (on)
				areq_plane_off(&a, o->primary);
			else
				areq_plane(&a, o->primary, o->crtc_id, &fb, 0, 0);
			do_or_die(areq_commit(&a, DRM_MODE_ATOMIC_ALLOW_MODESET, NULL));
			areq_free(&a);
			if (it & 1)
				wait_for_vblank(fd, o->pipe);
		}
		kms_reset_display(&k);
		kfb_remove(&fb);
	}
}

/* --- modeset-transition: combinations of CRTCs on and off */

/*
 * The modeset subtests: one output per CRTC, at first all of them on;
 * then every combination of CRTCs with at most @howmany on, each
 * followed by the larger combinations, the way back to it, and a plane
 * update on each (a flip per CRTC). Every CRTC that a commit turns on,
 * keeps on or turns off sends one event.
 */
struct mstate {
	struct output o[MAX_CRTCS];
	bool have[MAX_CRTCS], on[MAX_CRTCS];
	uint32_t blob[MAX_CRTCS];
	bool nonblocking;
};

static void mstate_plane(struct areq *a, const struct output *o, const struct kfb *fb)
{
	struct kfb f = *fb;

	f.width = o->mode.hdisplay;
	f.height = o->mode.vdisplay;
	areq_plane(a, o->primary, o->crtc_id, &f, 0, 0);
}

/* Read @events events one by one, as a client with a 32-byte buffer does. */
static void read_flip_events(int events)
{
	while (events--) {
		struct drm_event_vblank ev;

		igt_assert_f(read_event(fd, &ev, sizeof(ev), 3000) == sizeof(ev),
			     "timed out waiting for a flip event (%d more expected)",
			     events + 1);
		igt_assert_eq(ev.base.type, DRM_EVENT_FLIP_COMPLETE);
	}
}

static void mstate_commit(struct mstate *m, struct areq *a, int events)
{
	int ret;

	do {
		ret = areq_commit(a, DRM_MODE_ATOMIC_ALLOW_MODESET | DRM_MODE_PAGE_FLIP_EVENT |
				  (m->nonblocking ? DRM_MODE_ATOMIC_NONBLOCK : 0), NULL);
	} while (ret == -EBUSY);
	igt_assert_eq(ret, 0);
	read_flip_events(events);
}

/*
 * Turn on the CRTCs of @mask showing @fb and the others off. Returns
 * false, committing nothing, when a CRTC of @mask has no output.
 */
static bool set_combination(struct mstate *m, uint32_t mask, const struct kfb *fb)
{
	int pipe, events = 0;
	struct areq a;

	for (pipe = 0; pipe < k.n_crtcs; pipe++)
		if ((mask & (1u << pipe)) && !m->have[pipe])
			return false;
	areq_init(&a, fd);
	for (pipe = 0; pipe < k.n_crtcs; pipe++) {
		bool want = mask & (1u << pipe);
		struct output *o = &m->o[pipe];

		if (!want && !m->on[pipe])
			continue;
		events++;
		areq_add(&a, o->conn_id, DRM_MODE_OBJECT_CONNECTOR, "CRTC_ID",
			 want ? o->crtc_id : 0);
		areq_add(&a, o->crtc_id, DRM_MODE_OBJECT_CRTC, "MODE_ID", want ? m->blob[pipe] : 0);
		areq_add(&a, o->crtc_id, DRM_MODE_OBJECT_CRTC, "ACTIVE", want);
		if (want)
			mstate_plane(&a, o, fb);
		else
			areq_plane_off(&a, o->primary);
		m->on[pipe] = want;
	}
	mstate_commit(m, &a, events);
	areq_free(&a);
	return true;
}

/* A plane update on every CRTC of @mask: one flip event each. */
static void refresh_primaries(struct mstate *m, uint32_t mask)
{
	int pipe, events = 0;
	struct areq a;

	areq_init(&a, fd);
	for (pipe = 0; pipe < k.n_crtcs; pipe++) {
		if (!(mask & (1u << pipe)))
			continue;
		events++;
		areq_add(&a, m->o[pipe].primary, DRM_MODE_OBJECT_PLANE, "CRTC_X", 0);
		areq_add(&a, m->o[pipe].primary, DRM_MODE_OBJECT_PLANE, "CRTC_Y", 0);
	}
	mstate_commit(m, &a, events);
	areq_free(&a);
}

/* Every CRTC that has an output on, showing @fb, in one blocking commit. */
static void all_on(struct mstate *m, const struct kfb *fb, bool fencing)
{
	int32_t fences[MAX_CRTCS];
	struct areq a;
	int pipe;

	areq_init(&a, fd);
	for (pipe = 0; pipe < k.n_crtcs; pipe++) {
		struct output *o = &m->o[pipe];

		fences[pipe] = -1;
		if (!m->have[pipe])
			continue;
		areq_add(&a, o->conn_id, DRM_MODE_OBJECT_CONNECTOR, "CRTC_ID", o->crtc_id);
		areq_add(&a, o->crtc_id, DRM_MODE_OBJECT_CRTC, "MODE_ID", m->blob[pipe]);
		areq_add(&a, o->crtc_id, DRM_MODE_OBJECT_CRTC, "ACTIVE", 1);
		if (fencing)
			areq_add(&a, o->crtc_id, DRM_MODE_OBJECT_CRTC, "OUT_FENCE_PTR",
				 (uintptr_t)&fences[pipe]);
		mstate_plane(&a, o, fb);
		m->on[pipe] = true;
	}
	igt_assert_eq(areq_commit(&a, DRM_MODE_ATOMIC_ALLOW_MODESET, NULL), 0);
	areq_free(&a);
	for (pipe = 0; pipe < k.n_crtcs; pipe++) {
		if (!m->have[pipe])
			continue;
		igt_assert_f(!fencing || fences[pipe] >= 0, "no out-fence for CRTC %u",
			     m->o[pipe].crtc_id);
		if (fences[pipe] >= 0)
			close(fences[pipe]);
	}
}

static void modeset_tests(int howmany, bool nonblocking, bool fencing)
{
	struct output all[MAX_CRTCS * MAX_CONNECTORS];
	bool used[MAX_CONNECTORS] = { false };
	int n = kms_valid_outputs(&k, all, MAX_CRTCS * MAX_CONNECTORS), pipe, i, c;
	uint32_t w = 0, h = 0, iter_max, mi, mj;
	struct mstate m;
	struct kfb fb0, fb1;

	memset(&m, 0, sizeof(m));
	m.nonblocking = nonblocking;
	for (pipe = 0; pipe < k.n_crtcs; pipe++)
		for (i = 0; i < n; i++) {
			for (c = 0; c < k.n_conns && k.conns[c] != all[i].conn; c++)
				;
			if (all[i].pipe != pipe || used[c])
				continue;
			used[c] = true;
			m.o[pipe] = all[i];
			m.have[pipe] = true;
			m.blob[pipe] = mode_blob(fd, &all[i].mode);
			if (all[i].mode.hdisplay > w)
				w = all[i].mode.hdisplay;
			if (all[i].mode.vdisplay > h)
				h = all[i].mode.vdisplay;
			break;
		}
	kms_reset_display(&k);
	kfb_create(fd, w, h, DRM_FORMAT_XRGB8888, &fb0);
	kfb_create_color(fd, w, h, DRM_FORMAT_XRGB8888, 0x808080, &fb1);
	all_on(&m, &fb1, fencing);
	iter_max = k.n_crtcs > 0 ? (uint32_t)k.n_crtcs << 1 : 1;
	for (mi = 0; mi < iter_max; mi++) {
		if (hweight(mi) > howmany)
			continue;
		if (!set_combination(&m, mi, &fb0))
			continue;
		for (mj = iter_max - 1; mj > mi + 1; mj--) {
			if (hweight(mj) > howmany)
				continue;
			if (hweight(mi) < howmany && hweight(mj) < howmany)
				continue;
			if (!set_combination(&m, mj, &fb1))
				continue;
			refresh_primaries(&m, mj);
			if (!set_combination(&m, mi, &fb0))
				continue;
			refresh_primaries(&m, mi);
		}
	}
	kms_reset_display(&k);
	kfb_remove(&fb0);
	kfb_remove(&fb1);
}

static void run_modeset(bool nonblocking, bool fencing)
{
	int count = kms_connected_count(&k), j;

	for (j = 1; j <= count && j <= k.n_crtcs; j++) {
		igt_info("%dx-outputs", j);
		modeset_tests(j, nonblocking, fencing);
	}
}

#define TR(name, type, nb, fe) static void name(void) { run_transition(type, nb, fe); }
TR(plane_all, PLANES, false, false)
TR(plane_all_fencing, PLANES, false, true)
TR(plane_all_nonblocking, PLANES, true, false)
TR(plane_all_nonblocking_fencing, PLANES, true, true)
TR(use_after_unbind, AFTER_FREE, true, false)
TR(use_after_unbind_fencing, AFTER_FREE, true, true)
TR(all_modeset, MODESET, false, false)
TR(all_modeset_fencing, MODESET, false, true)
TR(all_modeset_internal, MODESET_FAST, false, false)
TR(all_modeset_fencing_internal, MODESET_FAST, false, true)
TR(toggle_modeset, MODESET_DISABLE, false, false)
static void modeset(void) { run_modeset(false, false); }
static void modeset_fencing(void) { run_modeset(false, true); }
static void modeset_nonblocking(void) { run_modeset(true, false); }
static void modeset_nonblocking_fencing(void) { run_modeset(true, true); }

IGT_MAIN(setup,
	{ "plane-primary-toggle-with-vblank-wait", primary_toggle },
	{ "plane-all-transition", plane_all },
	{ "plane-all-transition-fencing", plane_all_fencing },
	{ "plane-all-transition-nonblocking", plane_all_nonblocking },
	{ "plane-all-transition-nonblocking-fencing", plane_all_nonblocking_fencing },
	{ "plane-use-after-nonblocking-unbind", use_after_unbind },
	{ "plane-use-after-nonblocking-unbind-fencing", use_after_unbind_fencing },
	{ "plane-all-modeset-transition", all_modeset },
	{ "plane-all-modeset-transition-fencing", all_modeset_fencing },
	{ "plane-all-modeset-transition-internal-panels", all_modeset_internal },
	{ "plane-all-modeset-transition-fencing-internal-panels", all_modeset_fencing_internal },
	{ "plane-toggle-modeset-transition", toggle_modeset },
	{ "modeset-transition", modeset },
	{ "modeset-transition-fencing", modeset_fencing },
	{ "modeset-transition-nonblocking", modeset_nonblocking },
	{ "modeset-transition-nonblocking-fencing", modeset_nonblocking_fencing },
)
