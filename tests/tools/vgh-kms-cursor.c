// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * vgh-kms-cursor: the cursor plane through the legacy cursor ioctl.
 *
 * usage: vgh-kms-cursor [-d CARD] [-m MOVES] [-x COMMAND]
 *
 * Shows a pattern on the first connected output, sets a 64x64 ARGB8888
 * cursor image, moves it MOVES times (default 10) ending at
 * (100 + MOVES, 50 + MOVES), and checks that a 32x32 image is refused
 * with EINVAL and an unknown handle with ENOENT, without disturbing the
 * cursor shown. Then runs COMMAND with sh, turns the cursor off and runs
 * COMMAND again with the argument "off". Prints one line per check;
 * exits 0 when all passed, 1 when one failed, 2 when the tool could not
 * run.
 */
#include "vgh-kms.h"

static int fd, failures;

/* One check's line; err and want are 0 or -errno. */
static void check(int ok, const char *what, int err, int want)
{
	printf("%s %s: %s (want %s)\n", ok ? "ok  " : "FAIL", what,
	       vgh_errno_name(-err), vgh_errno_name(-want));
	fflush(stdout);
	if (!ok)
		failures++;
}

static int cursor(uint32_t flags, uint32_t crtc, uint32_t handle, uint32_t size,
		  int x, int y)
{
	struct drm_mode_cursor c = {
		.flags = flags, .crtc_id = crtc, .handle = handle,
		.width = size, .height = size, .x = x, .y = y,
	};

	return vgh_ioctl(fd, DRM_IOCTL_MODE_CURSOR, &c);
}

int main(int argc, char **argv)
{
	const char *card = "/dev/dri/card0", *cmd = NULL;
	struct vgh_buffer fb, cur, small;
	struct vgh_output out;
	unsigned int moves = 10, i;
	char off[512];
	uint32_t x, y;
	int opt, err;

	vgh_prog = "vgh-kms-cursor";
	while ((opt = getopt(argc, argv, "d:m:x:")) != -1) {
		switch (opt) {
		case 'd':
			card = optarg;
			break;
		case 'm':
			moves = strtoul(optarg, NULL, 0);
			break;
		case 'x':
			cmd = optarg;
			break;
		default:
			fprintf(stderr, "usage: %s [-d CARD] [-m MOVES] [-x COMMAND]\n",
				argv[0]);
			return 2;
		}
	}
	fd = vgh_open(card);
	vgh_find_output(fd, &out);
	vgh_dumb(fd, out.mode.hdisplay, out.mode.vdisplay, &fb);
	vgh_fill(&fb, 0, 0, 0, fb.width, fb.height);
	vgh_add_fb(fd, &fb);
	vgh_set_crtc(fd, &out, fb.fb);

	/* An arrow-ish image: opaque triangle, transparent elsewhere. */
	vgh_dumb(fd, 64, 64, &cur);
	for (y = 0; y < 64; y++)
		for (x = 0; x < 64; x++)
			*vgh_px(&cur, x, y) = x <= y ? 0xff000000u | vgh_pattern(1, x, y) : 0;
	err = cursor(DRM_MODE_CURSOR_BO, out.crtc_id, cur.handle, 64, 0, 0);
	check(!err, "set a 64x64 cursor", err, 0);
	for (i = 1; i <= moves; i++) {
		err = cursor(DRM_MODE_CURSOR_MOVE, out.crtc_id, 0, 0, 100 + i, 50 + i);
		if (err)
			break;
	}
	check(!err, "moves", err, 0);
	printf("cursor at %u,%u after %u moves\n", 100 + moves, 50 + moves, moves);

	vgh_dumb(fd, 32, 32, &small);
	err = cursor(DRM_MODE_CURSOR_BO, out.crtc_id, small.handle, 32, 0, 0);
	check(err == -EINVAL, "a 32x32 cursor image", err, -EINVAL);
	err = cursor(DRM_MODE_CURSOR_BO, out.crtc_id, 0xdead, 64, 0, 0);
	check(err == -ENOENT, "a cursor image of an unknown handle", err, -ENOENT);

	if (cmd) {
		err = vgh_run(cmd);
		check(!err, cmd, err ? -EIO : 0, 0);
	}
	err = cursor(DRM_MODE_CURSOR_BO, out.crtc_id, 0, 0, 0, 0);
	check(!err, "cursor off", err, 0);
	if (cmd) {
		snprintf(off, sizeof(off), "%s off", cmd);
		err = vgh_run(off);
		check(!err, off, err ? -EIO : 0, 0);
	}

	vgh_free_buffer(fd, &small);
	vgh_free_buffer(fd, &cur);
	vgh_free_buffer(fd, &fb);
	close(fd);
	printf("%d failed\n", failures);
	return failures ? 1 : 0;
}
