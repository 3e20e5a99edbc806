// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * vgh-kms-dumb: create one dumb buffer and check the answer.
 *
 * usage: vgh-kms-dumb [-d CARD] [-e ERRNO] [-f WxH/PITCH [-E ERRNO] [-b COMMAND]
 *                     [-w]] [-r SECONDS] [-s] [-x COMMAND] WIDTH HEIGHT BPP
 *                     [FLAGS]
 *
 * Calls DRM_IOCTL_MODE_CREATE_DUMB and prints the result: "ok handle N
 * pitch P size S" or the errno's name. With -e, the ioctl must fail with
 * ERRNO (a name such as ENOMEM; default: must succeed). With -f, a
 * framebuffer of WxH with PITCH is then made on the buffer, which must
 * succeed or fail with the errno of -E; -b runs COMMAND with sh just
 * before. With -w, another process looks up every mode object id up to
 * 1024 with GETFB2 while ADDFB2 runs: a framebuffer that appears before
 * ADDFB2 returns (one that is still being made, or that it then fails)
 * is reported and fails the run. With -s, a framebuffer of the whole
 * buffer is shown on the first connected output with its preferred mode
 * (which the buffer must match), then the handle is closed and the
 * framebuffer closed with CLOSEFB: the display holds the last references
 * to both (a kernel without CLOSEFB keeps the framebuffer with the file). With -x, COMMAND runs with sh while the buffer (and
 * framebuffer) exist.
 *
 * With -r, for SECONDS more buffers of the same size are created one
 * after the other while another process of the same DRM file closes the
 * handle each new buffer gets (the lowest free one) as fast as it can:
 * every CREATE_DUMB must report the same pitch and size, even when the
 * handle was closed before the ioctl returned. The window is a few
 * instructions wide: this finds a use after free only by chance.
 *
 * Exits 0 when every answer was the expected one and COMMAND succeeded,
 * 1 otherwise, 2 on an error.
 */
#include <signal.h>

#include "vgh-kms.h"

#define VGH_MAX_OBJECT_ID 1024

/*
 * Framebuffer ids GETFB2 finds now, as a map of ids. The caller is
 * neither master nor privileged, so GETFB2 makes no handles (which would
 * attach the framebuffers' resources to a context of its file, commands
 * that wait their turn with the host like the ones ADDFB2 sends).
 */
static void fb_ids(int fd, uint8_t *seen)
{
	uint32_t id;

	for (id = 1; id <= VGH_MAX_OBJECT_ID; id++) {
		struct drm_mode_fb_cmd2 f = { .fb_id = id };

		seen[id] = !vgh_ioctl(fd, DRM_IOCTL_MODE_GETFB2, &f);
	}
}

/*
 * ADDFB2 while a child looks for framebuffers that were not there
 * before; returns 0 or the -errno of ADDFB2 and sets *seen_id to the first
 * new framebuffer the child found before ADDFB2 returned, or 0.
 */
static int watched_fb(const char *card, int fd, struct vgh_buffer *f,
		      uint32_t *seen_id)
{
	static uint8_t before[VGH_MAX_OBJECT_ID + 1], now[VGH_MAX_OBJECT_ID + 1];
	int ready[2], found[2], status, err;
	uint32_t id = 0;
	char c;
	pid_t pid;

	if (pipe(ready) || pipe(found))
		vgh_die("pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		vgh_die("fork: %s", strerror(errno));
	if (!pid) {
		int wfd = vgh_open(card);

		vgh_ioctl(wfd, DRM_IOCTL_DROP_MASTER, NULL);
		if (setgid(65534) || setuid(65534))
			_exit(2);
		fb_ids(wfd, before);
		if (write(ready[1], "r", 1) != 1)
			_exit(2);
		for (;;) {
			fb_ids(wfd, now);
			for (id = 1; id <= VGH_MAX_OBJECT_ID; id++) {
				if (now[id] && !before[id]) {
					if (write(found[1], &id, sizeof(id)) < 0)
						_exit(2);
					_exit(0);
				}
			}
		}
	}
	close(ready[1]);
	close(found[1]);
	if (read(ready[0], &c, 1) != 1)
		vgh_die("the watching process did not start");
	err = vgh_try_fb(fd, f, DRM_FORMAT_XRGB8888);
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	if (read(found[0], &id, sizeof(id)) != sizeof(id))
		id = 0;
	close(ready[0]);
	close(found[0]);
	*seen_id = id;
	return err;
}

/* -s: the display alone holds the buffer and its framebuffer. */
static void show_and_let_go(int fd, struct vgh_buffer *b)
{
	struct drm_mode_closefb cf = { 0 };
	struct drm_gem_close c = { 0 };
	struct vgh_output o;

	vgh_find_output(fd, &o);
	vgh_add_fb(fd, b);
	vgh_set_crtc(fd, &o, b->fb);
	c.handle = b->handle;
	vgh_xioctl(fd, DRM_IOCTL_GEM_CLOSE, &c, "GEM_CLOSE");
	/*
	 * A kernel that knows CLOSEFB answers ENOENT for framebuffer 0; one
	 * from before it (6.1) answers EINVAL to any: there the framebuffer
	 * stays with this file, shown, until the file is closed.
	 */
	if (ioctl(fd, DRM_IOCTL_MODE_CLOSEFB, &cf) && errno == EINVAL) {
		printf("framebuffer %u shown on CRTC %u, handle closed (no CLOSEFB in this kernel)\n",
		       b->fb, o.crtc_id);
		memset(b, 0, sizeof(*b));
		return;
	}
	cf.fb_id = b->fb;
	vgh_xioctl(fd, DRM_IOCTL_MODE_CLOSEFB, &cf, "CLOSEFB");
	printf("framebuffer %u shown on CRTC %u, handle and framebuffer closed\n",
	       b->fb, o.crtc_id);
	memset(b, 0, sizeof(*b));
}

/* -r: CREATE_DUMB again and again while another process closes the handle. */
static int create_close_race(int fd, uint32_t w, uint32_t h, uint32_t bpp,
			     const struct vgh_buffer *first, unsigned int secs)
{
	unsigned long n = 0, early = 0, wrong = 0;
	double end = vgh_now_us() + secs * 1e6;
	struct drm_gem_close next = { 0 };
	struct vgh_buffer b;
	int status, err;
	pid_t pid;

	/* the lowest free handle: each new buffer gets it again */
	err = vgh_try_dumb(fd, w, h, bpp, 0, &b);
	if (err)
		vgh_die("CREATE_DUMB: %s", strerror(-err));
	next.handle = b.handle;
	vgh_xioctl(fd, DRM_IOCTL_GEM_CLOSE, &next, "GEM_CLOSE");
	pid = fork();
	if (pid < 0)
		vgh_die("fork: %s", strerror(errno));
	if (!pid) {
		for (;;)
			vgh_ioctl(fd, DRM_IOCTL_GEM_CLOSE, &next);
	}
	while (vgh_now_us() < end) {
		struct drm_gem_close c = { 0 };

		err = vgh_try_dumb(fd, w, h, bpp, 0, &b);
		if (err) {
			printf("CREATE_DUMB %lu: %s\n", n, vgh_errno_name(-err));
			wrong++;
			break;
		}
		n++;
		if (b.size != first->size || b.pitch != first->pitch) {
			if (wrong++ < 5)
				printf("CREATE_DUMB %lu: handle %u pitch %u size %llu\n",
				       n, b.handle, b.pitch,
				       (unsigned long long)b.size);
		}
		c.handle = b.handle;
		if (vgh_ioctl(fd, DRM_IOCTL_GEM_CLOSE, &c))
			early++;
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	printf("CREATE_DUMB while handle %u is closed: %lu buffers, %lu closed by the other process, %lu with another pitch or size\n",
	       next.handle, n, early, wrong);
	return wrong ? 1 : 0;
}

int main(int argc, char **argv)
{
	const char *card = "/dev/dri/card0", *cmd = NULL, *before = NULL;
	uint32_t w, h, bpp, flags = 0, fw = 0, fh = 0, fpitch = 0;
	int opt, fd, err, want = 0, want_fb = 0, rc = 0, watch = 0;
	unsigned int race = 0;
	int show = 0;
	struct vgh_buffer b;

	vgh_prog = "vgh-kms-dumb";
	while ((opt = getopt(argc, argv, "d:e:f:E:b:wr:sx:")) != -1) {
		switch (opt) {
		case 'b':
			before = optarg;
			break;
		case 'w':
			watch = 1;
			break;
		case 'r':
			race = strtoul(optarg, NULL, 0);
			break;
		case 's':
			show = 1;
			break;
		case 'd':
			card = optarg;
			break;
		case 'e':
			want = vgh_errno_arg(optarg);
			break;
		case 'f':
			if (sscanf(optarg, "%ux%u/%u", &fw, &fh, &fpitch) != 3)
				vgh_die("bad framebuffer %s", optarg);
			break;
		case 'E':
			want_fb = vgh_errno_arg(optarg);
			break;
		case 'x':
			cmd = optarg;
			break;
		default:
			goto usage;
		}
	}
	if (argc - optind < 3 || argc - optind > 4)
		goto usage;
	w = strtoul(argv[optind], NULL, 0);
	h = strtoul(argv[optind + 1], NULL, 0);
	bpp = strtoul(argv[optind + 2], NULL, 0);
	if (argc - optind == 4)
		flags = strtoul(argv[optind + 3], NULL, 0);

	fd = vgh_open(card);
	err = vgh_try_dumb(fd, w, h, bpp, flags, &b);
	if (err)
		printf("CREATE_DUMB %ux%u bpp %u flags 0x%x: %s", w, h, bpp, flags,
		       vgh_errno_name(-err));
	else
		printf("CREATE_DUMB %ux%u bpp %u flags 0x%x: ok handle %u pitch %u size %llu",
		       w, h, bpp, flags, b.handle, b.pitch,
		       (unsigned long long)b.size);
	if (err != want) {
		printf(" (want %s)", vgh_errno_name(-want));
		rc = 1;
	}
	printf("\n");

	if (!err && fpitch) {
		struct vgh_buffer f = b;
		uint32_t seen = 0;

		f.width = fw;
		f.height = fh;
		f.pitch = fpitch;
		if (before && vgh_run(before)) {
			printf("command failed: %s\n", before);
			rc = 1;
		}
		if (watch)
			err = watched_fb(card, fd, &f, &seen);
		else
			err = vgh_try_fb(fd, &f, DRM_FORMAT_XRGB8888);
		printf("ADDFB2 %ux%u pitch %u: %s", fw, fh, fpitch,
		       err ? vgh_errno_name(-err) : "ok");
		if (err != want_fb) {
			printf(" (want %s)", vgh_errno_name(-want_fb));
			rc = 1;
		}
		printf("\n");
		if (seen) {
			printf("GETFB2 found framebuffer %u before ADDFB2 returned\n",
			       seen);
			rc = 1;
		}
		b.fb = f.fb;
	}
	if (!err && race)
		rc |= create_close_race(fd, w, h, bpp, &b, race);
	if (!err && show)
		show_and_let_go(fd, &b);
	if (cmd && vgh_run(cmd)) {
		printf("command failed: %s\n", cmd);
		rc = 1;
	}
	if (b.handle)
		vgh_free_buffer(fd, &b);
	close(fd);
	return rc;

usage:
	fprintf(stderr, "usage: %s [-d CARD] [-e ERRNO] [-f WxH/PITCH [-E ERRNO] [-b COMMAND] [-w]] [-r SECONDS] [-s] [-x COMMAND] WIDTH HEIGHT BPP [FLAGS]\n",
		argv[0]);
	return 2;
}
