// SPDX-License-Identifier: MIT
/*
 * kms_vblank: WAIT_VBLANK: argument checking, the CRTC id in events,
 * accuracy of queued events, query and wait loops (idle, from several
 * processes, with an event pending), and a counter that keeps going
 * across DPMS, modesets and suspend. Variants that inject GPU hangs or use
 * runtime PM need Intel hardware and are skipped elsewhere.
 */
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kms.h"

#define IDLE	0x1
#define BUSY	0x2
#define FORKED	0x4
#define NOHANG	0x8
#define MODESET	0x10
#define DPMS	0x20
#define SUSPEND	0x40
#define RPM	0x80

static int fd;
static struct kms k;
static struct kfb fb;

static void setup(void)
{
	fd = drm_open_master();
	kms_init(&k, fd);
	kms_require_output(&k);
}

static int vblank(union drm_wait_vblank *v)
{
	return wait_vblank_raw(fd, v);
}

static void prepare(const struct output *o)
{
	kms_reset_display(&k);
	kfb_create(fd, o->mode.hdisplay, o->mode.vdisplay, DRM_FORMAT_XRGB8888, &fb);
	output_on(&k, o, &fb);
	wait_for_vblank(fd, o->pipe);
}

static void cleanup(const struct output *o)
{
	output_off(&k, o);
	kfb_remove(&fb);
}

/* The outputs a subtest runs on: first and last pipe. */
static int outputs(struct output *outs, bool one)
{
	struct output all[MAX_CRTCS * MAX_CONNECTORS];
	int i, n = kms_valid_outputs(&k, all, MAX_CRTCS * MAX_CONNECTORS), m = 0;
	int first = n ? all[0].pipe : 0, last = n ? all[n - 1].pipe : 0;

	for (i = 0; i < n; i++) {
		if (all[i].pipe != first && all[i].pipe != last)
			continue;
		if (m && outs[m - 1].pipe == all[i].pipe)
			continue;	/* one output per pipe */
		outs[m++] = all[i];
		if (one)
			break;
	}
	igt_require_f(m > 0, "no pipe with a connected output");
	return m;
}

static void invalid(void)
{
	union drm_wait_vblank v;
	uint32_t valid = _DRM_VBLANK_TYPES_MASK | _DRM_VBLANK_FLAGS_MASK |
			 _DRM_VBLANK_HIGH_CRTC_MASK;
	struct output o;
	int bit;

	outputs(&o, true);
	igt_info("pipe-%c-%s", 'A' + o.pipe, o.name);
	prepare(&o);
	memset(&v, 0, sizeof(v));
	v.request.type = _DRM_VBLANK_RELATIVE;
	igt_assert_eq(vblank(&v), 0);
	memset(&v, 0, sizeof(v));
	v.request.type = VBL_TYPE(_DRM_VBLANK_RELATIVE | ~valid);
	igt_assert_eq(vblank(&v), -EINVAL);
	for (bit = 0; bit < 32; bit++) {
		int err;

		if (valid & (1u << bit))
			continue;
		memset(&v, 0, sizeof(v));
		v.request.type = VBL_TYPE(_DRM_VBLANK_RELATIVE | (1u << bit));
		err = vblank(&v);
		igt_assert_f(err == -EINVAL, "invalid type bit %d (%#x) gave %d", bit,
			     1u << bit, err);
	}
	/* no device has that many pipes; the flags include the old SIGNAL */
	memset(&v, 0, sizeof(v));
	v.request.type = VBL_TYPE(_DRM_VBLANK_RELATIVE | _DRM_VBLANK_SECONDARY |
				  _DRM_VBLANK_FLAGS_MASK);
	igt_assert_eq(vblank(&v), -EINVAL);
	cleanup(&o);
}

static void crtc_id(void)
{
	struct output outs[MAX_CRTCS];
	int i, n = outputs(outs, false);
	uint64_t cap;
	struct drm_event_vblank ev;

	for (i = 0; i < n; i++) {
		struct output *o = &outs[i];
		uint32_t expected = drmGetCap(fd, DRM_CAP_CRTC_IN_VBLANK_EVENT, &cap) == 0 ?
				    o->crtc_id : 0;
		union drm_wait_vblank v = { 0 };

		igt_info("pipe-%c-%s", 'A' + o->pipe, o->name);
		prepare(o);
		v.request.type = VBL_TYPE(_DRM_VBLANK_RELATIVE | _DRM_VBLANK_EVENT |
					  vbl_pipe_flag(o->pipe));
		v.request.sequence = 1;
		igt_assert_eq(vblank(&v), 0);
		igt_assert_eq(read(fd, &ev, sizeof(ev)), sizeof(ev));
		igt_assert_eq(ev.crtc_id, expected);
		do_or_die(drmModePageFlip(fd, o->crtc_id, fb.id, DRM_MODE_PAGE_FLIP_EVENT, NULL));
		igt_assert_eq(read(fd, &ev, sizeof(ev)), sizeof(ev));
		igt_assert_eq(ev.crtc_id, expected);
		if (k.atomic) {
			struct areq a;

			areq_init(&a, fd);
			areq_plane(&a, o->primary, o->crtc_id, &fb, 0, 0);
			do_or_die(areq_commit(&a, DRM_MODE_PAGE_FLIP_EVENT, NULL));
			areq_free(&a);
			igt_assert_eq(read(fd, &ev, sizeof(ev)), sizeof(ev));
			igt_assert_eq(ev.crtc_id, expected);
		}
		cleanup(o);
	}
}

typedef void (*test_fn)(const struct output *o, unsigned int flags, int nchildren);

static void accuracy(const struct output *o, unsigned int flags, int nchildren)
{
	uint32_t pf = vbl_pipe_flag(o->pipe);
	union drm_wait_vblank v = { 0 };
	int total = 120 / nchildren, n;
	unsigned long target;

	(void)flags;
	v.request.type = VBL_TYPE(_DRM_VBLANK_RELATIVE | pf);
	v.request.sequence = 1;
	igt_assert_eq(vblank(&v), 0);
	target = v.reply.sequence + total;
	for (n = 0; n < total; n++) {
		v.request.type = VBL_TYPE(_DRM_VBLANK_RELATIVE | pf);
		v.request.sequence = 1;
		igt_assert_eq(vblank(&v), 0);
		v.request.type = VBL_TYPE(_DRM_VBLANK_ABSOLUTE | _DRM_VBLANK_EVENT | pf);
		v.request.sequence = target;
		igt_assert_eq(vblank(&v), 0);
	}
	v.request.type = VBL_TYPE(_DRM_VBLANK_RELATIVE | pf);
	v.request.sequence = 0;
	igt_assert_eq(vblank(&v), 0);
	igt_assert_eq(v.reply.sequence, target);
	for (n = 0; n < total; n++) {
		struct drm_event_vblank ev;

		igt_assert_eq(read(fd, &ev, sizeof(ev)), sizeof(ev));
		igt_assert_eq(ev.sequence, target);
	}
}

static void query_or_wait(const struct output *o, unsigned int step)
{
	uint32_t pf = vbl_pipe_flag(o->pipe);
	union drm_wait_vblank v = { 0 };
	unsigned long sq, count = 0;
	double start;

	v.request.type = VBL_TYPE(_DRM_VBLANK_RELATIVE | pf);
	igt_assert_eq(vblank(&v), 0);
	sq = v.reply.sequence;
	start = igt_now();
	do {
		v.request.type = VBL_TYPE(_DRM_VBLANK_RELATIVE | pf);
		v.request.sequence = step;
		igt_assert_eq(vblank(&v), 0);
		count++;
	} while (v.reply.sequence - sq <= 120);
	igt_info("%s: %lu calls, %.3f us each", step ? "wait" : "query", count,
		 (igt_now() - start) * 1e6 / count);
}

static void query(const struct output *o, unsigned int flags, int nchildren)
{
	(void)flags;
	(void)nchildren;
	query_or_wait(o, 0);
}

static void wait_(const struct output *o, unsigned int flags, int nchildren)
{
	(void)flags;
	(void)nchildren;
	query_or_wait(o, 1);
}

static unsigned int get_seq(int pipe)
{
	union drm_wait_vblank v = { 0 };

	v.request.type = VBL_TYPE(_DRM_VBLANK_RELATIVE | vbl_pipe_flag(pipe));
	do_or_die(vblank(&v));
	return v.reply.sequence;
}

static void ts_continuation(const struct output *o, unsigned int flags, int nchildren)
{
	unsigned int seq1, seq2;
	union drm_wait_vblank v = { 0 };
	double start, elapsed;
	int estimated, vrefresh = o->mode.vrefresh;

	(void)nchildren;
	seq1 = get_seq(o->pipe);
	start = igt_now();
	if (flags & DPMS)
		do_or_die(set_dpms(fd, o->conn_id, DRM_MODE_DPMS_OFF));
	if (flags & MODESET)
		output_off(&k, o);
	if (flags & SUSPEND)
		igt_system_suspend_autoresume();
	if (flags & (MODESET | DPMS)) {
		/* no vblank on a CRTC that is off */
		v.request.type = VBL_TYPE(_DRM_VBLANK_RELATIVE | vbl_pipe_flag(o->pipe));
		igt_assert_eq(vblank(&v), -EINVAL);
	}
	if (flags & DPMS)
		do_or_die(set_dpms(fd, o->conn_id, DRM_MODE_DPMS_ON));
	if (flags & MODESET)
		output_on(&k, o, &fb);
	seq2 = get_seq(o->pipe);
	elapsed = igt_now() - start;
	estimated = elapsed * vrefresh;
	igt_info("continuity: frame %u, before %u, %.3f s (%d vblanks)", seq2, seq1, elapsed,
		 estimated);
	igt_assert_f((int)(seq2 - seq1) >= 0, "counter went back: %u after %u", seq2, seq1);
	igt_assert_f((int)(seq2 - seq1) <= estimated + 5,
		     "counter jumped: %u after %u in %.3f s", seq2, seq1, elapsed);
}

static void run_test(const struct output *o, test_fn fn, unsigned int flags)
{
	prepare(o);
	if (flags & RPM)
		igt_skip("runtime PM is only set up for PCI GPUs with autosuspend (IGT: i915)");
	if (flags & BUSY) {
		union drm_wait_vblank v = { 0 };

		v.request.type = VBL_TYPE(_DRM_VBLANK_RELATIVE | _DRM_VBLANK_EVENT |
					  vbl_pipe_flag(o->pipe));
		v.request.sequence = 120 + 12;
		igt_assert_eq(vblank(&v), 0);
	}
	if (flags & FORKED) {
		int i, n = sysconf(_SC_NPROCESSORS_ONLN), status, bad = 0;

		for (i = 0; i < n; i++) {
			pid_t pid = fork();

			igt_assert(pid >= 0);
			if (pid == 0) {
				fn(o, flags, n);
				_exit(0);
			}
		}
		for (i = 0; i < n; i++) {
			wait(&status);
			bad += !WIFEXITED(status) || WEXITSTATUS(status);
		}
		igt_assert_eq(bad, 0);
	} else {
		fn(o, flags, 1);
	}
	if (flags & BUSY) {
		struct drm_event_vblank ev;

		igt_assert_eq(read(fd, &ev, sizeof(ev)), sizeof(ev));
	}
	igt_assert_eq(poll(&(struct pollfd){ .fd = fd, .events = POLLIN }, 1, 0), 0);
	cleanup(o);
}

static void run(test_fn fn, unsigned int flags)
{
	struct output outs[MAX_CRTCS];
	int i, n;

	/* hang variants are refused before anything runs */
	if (!(flags & NOHANG))
		igt_skip("GPU hang injection needs i915 or xe");
	n = outputs(outs, false);

	for (i = 0; i < n; i++) {
		igt_info("pipe-%c-%s", 'A' + outs[i].pipe, outs[i].name);
		run_test(&outs[i], fn, flags);
	}
}

#define T(name, fn, flags) static void name(void) { run(fn, flags); }
T(accuracy_idle, accuracy, IDLE | NOHANG)
T(query_idle, query, IDLE | NOHANG)
T(query_idle_hang, query, IDLE)
T(query_forked, query, IDLE | FORKED | NOHANG)
T(query_forked_hang, query, IDLE | FORKED)
T(query_busy, query, BUSY | NOHANG)
T(query_busy_hang, query, BUSY)
T(query_forked_busy, query, BUSY | FORKED | NOHANG)
T(query_forked_busy_hang, query, BUSY | FORKED)
T(wait_idle, wait_, IDLE | NOHANG)
T(wait_idle_hang, wait_, IDLE)
T(wait_forked, wait_, IDLE | FORKED | NOHANG)
T(wait_forked_hang, wait_, IDLE | FORKED)
T(wait_busy, wait_, BUSY | NOHANG)
T(wait_busy_hang, wait_, BUSY)
T(wait_forked_busy, wait_, BUSY | FORKED | NOHANG)
T(wait_forked_busy_hang, wait_, BUSY | FORKED)
T(ts_idle, ts_continuation, IDLE | NOHANG)
T(ts_idle_hang, ts_continuation, IDLE)
T(ts_dpms_rpm, ts_continuation, DPMS | RPM | NOHANG)
T(ts_dpms_suspend, ts_continuation, DPMS | SUSPEND | NOHANG)
T(ts_suspend, ts_continuation, SUSPEND | NOHANG)
T(ts_modeset, ts_continuation, MODESET | NOHANG)
T(ts_modeset_hang, ts_continuation, MODESET)
T(ts_modeset_rpm, ts_continuation, MODESET | RPM | NOHANG)

IGT_MAIN(setup,
	{ "invalid", invalid },
	{ "crtc-id", crtc_id },
	{ "accuracy-idle", accuracy_idle },
	{ "query-idle", query_idle },
	{ "query-idle-hang", query_idle_hang },
	{ "query-forked", query_forked },
	{ "query-forked-hang", query_forked_hang },
	{ "query-busy", query_busy },
	{ "query-busy-hang", query_busy_hang },
	{ "query-forked-busy", query_forked_busy },
	{ "query-forked-busy-hang", query_forked_busy_hang },
	{ "wait-idle", wait_idle },
	{ "wait-idle-hang", wait_idle_hang },
	{ "wait-forked", wait_forked },
	{ "wait-forked-hang", wait_forked_hang },
	{ "wait-busy", wait_busy },
	{ "wait-busy-hang", wait_busy_hang },
	{ "wait-forked-busy", wait_forked_busy },
	{ "wait-forked-busy-hang", wait_forked_busy_hang },
	{ "ts-continuation-idle", ts_idle },
	{ "ts-continuation-idle-hang", ts_idle_hang },
	{ "ts-continuation-dpms-rpm", ts_dpms_rpm },
	{ "ts-continuation-dpms-suspend", ts_dpms_suspend },
	{ "ts-continuation-suspend", ts_suspend },
	{ "ts-continuation-modeset", ts_modeset },
	{ "ts-continuation-modeset-hang", ts_modeset_hang },
	{ "ts-continuation-modeset-rpm", ts_modeset_rpm },
)
