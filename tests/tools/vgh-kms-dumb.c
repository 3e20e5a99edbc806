// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * vgh-kms-dumb: create one dumb buffer and check the answer.
 *
 * usage: vgh-kms-dumb [-d CARD] [-e ERRNO] [-f WxH/PITCH [-E ERRNO]]
 *                     [-x COMMAND] WIDTH HEIGHT BPP [FLAGS]
 *
 * Calls DRM_IOCTL_MODE_CREATE_DUMB and prints the result: "ok handle N
 * pitch P size S" or the errno's name. With -e, the ioctl must fail with
 * ERRNO (a name such as ENOMEM; default: must succeed). With -f, a
 * framebuffer of WxH with PITCH is then made on the buffer, which must
 * succeed or fail with the errno of -E. With -x, COMMAND runs with sh
 * while the buffer (and framebuffer) exist. Exits 0 when every answer was
 * the expected one and COMMAND succeeded, 1 otherwise, 2 on an error.
 */
#include "vgh-kms.h"

int main(int argc, char **argv)
{
	const char *card = "/dev/dri/card0", *cmd = NULL;
	uint32_t w, h, bpp, flags = 0, fw = 0, fh = 0, fpitch = 0;
	int opt, fd, err, want = 0, want_fb = 0, rc = 0;
	struct vgh_buffer b;

	vgh_prog = "vgh-kms-dumb";
	while ((opt = getopt(argc, argv, "d:e:f:E:x:")) != -1) {
		switch (opt) {
		case 'd':
			card = optarg;
			break;
		case 'e':
			want = vgh_errno_value(optarg);
			break;
		case 'f':
			if (sscanf(optarg, "%ux%u/%u", &fw, &fh, &fpitch) != 3)
				vgh_die("bad framebuffer %s", optarg);
			break;
		case 'E':
			want_fb = vgh_errno_value(optarg);
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
		       vgh_errno_name(err));
	else
		printf("CREATE_DUMB %ux%u bpp %u flags 0x%x: ok handle %u pitch %u size %llu",
		       w, h, bpp, flags, b.handle, b.pitch,
		       (unsigned long long)b.size);
	if (err != want) {
		printf(" (want %s)", vgh_errno_name(want));
		rc = 1;
	}
	printf("\n");

	if (!err && fpitch) {
		struct vgh_buffer f = b;

		f.width = fw;
		f.height = fh;
		f.pitch = fpitch;
		err = vgh_try_fb(fd, &f, DRM_FORMAT_XRGB8888);
		printf("ADDFB2 %ux%u pitch %u: %s", fw, fh, fpitch,
		       err ? vgh_errno_name(err) : "ok");
		if (err != want_fb) {
			printf(" (want %s)", vgh_errno_name(want_fb));
			rc = 1;
		}
		printf("\n");
		b.fb = f.fb;
	}
	if (cmd && vgh_run(cmd)) {
		printf("command failed: %s\n", cmd);
		rc = 1;
	}
	if (b.handle)
		vgh_free_buffer(fd, &b);
	close(fd);
	return rc;

usage:
	fprintf(stderr, "usage: %s [-d CARD] [-e ERRNO] [-f WxH/PITCH [-E ERRNO]] [-x COMMAND] WIDTH HEIGHT BPP [FLAGS]\n",
		argv[0]);
	return 2;
}
