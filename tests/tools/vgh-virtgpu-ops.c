// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * vgh-virtgpu-ops: drive the virtio-gpu uAPI through one of each 3D and
 * blob operation, so that a test can compare what the host saw.
 *
 * usage: vgh-virtgpu-ops [-d NODE] [-x COMMAND]
 *
 * Creates a context on capset 1 with two rings, a 3D resource, transfers
 * to and from it, submits a command buffer on ring 1 and waits for its
 * out-fence, creates a mappable HOST3D blob, maps it and writes to it,
 * and exports the 3D resource as a dma-buf. With -x, runs COMMAND with sh before
 * tearing down. Prints one line per step; exits 0 when all succeeded,
 * 1 otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <drm/drm.h>
#include <drm/virtgpu_drm.h>

#include "vgh.h"

static int fd, failures;

/* One step's line; ret is 0 or -errno. Returns ret. */
static int step(const char *what, int ret)
{
	printf("%s: %s\n", what, ret ? strerror(-ret) : "ok");
	if (ret)
		failures++;
	return ret;
}

static void show_param(const char *name, uint64_t param)
{
	struct drm_virtgpu_getparam gp = { .param = param };
	int value = 0, ret;

	gp.value = (uintptr_t)&value;
	ret = vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_GETPARAM, &gp);
	if (ret)
		printf("param %s: %s\n", name, strerror(-ret));
	else
		printf("param %s: %d\n", name, value);
}

int main(int argc, char **argv)
{
	const char *node = "/dev/dri/card0", *cmd = NULL;
	struct drm_virtgpu_context_set_param params[] = {
		{ VIRTGPU_CONTEXT_PARAM_CAPSET_ID, 1 },
		{ VIRTGPU_CONTEXT_PARAM_NUM_RINGS, 2 },
	};
	struct drm_virtgpu_context_init init = {
		.num_params = 2, .ctx_set_params = (uintptr_t)params,
	};
	struct drm_virtgpu_resource_create res3d = {
		.target = 2, .format = 2, .bind = 2, .width = 64, .height = 64,
		.depth = 1, .array_size = 1, .size = 64 * 64 * 4,
		.stride = 64 * 4,
	};
	struct drm_virtgpu_3d_transfer_to_host to = { 0 };
	struct drm_virtgpu_3d_transfer_from_host from = { 0 };
	uint32_t words[4] = { 0 };
	struct drm_virtgpu_execbuffer exec = {
		.flags = VIRTGPU_EXECBUF_FENCE_FD_OUT | VIRTGPU_EXECBUF_RING_IDX,
		.size = sizeof(words), .command = (uintptr_t)words,
		.ring_idx = 1, .fence_fd = -1,
	};
	struct drm_virtgpu_resource_create_blob blob = {
		.blob_mem = VIRTGPU_BLOB_MEM_HOST3D,
		.blob_flags = VIRTGPU_BLOB_FLAG_USE_MAPPABLE |
			      VIRTGPU_BLOB_FLAG_USE_SHAREABLE,
		.size = 65536, .blob_id = 1,
	};
	struct drm_virtgpu_map map = { 0 };
	struct drm_prime_handle prime = { .flags = DRM_CLOEXEC };
	struct pollfd pfd;
	uint8_t *p;
	int opt, rc;

	while ((opt = getopt(argc, argv, "d:x:")) != -1) {
		switch (opt) {
		case 'd':
			node = optarg;
			break;
		case 'x':
			cmd = optarg;
			break;
		default:
			fprintf(stderr, "usage: %s [-d NODE] [-x COMMAND]\n", argv[0]);
			return 2;
		}
	}
	fd = open(node, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		perror(node);
		return 2;
	}
	show_param("3d_features", VIRTGPU_PARAM_3D_FEATURES);
	show_param("resource_blob", VIRTGPU_PARAM_RESOURCE_BLOB);
	show_param("host_visible", VIRTGPU_PARAM_HOST_VISIBLE);
	show_param("context_init", VIRTGPU_PARAM_CONTEXT_INIT);

	step("context_init", vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_CONTEXT_INIT, &init));
	step("resource_create_3d", vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_RESOURCE_CREATE, &res3d));
	to.bo_handle = res3d.bo_handle;
	to.box = (struct drm_virtgpu_3d_box){ 0, 0, 0, 64, 64, 1 };
	step("transfer_to_host", vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_TRANSFER_TO_HOST, &to));
	from.bo_handle = res3d.bo_handle;
	from.box = to.box;
	step("transfer_from_host", vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_TRANSFER_FROM_HOST, &from));

	exec.bo_handles = (uintptr_t)&res3d.bo_handle;
	exec.num_bo_handles = 1;
	if (!step("execbuffer_ring1", vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_EXECBUFFER, &exec))) {
		pfd.fd = exec.fence_fd;
		pfd.events = POLLIN;
		rc = poll(&pfd, 1, 5000);
		step("out_fence_signalled", rc == 1 ? 0 : rc == 0 ? -ETIMEDOUT : -errno);
		close(exec.fence_fd);
	}

	if (!step("blob_host3d", vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_RESOURCE_CREATE_BLOB, &blob))) {
		map.handle = blob.bo_handle;
		if (!step("map", vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_MAP, &map))) {
			p = mmap(NULL, blob.size, PROT_READ | PROT_WRITE, MAP_SHARED,
				 fd, map.offset);
			if (!step("mmap", p == MAP_FAILED ? -errno : 0)) {
				memset(p, 0x5a, blob.size);
				munmap(p, blob.size);
			}
		}
	}
	/* Exporting a non-blob resource asks the host for its uuid. */
	prime.handle = res3d.bo_handle;
	if (!step("prime_export_3d", vgh_ioctl(fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &prime)))
		close(prime.fd);

	if (cmd) {
		fflush(stdout);
		step("check", system(cmd) ? -EINVAL : 0);
	}
	close(fd);
	printf("failures %d\n", failures);
	return failures ? 1 : 0;
}
