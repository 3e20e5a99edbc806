// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * KUnit tests of the virtio-gpu-heap command layer: wire encoding,
 * reply validation, error mapping and fence ordering.
 */

#include <kunit/test.h>

#include <linux/dma-fence.h>
#include <linux/panic.h>
#include <linux/scatterlist.h>
#include <linux/vmalloc.h>
#include <linux/virtio.h>
#include <linux/virtio_config.h>
#include <linux/virtio_gpu.h>
#include <linux/virtio_ring.h>

#include "vgh_kunit_compat.h"
#include "../vgh_drv.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

static void vgh_cmd_action_put(void *cmd)
{
	vgh_cmd_put(cmd);
}

/* Allocate through the driver and release when the test ends. */
static struct vgh_cmd *vgh_test_cmd(struct kunit *test, struct vgh_cmd *cmd)
{
	KUNIT_ASSERT_NOT_NULL(test, cmd);
	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test, vgh_cmd_action_put, cmd));
	return cmd;
}

static void put_le32(u8 *p, u32 v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

/* Fill a reply as the device would: a header of @type and @len bytes. */
static void vgh_test_reply(struct vgh_cmd *cmd, u32 type, u32 len)
{
	u8 *resp = vgh_cmd_resp(cmd);

	memset(resp, 0, cmd->resp_len);
	put_le32(resp, type);
	cmd->got = len;
	cmd->status = 0;
}

static void vgh_test_wire_sizes(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, sizeof(struct virtio_gpu_ctrl_hdr), 24);
	KUNIT_EXPECT_EQ(test, sizeof(struct virtio_gpu_cmd_get_edid), 32);
	KUNIT_EXPECT_EQ(test, sizeof(struct virtio_gpu_resp_edid), 1056);
	KUNIT_EXPECT_EQ(test, sizeof(struct virtio_gpu_get_capset_info), 32);
	KUNIT_EXPECT_EQ(test, sizeof(struct virtio_gpu_resp_capset_info), 40);
	KUNIT_EXPECT_EQ(test, sizeof(struct virtio_gpu_display_one), 24);
	KUNIT_EXPECT_EQ(test, sizeof(struct virtio_gpu_resp_display_info),
			24 + 16 * 24);
}

static void vgh_test_cmd_index(struct kunit *test)
{
	DECLARE_BITMAP(seen, VGH_CMD_COUNT) = {};
	static const u32 ranges[][2] = {
		{ VIRTIO_GPU_CMD_GET_DISPLAY_INFO, VIRTIO_GPU_CMD_SET_SCANOUT_BLOB },
		{ VIRTIO_GPU_CMD_CTX_CREATE, VIRTIO_GPU_CMD_RESOURCE_QUERY_LAYOUT },
		{ VIRTIO_GPU_CMD_UPDATE_CURSOR, VIRTIO_GPU_CMD_MOVE_CURSOR },
	};
	unsigned int r;
	u32 type;

	for (r = 0; r < ARRAY_SIZE(ranges); r++) {
		for (type = ranges[r][0]; type <= ranges[r][1]; type++) {
			int idx = vgh_cmd_index(type);

			KUNIT_ASSERT_GE(test, idx, 0);
			KUNIT_ASSERT_LT(test, idx, VGH_CMD_COUNT);
			KUNIT_EXPECT_FALSE(test, test_bit(idx, seen));
			__set_bit(idx, seen);
		}
	}
	KUNIT_EXPECT_EQ(test, bitmap_weight(seen, VGH_CMD_COUNT), VGH_CMD_COUNT);

	KUNIT_EXPECT_EQ(test, vgh_cmd_index(0), -EINVAL);
	KUNIT_EXPECT_EQ(test, vgh_cmd_index(0x00ff), -EINVAL);
	KUNIT_EXPECT_EQ(test, vgh_cmd_index(VIRTIO_GPU_CMD_SET_SCANOUT_BLOB + 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, vgh_cmd_index(VIRTIO_GPU_CMD_RESOURCE_QUERY_LAYOUT + 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, vgh_cmd_index(VIRTIO_GPU_CMD_MOVE_CURSOR + 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, vgh_cmd_index(VIRTIO_GPU_RESP_OK_NODATA), -EINVAL);
}

/* Every entry of the command table maps to its index and back. */
static void vgh_test_cmd_table(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < VGH_CMD_COUNT; i++) {
		u32 type = vgh_cmd_type_at(i);

		KUNIT_EXPECT_NE_MSG(test, type, 0, "index %u", i);
		KUNIT_EXPECT_EQ_MSG(test, vgh_cmd_index(type), (int)i,
				    "command 0x%04x", type);
		KUNIT_EXPECT_EQ_MSG(test, vgh_cmd_type_at(vgh_cmd_index(type)), type,
				    "command 0x%04x", type);
		KUNIT_EXPECT_STRNEQ(test, vgh_cmd_name(type), "UNKNOWN");
	}
	KUNIT_EXPECT_EQ(test, vgh_cmd_type_at(VGH_CMD_COUNT), 0);
	KUNIT_EXPECT_EQ(test, vgh_cmd_type_at(VGH_CMD_GET_DISPLAY_INFO),
			VIRTIO_GPU_CMD_GET_DISPLAY_INFO);
	KUNIT_EXPECT_EQ(test, vgh_cmd_type_at(VGH_CMD_RESOURCE_QUERY_LAYOUT),
			VIRTIO_GPU_CMD_RESOURCE_QUERY_LAYOUT);
	KUNIT_EXPECT_EQ(test, vgh_cmd_type_at(VGH_CMD_MOVE_CURSOR),
			VIRTIO_GPU_CMD_MOVE_CURSOR);
}

/* Cursor commands, and only they, go on the cursor queue. */
static void vgh_test_cmd_queue(struct kunit *test)
{
	unsigned int i;

	KUNIT_EXPECT_EQ(test, vgh_cmd_queue(VIRTIO_GPU_CMD_UPDATE_CURSOR), VGH_QUEUE_CURSOR);
	KUNIT_EXPECT_EQ(test, vgh_cmd_queue(VIRTIO_GPU_CMD_MOVE_CURSOR), VGH_QUEUE_CURSOR);
	for (i = 0; i < VGH_CMD_COUNT; i++) {
		u32 type = vgh_cmd_type_at(i);
		bool cursor = type == VIRTIO_GPU_CMD_UPDATE_CURSOR ||
			      type == VIRTIO_GPU_CMD_MOVE_CURSOR;

		KUNIT_EXPECT_EQ_MSG(test, vgh_cmd_queue(type),
				    cursor ? VGH_QUEUE_CURSOR : VGH_QUEUE_CONTROL,
				    "command %s", vgh_cmd_name(type));
	}
	KUNIT_EXPECT_EQ(test, vgh_cmd_queue(0x0400), VGH_QUEUE_CONTROL);
}

static void vgh_test_names(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, vgh_cmd_name(VIRTIO_GPU_CMD_GET_DISPLAY_INFO),
			   "GET_DISPLAY_INFO");
	KUNIT_EXPECT_STREQ(test, vgh_cmd_name(VIRTIO_GPU_CMD_SET_SCANOUT_BLOB),
			   "SET_SCANOUT_BLOB");
	KUNIT_EXPECT_STREQ(test, vgh_cmd_name(VIRTIO_GPU_CMD_RESOURCE_MAP_BLOB),
			   "RESOURCE_MAP_BLOB");
	KUNIT_EXPECT_STREQ(test, vgh_cmd_name(VIRTIO_GPU_CMD_RESOURCE_QUERY_LAYOUT),
			   "RESOURCE_QUERY_LAYOUT");
	KUNIT_EXPECT_STREQ(test, vgh_cmd_name(VIRTIO_GPU_CMD_MOVE_CURSOR),
			   "MOVE_CURSOR");
	KUNIT_EXPECT_STREQ(test, vgh_cmd_name(0x0400), "UNKNOWN");

	KUNIT_EXPECT_STREQ(test, vgh_resp_name(VIRTIO_GPU_RESP_OK_NODATA), "OK_NODATA");
	KUNIT_EXPECT_STREQ(test, vgh_resp_name(VIRTIO_GPU_RESP_OK_MAP_INFO), "OK_MAP_INFO");
	KUNIT_EXPECT_STREQ(test, vgh_resp_name(VIRTIO_GPU_RESP_OK_RESOURCE_LAYOUT),
			   "OK_RESOURCE_LAYOUT");
	KUNIT_EXPECT_STREQ(test, vgh_resp_name(VIRTIO_GPU_RESP_ERR_UNSPEC), "ERR_UNSPEC");
	KUNIT_EXPECT_STREQ(test, vgh_resp_name(VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER),
			   "ERR_INVALID_PARAMETER");
	KUNIT_EXPECT_STREQ(test, vgh_resp_name(VIRTIO_GPU_RESP_OK_RESOURCE_LAYOUT + 1),
			   "UNKNOWN");
	KUNIT_EXPECT_STREQ(test, vgh_resp_name(VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER + 1),
			   "UNKNOWN");
}

static void vgh_test_resp_errno(struct kunit *test)
{
	u32 t;

	for (t = VIRTIO_GPU_RESP_OK_NODATA; t <= VIRTIO_GPU_RESP_OK_RESOURCE_LAYOUT; t++)
		KUNIT_EXPECT_EQ(test, vgh_resp_errno(t), 0);
	KUNIT_EXPECT_EQ(test, vgh_resp_errno(VIRTIO_GPU_RESP_OK_RESOURCE_LAYOUT + 1), -EPROTO);
	KUNIT_EXPECT_EQ(test, vgh_resp_errno(VIRTIO_GPU_RESP_ERR_UNSPEC), -EIO);
	KUNIT_EXPECT_EQ(test, vgh_resp_errno(VIRTIO_GPU_RESP_ERR_OUT_OF_MEMORY), -ENOMEM);
	KUNIT_EXPECT_EQ(test, vgh_resp_errno(VIRTIO_GPU_RESP_ERR_INVALID_SCANOUT_ID), -ENOENT);
	KUNIT_EXPECT_EQ(test, vgh_resp_errno(VIRTIO_GPU_RESP_ERR_INVALID_RESOURCE_ID), -ENOENT);
	KUNIT_EXPECT_EQ(test, vgh_resp_errno(VIRTIO_GPU_RESP_ERR_INVALID_CONTEXT_ID), -ENOENT);
	KUNIT_EXPECT_EQ(test, vgh_resp_errno(VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER), -EINVAL);
	KUNIT_EXPECT_EQ(test, vgh_resp_errno(VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER + 1),
			-EPROTO);
	KUNIT_EXPECT_EQ(test, vgh_resp_errno(0), -EPROTO);
	KUNIT_EXPECT_EQ(test, vgh_resp_errno(VIRTIO_GPU_CMD_GET_DISPLAY_INFO), -EPROTO);
}

static void vgh_test_expected_resp(struct kunit *test)
{
	static const u32 pairs[][2] = {
		{ VIRTIO_GPU_CMD_GET_DISPLAY_INFO, VIRTIO_GPU_RESP_OK_DISPLAY_INFO },
		{ VIRTIO_GPU_CMD_GET_EDID, VIRTIO_GPU_RESP_OK_EDID },
		{ VIRTIO_GPU_CMD_GET_CAPSET_INFO, VIRTIO_GPU_RESP_OK_CAPSET_INFO },
		{ VIRTIO_GPU_CMD_GET_CAPSET, VIRTIO_GPU_RESP_OK_CAPSET },
		{ VIRTIO_GPU_CMD_RESOURCE_ASSIGN_UUID, VIRTIO_GPU_RESP_OK_RESOURCE_UUID },
		{ VIRTIO_GPU_CMD_RESOURCE_MAP_BLOB, VIRTIO_GPU_RESP_OK_MAP_INFO },
		{ VIRTIO_GPU_CMD_RESOURCE_QUERY_LAYOUT, VIRTIO_GPU_RESP_OK_RESOURCE_LAYOUT },
		{ VIRTIO_GPU_CMD_UPDATE_CURSOR, VIRTIO_GPU_RESP_OK_NODATA },
		{ VIRTIO_GPU_CMD_RESOURCE_CREATE_2D, VIRTIO_GPU_RESP_OK_NODATA },
		{ VIRTIO_GPU_CMD_SUBMIT_3D, VIRTIO_GPU_RESP_OK_NODATA },
		{ 0x0400, VIRTIO_GPU_RESP_OK_NODATA },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(pairs); i++)
		KUNIT_EXPECT_EQ_MSG(test, vgh_resp_type_for(pairs[i][0]), pairs[i][1],
				    "command 0x%04x", pairs[i][0]);
}

static void vgh_test_encode_display_info(struct kunit *test)
{
	static const u8 want[24] = { 0x00, 0x01 };
	struct vgh_cmd *cmd = vgh_test_cmd(test, vgh_encode_get_display_info());

	KUNIT_EXPECT_EQ(test, cmd->req_len, 24);
	KUNIT_EXPECT_EQ(test, cmd->resp_len, 408);
	KUNIT_EXPECT_MEMEQ(test, vgh_cmd_req(cmd), want, sizeof(want));
}

static void vgh_test_encode_get_edid(struct kunit *test)
{
	static const u8 want[32] = {
		[0] = 0x0a, [1] = 0x01,			/* hdr.type 0x010a */
		[24] = 0x03,				/* scanout 3 */
	};
	struct vgh_cmd *cmd = vgh_test_cmd(test, vgh_encode_get_edid(3));

	KUNIT_EXPECT_EQ(test, cmd->req_len, 32);
	KUNIT_EXPECT_EQ(test, cmd->resp_len, 1056);
	KUNIT_EXPECT_MEMEQ(test, vgh_cmd_req(cmd), want, sizeof(want));
}

static void vgh_test_encode_capset_info(struct kunit *test)
{
	static const u8 want[32] = {
		[0] = 0x08, [1] = 0x01,			/* hdr.type 0x0108 */
		[24] = 0x02, [25] = 0x01,		/* capset_index 0x102 */
	};
	struct vgh_cmd *cmd = vgh_test_cmd(test, vgh_encode_get_capset_info(0x102));

	KUNIT_EXPECT_EQ(test, cmd->resp_len, 40);
	KUNIT_EXPECT_MEMEQ(test, vgh_cmd_req(cmd), want, sizeof(want));
}

static void vgh_test_response_not_in_request(struct kunit *test)
{
	struct vgh_cmd *cmd = vgh_test_cmd(test, vgh_encode_get_edid(0));
	u8 *req = vgh_cmd_req(cmd);
	u8 *resp = vgh_cmd_resp(cmd);

	KUNIT_EXPECT_GE(test, resp - req, (long)cmd->req_len);
	KUNIT_EXPECT_TRUE(test, IS_ALIGNED((unsigned long)resp, 8));
}

static void vgh_test_decode_display_one(struct kunit *test)
{
	u8 wire[24] = {};
	struct vgh_output out = {};

	put_le32(wire + 0, 10);
	put_le32(wire + 4, 20);
	put_le32(wire + 8, 1920);
	put_le32(wire + 12, 1080);
	put_le32(wire + 16, 1);
	vgh_decode_display_one((void *)wire, &out);
	KUNIT_EXPECT_EQ(test, out.x, 10);
	KUNIT_EXPECT_EQ(test, out.y, 20);
	KUNIT_EXPECT_EQ(test, out.width, 1920);
	KUNIT_EXPECT_EQ(test, out.height, 1080);
	KUNIT_EXPECT_TRUE(test, out.enabled);

	put_le32(wire + 16, 0);
	vgh_decode_display_one((void *)wire, &out);
	KUNIT_EXPECT_FALSE(test, out.enabled);
}

static void vgh_test_decode_edid(struct kunit *test)
{
	struct vgh_cmd *cmd = vgh_test_cmd(test, vgh_encode_get_edid(0));
	u8 *resp = vgh_cmd_resp(cmd);
	u32 size;

	vgh_test_reply(cmd, VIRTIO_GPU_RESP_OK_EDID, 1056);
	put_le32(resp + 24, 128);
	KUNIT_EXPECT_EQ(test, vgh_cmd_check_reply(cmd, 0), 0);
	KUNIT_EXPECT_EQ(test, vgh_decode_edid((void *)resp, &size), 0);
	KUNIT_EXPECT_EQ(test, size, 128);

	/* the whole field reported: cut to the blocks the EDID counts */
	put_le32(resp + 24, 1024);
	KUNIT_EXPECT_EQ(test, vgh_decode_edid((void *)resp, &size), 0);
	KUNIT_EXPECT_EQ(test, size, 128);
	resp[32 + 126] = 2;
	KUNIT_EXPECT_EQ(test, vgh_decode_edid((void *)resp, &size), 0);
	KUNIT_EXPECT_EQ(test, size, 384);
	/* more blocks counted than the device sent: its size holds */
	put_le32(resp + 24, 256);
	KUNIT_EXPECT_EQ(test, vgh_decode_edid((void *)resp, &size), 0);
	KUNIT_EXPECT_EQ(test, size, 256);
	/* shorter than a block: left for the EDID parser to refuse */
	put_le32(resp + 24, 100);
	KUNIT_EXPECT_EQ(test, vgh_decode_edid((void *)resp, &size), 0);
	KUNIT_EXPECT_EQ(test, size, 100);
	put_le32(resp + 24, 1025);
	KUNIT_EXPECT_EQ(test, vgh_decode_edid((void *)resp, &size), -EPROTO);
	put_le32(resp + 24, 0xffffffff);
	KUNIT_EXPECT_EQ(test, vgh_decode_edid((void *)resp, &size), -EPROTO);
}

static void vgh_test_decode_capset_info(struct kunit *test)
{
	struct vgh_cmd *cmd = vgh_test_cmd(test, vgh_encode_get_capset_info(0));
	u8 *resp = vgh_cmd_resp(cmd);
	struct vgh_capset cap;

	vgh_test_reply(cmd, VIRTIO_GPU_RESP_OK_CAPSET_INFO, 40);
	put_le32(resp + 24, 4);
	put_le32(resp + 28, 2);
	put_le32(resp + 32, 0x1234);
	KUNIT_ASSERT_EQ(test, vgh_cmd_check_reply(cmd, 0), 0);
	vgh_decode_capset_info((void *)resp, &cap);
	KUNIT_EXPECT_EQ(test, cap.id, 4);
	KUNIT_EXPECT_EQ(test, cap.max_version, 2);
	KUNIT_EXPECT_EQ(test, cap.max_size, 0x1234);
}

static void vgh_test_check_reply(struct kunit *test)
{
	struct vgh_cmd *cmd = vgh_test_cmd(test, vgh_encode_get_edid(0));
	u32 t;

	vgh_test_reply(cmd, VIRTIO_GPU_RESP_OK_EDID, 1056);
	KUNIT_EXPECT_EQ(test, vgh_cmd_check_reply(cmd, 0), 0);

	/* Shorter than a header, longer than the buffer. */
	vgh_test_reply(cmd, VIRTIO_GPU_RESP_OK_EDID, 23);
	KUNIT_EXPECT_EQ(test, vgh_cmd_check_reply(cmd, 0), -EPROTO);
	vgh_test_reply(cmd, VIRTIO_GPU_RESP_OK_EDID, 0);
	KUNIT_EXPECT_EQ(test, vgh_cmd_check_reply(cmd, 0), -EPROTO);
	vgh_test_reply(cmd, VIRTIO_GPU_RESP_OK_EDID, 1057);
	KUNIT_EXPECT_EQ(test, vgh_cmd_check_reply(cmd, 0), -EPROTO);

	/* An OK reply that claims a type but lacks its body. */
	vgh_test_reply(cmd, VIRTIO_GPU_RESP_OK_EDID, 24);
	KUNIT_EXPECT_EQ(test, vgh_cmd_check_reply(cmd, 0), -EPROTO);
	KUNIT_EXPECT_EQ(test, vgh_cmd_check_reply(cmd, 24), 0);

	/* The wrong OK type. */
	vgh_test_reply(cmd, VIRTIO_GPU_RESP_OK_NODATA, 1056);
	KUNIT_EXPECT_EQ(test, vgh_cmd_check_reply(cmd, 0), -EPROTO);

	/* Error responses need only a header and map to errnos. */
	for (t = VIRTIO_GPU_RESP_ERR_UNSPEC;
	     t <= VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER; t++) {
		vgh_test_reply(cmd, t, 24);
		KUNIT_EXPECT_EQ(test, vgh_cmd_check_reply(cmd, 0), vgh_resp_errno(t));
	}
	vgh_test_reply(cmd, 0xdeadbeef, 24);
	KUNIT_EXPECT_EQ(test, vgh_cmd_check_reply(cmd, 0), -EPROTO);

	/* Teardown status wins over whatever is in the buffer. */
	vgh_test_reply(cmd, VIRTIO_GPU_RESP_OK_EDID, 1056);
	cmd->status = -ENODEV;
	KUNIT_EXPECT_EQ(test, vgh_cmd_check_reply(cmd, 0), -ENODEV);
}

static void vgh_test_no_response(struct kunit *test)
{
	struct vgh_cmd *cmd;

	cmd = vgh_test_cmd(test, vgh_cmd_alloc(VIRTIO_GPU_CMD_MOVE_CURSOR,
					       sizeof(struct virtio_gpu_update_cursor),
					       0, GFP_KERNEL));
	cmd->got = 0;
	KUNIT_EXPECT_EQ(test, vgh_cmd_check_reply(cmd, 0), 0);
}

static void vgh_fence_action_put(void *fence)
{
	dma_fence_put(&((struct vgh_fence *)fence)->base);
}

static void vgh_timeline_action_put(void *tl)
{
	vgh_timeline_put(tl);
}

static struct vgh_timeline *vgh_test_timeline(struct kunit *test)
{
	struct vgh_timeline *tl = vgh_timeline_create("test");

	KUNIT_ASSERT_NOT_NULL(test, tl);
	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test, vgh_timeline_action_put, tl));
	return tl;
}

static struct vgh_fence *vgh_test_fence(struct kunit *test,
					struct vgh_timeline *tl, int ring,
					u64 id, struct virtio_gpu_ctrl_hdr *hdr)
{
	struct vgh_fence *fence = vgh_fence_alloc(tl, ring);

	KUNIT_ASSERT_NOT_NULL(test, fence);
	vgh_fence_emit(fence, id, hdr);
	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test, vgh_fence_action_put, fence));
	return fence;
}

static void vgh_test_fence_encode(struct kunit *test)
{
	static const u8 want[24] = {
		[0] = 0x00, [1] = 0x02,			/* CTX_CREATE */
		[4] = 0x01,				/* flags: FENCE */
		[8] = 0x07,				/* fence_id 7 */
	};
	static const u8 want_ring[24] = {
		[0] = 0x07, [1] = 0x02,			/* SUBMIT_3D */
		[4] = 0x03,				/* FENCE | INFO_RING_IDX */
		[8] = 0x08,				/* fence_id 8 */
		[20] = 0x05,				/* ring_idx 5 */
	};
	struct vgh_timeline *tl = vgh_test_timeline(test);
	struct vgh_fence *fence;
	struct vgh_cmd *cmd;

	cmd = vgh_test_cmd(test, vgh_cmd_alloc(VIRTIO_GPU_CMD_CTX_CREATE, 24,
					       24, GFP_KERNEL));
	fence = vgh_test_fence(test, tl, -1, 7, vgh_cmd_req(cmd));
	KUNIT_EXPECT_MEMEQ(test, vgh_cmd_req(cmd), want, sizeof(want));
	KUNIT_EXPECT_EQ(test, fence->base.seqno, 1);

	/* The timeline holds a reference until the fence signals. */
	KUNIT_EXPECT_EQ(test, kref_read(&fence->base.refcount), 2);
	vgh_fence_complete(fence, 0);
	KUNIT_EXPECT_EQ(test, kref_read(&fence->base.refcount), 1);

	cmd = vgh_test_cmd(test, vgh_cmd_alloc(VIRTIO_GPU_CMD_SUBMIT_3D, 24,
					       24, GFP_KERNEL));
	fence = vgh_test_fence(test, tl, 5, 8, vgh_cmd_req(cmd));
	KUNIT_EXPECT_MEMEQ(test, vgh_cmd_req(cmd), want_ring, sizeof(want_ring));
	vgh_fence_complete(fence, 0);
}

static void vgh_test_fence_order(struct kunit *test)
{
	struct vgh_timeline *tl = vgh_test_timeline(test);
	struct virtio_gpu_ctrl_hdr hdr[3] = {};
	struct vgh_fence *f[3];
	int i;

	for (i = 0; i < 3; i++) {
		f[i] = vgh_test_fence(test, tl, -1, 10 + i, &hdr[i]);
		KUNIT_EXPECT_EQ(test, le64_to_cpu(hdr[i].fence_id), 10 + i);
		KUNIT_EXPECT_EQ(test, f[i]->base.seqno, i + 1);
	}

	/* Completing the second signals the first too, not the third. */
	vgh_fence_complete(f[1], 0);
	KUNIT_EXPECT_TRUE(test, dma_fence_is_signaled(&f[0]->base));
	KUNIT_EXPECT_TRUE(test, dma_fence_is_signaled(&f[1]->base));
	KUNIT_EXPECT_FALSE(test, dma_fence_is_signaled(&f[2]->base));
	KUNIT_EXPECT_EQ(test, f[1]->base.error, 0);

	/* A late duplicate completion changes nothing. */
	vgh_fence_complete(f[0], -EIO);
	KUNIT_EXPECT_EQ(test, f[0]->base.error, 0);

	vgh_fence_complete(f[2], -ENODEV);
	KUNIT_EXPECT_TRUE(test, dma_fence_is_signaled(&f[2]->base));
	KUNIT_EXPECT_EQ(test, f[2]->base.error, -ENODEV);
	KUNIT_EXPECT_TRUE(test, list_empty(&tl->pending));
}

static void vgh_test_fence_timelines(struct kunit *test)
{
	struct vgh_timeline *ring0 = vgh_test_timeline(test);
	struct vgh_timeline *ring1 = vgh_test_timeline(test);
	struct virtio_gpu_ctrl_hdr hdr[3] = {};
	struct vgh_fence *a, *b, *c;

	KUNIT_EXPECT_NE(test, ring0->context, ring1->context);
	a = vgh_test_fence(test, ring0, 0, 1, &hdr[0]);
	b = vgh_test_fence(test, ring1, 1, 2, &hdr[1]);
	c = vgh_test_fence(test, ring0, 0, 3, &hdr[2]);
	/* seqnos count per timeline, fence ids per device */
	KUNIT_EXPECT_EQ(test, b->base.seqno, 1);
	KUNIT_EXPECT_EQ(test, c->base.seqno, 2);

	/* Another ring may finish first; it signals nothing of ring 0. */
	vgh_fence_complete(b, 0);
	KUNIT_EXPECT_FALSE(test, dma_fence_is_signaled(&a->base));
	KUNIT_EXPECT_TRUE(test, dma_fence_is_signaled(&b->base));
	vgh_fence_complete(c, 0);
	KUNIT_EXPECT_TRUE(test, dma_fence_is_signaled(&a->base));

	KUNIT_EXPECT_TRUE(test, vgh_fence_on_timeline(&a->base, ring0));
	KUNIT_EXPECT_FALSE(test, vgh_fence_on_timeline(&a->base, ring1));
	KUNIT_EXPECT_STREQ(test, a->base.ops->get_timeline_name(&a->base), "test");
}

static void vgh_test_fence_cancel(struct kunit *test)
{
	struct vgh_timeline *tl = vgh_test_timeline(test);
	struct virtio_gpu_ctrl_hdr hdr[3] = {};
	struct vgh_fence *older, *failed, *next;

	older = vgh_test_fence(test, tl, -1, 1, &hdr[0]);
	failed = vgh_test_fence(test, tl, -1, 2, &hdr[1]);

	/* A submission that failed signals only its own fence. */
	vgh_fence_cancel(failed, -EIO);
	KUNIT_EXPECT_TRUE(test, dma_fence_is_signaled(&failed->base));
	KUNIT_EXPECT_EQ(test, failed->base.error, -EIO);
	KUNIT_EXPECT_FALSE(test, dma_fence_is_signaled(&older->base));
	KUNIT_EXPECT_EQ(test, kref_read(&failed->base.refcount), 1);

	/* Its seqno is handed out again: the device never saw it. */
	next = vgh_test_fence(test, tl, -1, 3, &hdr[2]);
	KUNIT_EXPECT_EQ(test, next->base.seqno, 2);

	vgh_fence_complete(next, 0);
	KUNIT_EXPECT_TRUE(test, dma_fence_is_signaled(&older->base));
	KUNIT_EXPECT_EQ(test, older->base.error, 0);
	KUNIT_EXPECT_TRUE(test, list_empty(&tl->pending));
}

/*
 * Teardown with commands the device still owns: a virtio device whose
 * rings nobody consumes, so that whatever is queued stays the device's
 * until vgh_queues_fini() takes it back, as after a reset.
 */
static bool vgh_test_vq_notify(struct virtqueue *vq)
{
	return true;
}

static void vgh_test_del_vqs(struct virtio_device *vdev)
{
	struct virtqueue *vq, *tmp;

	list_for_each_entry_safe(vq, tmp, &vdev->vqs, list)
		vring_del_virtqueue(vq);
}

static const struct virtio_config_ops vgh_test_config_ops = {
	.del_vqs = vgh_test_del_vqs,
};

static struct vgh_device *
vgh_test_queues_with(struct kunit *test, bool (*notify)(struct virtqueue *vq))
{
	struct virtio_device *vdev = kunit_kzalloc(test, sizeof(*vdev), GFP_KERNEL);
	struct vgh_device *vgdev = kunit_kzalloc(test, sizeof(*vgdev), GFP_KERNEL);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, vdev);
	KUNIT_ASSERT_NOT_NULL(test, vgdev);
	INIT_LIST_HEAD(&vdev->vqs);
	spin_lock_init(&vdev->vqs_list_lock);
	vdev->config = &vgh_test_config_ops;
	vdev->priv = vgdev;
	vgdev->vdev = vdev;
	for (i = 0; i < VGH_NUM_QUEUES; i++) {
		struct vgh_queue *q = &vgdev->queues[i];

		vgh_queue_init(q);
		q->vq = vring_create_virtqueue(i, 16, SMP_CACHE_BYTES, vdev, true,
					       false, false, notify, NULL, "test");
		KUNIT_ASSERT_NOT_NULL(test, q->vq);
	}
	return vgdev;
}

static struct vgh_device *vgh_test_queues(struct kunit *test)
{
	return vgh_test_queues_with(test, vgh_test_vq_notify);
}

/* Hand @cmd with a page of payload to the device, which keeps it. */
static void vgh_test_queue_cmd(struct kunit *test, struct vgh_device *vgdev,
			       struct vgh_cmd *cmd)
{
	struct scatterlist req, payload, resp, *sgs[] = { &req, &payload, &resp };
	struct vgh_queue *q = &vgdev->queues[VGH_QUEUE_CONTROL];

	sg_init_one(&req, cmd->buf, cmd->req_len);
	sg_init_table(&payload, 1);
	sg_set_page(&payload, vmalloc_to_page(cmd->payload), cmd->payload_len, 0);
	sg_init_one(&resp, vgh_cmd_resp(cmd), cmd->resp_len);
	kref_get(&cmd->ref);
	spin_lock(&q->lock);
	KUNIT_EXPECT_EQ(test, virtqueue_add_sgs(q->vq, sgs, 2, 1, cmd, GFP_ATOMIC), 0);
	spin_unlock(&q->lock);
}

/*
 * The device's reference may be the last: a submitter that did not wait
 * (a command stream) or gave up. Dropping it frees a vmalloc'ed payload,
 * which may sleep: not under the queue lock. With DEBUG_ATOMIC_SLEEP a
 * free there says "sleeping function called from invalid context" and
 * taints the kernel with TAINT_WARN.
 */
static void vgh_test_teardown_frees_unlocked(struct kunit *test)
{
	struct vgh_device *vgdev = vgh_test_queues(test);
	bool tainted = test_taint(TAINT_WARN);
	struct vgh_cmd *kept, *orphan;
	int i;

	kept = vgh_test_cmd(test, vgh_cmd_new(VIRTIO_GPU_CMD_SUBMIT_3D, 40));
	orphan = vgh_cmd_new(VIRTIO_GPU_CMD_SUBMIT_3D, 40);
	KUNIT_ASSERT_NOT_NULL(test, orphan);
	for (i = 0; i < 2; i++) {
		struct vgh_cmd *cmd = i ? orphan : kept;

		cmd->payload = vzalloc(PAGE_SIZE);
		KUNIT_ASSERT_NOT_NULL(test, cmd->payload);
		cmd->payload_len = PAGE_SIZE;
		vgh_test_queue_cmd(test, vgdev, cmd);
	}
	vgh_cmd_put(orphan);

	vgh_queues_fini(vgdev);
	/* the command the submitter kept is finished and still there */
	KUNIT_EXPECT_TRUE(test, completion_done(&kept->done));
	KUNIT_EXPECT_EQ(test, kept->status, -ENODEV);
	KUNIT_EXPECT_EQ(test, kref_read(&kept->ref), 1);
	KUNIT_EXPECT_TRUE(test, list_empty(&vgdev->vdev->vqs));
	if (!tainted)
		KUNIT_EXPECT_FALSE_MSG(test, test_taint(TAINT_WARN),
				       "the kernel warned during teardown");
}

/*
 * A device that goes away once it is told about a full ring, which ends
 * any wait for room at once; it counts being told.
 */
static atomic_t vgh_test_full_notifies;

static bool vgh_test_vq_notify_full(struct virtqueue *vq)
{
	struct vgh_device *vgdev = vq->vdev->priv;

	if (vq->num_free)
		return true;
	atomic_inc(&vgh_test_full_notifies);
	virtio_break_device(vq->vdev);
	wake_up_all(&vgdev->queues[vq->index].space);
	return true;
}

/*
 * A ring full of batched commands, which the device has not been told
 * about: the device returns no room until it is, so a submitter that
 * must wait for room tells it first, instead of waiting out the command
 * timeout (-ETIMEDOUT).
 */
static void vgh_test_full_ring_is_announced(struct kunit *test)
{
	struct vgh_device *vgdev = vgh_test_queues_with(test, vgh_test_vq_notify_full);
	struct virtqueue *vq = vgdev->queues[VGH_QUEUE_CONTROL].vq;
	const size_t len = sizeof(struct virtio_gpu_resource_flush);
	struct vgh_cmd *cmd;
	int queued = 0;

	atomic_set(&vgh_test_full_notifies, 0);
	while (vq->num_free) {
		cmd = vgh_test_cmd(test, vgh_cmd_new(VIRTIO_GPU_CMD_RESOURCE_FLUSH, len));
		KUNIT_ASSERT_EQ(test, vgh_cmd_send(vgdev, cmd, VGH_SEND_BATCH), 0);
		queued++;
	}
	KUNIT_EXPECT_GT(test, queued, 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&vgh_test_full_notifies), 0);

	cmd = vgh_test_cmd(test, vgh_cmd_new(VIRTIO_GPU_CMD_RESOURCE_FLUSH, len));
	KUNIT_EXPECT_EQ(test, vgh_cmd_send(vgdev, cmd, VGH_SEND_QUEUE), -EIO);
	KUNIT_EXPECT_EQ(test, atomic_read(&vgh_test_full_notifies), 1);
	vgh_queues_fini(vgdev);
}

static struct kunit_case vgh_vq_tests[] = {
	KUNIT_CASE(vgh_test_wire_sizes),
	KUNIT_CASE(vgh_test_cmd_index),
	KUNIT_CASE(vgh_test_cmd_table),
	KUNIT_CASE(vgh_test_cmd_queue),
	KUNIT_CASE(vgh_test_names),
	KUNIT_CASE(vgh_test_resp_errno),
	KUNIT_CASE(vgh_test_expected_resp),
	KUNIT_CASE(vgh_test_encode_display_info),
	KUNIT_CASE(vgh_test_encode_get_edid),
	KUNIT_CASE(vgh_test_encode_capset_info),
	KUNIT_CASE(vgh_test_response_not_in_request),
	KUNIT_CASE(vgh_test_decode_display_one),
	KUNIT_CASE(vgh_test_decode_edid),
	KUNIT_CASE(vgh_test_decode_capset_info),
	KUNIT_CASE(vgh_test_check_reply),
	KUNIT_CASE(vgh_test_no_response),
	KUNIT_CASE(vgh_test_fence_encode),
	KUNIT_CASE(vgh_test_fence_order),
	KUNIT_CASE(vgh_test_fence_timelines),
	KUNIT_CASE(vgh_test_fence_cancel),
	KUNIT_CASE(vgh_test_teardown_frees_unlocked),
	KUNIT_CASE(vgh_test_full_ring_is_announced),
	{}
};

static struct kunit_suite vgh_vq_suite = {
	.name = "vgh_vq",
	.test_cases = vgh_vq_tests,
};

kunit_test_suite(vgh_vq_suite);

MODULE_DESCRIPTION("KUnit tests for the virtio-gpu-heap command layer");
MODULE_LICENSE("Dual MIT/GPL");
