// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * vgh-kms-fill: show a known pattern on the first connected output with a
 * dumb buffer, then optionally compare an image of what the host displays
 * (a binary PPM) with the pattern. The pattern is vgh_pattern() 0 of
 * tests/lib, which scripts/png-check.py checks screenshots against.
 *
 * usage: vgh-kms-fill [-c] [-f] [-2] [-o N] [-p N] [-d CARD] [-v PPM]
 *                     [-x COMMAND]
 *
 * -o N uses the connected output of index N among the connectors (by
 * default the first connected one), -p N the CRTC of index N (by default
 * the output's current CRTC, else the first). With -2, first asks for a
 * clone, the output and another connected one on the same CRTC, which
 * must be refused with EINVAL (prints "clone refused errno N").
 * With -c, also shows a 64x64 cursor and moves it to (100, 50). With -f,
 * first shows a buffer of another pattern, then page-flips to the
 * pattern with DRM_MODE_PAGE_FLIP_EVENT and waits for the flip event.
 * Prints one line "mode WxH ... mismatches N". With -x, runs COMMAND
 * with sh while the pattern is still shown. Exits 0 when the image
 * matches (or was not asked for) and COMMAND succeeded, 1 otherwise, 2 on
 * an error.
 */
#include "vgh-kms.h"

static int fd;

/* Exit 2, naming what failed with the errno err. */
static void die(const char *what, int err)
{
	vgh_die("%s: %s", what, strerror(err));
}

/* An ioctl's result (0 or -errno) that must be 0. */
static void check(int ret, const char *what)
{
	if (ret)
		die(what, -ret);
}

/*
 * Compare a P6 image with the pattern; returns mismatching pixels. An
 * image that cannot be read yet (ENODATA: the scanout is off) counts as
 * all wrong.
 */
static long verify(const char *path, uint32_t w, uint32_t h)
{
	unsigned int iw, ih, max;
	long bad = 0;
	uint32_t x, y;
	int err = vgh_sim_sync_file(path);
	unsigned char px[3];
	FILE *f;

	if (err)
		die("the simulated device's sync", -err);
	f = fopen(path, "rb");
	if (!f && errno == ENODATA)
		return (long)w * h;
	if (!f)
		die(path, errno);
	if (fscanf(f, "P6 %u %u %u", &iw, &ih, &max) != 3 || fgetc(f) != '\n' ||
	    max != 255) {
		fprintf(stderr, "vgh-kms-fill: %s: not a binary PPM\n", path);
		exit(2);
	}
	if (iw != w || ih != h) {
		fclose(f);
		printf("image %ux%u, expected %ux%u\n", iw, ih, w, h);
		return (long)w * h;
	}
	for (y = 0; y < h; y++) {
		for (x = 0; x < w; x++) {
			uint32_t want = vgh_pattern(0, x, y);

			if (fread(px, 1, 3, f) != 3) {
				fclose(f);
				return bad + (long)(h - y) * w;
			}
			if (px[0] != ((want >> 16) & 0xff) ||
			    px[1] != ((want >> 8) & 0xff) || px[2] != (want & 0xff))
				bad++;
		}
	}
	fclose(f);
	return bad;
}

/*
 * For -f: a buffer like @like, filled with the pattern's inverse, to show
 * before the flip. Returns its framebuffer.
 */
static uint32_t show_other(const struct drm_mode_create_dumb *like,
			   struct drm_mode_create_dumb *other,
			   struct drm_mode_fb_cmd2 *ofb)
{
	uint64_t offset;
	uint32_t x, y;
	uint8_t *p;

	other->width = like->width;
	other->height = like->height;
	other->bpp = 32;
	check(vgh_dumb_create(fd, other), "CREATE_DUMB first");
	check(vgh_dumb_map(fd, other->handle, &offset), "MAP_DUMB first");
	p = mmap(NULL, other->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		 offset);
	if (p == MAP_FAILED)
		die("mmap first", errno);
	for (y = 0; y < other->height; y++)
		for (x = 0; x < other->width; x++)
			((uint32_t *)(p + (size_t)y * other->pitch))[x] =
				~vgh_pattern(0, x, y) & 0xffffff;
	munmap(p, other->size);
	ofb->width = other->width;
	ofb->height = other->height;
	ofb->pixel_format = DRM_FORMAT_XRGB8888;
	ofb->handles[0] = other->handle;
	ofb->pitches[0] = other->pitch;
	vgh_xioctl(fd, DRM_IOCTL_MODE_ADDFB2, ofb, "ADDFB2 first");
	return ofb->fb_id;
}

/* For -f: page-flip to @fb_id with an event and wait 1 s for the event. */
static void flip_to(uint32_t crtc_id, uint32_t fb_id)
{
	struct drm_mode_crtc_page_flip f = {
		.crtc_id = crtc_id, .fb_id = fb_id,
		.flags = DRM_MODE_PAGE_FLIP_EVENT, .user_data = fb_id,
	};
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	struct drm_event_vblank ev;
	char buf[256];
	ssize_t n;

	vgh_xioctl(fd, DRM_IOCTL_MODE_PAGE_FLIP, &f, "PAGE_FLIP");
	if (poll(&pfd, 1, 1000) != 1) {
		fprintf(stderr, "vgh-kms-fill: no flip event within 1 s\n");
		exit(2);
	}
	n = read(fd, buf, sizeof(buf));
	if (n < (ssize_t)sizeof(ev))
		die("read event", errno);
	memcpy(&ev, buf, sizeof(ev));
	if (ev.base.type != DRM_EVENT_FLIP_COMPLETE || ev.user_data != fb_id) {
		fprintf(stderr, "vgh-kms-fill: event type %u data %llu, want a flip of fb %u\n",
			ev.base.type, (unsigned long long)ev.user_data, fb_id);
		exit(2);
	}
	printf("flip event sequence %u crtc %u\n", ev.sequence, ev.crtc_id);
}

int main(int argc, char **argv)
{
	const char *card = "/dev/dri/card0", *ppm = NULL, *cmd = NULL;
	struct drm_mode_card_res res = { 0 };
	struct drm_mode_get_connector conn = { 0 };
	struct drm_mode_get_encoder enc = { 0 };
	struct drm_mode_create_dumb dumb = { 0 };
	struct drm_mode_fb_cmd2 fb = { 0 };
	struct drm_mode_crtc crtc = { 0 };
	struct drm_mode_fb_dirty_cmd dirty = { 0 };
	struct drm_mode_modeinfo *modes;
	uint32_t *conns, *crtcs, x, y, conn_id = 0;
	uint64_t offset;
	unsigned int i, tries;
	long bad = 0;
	uint8_t *px;
	struct drm_mode_create_dumb cdumb = { .width = 64, .height = 64, .bpp = 32 };
	struct drm_mode_cursor cur = { 0 };
	struct drm_mode_create_dumb fdumb = { 0 };
	struct drm_mode_fb_cmd2 ffb = { 0 };
	int opt, rc = 0, cursor = 0, flip = 0, clone = 0, want_conn = -1, want_crtc = -1, ret;
	uint32_t other_id = 0;

	vgh_prog = "vgh-kms-fill";
	while ((opt = getopt(argc, argv, "cf2o:p:d:v:x:")) != -1) {
		switch (opt) {
		case '2':
			clone = 1;
			break;
		case 'o':
			want_conn = atoi(optarg);
			break;
		case 'p':
			want_crtc = atoi(optarg);
			break;
		case 'c':
			cursor = 1;
			break;
		case 'f':
			flip = 1;
			break;
		case 'd':
			card = optarg;
			break;
		case 'v':
			ppm = optarg;
			break;
		case 'x':
			cmd = optarg;
			break;
		default:
			fprintf(stderr,
				"usage: %s [-c] [-f] [-2] [-o N] [-p N] [-d CARD] [-v PPM] [-x COMMAND]\n",
				argv[0]);
			return 2;
		}
	}
	fd = open(card, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		die(card, errno);

	vgh_xioctl(fd, DRM_IOCTL_MODE_GETRESOURCES, &res, "GETRESOURCES");
	conns = calloc(res.count_connectors + 1, sizeof(*conns));
	crtcs = calloc(res.count_crtcs + 1, sizeof(*crtcs));
	if (!conns || !crtcs)
		die("calloc", errno);
	res.connector_id_ptr = (uintptr_t)conns;
	res.crtc_id_ptr = (uintptr_t)crtcs;
	res.count_fbs = res.count_encoders = 0;
	vgh_xioctl(fd, DRM_IOCTL_MODE_GETRESOURCES, &res, "GETRESOURCES");

	for (i = 0; i < res.count_connectors; i++) {
		struct drm_mode_get_connector c = { .connector_id = conns[i] };

		vgh_xioctl(fd, DRM_IOCTL_MODE_GETCONNECTOR, &c, "GETCONNECTOR");
		if (c.connection != 1 || !c.count_modes)
			continue;
		if (!conn_id && (want_conn < 0 || want_conn == (int)i)) {
			conn_id = conns[i];
			conn = c;
		} else if (!other_id) {
			other_id = conns[i];
		}
	}
	if (!conn_id) {
		fprintf(stderr, "vgh-kms-fill: no connected output with modes\n");
		return 2;
	}
	if (want_crtc >= (int)res.count_crtcs) {
		fprintf(stderr, "vgh-kms-fill: no CRTC %d\n", want_crtc);
		return 2;
	}
	modes = calloc(conn.count_modes, sizeof(*modes));
	if (!modes)
		die("calloc", errno);
	conn.modes_ptr = (uintptr_t)modes;
	conn.count_props = conn.count_encoders = 0;
	vgh_xioctl(fd, DRM_IOCTL_MODE_GETCONNECTOR, &conn, "GETCONNECTOR");

	crtc.crtc_id = crtcs[want_crtc < 0 ? 0 : want_crtc];
	if (want_crtc < 0 && conn.encoder_id) {
		enc.encoder_id = conn.encoder_id;
		vgh_xioctl(fd, DRM_IOCTL_MODE_GETENCODER, &enc, "GETENCODER");
		if (enc.crtc_id)
			crtc.crtc_id = enc.crtc_id;
	}

	dumb.width = modes[0].hdisplay;
	dumb.height = modes[0].vdisplay;
	dumb.bpp = 32;
	check(vgh_dumb_create(fd, &dumb), "CREATE_DUMB");
	check(vgh_dumb_map(fd, dumb.handle, &offset), "MAP_DUMB");
	px = mmap(NULL, dumb.size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		  offset);
	if (px == MAP_FAILED)
		die("mmap", errno);
	for (y = 0; y < dumb.height; y++)
		for (x = 0; x < dumb.width; x++)
			((uint32_t *)(px + (size_t)y * dumb.pitch))[x] =
				vgh_pattern(0, x, y);

	fb.width = dumb.width;
	fb.height = dumb.height;
	fb.pixel_format = DRM_FORMAT_XRGB8888;
	fb.handles[0] = dumb.handle;
	fb.pitches[0] = dumb.pitch;
	vgh_xioctl(fd, DRM_IOCTL_MODE_ADDFB2, &fb, "ADDFB2");

	crtc.fb_id = fb.fb_id;
	if (flip)
		crtc.fb_id = show_other(&dumb, &fdumb, &ffb);
	crtc.mode = modes[0];
	crtc.mode_valid = 1;
	if (clone) {
		uint32_t both[2] = { conn_id, other_id };

		if (!other_id) {
			fprintf(stderr, "vgh-kms-fill: -2 needs two connected outputs\n");
			return 2;
		}
		crtc.set_connectors_ptr = (uintptr_t)both;
		crtc.count_connectors = 2;
		ret = vgh_ioctl(fd, DRM_IOCTL_MODE_SETCRTC, &crtc);
		if (!ret) {
			fprintf(stderr, "vgh-kms-fill: a clone of two outputs was accepted\n");
			return 1;
		}
		printf("clone refused errno %d\n", -ret);
		if (ret != -EINVAL)
			return 1;
	}
	crtc.set_connectors_ptr = (uintptr_t)&conn_id;
	crtc.count_connectors = 1;
	vgh_xioctl(fd, DRM_IOCTL_MODE_SETCRTC, &crtc, "SETCRTC");
	if (flip) {
		flip_to(crtc.crtc_id, fb.fb_id);
	} else {
		dirty.fb_id = fb.fb_id;
		ret = vgh_ioctl(fd, DRM_IOCTL_MODE_DIRTYFB, &dirty);
		if (ret && ret != -ENOSYS)
			die("DIRTYFB", -ret);
	}

	if (cursor) {
		check(vgh_dumb_create(fd, &cdumb), "CREATE_DUMB cursor");
		cur.flags = DRM_MODE_CURSOR_BO;
		cur.crtc_id = crtc.crtc_id;
		cur.handle = cdumb.handle;
		cur.width = 64;
		cur.height = 64;
		vgh_xioctl(fd, DRM_IOCTL_MODE_CURSOR, &cur, "CURSOR set");
		cur.flags = DRM_MODE_CURSOR_MOVE;
		cur.x = 100;
		cur.y = 50;
		vgh_xioctl(fd, DRM_IOCTL_MODE_CURSOR, &cur, "CURSOR move");
	}

	if (ppm) {
		/* The host may still be working through the update. */
		for (tries = 0; tries < 20; tries++) {
			bad = verify(ppm, dumb.width, dumb.height);
			if (!bad)
				break;
			vgh_sleep_ms(100);
		}
	}
	printf("mode %ux%u pitch %u size %llu mismatches %ld\n", dumb.width,
	       dumb.height, dumb.pitch, (unsigned long long)dumb.size, bad);
	fflush(stdout);
	if (cmd && system(cmd) != 0)
		rc = 1;

	if (cursor) {
		cur.flags = DRM_MODE_CURSOR_BO;
		cur.handle = 0;
		vgh_xioctl(fd, DRM_IOCTL_MODE_CURSOR, &cur, "CURSOR off");
		check(vgh_dumb_destroy(fd, cdumb.handle), "DESTROY_DUMB cursor");
	}
	munmap(px, dumb.size);
	if (flip) {
		vgh_xioctl(fd, DRM_IOCTL_MODE_RMFB, &ffb.fb_id, "RMFB first");
		check(vgh_dumb_destroy(fd, fdumb.handle), "DESTROY_DUMB first");
	}
	vgh_xioctl(fd, DRM_IOCTL_MODE_RMFB, &fb.fb_id, "RMFB");
	check(vgh_dumb_destroy(fd, dumb.handle), "DESTROY_DUMB");
	close(fd);
	return bad ? 1 : rc;
}
