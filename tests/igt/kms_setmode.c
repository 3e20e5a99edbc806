// SPDX-License-Identifier: MIT
/*
 * kms_setmode: SETCRTC over every valid (and invalid) combination of
 * connectors and CRTCs: one output per CRTC with the vblank interval
 * checked against the mode's timings, clones on one CRTC, and connectors
 * taken from a CRTC that already drives them.
 */
#include <math.h>
#include <unistd.h>

#include "kms.h"

enum {
	TEST_INVALID = 0x01,
	TEST_CLONE = 0x02,
	TEST_SINGLE_CRTC_CLONE = 0x04,
	TEST_EXCLUSIVE_CRTC_CLONE = 0x08,
	TEST_STEALING = 0x10,
	TEST_TIMINGS = 0x20,
};

#define MAX_ELEMS 6
#define CRTC_RESTRICT 2

static int fd;
static struct kms k;

struct cconf {
	drmModeConnector *conn;
	int crtc_idx;
	drmModeModeInfo mode;
};

struct crtc_conf {
	int crtc_idx, count;
	uint32_t crtc_id;
	struct cconf *cc;
	drmModeModeInfo mode;
	struct kfb fb;
};

static void setup(void)
{
	fd = drm_open_master();
	kms_init(&k, fd);
}

static bool mode_equal(const drmModeModeInfo *a, const drmModeModeInfo *b)
{
	return a->vrefresh == b->vrefresh && a->clock == b->clock &&
	       a->hdisplay == b->hdisplay && a->hsync_start == b->hsync_start &&
	       a->hsync_end == b->hsync_end && a->htotal == b->htotal &&
	       a->vdisplay == b->vdisplay && a->vsync_start == b->vsync_start &&
	       a->vsync_end == b->vsync_end && a->vtotal == b->vtotal && a->flags == b->flags;
}

static bool crtc_supports(struct crtc_conf *c, const drmModeModeInfo *m)
{
	int i, j;

	for (i = 0; i < c->count; i++) {
		bool found = false;

		for (j = 0; j < c->cc[i].conn->count_modes && !found; j++)
			found = mode_equal(&c->cc[i].conn->modes[j], m);
		if (!found)
			return false;
	}
	return true;
}

static void mode_for_crtc(struct crtc_conf *c)
{
	drmModeConnector *c0 = c->cc[0].conn;
	int i;

	for (i = 0; i < c->count; i++)
		if (crtc_supports(c, &c->cc[i].mode)) {
			c->mode = c->cc[i].mode;
			return;
		}
	for (i = 0; i < c0->count_modes; i++)
		if (crtc_supports(c, &c0->modes[i])) {
			c->mode = c0->modes[i];
			return;
		}
	c->mode = c->cc[0].mode;
	for (i = 1; i < c->count; i++)
		if (c->cc[i].mode.clock < c->mode.clock)
			c->mode = c->cc[i].mode;
}

static int encoder_index(uint32_t id)
{
	int i;

	for (i = 0; i < k.res->count_encoders; i++)
		if (k.res->encoders[i] == id)
			return i;
	igt_fail("encoder %u not in resources", id);
}

/* Group connectors per CRTC; returns the CRTC count, sets *valid. */
static int setup_crtcs(unsigned int flags, struct cconf *cc, int n, struct crtc_conf *crtcs,
		       bool *valid)
{
	int i = 0, count = 0, usage[64] = { 0 };

	unset_all_crtcs(&k);
	*valid = true;
	while (i < n) {
		struct crtc_conf *c = &crtcs[count];
		unsigned long mask = 0;
		int j;

		memset(c, 0, sizeof(*c));
		c->crtc_idx = cc[i].crtc_idx;
		c->crtc_id = k.crtcs[c->crtc_idx];
		c->count = 1;
		for (j = i + 1; j < n; j++)
			if (cc[j].crtc_idx == c->crtc_idx)
				c->count++;
		c->cc = &cc[i];
		for (j = 0; j < c->count; j++) {
			drmModeConnector *conn = cc[i + j].conn;
			drmModeEncoder *e;

			igt_assert(conn->count_encoders >= 1);
			e = drmModeGetEncoder(fd, conn->encoders[0]);
			igt_assert(e);
			*valid &= !!(e->possible_crtcs & (1u << c->crtc_idx));
			mask |= 1ul << encoder_index(e->encoder_id);
			*valid &= !(mask & ~e->possible_clones);
			drmModeFreeEncoder(e);
		}
		mode_for_crtc(c);
		i += c->count;
		count++;
	}
	for (i = 0; i < n; i++)
		usage[encoder_index(cc[i].conn->encoders[0])]++;
	for (i = 0; i < k.res->count_encoders && i < 64; i++)
		if (usage[i] > 1 && (flags & TEST_SINGLE_CRTC_CLONE))
			*valid = false;
	return count;
}

static double frame_us(const drmModeModeInfo *m)
{
	return 1000.0 * m->htotal * m->vtotal / m->clock;
}

static double line_us(const drmModeModeInfo *m)
{
	return 1000.0 * m->htotal / m->clock;
}

#define STEPS 120

static bool check_timings(int pipe, const drmModeModeInfo *m)
{
	union drm_wait_vblank w = { 0 };
	uint32_t pf = vbl_pipe_flag(pipe), last_seq;
	uint64_t last_ts;
	double sum = 0, sum2 = 0, mean, stddev, accuracy, expected = frame_us(m);
	int n;

	w.request.type = VBL_TYPE(_DRM_VBLANK_RELATIVE | _DRM_VBLANK_NEXTONMISS | pf);
	do_or_die(wait_vblank_raw(fd, &w));
	last_seq = w.reply.sequence;
	last_ts = (uint64_t)w.reply.tval_sec * 1000000 + w.reply.tval_usec;
	memset(&w, 0, sizeof(w));
	w.request.type = VBL_TYPE(_DRM_VBLANK_ABSOLUTE | _DRM_VBLANK_EVENT | pf);
	w.request.sequence = last_seq;
	for (n = 0; n < STEPS; n++) {
		union drm_wait_vblank check = { 0 };

		w.request.type = VBL_TYPE(_DRM_VBLANK_ABSOLUTE | _DRM_VBLANK_EVENT | pf);
		++w.request.sequence;
		do_or_die(wait_vblank_raw(fd, &w));
		/* the frame asked for must still be ahead */
		check.request.type = VBL_TYPE(_DRM_VBLANK_RELATIVE | pf);
		do_or_die(wait_vblank_raw(fd, &check));
		igt_assert((int)(check.reply.sequence - w.request.sequence) <= 0);
	}
	for (n = 0; n < STEPS; n++) {
		struct drm_event_vblank ev;
		uint64_t now;

		igt_assert_eq(read(fd, &ev, sizeof(ev)), sizeof(ev));
		igt_assert_eq(ev.sequence, last_seq + 1);
		now = (uint64_t)ev.tv_sec * 1000000 + ev.tv_usec;
		sum += (double)(now - last_ts);
		sum2 += (double)(now - last_ts) * (now - last_ts);
		last_ts = now;
		last_seq = ev.sequence;
	}
	mean = sum / STEPS;
	stddev = sqrt(fmax(sum2 / STEPS - mean * mean, 0) * STEPS / (STEPS - 1));
	accuracy = 3 * stddev / sqrt(STEPS);
	igt_info("expected frame time %.0f us; measured %.1f us +- %.3f us, accuracy %.2f%% [%.2f lines]",
		 expected, mean, stddev, 100 * accuracy / mean, accuracy / line_us(m));
	if (accuracy >= line_us(m)) {
		igt_info("vblank accuracy %.3f us worse than a line (%.3f us)", accuracy, line_us(m));
		return false;
	}
	if (fabs(mean - expected) >= fmax(line_us(m), 1.718 * stddev)) {
		igt_info("vblank interval %.1f us differs from the mode's %.1f us", mean, expected);
		return false;
	}
	return true;
}

static int stealing(struct crtc_conf *c, uint32_t *ids)
{
	int i, ret = 0;

	for (i = 0; i < c->count; i++) {
		ret = set_crtc(fd, c->crtc_id, c->fb.id, 0, 0, &ids[i], 1, &c->mode);
		igt_assert_eq(ret, 0);
		ret = set_crtc(fd, c->crtc_id, c->fb.id, 0, 0, ids, c->count, &c->mode);
		if (!ret)
			return 0;
	}
	return ret;
}

static void test_config(unsigned int flags, struct crtc_conf *crtcs, int count)
{
	bool failed = false;
	int i, ret = 0;

	for (i = 0; i < count; i++) {
		struct crtc_conf *c = &crtcs[i];
		uint32_t ids[MAX_ELEMS];
		int j;

		igt_info("  CRTC %u [pipe %c] %s@%d with %d connector(s)", c->crtc_id,
			 'A' + c->crtc_idx, c->mode.name, c->mode.vrefresh, c->count);
		kfb_create(fd, c->mode.hdisplay, c->mode.vdisplay, DRM_FORMAT_XRGB8888, &c->fb);
		for (j = 0; j < c->count; j++)
			ids[j] = c->cc[j].conn->connector_id;
		if (flags & TEST_STEALING)
			ret = stealing(c, ids);
		else
			ret = set_crtc(fd, c->crtc_id, c->fb.id, 0, 0, ids, c->count, &c->mode);
		if (ret < 0) {
			igt_require_f(ret != -ENOSPC, "no mode fits the link bandwidth");
			igt_assert_eq(ret, -EINVAL);
			failed = true;
		}
	}
	igt_assert_eq(failed, !!(flags & TEST_INVALID));
	if (ret == 0 && (flags & TEST_TIMINGS)) {
		bool ok = check_timings(crtcs[0].crtc_idx, &crtcs[0].mode);

		if (!ok) {
			igt_info("timing check failed, retrying once");
			ok = check_timings(crtcs[0].crtc_idx, &crtcs[0].mode);
		}
		igt_assert_f(ok, "vblank timing test failed after 2 attempts");
	}
}

static void cleanup(struct crtc_conf *crtcs, int count)
{
	int i;

	for (i = 0; i < count; i++) {
		kfb_remove(&crtcs[i].fb);
		set_crtc(fd, crtcs[i].crtc_id, 0, 0, 0, NULL, 0, NULL);
	}
}

struct combos {
	int count;
	int items[512][MAX_ELEMS];
};

static void combos(int n, int kk, bool rep, int depth, int base, int *cur, struct combos *set)
{
	int v;

	if (!kk) {
		igt_assert_lt(set->count, 512);
		memcpy(set->items[set->count++], cur, sizeof(int) * MAX_ELEMS);
		return;
	}
	for (v = base; v < n; v++) {
		cur[depth] = v;
		combos(n, kk - 1, rep, depth + 1, rep ? 0 : v + 1, cur, set);
	}
}

static int tested;

static void test_combinations(unsigned int flags, int nconn, int ncrtc)
{
	static struct combos conns, crtcs;
	int cur[MAX_ELEMS] = { 0 }, i, j, c;

	if (nconn > 2 && (flags & TEST_STEALING))
		return;
	conns.count = crtcs.count = 0;
	combos(k.res->count_connectors, nconn, false, 0, 0, cur, &conns);
	combos(ncrtc, nconn, true, 0, 0, cur, &crtcs);
	for (i = 0; i < conns.count; i++) {
		struct cconf cc[MAX_ELEMS];
		bool ok = true;

		for (c = 0; c < nconn; c++) {
			drmModeConnector *conn = drmModeGetConnectorCurrent(
				fd, k.res->connectors[conns.items[i][c]]);

			igt_assert(conn);
			cc[c].conn = conn;
			ok &= conn->connection == DRM_MODE_CONNECTED &&
			      kms_default_mode(conn, &cc[c].mode);
		}
		for (j = 0; ok && j < crtcs.count; j++) {
			unsigned long mask = 0;
			struct crtc_conf cfg[MAX_ELEMS];
			bool assign = true, valid;
			int count;

			for (c = 0; c < nconn; c++) {
				int idx = crtcs.items[j][c];

				if ((flags & TEST_SINGLE_CRTC_CLONE) && (mask & ~(1ul << idx)))
					assign = false;
				if ((flags & (TEST_EXCLUSIVE_CRTC_CLONE | TEST_TIMINGS)) &&
				    (mask & (1ul << idx)))
					assign = false;
				mask |= 1ul << idx;
				cc[c].crtc_idx = idx;
			}
			if (!assign)
				continue;
			count = setup_crtcs(flags, cc, nconn, cfg, &valid);
			if (valid == !(flags & TEST_INVALID)) {
				char name[128] = "";
				int p;

				for (p = 0; p < nconn; p++) {
					char out[32];

					kms_output_name(cc[p].conn, out, sizeof(out));
					snprintf(name + strlen(name), sizeof(name) - strlen(name),
						 "%spipe-%c-%s", p ? "-" : "", 'A' + cc[p].crtc_idx, out);
				}
				igt_info("%s", name);
				tested++;
				test_config(flags, cfg, count);
			}
			cleanup(cfg, count);
		}
		for (c = 0; c < nconn; c++)
			drmModeFreeConnector(cc[c].conn);
	}
}

static void run(unsigned int flags)
{
	int ncrtc = k.n_crtcs <= CRTC_RESTRICT ? k.n_crtcs : CRTC_RESTRICT, n;

	tested = 0;
	for (n = flags & TEST_CLONE ? 2 : 1; n <= ncrtc; n++)
		test_combinations(flags, n, ncrtc);
	igt_require_f(tested, "no crtc/connector combination of this kind");
}

static void basic(void) { run(TEST_TIMINGS); }
static void basic_clone_single_crtc(void) { run(TEST_CLONE | TEST_SINGLE_CRTC_CLONE); }
static void invalid_clone_single_crtc(void)
{
	run(TEST_INVALID | TEST_CLONE | TEST_SINGLE_CRTC_CLONE);
}
static void invalid_clone_exclusive_crtc(void)
{
	run(TEST_INVALID | TEST_CLONE | TEST_EXCLUSIVE_CRTC_CLONE);
}
static void clone_exclusive_crtc(void) { run(TEST_CLONE | TEST_EXCLUSIVE_CRTC_CLONE); }
static void invalid_clone_single_crtc_stealing(void)
{
	run(TEST_INVALID | TEST_CLONE | TEST_SINGLE_CRTC_CLONE | TEST_STEALING);
}

IGT_MAIN(setup,
	{ "basic", basic },
	{ "basic-clone-single-crtc", basic_clone_single_crtc },
	{ "invalid-clone-single-crtc", invalid_clone_single_crtc },
	{ "invalid-clone-exclusive-crtc", invalid_clone_exclusive_crtc },
	{ "clone-exclusive-crtc", clone_exclusive_crtc },
	{ "invalid-clone-single-crtc-stealing", invalid_clone_single_crtc_stealing },
)
