// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * vgh-kms-bench: what a display update and a cursor move cost, and
 * whether page flips keep up with the refresh rate, with whichever
 * virtio-gpu driver is bound, on a simulated host (virtio-gpu-sim) or on
 * QEMU's device.
 *
 * usage: vgh-kms-bench [-d CARD] [-s SIMDIR|none] [-n FRAMES] [-N FRAMES]
 *                      [-r SIZE] [-c MOVES] [-F SECONDS] [-o|-D] [-w SECONDS]
 *                      [-t TAG]
 *
 * Shows a framebuffer of the output's preferred mode, then times five
 * kinds of call, one ioctl per frame:
 *   dirtyfb-full    DRM_IOCTL_MODE_DIRTYFB without clips
 *   dirtyfb-SIZE    DIRTYFB with one SIZExSIZE clip (default 64)
 *   atomic-full     atomic commit with one FB_DAMAGE_CLIPS clip covering
 *                   the frame
 *   atomic-SIZE     atomic commit with one SIZExSIZE clip
 *   getcap          DRM_IOCTL_GET_CAP of DRM_CAP_DUMB_BUFFER: updates
 *                   nothing, so its figures are the floor under the
 *                   others' (the cost of entering a DRM ioctl at all)
 * Full-frame cases and getcap run -n frames (default 20), small ones -N
 * (default 100); the clip moves each frame. Prints one line per case:
 *   bench TAG WxH CASE frames N us_per_frame U done_us_per_frame D
 *         bytes_per_frame B cmds_per_frame C errors E min_us M
 *         cpu_us_per_frame P cpu_median_us Q
 * where U is the mean time of the ioctl, D the time from the first
 * update until the host ran the last command, divided by the frames (a
 * driver may return before the host ran the commands), bytes are what the
 * host copied (the simulator's "copied:") and commands the
 * TRANSFER_TO_HOST_2D and RESOURCE_FLUSH it received, counted once the
 * host is idle (no change for half a second), M the fastest ioctl, P the
 * CPU time of this process (its ioctls included) per frame and Q the
 * median over the frames of the CPU time each update call took (a host
 * stall that lands in one frame moves P, not Q). With -s none nothing is read from a simulator (QEMU's device has none): B, C
 * and E print as 0 and D as U.
 *
 * Then, unless MOVES (-c, default 200) is 0, the legacy cursor ioctl: a
 * 64x64 ARGB8888 image set on the CRTC with DRM_MODE_CURSOR_BO, then
 * MOVES DRM_MODE_CURSOR_MOVEs 4 ms apart, each timed; the cursor is
 * turned off afterwards. One line:
 *   cursor TAG WxH moves N median_us M p99_us P max_us X cpu_us_per_move C
 * where M, P and X are the times of one move ioctl, C the CPU time of
 * this process within the move ioctls, per move.
 *
 * Then, with -F SECONDS (default 0: none), a page-flip loop: the
 * framebuffer and a second one of the mode are shown in turn with
 * DRM_IOCTL_MODE_PAGE_FLIP and DRM_MODE_PAGE_FLIP_EVENT, each flip queued
 * as soon as the event of the one before arrived, for SECONDS. One line:
 *   flip TAG WxH hz H seconds S flips F vblanks V missed M missed_pct P
 *        fps R
 * where H is the mode's refresh rate, F the flips completed, V the
 * vblanks from the first flip's event to the last's (their sequence
 * numbers), M = V - (F - 1) the vblanks on which no new frame landed
 * though one was queued (0 at least), P = 100 M / V (V taken as 1 at
 * least), R the flips per second between the first and the last event's
 * time stamps; H, P and R to two places. A driver without a vblank
 * counter reports V as 0.
 *
 * -o runs only the cursor moves and the page-flip loop, -D only the
 * full-frame DIRTYFB and the getcap cases before them (for rounds of
 * them, drivers taking turns; see tests/guest/bench.sh). -w waits
 * SECONDS after showing the framebuffer before timing anything: the
 * vblank interrupts the modeset turned on stay on for DRM's off delay
 * (drm.vblank_offdelay, 5 s by default) with no client waiting for them,
 * and a client that only sends DIRTYFB runs without them once that has
 * passed. Figures only:
 * nothing is asserted about time.
 */
#include "vgh-kms.h"

#define CURSOR_SIZE	64

/* What the timed loop of run() calls once per frame. */
enum kind {
	KIND_DIRTYFB,
	KIND_ATOMIC,
	KIND_GETCAP,
};

static const char *const kind_name[] = {
	[KIND_DIRTYFB] = "dirtyfb",
	[KIND_ATOMIC] = "atomic",
	[KIND_GETCAP] = "getcap",
};

static const char *const kind_ioctl[] = {
	[KIND_DIRTYFB] = "DIRTYFB",
	[KIND_ATOMIC] = "atomic commit",
	[KIND_GETCAP] = "GET_CAP",
};

static int fd;
/* NULL with -s none: there is no simulator to read. */
static const char *sim_dir = VGH_SIM_DIR;
static struct vgh_output out;
static struct vgh_buffer fb;
static uint32_t plane_id, prop_damage;

/* The CPU time of this process, in microseconds. */
static double cpu_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/*
 * One call of a kind: an update of the whole frame (size 0) or of a
 * size x size clip, or the GET_CAP that updates nothing.
 */
static void update(enum kind kind, uint32_t size, unsigned int frame)
{
	uint32_t x = 0, y = 0, w = fb.width, h = fb.height;
	int err;

	if (size) {
		x = (frame * 37) % (fb.width - size);
		y = (frame * 23) % (fb.height - size);
		w = h = size;
	}
	if (kind == KIND_ATOMIC) {
		struct drm_mode_rect r = { x, y, x + w, y + h };
		struct vgh_atomic a = { 0 };
		uint32_t blob = vgh_create_blob(fd, &r, sizeof(r));

		vgh_atomic_add(&a, plane_id, prop_damage, blob);
		err = vgh_atomic_commit(fd, &a, 0);
		vgh_destroy_blob(fd, blob);
	} else if (kind == KIND_DIRTYFB) {
		struct drm_clip_rect c = { x, y, x + w, y + h };
		struct drm_mode_fb_dirty_cmd d = {
			.fb_id = fb.fb, .num_clips = size ? 1 : 0,
			.clips_ptr = size ? (uintptr_t)&c : 0,
		};

		err = vgh_ioctl(fd, DRM_IOCTL_MODE_DIRTYFB, &d);
	} else {
		struct drm_get_cap c = { .capability = DRM_CAP_DUMB_BUFFER };

		err = vgh_ioctl(fd, DRM_IOCTL_GET_CAP, &c);
	}
	if (err)
		vgh_die("%s: %s", kind_ioctl[kind], strerror(-err));
}

/* The simulator's counters, or zeros when there is none to read. */
static void sim_read(struct vgh_sim *s)
{
	if (sim_dir)
		vgh_sim_read(sim_dir, s);
	else
		memset(s, 0, sizeof(*s));
}

/*
 * Wait until the host has no more work (its counters unchanged for half
 * a second): a driver may return from the ioctl before the host ran the
 * commands. Returns the time the counters last changed, and the counters
 * then. Without a simulator nothing tells when the host is done: a short
 * pause lets it catch up before the next case, and the time returned is
 * the call's own, so that the caller takes the ioctls' time as D.
 */
static double drain(struct vgh_sim *s)
{
	struct vgh_sim now;
	double last = vgh_now_us();
	int still = 0;

	sim_read(s);
	if (!sim_dir) {
		vgh_sleep_ms(100);
		return last;
	}
	while (still < 50) {
		vgh_sleep_ms(10);
		sim_read(&now);
		if (memcmp(&now, s, sizeof(now))) {
			*s = now;
			last = vgh_now_us();
			still = 0;
		} else {
			still++;
		}
	}
	return last;
}

static void run(const char *tag, enum kind kind, uint32_t size, unsigned int frames)
{
	double t0, t, us, done, min = 1e12, cpu, c0, *fcpu;
	struct vgh_sim a, b;
	unsigned int i;
	char name[32];

	fcpu = calloc(frames, sizeof(*fcpu));
	if (!fcpu)
		vgh_die("out of memory");

	/* Warm up: the first update after a change of kind may differ. */
	for (i = 0; i < 2; i++)
		update(kind, size, i);
	drain(&a);
	cpu = cpu_us();
	t0 = vgh_now_us();
	for (i = 0; i < frames; i++) {
		/* Userspace "draws": one pixel, outside the timing's interest. */
		*vgh_px(&fb, i % fb.width, 0) = vgh_pattern(1, i, 0);
		c0 = cpu_us();
		t = vgh_now_us();
		update(kind, size, i + 2);
		t = vgh_now_us() - t;
		fcpu[i] = cpu_us() - c0;
		if (t < min)
			min = t;
	}
	us = vgh_now_us() - t0;
	cpu = cpu_us() - cpu;
	qsort(fcpu, frames, sizeof(*fcpu), vgh_cmp_double);
	done = drain(&b) - t0;
	if (done < us)
		done = us;
	if (kind == KIND_GETCAP)
		snprintf(name, sizeof(name), "%s", kind_name[kind]);
	else if (size)
		snprintf(name, sizeof(name), "%s-%u", kind_name[kind], size);
	else
		snprintf(name, sizeof(name), "%s-full", kind_name[kind]);
	printf("bench %s %ux%u %s frames %u us_per_frame %.0f done_us_per_frame %.0f bytes_per_frame %llu cmds_per_frame %.2f errors %llu min_us %.0f cpu_us_per_frame %.0f cpu_median_us %.0f\n",
	       tag, fb.width, fb.height, name, frames, us / frames, done / frames,
	       (b.copied - a.copied) / frames,
	       (double)(b.transfers - a.transfers + b.flushes - a.flushes) / frames,
	       b.errors - a.errors, min, cpu / frames, fcpu[frames / 2]);
	fflush(stdout);
	free(fcpu);
}

/* DRM_IOCTL_MODE_CURSOR on our CRTC; 0 or -errno. */
static int cursor_ioctl(uint32_t flags, uint32_t handle, uint32_t x, uint32_t y)
{
	struct drm_mode_cursor c = {
		.flags = flags, .crtc_id = out.crtc_id, .handle = handle,
		.width = handle ? CURSOR_SIZE : 0, .height = handle ? CURSOR_SIZE : 0,
		.x = x, .y = y,
	};

	return vgh_ioctl(fd, DRM_IOCTL_MODE_CURSOR, &c);
}

/*
 * What a pointer's motion costs through the legacy cursor ioctl, the one
 * X servers use. The moves are 4 ms apart, a mouse's rate, so that each
 * finds the one before done rather than queued behind it.
 */
static void cursor_bench(const char *tag, unsigned int moves)
{
	uint32_t x, y, span_x, span_y;
	struct vgh_buffer cur;
	double *t, t0, c0, cpu = 0;
	unsigned int i;
	int err;

	if (fb.width <= CURSOR_SIZE || fb.height <= CURSOR_SIZE)
		vgh_die("a %ux%u mode leaves the cursor no room to move", fb.width, fb.height);
	span_x = fb.width - CURSOR_SIZE;
	span_y = fb.height - CURSOR_SIZE;
	t = calloc(moves, sizeof(*t));
	if (!t)
		vgh_die("out of memory");

	/* Opaque, a white frame around a pattern: plain to see on screen. */
	vgh_dumb(fd, CURSOR_SIZE, CURSOR_SIZE, &cur);
	for (y = 0; y < CURSOR_SIZE; y++) {
		for (x = 0; x < CURSOR_SIZE; x++) {
			int edge = x < 4 || y < 4 || x >= CURSOR_SIZE - 4 || y >= CURSOR_SIZE - 4;

			*vgh_px(&cur, x, y) = edge ? 0xffffffffu :
					      0xff000000u | vgh_pattern(2, x, y);
		}
	}
	err = cursor_ioctl(DRM_MODE_CURSOR_BO, cur.handle, 0, 0);
	if (err)
		vgh_die("CURSOR_BO: %s", strerror(-err));

	for (i = 0; i < moves; i++) {
		vgh_sleep_ms(4);
		x = (i * 29) % span_x;
		y = (i * 17) % span_y;
		/*
		 * CPU time around the ioctl alone, so the sleeps do not dilute
		 * it (a part of the clock reads' own cost is in it).
		 */
		c0 = cpu_us();
		t0 = vgh_now_us();
		err = cursor_ioctl(DRM_MODE_CURSOR_MOVE, 0, x, y);
		t[i] = vgh_now_us() - t0;
		cpu += cpu_us() - c0;
		if (err)
			vgh_die("CURSOR_MOVE: %s", strerror(-err));
	}
	qsort(t, moves, sizeof(*t), vgh_cmp_double);
	printf("cursor %s %ux%u moves %u median_us %.0f p99_us %.0f max_us %.0f cpu_us_per_move %.0f\n",
	       tag, fb.width, fb.height, moves, t[moves / 2], t[moves * 99 / 100],
	       t[moves - 1], cpu / moves);
	fflush(stdout);

	err = cursor_ioctl(DRM_MODE_CURSOR_BO, 0, 0, 0);
	if (err)
		vgh_die("cursor off: %s", strerror(-err));
	vgh_free_buffer(fd, &cur);
	free(t);
}

static void queue_flip(struct vgh_buffer *b, unsigned int n)
{
	struct drm_mode_crtc_page_flip f = {
		.crtc_id = out.crtc_id, .fb_id = b->fb,
		.flags = DRM_MODE_PAGE_FLIP_EVENT, .user_data = n,
	};
	int err;

	/* A client draws into the back buffer before it shows it. */
	*vgh_px(b, n % b->width, 1) = vgh_pattern(2, n, 1);
	err = vgh_ioctl(fd, DRM_IOCTL_MODE_PAGE_FLIP, &f);
	if (err)
		vgh_die("PAGE_FLIP %u: %s", n, strerror(-err));
}

/*
 * Wait for the flip events that arrive next, up to a second; returns how
 * many there were, the sequence and time stamp (us) of the last.
 */
static unsigned int flip_events(uint32_t *seq, double *when, unsigned int flips)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	struct drm_event_vblank ev;
	struct drm_event e;
	unsigned int got = 0;
	char buf[1024];
	ssize_t len, off;
	int n;

	do {
		n = poll(&p, 1, 1000);
	} while (n < 0 && errno == EINTR);
	if (n != 1)
		vgh_die("no page-flip event within 1 s, after %u flips", flips);
	len = read(fd, buf, sizeof(buf));
	if (len < 0)
		vgh_die("reading events: %s", strerror(errno));
	for (off = 0; off + (ssize_t)sizeof(e) <= len; off += e.length) {
		memcpy(&e, buf + off, sizeof(e));
		if (e.length < sizeof(e) || off + (ssize_t)e.length > len)
			vgh_die("an event of %u bytes in a read of %zd", e.length, len);
		if (e.type != DRM_EVENT_FLIP_COMPLETE)
			continue;
		if (e.length < sizeof(ev))
			vgh_die("a flip event of %u bytes", e.length);
		memcpy(&ev, buf + off, sizeof(ev));
		*seq = ev.sequence;
		*when = ev.tv_sec * 1e6 + ev.tv_usec;
		got++;
	}
	return got;
}

/*
 * A double-buffered client at the refresh rate: it flips as soon as the
 * last flip landed, so every vblank should show a new frame; one that
 * shows none is a frame the driver missed.
 */
static void flip_bench(const char *tag, unsigned int seconds)
{
	const struct drm_mode_modeinfo *m = &out.mode;
	struct vgh_buffer back, *bufs[2] = { &fb, &back };
	uint32_t seq = 0, first_seq = 0, vblanks;
	double hz = 0, when, first = 0, last = 0, end, fps = 0;
	unsigned int flips = 0, shown = 0, got;
	long missed;

	if (m->htotal && m->vtotal)
		hz = m->clock * 1000.0 / ((double)m->htotal * m->vtotal);
	vgh_dumb(fd, fb.width, fb.height, &back);
	vgh_fill(&back, 1, 0, 0, back.width, back.height);
	vgh_add_fb(fd, &back);

	end = vgh_now_us() + seconds * 1e6;
	queue_flip(bufs[1], 0);
	for (;;) {
		got = flip_events(&seq, &when, flips);
		if (!got)
			continue;
		if (!flips) {
			first_seq = seq;
			first = when;
		}
		flips += got;
		last = when;
		shown ^= got & 1;
		if (vgh_now_us() >= end)
			break;
		queue_flip(bufs[!shown], flips);
	}

	vblanks = seq - first_seq;
	missed = (long)vblanks - (long)(flips - 1);
	if (missed < 0)
		missed = 0;
	if (flips > 1 && last > first)
		fps = (flips - 1) / ((last - first) / 1e6);
	printf("flip %s %ux%u hz %.2f seconds %u flips %u vblanks %u missed %ld missed_pct %.2f fps %.2f\n",
	       tag, fb.width, fb.height, hz, seconds, flips, vblanks, missed,
	       100.0 * missed / (vblanks ? vblanks : 1), fps);
	fflush(stdout);

	/* The first framebuffer shown again: removing a shown one turns the CRTC off. */
	if (shown)
		vgh_set_crtc(fd, &out, fb.fb);
	vgh_free_buffer(fd, &back);
}

static void usage(const char *prog)
{
	fprintf(stderr, "usage: %s [-d CARD] [-s SIMDIR|none] [-n FRAMES] [-N FRAMES]\n", prog);
	fprintf(stderr, "       [-r SIZE] [-c MOVES] [-F SECONDS] [-o|-D] [-w SECONDS] [-t TAG]\n");
}

int main(int argc, char **argv)
{
	const char *card = "/dev/dri/card0", *tag = "driver";
	unsigned int frames = 20, small_frames = 100, moves = 200, flip_seconds = 0;
	int opt, only_cursor_flip = 0, only_dirtyfb = 0;
	unsigned int settle_s = 0;
	uint32_t size = 64;

	vgh_prog = "vgh-kms-bench";
	while ((opt = getopt(argc, argv, "d:s:n:N:r:c:F:oDw:t:")) != -1) {
		switch (opt) {
		case 'd':
			card = optarg;
			break;
		case 's':
			sim_dir = strcmp(optarg, "none") ? optarg : NULL;
			break;
		case 'n':
			frames = strtoul(optarg, NULL, 0);
			break;
		case 'N':
			small_frames = strtoul(optarg, NULL, 0);
			break;
		case 'r':
			size = strtoul(optarg, NULL, 0);
			break;
		case 'c':
			moves = strtoul(optarg, NULL, 0);
			break;
		case 'F':
			flip_seconds = strtoul(optarg, NULL, 0);
			break;
		case 'o':
			only_cursor_flip = 1;
			break;
		case 'D':
			only_dirtyfb = 1;
			break;
		case 'w':
			settle_s = strtoul(optarg, NULL, 0);
			break;
		case 't':
			tag = optarg;
			break;
		default:
			usage(argv[0]);
			return 2;
		}
	}
	if (!frames || !small_frames || !size)
		vgh_die("frames and size must be positive");
	fd = vgh_open(card);
	vgh_set_cap(fd, DRM_CLIENT_CAP_UNIVERSAL_PLANES, 1);
	vgh_set_cap(fd, DRM_CLIENT_CAP_ATOMIC, 1);
	vgh_find_output(fd, &out);
	plane_id = vgh_primary_plane(fd, &out);
	prop_damage = vgh_prop_id(fd, plane_id, DRM_MODE_OBJECT_PLANE,
				  "FB_DAMAGE_CLIPS", NULL);
	if (!prop_damage && !only_cursor_flip)
		vgh_die("primary plane %u has no FB_DAMAGE_CLIPS", plane_id);
	vgh_dumb(fd, out.mode.hdisplay, out.mode.vdisplay, &fb);
	if (size >= fb.width || size >= fb.height)
		vgh_die("clip size %u does not fit %ux%u", size, fb.width, fb.height);
	vgh_fill(&fb, 0, 0, 0, fb.width, fb.height);
	vgh_add_fb(fd, &fb);
	vgh_set_crtc(fd, &out, fb.fb);
	if (settle_s)
		sleep(settle_s);

	if (only_dirtyfb) {
		run(tag, KIND_DIRTYFB, 0, frames);
		run(tag, KIND_GETCAP, 0, frames);
	} else if (!only_cursor_flip) {
		run(tag, KIND_DIRTYFB, 0, frames);
		run(tag, KIND_DIRTYFB, size, small_frames);
		run(tag, KIND_ATOMIC, 0, frames);
		run(tag, KIND_ATOMIC, size, small_frames);
		run(tag, KIND_GETCAP, 0, frames);
	}
	if (moves)
		cursor_bench(tag, moves);
	if (flip_seconds)
		flip_bench(tag, flip_seconds);

	vgh_free_buffer(fd, &fb);
	close(fd);
	return 0;
}
