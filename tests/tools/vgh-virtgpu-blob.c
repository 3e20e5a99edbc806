// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * vgh-virtgpu-blob: create one guest-memory blob and check the answer.
 *
 * usage: vgh-virtgpu-blob [-d NODE] [-e ERRNO] [-x COMMAND] SIZE
 *
 * Calls DRM_IOCTL_VIRTGPU_RESOURCE_CREATE_BLOB for a VIRTGPU_BLOB_MEM_GUEST
 * blob of SIZE bytes and prints "blob SIZE: ok res R" (R the host's
 * resource id) or the errno's name. With -e, the ioctl must fail with
 * ERRNO (default: must succeed). With -x, COMMAND runs with sh while the
 * blob exists. Exits 0 when the answer was the expected one and COMMAND
 * succeeded, 1 otherwise, 2 on an error.
 */
#include <stdbool.h>

#include <drm/virtgpu_drm.h>

#include "vgh-kms.h"

int main(int argc, char **argv)
{
	const char *node = "/dev/dri/card0", *cmd = NULL;
	struct drm_virtgpu_resource_create_blob blob = {
		.blob_mem = VIRTGPU_BLOB_MEM_GUEST,
		.blob_flags = VIRTGPU_BLOB_FLAG_USE_MAPPABLE,
	};
	int opt, fd, err, want = 0, rc = 0;

	vgh_prog = "vgh-virtgpu-blob";
	while ((opt = getopt(argc, argv, "d:e:x:")) != -1) {
		switch (opt) {
		case 'd':
			node = optarg;
			break;
		case 'e':
			want = vgh_errno_arg(optarg);
			break;
		case 'x':
			cmd = optarg;
			break;
		default:
			goto usage;
		}
	}
	if (argc - optind != 1)
		goto usage;
	blob.size = strtoull(argv[optind], NULL, 0);

	fd = vgh_open(node);
	err = vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_RESOURCE_CREATE_BLOB, &blob);
	if (err)
		printf("blob %llu: %s", (unsigned long long)blob.size,
		       vgh_errno_name(-err));
	else
		printf("blob %llu: ok res %u", (unsigned long long)blob.size,
		       blob.res_handle);
	if (err != want) {
		printf(" (want %s)", vgh_errno_name(-want));
		rc = 1;
	}
	printf("\n");
	if (cmd && vgh_run(cmd)) {
		printf("command failed: %s\n", cmd);
		rc = 1;
	}
	close(fd);
	return rc;

usage:
	fprintf(stderr, "usage: %s [-d NODE] [-e ERRNO] [-x COMMAND] SIZE\n", argv[0]);
	return 2;
}
