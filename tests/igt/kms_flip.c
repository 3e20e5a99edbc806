// SPDX-License-Identifier: MIT
/*
 * kms_flip: page flips and vblank waits in a loop, alone and mixed with
 * DPMS, modesets, panning, framebuffer removal and re-creation, expired
 * vblank sequences and suspend; flip and vblank events must arrive, in
 * order, with consistent sequence numbers and (with -ts-check) time
 * stamps one frame apart. Subtests that need vblank interrupts skip on a
 * driver without them, as in IGT; "2x-" subtests need two outputs with a
 * common mode, "-interruptible" ones run with signals hitting every
 * ioctl.
 *
 * Durations are IGT's, capped at 2 s (times VGH_IGT_TIME_SCALE).
 */
#include <math.h>
#include <stdlib.h>
#include <pthread.h>
#include <sys/time.h>
#include <unistd.h>

#include "kms.h"

#define TEST_DPMS		(1 << 0)
#define TEST_DPMS_ON_NOP	(1 << 1)
#define TEST_PAN		(1 << 3)
#define TEST_MODESET		(1 << 4)
#define TEST_CHECK_TS		(1 << 5)
#define TEST_EBUSY		(1 << 6)
#define TEST_EINVAL		(1 << 7)
#define TEST_FLIP		(1 << 8)
#define TEST_VBLANK		(1 << 9)
#define TEST_VBLANK_BLOCK	(1 << 10)
#define TEST_VBLANK_ABSOLUTE	(1 << 11)
#define TEST_VBLANK_EXPIRED_SEQ	(1 << 12)
#define TEST_FB_RECREATE	(1 << 13)
#define TEST_RMFB		(1 << 14)
#define TEST_HANG		(1 << 15)
#define TEST_NOEVENT		(1 << 16)
#define TEST_SINGLE_BUFFER	(1 << 18)
#define TEST_DPMS_OFF		(1 << 19)
#define TEST_NO_2X_OUTPUT	(1 << 20)
#define TEST_DPMS_OFF_OTHERS	(1 << 21)
#define TEST_ENOENT		(1 << 22)
#define TEST_FENCE_STRESS	(1 << 23)
#define TEST_VBLANK_RACE	(1 << 24)
#define TEST_SUSPEND		(1 << 26)
#define TEST_BO_TOOBIG		(1 << 28)
#define TEST_NO_VBLANK		(1 << 29)
#define TEST_BASIC		(1 << 30)

#define EVENT_FLIP 1
#define EVENT_VBLANK 2

static int fd;
static struct kms k;
static bool monotonic;

struct event_state {
	const char *name;
	struct timeval last_ts, last_received, current_ts, current_received;
	unsigned int last_seq, current_seq;
	int count, err_frames, seq_step;
};

struct test_output {
	int count;			/* 1 or 2 outputs */
	struct output out[2];
	drmModeModeInfo mode[2];
	int flags;
	unsigned int fb_width, fb_height, current_fb;
	struct kfb fbs[2];
	struct event_state flip, vblank;
	int seq_step;
	unsigned int pending;
	int flip_count;
	double vblank_interval;		/* measured, us */
};

static void setup(void)
{
	uint64_t cap;

	fd = drm_open_master();
	kms_init(&k, fd);
	monotonic = drmGetCap(fd, DRM_CAP_TIMESTAMP_MONOTONIC, &cap) == 0 && cap == 1;
}

static bool vblank_dependent(int flags)
{
	return flags & (TEST_VBLANK | TEST_VBLANK_BLOCK | TEST_VBLANK_ABSOLUTE |
			TEST_VBLANK_EXPIRED_SEQ | TEST_CHECK_TS | TEST_VBLANK_RACE | TEST_EBUSY);
}

static double mode_frame_us(const drmModeModeInfo *m)
{
	return 1000.0 * m->htotal * m->vtotal / m->clock;
}

static void now_tv(struct timeval *tv)
{
	if (monotonic) {
		struct timespec ts;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		tv->tv_sec = ts.tv_sec;
		tv->tv_usec = ts.tv_nsec / 1000;
	} else {
		gettimeofday(tv, NULL);
	}
}

static double tv_us(const struct timeval *a)
{
	return a->tv_sec * 1e6 + a->tv_usec;
}

static int set_mode(struct test_output *o, uint32_t fb, int x, int y)
{
	int n, ret;

	for (n = o->count - 1; n >= 0; n--) {
		uint32_t conn = o->out[n].conn_id;

		if (!fb)
			ret = set_crtc(fd, o->out[n].crtc_id, 0, 0, 0, NULL, 0, NULL);
		else
			ret = set_crtc(fd, o->out[n].crtc_id, fb, x, y, &conn, 1, &o->mode[n]);
		if (ret)
			return ret;
	}
	return 0;
}

static void set_dpms_all(struct test_output *o, int mode)
{
	int n;

	for (n = 0; n < o->count; n++)
		do_or_die(set_dpms(fd, o->out[n].conn_id, mode));
}

static int page_flip(struct test_output *o, uint32_t fb, bool event)
{
	int n, ret = 0;

	o->flip_count = 0;
	for (n = 0; ret == 0 && n < o->count; n++)
		ret = drmModePageFlip(fd, o->out[n].crtc_id, fb,
				      event ? DRM_MODE_PAGE_FLIP_EVENT : 0,
				      event ? (void *)((uintptr_t)o | (n == 0)) : NULL);
	if (ret == 0 && event) {
		igt_assert(!(o->pending & EVENT_FLIP));
		o->pending |= EVENT_FLIP;
	}
	return ret;
}

struct vreply {
	unsigned int seq;
	struct timeval ts;
};

static int wait_vbl(int flags, int pipe, unsigned int target, uintptr_t data, struct vreply *r)
{
	union drm_wait_vblank v = { 0 };
	bool event = !(flags & TEST_VBLANK_BLOCK);
	int ret;

	v.request.type = VBL_TYPE(vbl_pipe_flag(pipe) |
				  (flags & TEST_VBLANK_ABSOLUTE ? _DRM_VBLANK_ABSOLUTE :
								   _DRM_VBLANK_RELATIVE) |
				  (event ? _DRM_VBLANK_EVENT : 0));
	v.request.signal = event ? data : 0;
	v.request.sequence = target;
	ret = wait_vblank_raw(fd, &v);
	if (ret == 0) {
		r->seq = v.reply.sequence;
		r->ts.tv_sec = v.reply.tval_sec;
		r->ts.tv_usec = v.reply.tval_usec;
	}
	return ret;
}

static int do_wait_vblank(struct test_output *o, unsigned int target, struct vreply *r)
{
	int flags = o->flags, ret;

	if (o->vblank.count == 0)
		flags &= ~TEST_VBLANK_ABSOLUTE;
	ret = wait_vbl(flags, o->out[0].pipe, target, (uintptr_t)o, r);
	if (ret == 0 && !(o->flags & TEST_VBLANK_BLOCK)) {
		igt_assert(!(o->pending & EVENT_VBLANK));
		o->pending |= EVENT_VBLANK;
	}
	return ret;
}

static void got_event(struct event_state *es, unsigned int seq, unsigned int sec,
		      unsigned int usec)
{
	now_tv(&es->current_received);
	es->current_ts.tv_sec = sec;
	es->current_ts.tv_usec = usec;
	es->current_seq = seq;
}

static void on_flip(int f, unsigned int seq, unsigned int sec, unsigned int usec, void *data)
{
	struct test_output *o = (void *)((uintptr_t)data & ~(uintptr_t)1);

	(void)f;
	if (++o->flip_count == o->count) {
		igt_assert(o->pending & EVENT_FLIP);
		o->pending &= ~EVENT_FLIP;
	}
	if ((uintptr_t)data & 1)
		got_event(&o->flip, seq, sec, usec);
}

static void on_vblank(int f, unsigned int seq, unsigned int sec, unsigned int usec, void *data)
{
	struct test_output *o = data;

	(void)f;
	igt_assert(o->pending & EVENT_VBLANK);
	o->pending &= ~EVENT_VBLANK;
	got_event(&o->vblank, seq, sec, usec);
	/* a wait cut short by DPMS/modeset has no time stamp */
	if ((o->flags & (TEST_DPMS | TEST_MODESET)) && !sec && !usec) {
		struct timeval one = { 0, 1 };

		timersub(&o->vblank.current_received, &one, &o->vblank.current_ts);
	}
}

static bool check_state(struct test_output *o, struct event_state *es)
{
	struct timeval diff;

	timersub(&es->current_ts, &es->current_received, &diff);
	igt_assert_f(diff.tv_sec < 0 || (diff.tv_sec == 0 && diff.tv_usec <= 2000),
		     "%s time stamp %.6f s after the event was received", es->name,
		     tv_us(&diff) / 1e6);
	if (es->count == 0)
		return true;
	igt_assert_f(timercmp(&es->last_received, &es->current_ts, <),
		     "%s time stamp before the %s was issued", es->name, es->name);
	if (!(o->flags & (TEST_DPMS | TEST_MODESET | TEST_NO_VBLANK)) &&
	    es->current_seq - (es->last_seq + o->seq_step) > 1u << 23) {
		igt_info("unexpected %s seq %u, want >= %u", es->name, es->current_seq,
			 es->last_seq + o->seq_step);
		es->err_frames++;
		return true;
	}
	if (o->flags & TEST_CHECK_TS) {
		double elapsed, expected;

		timersub(&es->current_ts, &es->last_ts, &diff);
		elapsed = tv_us(&diff);
		expected = (es->current_seq - es->last_seq) * o->vblank_interval;
		if (fabs((elapsed - expected) / expected) > 0.005 ||
		    es->current_seq != es->last_seq + o->seq_step) {
			igt_info("%s: seq %u after %u, %.1f us (want %.1f us)", es->name,
				 es->current_seq, es->last_seq, elapsed, expected);
			es->err_frames++;
		}
	}
	return true;
}

static void update_state(struct event_state *es)
{
	es->last_received = es->current_received;
	es->last_ts = es->current_ts;
	es->last_seq = es->current_seq;
	es->count++;
}

static unsigned int wait_for_events(struct test_output *o)
{
	drmEventContext ev = { .version = 2, .vblank_handler = on_vblank,
			       .page_flip_handler = on_flip };
	unsigned int mask = o->pending;

	igt_assert(mask);
	do {
		igt_assert_f(fd_readable(fd, 3000), "no event within 3 s (pending %#x)",
			     o->pending);
		do_or_die(drmHandleEvent(fd, &ev));
	} while (o->pending);
	return mask;
}

static void recreate_fb(struct test_output *o)
{
	struct kfb *f = &o->fbs[o->current_fb];
	drmModeFBPtr r = drmModeGetFB(fd, f->id);
	uint32_t id;

	igt_assert(r);
	do_or_die(drmModeAddFB(fd, o->fb_width, o->fb_height, 24, 32, f->pitch, r->handle, &id));
	gem_close(fd, r->handle);
	drmModeFreeFB(r);
	do_or_die(drmModeRmFB(fd, f->id));
	f->id = id;
}

static pthread_t race_thread;

static void *race_waits(void *arg)
{
	struct test_output *o = arg;
	struct vreply r;
	int i;

	for (i = 0; i < 32; i++) {
		uint64_t start = igt_now_us();

		wait_vbl(TEST_VBLANK_BLOCK, o->out[0].pipe, 20, 0, &r);
		if (igt_now_us() - start > 2 * mode_frame_us(&o->mode[0]))
			return (void *)1;
	}
	return NULL;
}

static bool run_step(struct test_output *o, unsigned int *events)
{
	int expected_einval = o->flags & TEST_MODESET ? -EBUSY : -EINVAL;
	unsigned int target = o->vblank.seq_step, completed = 0, new_fb;
	bool do_flip = (o->flags & TEST_FLIP) && !(o->pending & EVENT_FLIP);
	bool do_vblank = (o->flags & TEST_VBLANK) && !(o->pending & EVENT_VBLANK);
	struct vreply r;
	int n;

	if ((o->flags & TEST_VBLANK_ABSOLUTE) && o->vblank.count > 0)
		target += o->vblank.last_seq;
	if (o->flags & TEST_DPMS_OFF_OTHERS) {
		for (n = 0; n < k.n_conns; n++) {
			uint32_t id = k.conns[n]->connector_id;

			if (id == o->out[0].conn_id || (o->count > 1 && id == o->out[1].conn_id))
				continue;
			set_dpms(fd, id, DRM_MODE_DPMS_ON);
			set_dpms(fd, id, DRM_MODE_DPMS_OFF);
		}
	}
	if (!(o->flags & TEST_SINGLE_BUFFER))
		o->current_fb = !o->current_fb;
	if (o->flags & TEST_FB_RECREATE)
		recreate_fb(o);
	new_fb = o->fbs[o->current_fb].id;
	if ((o->flags & TEST_VBLANK_EXPIRED_SEQ) && !(o->pending & EVENT_VBLANK) &&
	    o->flip.count > 0) {
		unsigned int exp = o->flip.current_seq;
		uint64_t start = igt_now_us(), took;

		do_or_die(wait_vbl(TEST_VBLANK_ABSOLUTE | TEST_VBLANK_BLOCK, o->out[0].pipe, exp,
				   0, &r));
		took = igt_now_us() - start;
		igt_assert_f(took < 500, "wait for expired vblank %u took %llu us", exp,
			     (unsigned long long)took);
		if (r.seq != exp) {
			igt_info("wait for expired vblank %u answered %u", exp, r.seq);
			return false;
		}
		igt_assert(timercmp(&r.ts, &o->flip.last_ts, ==));
	}
	if (o->flags & TEST_ENOENT) {
		igt_assert_eq(page_flip(o, 0xfffffff0, false), -ENOENT);
		igt_assert_eq(set_mode(o, 0xfffffff0, 0, 0), -ENOENT);
	}
	if (do_flip && (o->flags & TEST_EINVAL) && o->flip.count > 0)
		igt_assert_eq(page_flip(o, new_fb, false), expected_einval);
	if (do_vblank && (o->flags & TEST_EINVAL) && o->vblank.count > 0)
		igt_assert_eq(do_wait_vblank(o, target, &r), -EINVAL);
	if (o->flags & TEST_VBLANK_RACE) {
		igt_assert(pthread_create(&race_thread, NULL, race_waits, o) == 0);
		if (o->flags & TEST_MODESET)
			igt_assert_eq(set_mode(o, 0, 0, 0), 0);
	}
	if (o->flags & TEST_DPMS_OFF)
		set_dpms_all(o, DRM_MODE_DPMS_OFF);
	if (o->flags & TEST_MODESET)
		igt_assert_eq(set_mode(o, o->fbs[o->current_fb].id, 0, 0), 0);
	if (o->flags & (TEST_DPMS | TEST_DPMS_ON_NOP))
		set_dpms_all(o, DRM_MODE_DPMS_ON);
	if (o->flags & TEST_VBLANK_RACE) {
		uint64_t start = igt_now_us(), end;

		igt_assert_eq(wait_vbl(TEST_VBLANK_BLOCK, o->out[0].pipe, 2, 0, &r), 0);
		end = igt_now_us();
		igt_assert_f(end - start > 0.9 * o->vblank_interval &&
			     end - start < 2.6 * o->vblank_interval,
			     "two vblanks took %llu us (frame %.1f us); the wait ended on vblank %u, stamped %lld us after it began, at %llu us",
			     (unsigned long long)(end - start), o->vblank_interval, r.seq,
			     (long long)(r.ts.tv_sec * 1000000LL + r.ts.tv_usec) - (long long)start,
			     (unsigned long long)start);
		igt_assert(pthread_join(race_thread, NULL) == 0);
	}
	if (do_flip && (o->flags & TEST_EBUSY))
		igt_assert_eq(wait_vbl(TEST_VBLANK_BLOCK, o->out[0].pipe, 1, 0, &r), 0);
	if (do_flip)
		do_or_die(page_flip(o, new_fb, !(o->flags & TEST_NOEVENT)));
	if (do_vblank) {
		do_or_die(do_wait_vblank(o, target, &r));
		if (o->flags & TEST_VBLANK_BLOCK) {
			got_event(&o->vblank, r.seq, r.ts.tv_sec, r.ts.tv_usec);
			completed = EVENT_VBLANK;
		}
	}
	if (do_flip && (o->flags & TEST_EBUSY))
		igt_assert_eq(page_flip(o, new_fb, false), -EBUSY);
	if (do_flip && (o->flags & TEST_RMFB))
		recreate_fb(o);
	if (o->flags & TEST_PAN) {
		int count = do_flip ? o->flip.count : o->vblank.count;
		int width = o->fb_width - o->mode[0].hdisplay;
		int x = count * 10 % (2 * width);
		int ret;

		if (x >= width)
			x = 2 * width - x;
		ret = set_mode(o, o->fbs[o->current_fb].id, x, 0);
		igt_assert_f(ret == 0, "panning to +%d: %s", x, strerror(-ret));
	}
	if (o->flags & TEST_DPMS)
		set_dpms_all(o, DRM_MODE_DPMS_OFF);
	if ((o->flags & TEST_MODESET) && !(o->flags & (TEST_RMFB | TEST_VBLANK_RACE)))
		igt_assert_eq(set_mode(o, 0, 0, 0), 0);
	if (o->flags & TEST_SUSPEND)
		igt_system_suspend_autoresume();
	if (do_vblank && (o->flags & TEST_EINVAL) && o->vblank.count > 0)
		igt_assert_eq(do_wait_vblank(o, target, &r), -EINVAL);
	if (do_flip && (o->flags & TEST_EINVAL))
		igt_assert_eq(page_flip(o, new_fb, false), expected_einval);
	*events = completed;
	return true;
}

static bool calibrate_ts(struct test_output *o)
{
	union drm_wait_vblank w = { 0 };
	int pipe = o->out[0].pipe, n;
	uint32_t pf = vbl_pipe_flag(pipe), last_seq;
	uint64_t last;
	double sum = 0, sum2 = 0, mean, stddev;
	bool failed = false;

	w.request.type = VBL_TYPE(pf | _DRM_VBLANK_RELATIVE | _DRM_VBLANK_NEXTONMISS);
	do_or_die(wait_vblank_raw(fd, &w));
	last_seq = w.reply.sequence;
	last = (uint64_t)w.reply.tval_sec * 1000000 + w.reply.tval_usec;
	memset(&w, 0, sizeof(w));
	w.request.sequence = last_seq;
	for (n = 0; n < 16; n++) {
		union drm_wait_vblank check = { 0 };

		w.request.type = VBL_TYPE(pf | _DRM_VBLANK_ABSOLUTE | _DRM_VBLANK_EVENT);
		++w.request.sequence;
		do_or_die(wait_vblank_raw(fd, &w));
		check.request.type = VBL_TYPE(pf | _DRM_VBLANK_RELATIVE);
		do_or_die(wait_vblank_raw(fd, &check));
		igt_assert((int)(check.reply.sequence - w.request.sequence) <= 0);
	}
	for (n = 0; n < 16; n++) {
		struct drm_event_vblank ev;
		uint64_t now;

		igt_assert(read_event(fd, &ev, sizeof(ev), 3000) == sizeof(ev));
		if (failed)
			continue;
		if (ev.sequence != last_seq + 1) {
			igt_info("frame %u, want %u", ev.sequence, last_seq + 1);
			failed = true;
			continue;
		}
		now = (uint64_t)ev.tv_sec * 1000000 + ev.tv_usec;
		sum += (double)(now - last);
		sum2 += (double)(now - last) * (now - last);
		last = now;
		last_seq = ev.sequence;
	}
	if (failed)
		return false;
	mean = sum / 16;
	stddev = sqrt(fmax(sum2 / 16 - mean * mean, 0) * 16 / 15);
	igt_info("frame time: mode %.0f us, measured %.1f us +- %.3f us", mode_frame_us(&o->mode[0]),
		 mean, stddev);
	igt_assert_f(3 * stddev / mean < 0.005, "vblank intervals vary by more than 0.5%%");
	o->vblank_interval = mean;
	return true;
}

static bool check_final(struct test_output *o, struct event_state *es, uint64_t elapsed)
{
	igt_assert_f(es->count > 0, "no %s event received", es->name);
	if (o->flags & TEST_CHECK_TS) {
		int count = es->count * o->seq_step, errors = es->err_frames * o->seq_step;
		float rate = 100.0 * (count - errors) / count;
		int threshold = 1e6 / o->vblank_interval > 120 ? 75 : 85;

		igt_info("%s events: expected %d, counted %d, pass rate %.2f%%", es->name,
			 (int)(elapsed / o->vblank_interval), count, rate);
		if (rate < threshold)
			return false;
	}
	return true;
}

static void discard_events(void)
{
	char buf[1024];

	while (fd_readable(fd, 20))
		if (read(fd, buf, sizeof(buf)) <= 0)
			break;
}

static void run_on_set(struct test_output *o, int duration_ms)
{
	bool retried = false;
	int n;

	if (o->flags & TEST_PAN)
		o->fb_width *= 2;
	kfb_create(fd, o->fb_width, o->fb_height, DRM_FORMAT_XRGB8888, &o->fbs[0]);
	kfb_create(fd, o->fb_width, o->fb_height, DRM_FORMAT_XRGB8888, &o->fbs[1]);
retry:
	discard_events();
	memset(&o->flip, 0, sizeof(o->flip));
	memset(&o->vblank, 0, sizeof(o->vblank));
	o->flip.name = "flip";
	o->vblank.name = "vblank";
	o->pending = 0;
	o->current_fb = 0;
	o->vblank_interval = mode_frame_us(&o->mode[0]);
	kms_reset_display(&k);
	igt_assert_eq(set_mode(o, o->fbs[0].id, 0, 0), 0);
	for (n = 0; n < o->count; n++) {
		drmModeCrtc *c = drmModeGetCrtc(fd, o->out[n].crtc_id);

		igt_assert(c && c->mode_valid && c->buffer_id == o->fbs[0].id);
		drmModeFreeCrtc(c);
	}
	if (!kms_has_vblank(fd)) {
		igt_assert_f(!kms_vblank_by_design(), "virtio-gpu-heap without vblanks");
		igt_require_f(!vblank_dependent(o->flags), "There is no VBlank");
		o->flags |= TEST_NO_VBLANK;
	}
	if ((o->flags & TEST_CHECK_TS) && !calibrate_ts(o)) {
		igt_assert_f(!retried, "vblank time stamps inconsistent twice");
		retried = true;
		goto retry;
	}
	igt_assert_eq(page_flip(o, o->fbs[1].id, true), 0);
	wait_for_events(o);
	o->current_fb = 1;
	o->flip.seq_step = o->flags & TEST_FLIP ? 1 : 0;
	o->vblank.seq_step = o->flags & TEST_VBLANK ? 10 : 0;
	o->seq_step = o->vblank.seq_step > o->flip.seq_step ? o->vblank.seq_step :
							      o->flip.seq_step;
	{
		uint64_t start = igt_now_us(), elapsed;
		bool ok = true;
		int count = 0;

		for (;;) {
			unsigned int done;

			if (!run_step(o, &done)) {
				ok = false;
				break;
			}
			if (o->pending)
				done |= wait_for_events(o);
			if (done & EVENT_FLIP)
				check_state(o, &o->flip);
			if (done & EVENT_VBLANK)
				check_state(o, &o->vblank);
			if (done & EVENT_FLIP)
				update_state(&o->flip);
			if (done & EVENT_VBLANK)
				update_state(&o->vblank);
			if (count++ && (igt_now_us() - start) / 1000 >= (uint64_t)duration_ms)
				break;
		}
		elapsed = igt_now_us() - start;
		if (o->pending)
			wait_for_events(o);
		if (ok && (o->flags & TEST_FLIP) && !(o->flags & TEST_NOEVENT))
			ok &= check_final(o, &o->flip, elapsed);
		if (ok && (o->flags & TEST_VBLANK))
			ok &= check_final(o, &o->vblank, elapsed);
		if (!ok) {
			igt_assert_f(!retried, "events inconsistent twice");
			retried = true;
			goto retry;
		}
	}
	kms_reset_display(&k);
	kfb_remove(&o->fbs[0]);
	kfb_remove(&o->fbs[1]);
}

static bool modes_compatible(const drmModeModeInfo *a, const drmModeModeInfo *b)
{
	return a->hdisplay == b->hdisplay && a->vdisplay == b->vdisplay &&
	       abs((int)a->vrefresh - (int)b->vrefresh) <= 1;
}

static int durations(int seconds)
{
	double s = seconds > 2 ? 2 : seconds;

	return s * 1000 * igt_time_scale();
}

static void run_test(int duration, int flags)
{
	int c, p, modes = 0;

	if (flags & TEST_BO_TOOBIG)
		igt_skip("bo-too-big needs an Intel GPU (mappable aperture)");
	if (flags & TEST_HANG)
		igt_skip("GPU hang injection needs i915 or xe");
	if (flags & TEST_FENCE_STRESS)
		igt_skip("fence stress needs i915 fences");
	for (c = 0; c < k.n_conns; c++)
		for (p = 0; p < k.n_crtcs; p++)
			modes += kms_conn_valid_on_pipe(&k, k.conns[c], p);
	igt_require_f(modes, "no connected output");
	duration = durations(duration);
	if (duration)
		duration = duration / modes > 500 ? duration / modes : 500;
	for (c = 0; c < k.n_conns; c++)
		for (p = 0; p < k.n_crtcs; p++) {
			struct test_output o = { .count = 1, .flags = flags };

			if (!kms_conn_valid_on_pipe(&k, k.conns[c], p))
				continue;
			o.out[0].pipe = p;
			o.out[0].crtc_id = k.crtcs[p];
			o.out[0].conn = k.conns[c];
			o.out[0].conn_id = k.conns[c]->connector_id;
			kms_output_name(k.conns[c], o.out[0].name, sizeof(o.out[0].name));
			kms_default_mode(k.conns[c], &o.mode[0]);
			o.out[0].mode = o.mode[0];
			o.fb_width = o.mode[0].hdisplay;
			o.fb_height = o.mode[0].vdisplay;
			igt_info("%c-%s", 'A' + p, o.out[0].name);
			run_on_set(&o, duration);
		}
}

static void run_pair(int duration, int flags)
{
	int i, j, n, m, c, d, found = 0;

	if (flags & TEST_BO_TOOBIG)
		igt_skip("bo-too-big needs an Intel GPU (mappable aperture)");
	if (flags & TEST_HANG)
		igt_skip("GPU hang injection needs i915 or xe");
	if (flags & TEST_FENCE_STRESS)
		igt_skip("fence stress needs i915 fences");
	for (i = 0; i < k.n_conns; i++)
		for (n = 0; n < k.n_crtcs; n++)
			for (j = i + 1; j < k.n_conns; j++)
				for (m = n + 1; m < k.n_crtcs; m++) {
					struct test_output o = { .count = 2, .flags = flags };
					bool ok = false;

					if (!kms_conn_valid_on_pipe(&k, k.conns[i], n) ||
					    !kms_conn_valid_on_pipe(&k, k.conns[j], m))
						continue;
					for (c = 0; c < k.conns[i]->count_modes && !ok; c++)
						for (d = 0; d < k.conns[j]->count_modes && !ok; d++)
							if (modes_compatible(&k.conns[i]->modes[c],
									     &k.conns[j]->modes[d])) {
								o.mode[0] = k.conns[i]->modes[c];
								o.mode[1] = k.conns[j]->modes[d];
								ok = true;
							}
					if (!ok)
						continue;
					found++;
					o.out[0].pipe = n;
					o.out[0].crtc_id = k.crtcs[n];
					o.out[0].conn_id = k.conns[i]->connector_id;
					o.out[1].pipe = m;
					o.out[1].crtc_id = k.crtcs[m];
					o.out[1].conn_id = k.conns[j]->connector_id;
					o.fb_width = o.mode[0].hdisplay;
					o.fb_height = o.mode[0].vdisplay;
					igt_info("%c%c-%u-%u", 'A' + n, 'A' + m, o.out[0].conn_id,
						 o.out[1].conn_id);
					run_on_set(&o, durations(duration));
				}
	igt_require_f(found, "At least two displays with same modes are required");
}

static void nonblocking_read(void)
{
	char buf[1024];
	int f = dup(fd), fl;

	igt_require(f >= 0);
	fl = fcntl(f, F_GETFL);
	igt_require(fl != -1 && fcntl(f, F_SETFL, fl | O_NONBLOCK) != -1);
	igt_assert_eq(read(f, buf, sizeof(buf)), -1);
	igt_assert_eq(errno, EAGAIN);
	close(f);
}

#define ONE(name, d, fl) static void name(void) { run_test(d, fl); }
#define TWO(name, d, fl) static void name(void) { run_pair(d, fl); }
#define INTR1(name, d, fl) static void name(void) { igt_fork_signal_helper(); run_test(d, fl); igt_stop_signal_helper(); }
#define INTR2(name, d, fl) static void name(void) { igt_fork_signal_helper(); run_pair(d, fl); igt_stop_signal_helper(); }
#define ALL(n, d, fl) ONE(n, d, fl) TWO(n##_2x, d, fl)
#define ALLI(n, d, fl) ALL(n, d, fl) INTR1(n##_i, d, fl) INTR2(n##_2x_i, d, fl)

ALLI(wf_vblank_ts_check, 30, TEST_VBLANK | TEST_CHECK_TS)
ALL(blocking_wf_vblank, 30, TEST_VBLANK | TEST_VBLANK_BLOCK | TEST_CHECK_TS)
ALLI(absolute_wf_vblank, 30, TEST_VBLANK | TEST_VBLANK_ABSOLUTE)
ALLI(blocking_absolute_wf_vblank, 30, TEST_VBLANK | TEST_VBLANK_BLOCK | TEST_VBLANK_ABSOLUTE)
ALLI(plain_flip, 2, TEST_FLIP | TEST_BASIC)
ALL(busy_flip, 1, TEST_FLIP | TEST_EBUSY)
ALLI(flip_vs_fences, 30, TEST_FLIP | TEST_FENCE_STRESS)
ALLI(plain_flip_ts_check, 30, TEST_FLIP | TEST_CHECK_TS)
ALLI(plain_flip_fb_recreate, 30, TEST_FLIP | TEST_CHECK_TS | TEST_FB_RECREATE)
ALLI(flip_vs_rmfb, 30, TEST_FLIP | TEST_RMFB | TEST_MODESET)
ALL(flip_vs_dpms, 2, TEST_FLIP | TEST_DPMS | TEST_EINVAL | TEST_BASIC)
ALLI(flip_vs_dpms_on_nop, 2, TEST_FLIP | TEST_DPMS_ON_NOP | TEST_CHECK_TS)
ALLI(flip_vs_panning, 30, TEST_FLIP | TEST_PAN)
ALL(flip_vs_modeset, 2, TEST_FLIP | TEST_MODESET | TEST_EINVAL | TEST_BASIC)
ALLI(flip_vs_expired_vblank, 30, TEST_FLIP | TEST_VBLANK_EXPIRED_SEQ)
ALLI(flip_vs_absolute_wf_vblank, 30, TEST_FLIP | TEST_VBLANK | TEST_VBLANK_ABSOLUTE | TEST_CHECK_TS)
ALL(flip_vs_wf_vblank, 2, TEST_FLIP | TEST_VBLANK | TEST_CHECK_TS | TEST_BASIC)
ALL(flip_vs_blocking_wf_vblank, 30, TEST_FLIP | TEST_VBLANK | TEST_VBLANK_BLOCK | TEST_CHECK_TS)
ALL(flip_vs_modeset_vs_hang, 1, TEST_FLIP | TEST_MODESET | TEST_HANG | TEST_NOEVENT)
ALL(flip_vs_panning_vs_hang, 1, TEST_FLIP | TEST_PAN | TEST_HANG)
ALLI(flip_vs_dpms_off_vs_modeset, 1, TEST_DPMS_OFF | TEST_MODESET | TEST_FLIP)
ALLI(single_buffer_flip_vs_dpms_off_vs_modeset, 1,
     TEST_DPMS_OFF | TEST_MODESET | TEST_FLIP | TEST_SINGLE_BUFFER)
ONE(dpms_off_confusion, 30, TEST_FLIP | TEST_NO_2X_OUTPUT | TEST_DPMS_OFF_OTHERS)
INTR1(dpms_off_confusion_i, 30, TEST_FLIP | TEST_NO_2X_OUTPUT | TEST_DPMS_OFF_OTHERS)
ALLI(nonexisting_fb, 0, TEST_ENOENT | TEST_NOEVENT)
ALLI(dpms_vs_vblank_race, 10, TEST_DPMS_OFF | TEST_DPMS | TEST_VBLANK_RACE | TEST_CHECK_TS)
ALLI(modeset_vs_vblank_race, 10, TEST_MODESET | TEST_VBLANK_RACE | TEST_CHECK_TS)
ONE(bo_too_big, 0, TEST_BO_TOOBIG | TEST_NO_2X_OUTPUT)
INTR1(bo_too_big_i, 0, TEST_BO_TOOBIG | TEST_NO_2X_OUTPUT)
ALLI(flip_vs_suspend, 10, TEST_FLIP | TEST_SUSPEND)

#define E(n, f) { n, f }
IGT_MAIN(setup,
	E("nonblocking-read", nonblocking_read),
	E("wf_vblank-ts-check", wf_vblank_ts_check), E("2x-wf_vblank-ts-check", wf_vblank_ts_check_2x),
	E("blocking-wf_vblank", blocking_wf_vblank), E("2x-blocking-wf_vblank", blocking_wf_vblank_2x),
	E("absolute-wf_vblank", absolute_wf_vblank), E("2x-absolute-wf_vblank", absolute_wf_vblank_2x),
	E("blocking-absolute-wf_vblank", blocking_absolute_wf_vblank),
	E("2x-blocking-absolute-wf_vblank", blocking_absolute_wf_vblank_2x),
	E("basic-plain-flip", plain_flip), E("2x-plain-flip", plain_flip_2x),
	E("busy-flip", busy_flip), E("2x-busy-flip", busy_flip_2x),
	E("flip-vs-fences", flip_vs_fences), E("2x-flip-vs-fences", flip_vs_fences_2x),
	E("plain-flip-ts-check", plain_flip_ts_check), E("2x-plain-flip-ts-check", plain_flip_ts_check_2x),
	E("plain-flip-fb-recreate", plain_flip_fb_recreate),
	E("2x-plain-flip-fb-recreate", plain_flip_fb_recreate_2x),
	E("flip-vs-rmfb", flip_vs_rmfb), E("2x-flip-vs-rmfb", flip_vs_rmfb_2x),
	E("basic-flip-vs-dpms", flip_vs_dpms), E("2x-flip-vs-dpms", flip_vs_dpms_2x),
	E("flip-vs-dpms-on-nop", flip_vs_dpms_on_nop), E("2x-flip-vs-dpms-on-nop", flip_vs_dpms_on_nop_2x),
	E("flip-vs-panning", flip_vs_panning), E("2x-flip-vs-panning", flip_vs_panning_2x),
	E("basic-flip-vs-modeset", flip_vs_modeset), E("2x-flip-vs-modeset", flip_vs_modeset_2x),
	E("flip-vs-expired-vblank", flip_vs_expired_vblank),
	E("2x-flip-vs-expired-vblank", flip_vs_expired_vblank_2x),
	E("flip-vs-absolute-wf_vblank", flip_vs_absolute_wf_vblank),
	E("2x-flip-vs-absolute-wf_vblank", flip_vs_absolute_wf_vblank_2x),
	E("basic-flip-vs-wf_vblank", flip_vs_wf_vblank), E("2x-flip-vs-wf_vblank", flip_vs_wf_vblank_2x),
	E("flip-vs-blocking-wf-vblank", flip_vs_blocking_wf_vblank),
	E("2x-flip-vs-blocking-wf-vblank", flip_vs_blocking_wf_vblank_2x),
	E("flip-vs-modeset-vs-hang", flip_vs_modeset_vs_hang),
	E("2x-flip-vs-modeset-vs-hang", flip_vs_modeset_vs_hang_2x),
	E("flip-vs-panning-vs-hang", flip_vs_panning_vs_hang),
	E("2x-flip-vs-panning-vs-hang", flip_vs_panning_vs_hang_2x),
	E("flip-vs-dpms-off-vs-modeset", flip_vs_dpms_off_vs_modeset),
	E("2x-flip-vs-dpms-off-vs-modeset", flip_vs_dpms_off_vs_modeset_2x),
	E("single-buffer-flip-vs-dpms-off-vs-modeset", single_buffer_flip_vs_dpms_off_vs_modeset),
	E("2x-single-buffer-flip-vs-dpms-off-vs-modeset", single_buffer_flip_vs_dpms_off_vs_modeset_2x),
	E("dpms-off-confusion", dpms_off_confusion),
	E("nonexisting-fb", nonexisting_fb), E("2x-nonexisting-fb", nonexisting_fb_2x),
	E("dpms-vs-vblank-race", dpms_vs_vblank_race), E("2x-dpms-vs-vblank-race", dpms_vs_vblank_race_2x),
	E("modeset-vs-vblank-race", modeset_vs_vblank_race),
	E("2x-modeset-vs-vblank-race", modeset_vs_vblank_race_2x),
	E("bo-too-big", bo_too_big),
	E("flip-vs-suspend", flip_vs_suspend), E("2x-flip-vs-suspend", flip_vs_suspend_2x),
	E("wf_vblank-ts-check-interruptible", wf_vblank_ts_check_i),
	E("2x-wf_vblank-ts-check-interruptible", wf_vblank_ts_check_2x_i),
	E("absolute-wf_vblank-interruptible", absolute_wf_vblank_i),
	E("2x-absolute-wf_vblank-interruptible", absolute_wf_vblank_2x_i),
	E("blocking-absolute-wf_vblank-interruptible", blocking_absolute_wf_vblank_i),
	E("2x-blocking-absolute-wf_vblank-interruptible", blocking_absolute_wf_vblank_2x_i),
	E("plain-flip-interruptible", plain_flip_i), E("2x-plain-flip-interruptible", plain_flip_2x_i),
	E("flip-vs-fences-interruptible", flip_vs_fences_i),
	E("2x-flip-vs-fences-interruptible", flip_vs_fences_2x_i),
	E("plain-flip-ts-check-interruptible", plain_flip_ts_check_i),
	E("2x-plain-flip-ts-check-interruptible", plain_flip_ts_check_2x_i),
	E("plain-flip-fb-recreate-interruptible", plain_flip_fb_recreate_i),
	E("2x-plain-flip-fb-recreate-interruptible", plain_flip_fb_recreate_2x_i),
	E("flip-vs-rmfb-interruptible", flip_vs_rmfb_i), E("2x-flip-vs-rmfb-interruptible", flip_vs_rmfb_2x_i),
	E("flip-vs-dpms-on-nop-interruptible", flip_vs_dpms_on_nop_i),
	E("2x-flip-vs-dpms-on-nop-interruptible", flip_vs_dpms_on_nop_2x_i),
	E("flip-vs-panning-interruptible", flip_vs_panning_i),
	E("2x-flip-vs-panning-interruptible", flip_vs_panning_2x_i),
	E("flip-vs-expired-vblank-interruptible", flip_vs_expired_vblank_i),
	E("2x-flip-vs-expired-vblank-interruptible", flip_vs_expired_vblank_2x_i),
	E("flip-vs-absolute-wf_vblank-interruptible", flip_vs_absolute_wf_vblank_i),
	E("2x-flip-vs-absolute-wf_vblank-interruptible", flip_vs_absolute_wf_vblank_2x_i),
	E("flip-vs-dpms-off-vs-modeset-interruptible", flip_vs_dpms_off_vs_modeset_i),
	E("2x-flip-vs-dpms-off-vs-modeset-interruptible", flip_vs_dpms_off_vs_modeset_2x_i),
	E("single-buffer-flip-vs-dpms-off-vs-modeset-interruptible",
	  single_buffer_flip_vs_dpms_off_vs_modeset_i),
	E("2x-single-buffer-flip-vs-dpms-off-vs-modeset-interruptible",
	  single_buffer_flip_vs_dpms_off_vs_modeset_2x_i),
	E("dpms-off-confusion-interruptible", dpms_off_confusion_i),
	E("nonexisting-fb-interruptible", nonexisting_fb_i),
	E("2x-nonexisting-fb-interruptible", nonexisting_fb_2x_i),
	E("dpms-vs-vblank-race-interruptible", dpms_vs_vblank_race_i),
	E("2x-dpms-vs-vblank-race-interruptible", dpms_vs_vblank_race_2x_i),
	E("modeset-vs-vblank-race-interruptible", modeset_vs_vblank_race_i),
	E("2x-modeset-vs-vblank-race-interruptible", modeset_vs_vblank_race_2x_i),
	E("bo-too-big-interruptible", bo_too_big_i),
	E("flip-vs-suspend-interruptible", flip_vs_suspend_i),
	E("2x-flip-vs-suspend-interruptible", flip_vs_suspend_2x_i),
)
