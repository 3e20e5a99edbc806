// SPDX-License-Identifier: GPL-2.0
/*
 * struct virtqueue_info: virtio_find_vqs() and the transport's find_vqs
 * take one array of names and callbacks
 */
#include <linux/virtio.h>
#include <linux/virtio_config.h>

static __maybe_unused int vgh_probe(struct virtio_device *vdev, struct virtqueue **vqs)
{
	struct virtqueue_info info[] = { { "probe", NULL } };

	return virtio_find_vqs(vdev, 1, vqs, info, NULL);
}
