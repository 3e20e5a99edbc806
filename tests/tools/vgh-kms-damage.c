// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * vgh-kms-damage: damage-only updates, checked against the simulated
 * host (virtio-gpu-sim). Shows a full frame, then changes parts of it and
 * reports them through DRM_IOCTL_MODE_DIRTYFB clips and through atomic
 * commits with the FB_DAMAGE_CLIPS plane property. After each update the
 * host's counters must show exactly one TRANSFER_TO_HOST_2D and one
 * RESOURCE_FLUSH per clip and exactly the damaged bytes copied (width x
 * height x 4 per clip, clipped to the framebuffer), and the host's image
 * of the scanout must be what the host was told about: damaged
 * rectangles new, pixels changed outside the damage still old. A
 * framebuffer whose pitch is not its buffer's stride (the left part of a
 * wider buffer) is shown and damaged the same way. DIRTYFB sent once per
 * rectangle must not be held to one rectangle per vblank, and a DIRTYFB
 * must return without waiting for a slow host to run its commands.
 *
 * With -H the card is in heap mode: dumb buffers are heap blobs that the
 * host scans out where they lie. Then no update may copy a byte or send a
 * transfer; a DIRTYFB is exactly one RESOURCE_FLUSH, of the bounding box
 * of its clips cut to the framebuffer (none when nothing is left of
 * them), the whole frame without clips; an atomic commit with
 * FB_DAMAGE_CLIPS flushes each clip; the host's image is the buffer's.
 *
 * usage: vgh-kms-damage [-d CARD] [-s SIMDIR] [-H]
 *
 * Prints one line per case; exits 0 when every case passed, 1 when one
 * failed, 2 when the tool could not run.
 */
#include "vgh-kms.h"

static int fd;
static const char *sim_dir = VGH_SIM_DIR;
static struct vgh_output out;
static uint32_t plane_id, prop_fb, prop_damage;
static uint32_t *host;	/* what the host should show */
static int failures;

struct rect {
	uint32_t x, y, w, h;
};

/* Copy rectangles of a buffer, clipped to it, into the host's view. */
static void host_update(struct vgh_buffer *b, const struct rect *r,
			unsigned int n)
{
	uint32_t x, y;

	for (; n; n--, r++)
		for (y = r->y; y < r->y + r->h && y < b->height; y++)
			for (x = r->x; x < r->x + r->w && x < b->width; x++)
				host[(size_t)y * b->width + x] = *vgh_px(b, x, y);
}

static unsigned long long clipped_bytes(const struct vgh_buffer *b,
					const struct rect *r)
{
	uint32_t w, h;

	if (r->x >= b->width || r->y >= b->height)
		return 0;
	w = r->x + r->w > b->width ? b->width - r->x : r->w;
	h = r->y + r->h > b->height ? b->height - r->y : r->h;
	return (unsigned long long)w * h * 4;
}

/*
 * Compare the host's counters since @before with what one update of
 * @clips (or the whole frame when @clips is NULL) must cost, and the
 * host's image with the host's view; print and count the verdict.
 */
static void verdict(const char *name, const struct vgh_sim *before,
		    struct vgh_buffer *b, const struct rect *clips,
		    unsigned int n, unsigned int set_scanouts)
{
	struct rect all = { 0, 0, b->width, b->height };
	unsigned long long want = 0;
	unsigned int i, updates = clips ? n : 1;
	struct vgh_sim now;
	char path[256];
	long bad;
	int ok;

	if (!clips) {
		clips = &all;
		n = 1;
	}
	for (i = 0; i < n; i++)
		want += clipped_bytes(b, &clips[i]);
	vgh_sim_read(sim_dir, &now);
	snprintf(path, sizeof(path), "%s/scanout%u.ppm", sim_dir, out.crtc_index);
	bad = vgh_ppm_compare(path, host, b->width, b->height);
	ok = now.copied - before->copied == want &&
	     now.transfers - before->transfers == updates &&
	     now.flushes - before->flushes == updates &&
	     now.set_scanouts - before->set_scanouts == set_scanouts &&
	     now.errors == before->errors && !bad;
	printf("%s %s: copied %llu (want %llu) transfers %llu flushes %llu (want %u each) set_scanout %llu (want %u) errors %llu image mismatches %ld\n",
	       ok ? "ok  " : "FAIL", name, now.copied - before->copied, want,
	       now.transfers - before->transfers, now.flushes - before->flushes,
	       updates, now.set_scanouts - before->set_scanouts, set_scanouts,
	       now.errors - before->errors, bad);
	fflush(stdout);
	if (!ok)
		failures++;
}

static void dirtyfb(struct vgh_buffer *b, const struct rect *r, unsigned int n)
{
	struct drm_clip_rect clips[8];
	struct drm_mode_fb_dirty_cmd d = { .fb_id = b->fb, .num_clips = n };
	unsigned int i;

	for (i = 0; i < n; i++) {
		clips[i].x1 = r[i].x;
		clips[i].y1 = r[i].y;
		clips[i].x2 = r[i].x + r[i].w;
		clips[i].y2 = r[i].y + r[i].h;
	}
	d.clips_ptr = n ? (uintptr_t)clips : 0;
	vgh_xioctl(fd, DRM_IOCTL_MODE_DIRTYFB, &d, "DIRTYFB");
}

/* Atomic commit of the primary plane: FB_ID and, if n, FB_DAMAGE_CLIPS. */
static void atomic_damage(uint32_t fb, const struct rect *r, unsigned int n)
{
	struct drm_mode_rect rects[8];
	struct vgh_atomic a = { 0 };
	uint32_t blob = 0;
	unsigned int i;
	int err;

	for (i = 0; i < n; i++) {
		rects[i].x1 = r[i].x;
		rects[i].y1 = r[i].y;
		rects[i].x2 = r[i].x + r[i].w;
		rects[i].y2 = r[i].y + r[i].h;
	}
	if (n)
		blob = vgh_create_blob(fd, rects, n * sizeof(rects[0]));
	vgh_atomic_add(&a, plane_id, prop_fb, fb);
	if (n)
		vgh_atomic_add(&a, plane_id, prop_damage, blob);
	err = vgh_atomic_commit(fd, &a, 0);
	if (err)
		vgh_die("atomic commit: %s", strerror(-err));
	if (blob)
		vgh_destroy_blob(fd, blob);
}

/* The CRTC's vblank counter now (a WAIT_VBLANK that waits for none). */
static uint32_t vblank_now(void)
{
	union drm_wait_vblank vb = { 0 };

	vb.request.type = _DRM_VBLANK_RELATIVE |
			  ((out.crtc_index << _DRM_VBLANK_HIGH_CRTC_SHIFT) &
			   _DRM_VBLANK_HIGH_CRTC_MASK);
	vgh_xioctl(fd, DRM_IOCTL_WAIT_VBLANK, &vb, "WAIT_VBLANK");
	return vb.reply.sequence;
}

static void draw(struct vgh_buffer *b, unsigned int pattern,
		 const struct rect *r, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		vgh_fill(b, pattern, r[i].x, r[i].y, r[i].w, r[i].h);
}

/* Rectangles of the per-rectangle case: one DIRTYFB each. */
#define PER_RECT 16

/*
 * Draw PER_RECT small rectangles into @b, read the host's counters into
 * @before, then send one DIRTYFB per rectangle, as a shadow-framebuffer
 * X server or the console may. Returns the vblanks that took.
 */
static uint32_t dirtyfb_per_rect(struct vgh_buffer *b, struct rect r[PER_RECT],
				 struct vgh_sim *before)
{
	uint32_t v0;
	unsigned int i;

	for (i = 0; i < PER_RECT; i++)
		r[i] = (struct rect){ 20 + i * 40, 400, 24, 24 };
	draw(b, 10, r, PER_RECT);
	vgh_sim_read(sim_dir, before);
	v0 = vblank_now();
	for (i = 0; i < PER_RECT; i++)
		dirtyfb(b, &r[i], 1);
	return vblank_now() - v0;
}

/* Damage-only updates are not held to one a frame. */
static void not_held_to_vblank(const char *name, uint32_t vblanks)
{
	printf("%s %s: %u rectangles in %u vblanks (want fewer than %u)\n",
	       vblanks < PER_RECT ? "ok  " : "FAIL", name, PER_RECT, vblanks,
	       PER_RECT);
	if (vblanks >= PER_RECT)
		failures++;
}

/*
 * The rectangle of the last RESOURCE_FLUSH that reached the scanout the
 * CRTC drives, from the simulator's "scanouts" file. 0, or -1 when the
 * file has no such line.
 */
static int last_flush(struct rect *r)
{
	char path[256], line[512];
	unsigned int id;
	const char *at;
	int ret = -1;
	FILE *f;

	snprintf(path, sizeof(path), "%s/scanouts", sim_dir);
	f = fopen(path, "r");
	if (!f)
		vgh_die("%s: %s", path, strerror(errno));
	while (ret && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "scanout %u ", &id) != 1 || id != out.crtc_index)
			continue;
		at = strstr(line, " last_flush ");
		if (at && sscanf(at, " last_flush %ux%u+%u+%u",
				 &r->w, &r->h, &r->x, &r->y) == 4)
			ret = 0;
	}
	fclose(f);
	return ret;
}

/*
 * Heap mode: nothing copied, no transfer, no new scanout, no error,
 * exactly @flushes RESOURCE_FLUSH commands, the last of them of @want
 * (when there was one), and the host's image the whole buffer.
 */
static void heap_verdict(const char *name, const struct vgh_sim *before,
			 struct vgh_buffer *b, unsigned int flushes,
			 const struct rect *want)
{
	struct rect all = { 0, 0, b->width, b->height };
	struct rect got = { 0 };
	struct vgh_sim now;
	char path[256];
	long bad;
	int ok;

	host_update(b, &all, 1);
	vgh_sim_read(sim_dir, &now);
	snprintf(path, sizeof(path), "%s/scanout%u.ppm", sim_dir, out.crtc_index);
	bad = vgh_ppm_compare(path, host, b->width, b->height);
	ok = now.copied == before->copied &&
	     now.transfers == before->transfers &&
	     now.flushes - before->flushes == flushes &&
	     now.set_scanouts == before->set_scanouts &&
	     now.errors == before->errors && !bad;
	if (flushes && (last_flush(&got) || got.x != want->x || got.y != want->y ||
			got.w != want->w || got.h != want->h))
		ok = 0;
	printf("%s %s: copied %llu transfers %llu (want 0) flushes %llu (want %u) last %ux%u+%u+%u",
	       ok ? "ok  " : "FAIL", name, now.copied - before->copied,
	       now.transfers - before->transfers, now.flushes - before->flushes,
	       flushes, got.w, got.h, got.x, got.y);
	if (flushes)
		printf(" (want %ux%u+%u+%u)", want->w, want->h, want->x, want->y);
	printf(" set_scanout %llu errors %llu image mismatches %ld\n",
	       now.set_scanouts - before->set_scanouts,
	       now.errors - before->errors, bad);
	fflush(stdout);
	if (!ok)
		failures++;
}

/* What the host takes over each command in damage_queued(), in ms. */
#define SLOW_HOST_MS 400

/*
 * Damage alone is queued, not waited for: with the host taking
 * SLOW_HOST_MS over each command, a DIRTYFB of the framebuffer shown
 * returns in less than half that, and its commands reach the host all
 * the same (the verdict, after the host ran them).
 */
static void damage_queued(const char *name, struct vgh_buffer *a, int heap)
{
	struct rect r[] = { { 33, 44, 32, 16 } };
	char ms[16];
	struct vgh_sim s;
	double took;
	int ok;

	draw(a, 7, r, 1);
	vgh_sim_read(sim_dir, &s);
	snprintf(ms, sizeof(ms), "%u", SLOW_HOST_MS);
	if (vgh_write_attr(sim_dir, "delay_ms", ms))
		vgh_die("%s/delay_ms: %s", sim_dir, strerror(errno));
	took = vgh_now_us();
	dirtyfb(a, r, 1);
	took = vgh_now_us() - took;
	if (vgh_write_attr(sim_dir, "delay_ms", "0"))
		vgh_die("%s/delay_ms: %s", sim_dir, strerror(errno));
	ok = took < SLOW_HOST_MS * 1000 / 2;
	printf("%s %s: returned in %.0f us with the host taking %u ms a command (want under %u ms)\n",
	       ok ? "ok  " : "FAIL", name, took, SLOW_HOST_MS, SLOW_HOST_MS / 2);
	if (!ok)
		failures++;
	if (heap) {
		heap_verdict(name, &s, a, 1, r);
	} else {
		host_update(a, r, 1);
		verdict(name, &s, a, r, 1, 0);
	}
}

/* The cases of heap mode, on buffer @a shown on the CRTC. */
static void heap_cases(struct vgh_buffer *a)
{
	uint32_t w = a->width, h = a->height;
	struct vgh_sim s;

	{
		struct rect r[] = { { 97, 61, 64, 48 } };

		draw(a, 1, r, 1);
		vgh_sim_read(sim_dir, &s);
		dirtyfb(a, r, 1);
		heap_verdict("heap: dirtyfb one clip is one flush", &s, a, 1, r);
	}
	{
		/* three clips, one flush of the box around them */
		struct rect r[] = {
			{ 10, 5, 16, 16 },
			{ w - 60, h - 35, 50, 30 },
			{ w / 2, h / 2, 100, 1 },
		};
		struct rect box = { 10, 5, w - 20, h - 10 };

		draw(a, 3, r, 3);
		vgh_sim_read(sim_dir, &s);
		dirtyfb(a, r, 3);
		heap_verdict("heap: dirtyfb three clips are one flush of their bounds",
			     &s, a, 1, &box);
	}
	{
		struct rect r[] = { { w - 10, h - 5, 40, 40 } };
		struct rect cut = { w - 10, h - 5, 10, 5 };

		draw(a, 4, r, 1);
		vgh_sim_read(sim_dir, &s);
		dirtyfb(a, r, 1);
		heap_verdict("heap: dirtyfb clip cut at the edge", &s, a, 1, &cut);
	}
	{
		/* right of the framebuffer, and so is the box around them */
		struct rect r[] = { { w + 10, 0, 20, 20 }, { w + 40, h - 8, 8, 8 } };

		vgh_sim_read(sim_dir, &s);
		dirtyfb(a, r, 2);
		heap_verdict("heap: dirtyfb with every clip outside flushes nothing",
			     &s, a, 0, NULL);
	}
	{
		struct rect all = { 0, 0, w, h };

		vgh_sim_read(sim_dir, &s);
		dirtyfb(a, NULL, 0);
		heap_verdict("heap: dirtyfb without clips flushes the frame", &s,
			     a, 1, &all);
	}
	{
		struct rect r[PER_RECT];
		uint32_t vblanks = dirtyfb_per_rect(a, r, &s);

		heap_verdict("heap: dirtyfb per rectangle", &s, a, PER_RECT,
			     &r[PER_RECT - 1]);
		not_held_to_vblank("heap: dirtyfb per rectangle", vblanks);
	}
	{
		struct rect told[] = { { 10, 300, 128, 8 }, { 700, 20, 8, 128 } };

		draw(a, 6, told, 2);
		vgh_sim_read(sim_dir, &s);
		atomic_damage(a->fb, told, 2);
		heap_verdict("heap: atomic FB_DAMAGE_CLIPS flushes each clip", &s,
			     a, 2, &told[1]);
	}
	damage_queued("heap: dirtyfb is queued, not waited for", a, 1);
}

/* The cases of a card whose host copies: @a shown, @b and @wide spare. */
static void copy_cases(struct vgh_buffer *a, struct vgh_buffer *b,
		       struct vgh_buffer *wide)
{
	uint32_t w = a->width, h = a->height, seq;
	struct vgh_buffer narrow;
	struct vgh_sim s;
	int err;

	{
		struct rect r[] = { { 97, 61, 64, 48 } };

		draw(a, 1, r, 1);
		vgh_sim_read(sim_dir, &s);
		dirtyfb(a, r, 1);
		host_update(a, r, 1);
		verdict("dirtyfb one clip", &s, a, r, 1, 0);
	}
	{
		/* Changed twice, told once: the second change must not show. */
		struct rect told[] = { { 300, 200, 32, 32 } };
		struct rect untold[] = { { 500, 400, 40, 20 } };

		draw(a, 2, told, 1);
		draw(a, 2, untold, 1);
		vgh_sim_read(sim_dir, &s);
		dirtyfb(a, told, 1);
		host_update(a, told, 1);
		verdict("dirtyfb leaves undamaged changes out", &s, a, told, 1, 0);
	}
	{
		struct rect r[] = {
			{ 0, 0, 16, 16 },
			{ w - 50, h - 30, 50, 30 },
			{ w / 2, h / 2, 100, 1 },
		};

		draw(a, 3, r, 3);
		vgh_sim_read(sim_dir, &s);
		dirtyfb(a, r, 3);
		host_update(a, r, 3);
		verdict("dirtyfb three clips", &s, a, r, 3, 0);
	}
	{
		/* A clip reaching past the framebuffer is cut at its edge. */
		struct rect r[] = { { w - 10, h - 5, 40, 40 } };

		draw(a, 4, r, 1);
		vgh_sim_read(sim_dir, &s);
		dirtyfb(a, r, 1);
		host_update(a, r, 1);
		verdict("dirtyfb clip cut at the edge", &s, a, r, 1, 0);
	}
	{
		/*
		 * One DIRTYFB per damaged rectangle, as a shadow-framebuffer
		 * X server or a console may send them: each reaches the host
		 * on its own, and they are not held to one a frame (the
		 * vblank counter moves less than once a rectangle).
		 */
		struct rect r[PER_RECT];
		uint32_t vblanks = dirtyfb_per_rect(a, r, &s);

		host_update(a, r, PER_RECT);
		verdict("dirtyfb per rectangle", &s, a, r, PER_RECT, 0);
		not_held_to_vblank("dirtyfb per rectangle", vblanks);
	}
	damage_queued("dirtyfb is queued, not waited for", a, 0);
	{
		struct rect all = { 0, 0, w, h };

		vgh_sim_read(sim_dir, &s);
		dirtyfb(a, NULL, 0);
		host_update(a, &all, 1);
		verdict("dirtyfb without clips sends the frame", &s, a, NULL, 0, 0);
	}
	{
		struct rect r[] = { { 200, 100, 64, 64 } };

		draw(a, 5, r, 1);
		vgh_sim_read(sim_dir, &s);
		atomic_damage(a->fb, r, 1);
		host_update(a, r, 1);
		verdict("atomic FB_DAMAGE_CLIPS one clip", &s, a, r, 1, 0);
	}
	{
		struct rect told[] = { { 10, 300, 128, 8 }, { 700, 20, 8, 128 } };
		struct rect untold[] = { { 400, 500, 16, 16 } };

		draw(a, 6, told, 2);
		draw(a, 6, untold, 1);
		vgh_sim_read(sim_dir, &s);
		atomic_damage(a->fb, told, 2);
		host_update(a, told, 2);
		verdict("atomic FB_DAMAGE_CLIPS two clips", &s, a, told, 2, 0);
	}
	{
		struct rect all = { 0, 0, w, h };

		vgh_sim_read(sim_dir, &s);
		atomic_damage(a->fb, NULL, 0);
		host_update(a, &all, 1);
		verdict("atomic commit without clips sends the frame", &s, a,
			NULL, 0, 0);
	}
	{
		/*
		 * Damage is relative to the framebuffer shown before; another
		 * framebuffer has its own host resource, which must be sent
		 * whole.
		 */
		struct rect all = { 0, 0, w, h };
		struct rect r[] = { { 64, 64, 32, 32 } };

		vgh_fill(b, 7, 0, 0, w, h);
		vgh_sim_read(sim_dir, &s);
		atomic_damage(b->fb, r, 1);
		host_update(b, &all, 1);
		verdict("atomic new framebuffer with clips sends the frame", &s,
			b, NULL, 0, 1);
	}
	{
		/*
		 * A framebuffer whose pitch is not its buffer's stride: the
		 * left w columns of a wider buffer. It gets a host resource of
		 * its own, and transfers must use its pitch.
		 */
		struct rect all = { 0, 0, w, h };
		struct rect r[] = { { w - 70, 33, 40, 20 } };

		vgh_fill(wide, 8, 0, 0, wide->width, h);
		narrow = *wide;
		narrow.width = w;
		narrow.fb = 0;
		err = vgh_try_fb(fd, &narrow, DRM_FORMAT_XRGB8888);
		if (err)
			vgh_die("ADDFB2 %ux%u pitch %u: %s", w, h, narrow.pitch,
				strerror(-err));
		vgh_sim_read(sim_dir, &s);
		err = vgh_page_flip(fd, &out, narrow.fb, &seq);
		if (err)
			vgh_die("page flip: %s", strerror(-err));
		host_update(&narrow, &all, 1);
		verdict("pitch other than the stride: flip sends the frame", &s,
			&narrow, NULL, 0, 1);
		draw(wide, 9, r, 1);
		vgh_sim_read(sim_dir, &s);
		dirtyfb(&narrow, r, 1);
		host_update(&narrow, r, 1);
		verdict("pitch other than the stride: one clip", &s, &narrow, r, 1, 0);
	}
	{
		struct rect all = { 0, 0, w, h };

		vgh_sim_read(sim_dir, &s);
		err = vgh_page_flip(fd, &out, a->fb, &seq);
		if (err)
			vgh_die("page flip: %s", strerror(-err));
		host_update(a, &all, 1);
		verdict("page flip sends the frame", &s, a, NULL, 0, 1);
	}

	vgh_xioctl(fd, DRM_IOCTL_MODE_RMFB, &narrow.fb, "RMFB");
}

int main(int argc, char **argv)
{
	const char *card = "/dev/dri/card0";
	struct vgh_buffer a, b, wide;
	struct vgh_sim s;
	uint32_t w, h;
	int opt, heap = 0;

	vgh_prog = "vgh-kms-damage";
	while ((opt = getopt(argc, argv, "d:s:H")) != -1) {
		switch (opt) {
		case 'd':
			card = optarg;
			break;
		case 's':
			sim_dir = optarg;
			break;
		case 'H':
			heap = 1;
			break;
		default:
			fprintf(stderr, "usage: %s [-d CARD] [-s SIMDIR] [-H]\n", argv[0]);
			return 2;
		}
	}
	fd = vgh_open(card);
	vgh_set_cap(fd, DRM_CLIENT_CAP_UNIVERSAL_PLANES, 1);
	vgh_set_cap(fd, DRM_CLIENT_CAP_ATOMIC, 1);
	vgh_find_output(fd, &out);
	plane_id = vgh_primary_plane(fd, &out);
	prop_fb = vgh_prop_id(fd, plane_id, DRM_MODE_OBJECT_PLANE, "FB_ID", NULL);
	prop_damage = vgh_prop_id(fd, plane_id, DRM_MODE_OBJECT_PLANE,
				  "FB_DAMAGE_CLIPS", NULL);
	if (!prop_fb || !prop_damage)
		vgh_die("primary plane %u lacks FB_ID or FB_DAMAGE_CLIPS", plane_id);
	w = out.mode.hdisplay;
	h = out.mode.vdisplay;
	printf("mode %ux%u crtc %u plane %u\n", w, h, out.crtc_id, plane_id);

	vgh_dumb(fd, w, h, &a);
	vgh_dumb(fd, w, h, &b);
	vgh_dumb(fd, w + 64, h, &wide);
	vgh_add_fb(fd, &a);
	vgh_add_fb(fd, &b);
	host = calloc((size_t)w * h, 4);
	if (!host)
		vgh_die("out of memory");
	{
		struct rect all = { 0, 0, w, h };

		vgh_fill(&a, 0, 0, 0, w, h);
		vgh_sim_read(sim_dir, &s);
		vgh_set_crtc(fd, &out, a.fb);
		host_update(&a, &all, 1);
		if (!heap)
			verdict("modeset shows the whole frame", &s, &a, NULL, 0, 1);
	}
	if (heap)
		heap_cases(&a);
	else
		copy_cases(&a, &b, &wide);
	free(host);
	vgh_free_buffer(fd, &a);
	vgh_free_buffer(fd, &b);
	vgh_free_buffer(fd, &wide);
	close(fd);
	printf("%d failed\n", failures);
	return failures ? 1 : 0;
}
