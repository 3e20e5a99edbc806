// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * vgh-kms-bench: what a display update costs, on a simulated host
 * (virtio-gpu-sim), with whichever virtio-gpu driver is bound.
 *
 * usage: vgh-kms-bench [-d CARD] [-s SIMDIR] [-n FRAMES] [-N FRAMES] [-r SIZE]
 *                      [-t TAG]
 *
 * Shows a framebuffer of the output's preferred mode, then times four
 * kinds of update, one ioctl per frame:
 *   dirtyfb-full    DRM_IOCTL_MODE_DIRTYFB without clips
 *   dirtyfb-SIZE    DIRTYFB with one SIZExSIZE clip (default 64)
 *   atomic-full     atomic commit with one FB_DAMAGE_CLIPS clip covering
 *                   the frame
 *   atomic-SIZE     atomic commit with one SIZExSIZE clip
 * Full-frame cases run -n frames (default 20), small ones -N (default 100);
 * the clip moves each frame. Prints one line per case:
 *   bench TAG WxH CASE frames N us_per_frame U done_us_per_frame D
 *         bytes_per_frame B cmds_per_frame C errors E min_us M
 *         cpu_us_per_frame P
 * where U is the mean time of the update ioctl, D the time from the first
 * update until the host ran the last command, divided by the frames (a
 * driver may return before the host ran the commands), bytes are what the
 * host copied (the simulator's "copied:") and commands the
 * TRANSFER_TO_HOST_2D and RESOURCE_FLUSH it received, counted once the
 * host is idle (no change for half a second), M the fastest update, P
 * the CPU time of this process (its ioctls included) per update.
 * Figures only: nothing is asserted about time.
 */
#include "vgh-kms.h"

static int fd;
static const char *sim_dir = VGH_SIM_DIR;
static struct vgh_output out;
static struct vgh_buffer fb;
static uint32_t plane_id, prop_damage;

/* One update: the whole frame (size 0) or a size x size clip. */
static void update(int atomic, uint32_t size, unsigned int frame)
{
	uint32_t x = 0, y = 0, w = fb.width, h = fb.height;
	int err;

	if (size) {
		x = (frame * 37) % (fb.width - size);
		y = (frame * 23) % (fb.height - size);
		w = h = size;
	}
	if (atomic) {
		struct drm_mode_rect r = { x, y, x + w, y + h };
		struct vgh_atomic a = { 0 };
		uint32_t blob = vgh_create_blob(fd, &r, sizeof(r));

		vgh_atomic_add(&a, plane_id, prop_damage, blob);
		err = vgh_atomic_commit(fd, &a, 0);
		vgh_destroy_blob(fd, blob);
	} else {
		struct drm_clip_rect c = { x, y, x + w, y + h };
		struct drm_mode_fb_dirty_cmd d = {
			.fb_id = fb.fb, .num_clips = size ? 1 : 0,
			.clips_ptr = size ? (uintptr_t)&c : 0,
		};

		err = vgh_ioctl(fd, DRM_IOCTL_MODE_DIRTYFB, &d);
	}
	if (err)
		vgh_die("%s: %s", atomic ? "atomic commit" : "DIRTYFB", strerror(-err));
}

/*
 * Wait until the host has no more work (its counters unchanged for half
 * a second): a driver may return from the ioctl before the host ran the
 * commands. Returns the time the counters last changed, and the counters
 * then.
 */
static double drain(struct vgh_sim *s)
{
	struct vgh_sim now;
	double last = vgh_now_us();
	int still = 0;

	vgh_sim_read(sim_dir, s);
	while (still < 50) {
		vgh_sleep_ms(10);
		vgh_sim_read(sim_dir, &now);
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

static void run(const char *tag, int atomic, uint32_t size, unsigned int frames)
{
	struct vgh_sim a, b;
	double t0, t, us, done, min = 1e12, cpu;
	struct timespec c0, c1;
	unsigned int i;
	char name[32];

	/* Warm up: the first update after a change of kind may differ. */
	for (i = 0; i < 2; i++)
		update(atomic, size, i);
	drain(&a);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
	t0 = vgh_now_us();
	for (i = 0; i < frames; i++) {
		/* Userspace "draws": one pixel, outside the timing's interest. */
		*vgh_px(&fb, i % fb.width, 0) = vgh_pattern(1, i, 0);
		t = vgh_now_us();
		update(atomic, size, i + 2);
		t = vgh_now_us() - t;
		if (t < min)
			min = t;
	}
	us = vgh_now_us() - t0;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
	cpu = (c1.tv_sec - c0.tv_sec) * 1e6 + (c1.tv_nsec - c0.tv_nsec) / 1e3;
	done = drain(&b) - t0;
	if (done < us)
		done = us;
	if (size)
		snprintf(name, sizeof(name), "%s-%u", atomic ? "atomic" : "dirtyfb", size);
	else
		snprintf(name, sizeof(name), "%s-full", atomic ? "atomic" : "dirtyfb");
	printf("bench %s %ux%u %s frames %u us_per_frame %.0f done_us_per_frame %.0f bytes_per_frame %llu cmds_per_frame %.2f errors %llu min_us %.0f cpu_us_per_frame %.0f\n",
	       tag, fb.width, fb.height, name, frames, us / frames, done / frames,
	       (b.copied - a.copied) / frames,
	       (double)(b.transfers - a.transfers + b.flushes - a.flushes) / frames,
	       b.errors - a.errors, min, cpu / frames);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	const char *card = "/dev/dri/card0", *tag = "driver";
	unsigned int frames = 20, small_frames = 100;
	uint32_t size = 64;
	int opt;

	vgh_prog = "vgh-kms-bench";
	while ((opt = getopt(argc, argv, "d:s:n:N:r:t:")) != -1) {
		switch (opt) {
		case 'd':
			card = optarg;
			break;
		case 's':
			sim_dir = optarg;
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
		case 't':
			tag = optarg;
			break;
		default:
			fprintf(stderr, "usage: %s [-d CARD] [-s SIMDIR] [-n FRAMES] [-N FRAMES] [-r SIZE] [-t TAG]\n",
				argv[0]);
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
	if (!prop_damage)
		vgh_die("primary plane %u has no FB_DAMAGE_CLIPS", plane_id);
	vgh_dumb(fd, out.mode.hdisplay, out.mode.vdisplay, &fb);
	if (size >= fb.width || size >= fb.height)
		vgh_die("clip size %u does not fit %ux%u", size, fb.width, fb.height);
	vgh_fill(&fb, 0, 0, 0, fb.width, fb.height);
	vgh_add_fb(fd, &fb);
	vgh_set_crtc(fd, &out, fb.fb);

	run(tag, 0, 0, frames);
	run(tag, 0, size, small_frames);
	run(tag, 1, 0, frames);
	run(tag, 1, size, small_frames);

	vgh_free_buffer(fd, &fb);
	close(fd);
	return 0;
}
