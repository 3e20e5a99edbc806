// SPDX-License-Identifier: GPL-2.0
/* virtqueue_dma_dev(): the device a virtqueue maps DMA for, if any */
#include <linux/virtio.h>

static __maybe_unused struct device *vgh_probe(struct virtqueue *vq)
{
	return virtqueue_dma_dev(vq);
}
