// SPDX-License-Identifier: MIT
/*
 * kms_invalid_mode: SETCRTC must refuse modes with impossible timings or
 * clocks on every pipe and output.
 */
#include <limits.h>
#include <unistd.h>

#include "kms.h"

static int fd;
static struct kms k;

static void setup(void)
{
	fd = drm_open_master();
	kms_init(&k, fd);
}

typedef bool (*adjust_fn)(drmModeModeInfo *m);

static bool clock_too_high(drmModeModeInfo *m)
{
	(void)m;
	/* the limit is only known for Intel hardware (debugfs) */
	igt_skip("maximum dot clock of the device unknown");
}

static bool zero_clock(drmModeModeInfo *m) { m->clock = 0; return true; }
static bool int_max_clock(drmModeModeInfo *m) { m->clock = INT_MAX; return true; }
static bool uint_max_clock(drmModeModeInfo *m) { m->clock = UINT_MAX; return true; }
static bool zero_hdisplay(drmModeModeInfo *m) { m->hdisplay = 0; return true; }
static bool zero_vdisplay(drmModeModeInfo *m) { m->vdisplay = 0; return true; }
static bool bad_hsync_start(drmModeModeInfo *m) { m->hsync_start = m->hdisplay - 1; return true; }
static bool bad_vsync_start(drmModeModeInfo *m) { m->vsync_start = m->vdisplay - 1; return true; }
static bool bad_hsync_end(drmModeModeInfo *m) { m->hsync_end = m->hsync_start - 1; return true; }
static bool bad_vsync_end(drmModeModeInfo *m) { m->vsync_end = m->vsync_start - 1; return true; }
static bool bad_htotal(drmModeModeInfo *m) { m->htotal = m->hsync_end - 1; return true; }
static bool bad_vtotal(drmModeModeInfo *m) { m->vtotal = m->vsync_end - 1; return true; }

static bool overflow_vrefresh(drmModeModeInfo *m)
{
	/* htotal * vtotal * vscan == 2^32 */
	m->htotal = 32768;
	m->vtotal = 32768;
	m->vscan = 4;
	return true;
}

static void run(adjust_fn adjust)
{
	struct output outs[MAX_CRTCS * MAX_CONNECTORS];
	int i, n = kms_valid_outputs(&k, outs, MAX_CRTCS * MAX_CONNECTORS);

	igt_require_f(n > 0, "no connected output");
	for (i = 0; i < n; i++) {
		drmModeModeInfo mode = outs[i].mode;
		uint32_t conn = outs[i].conn_id;
		uint16_t w, h;
		struct kfb fb;
		int ret;

		igt_info("pipe-%c-%s", 'A' + outs[i].pipe, outs[i].name);
		igt_require(adjust(&mode));
		w = mode.hdisplay;
		h = mode.vdisplay;
		kfb_create(fd, w > 64 ? w : 64, h > 64 ? h : 64, DRM_FORMAT_XRGB8888, &fb);
		unset_all_crtcs(&k);
		ret = set_crtc(fd, outs[i].crtc_id, fb.id, 0, 0, &conn, 1, &mode);
		igt_assert_f(ret < 0, "SETCRTC accepted the mode (clock %u, %ux%u, h %u/%u/%u, v %u/%u/%u, vscan %u)",
			     mode.clock, mode.hdisplay, mode.vdisplay, mode.hsync_start,
			     mode.hsync_end, mode.htotal, mode.vsync_start, mode.vsync_end,
			     mode.vtotal, mode.vscan);
		kfb_remove(&fb);
	}
}

#define T(name) static void t_##name(void) { run(name); }
T(clock_too_high) T(zero_clock) T(int_max_clock) T(uint_max_clock) T(zero_hdisplay)
T(zero_vdisplay) T(bad_hsync_start) T(bad_vsync_start) T(bad_hsync_end)
T(bad_vsync_end) T(bad_htotal) T(bad_vtotal) T(overflow_vrefresh)

IGT_MAIN(setup,
	{ "clock-too-high", t_clock_too_high },
	{ "zero-clock", t_zero_clock },
	{ "int-max-clock", t_int_max_clock },
	{ "uint-max-clock", t_uint_max_clock },
	{ "zero-hdisplay", t_zero_hdisplay },
	{ "zero-vdisplay", t_zero_vdisplay },
	{ "bad-hsync-start", t_bad_hsync_start },
	{ "bad-vsync-start", t_bad_vsync_start },
	{ "bad-hsync-end", t_bad_hsync_end },
	{ "bad-vsync-end", t_bad_vsync_end },
	{ "bad-htotal", t_bad_htotal },
	{ "bad-vtotal", t_bad_vtotal },
	{ "overflow-vrefresh", t_overflow_vrefresh },
)
