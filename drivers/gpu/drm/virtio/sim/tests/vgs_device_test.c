// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * KUnit tests of the simulator's answers: the reference behaviour a host
 * implementing the protocol should match. Commands go straight to the
 * device with vgs_exec(); the device is created without
 * VIRTIO_F_VERSION_1 so that no driver binds and the test decides what
 * was negotiated. What the host holds is read back through the
 * simulator's exported functions and the shared memory regions, as a
 * guest would see them.
 */

#include <kunit/test.h>

#include <linux/io.h>
#include <linux/module.h>
#include <linux/virtio_config.h>

#include <drm/drm_fourcc.h>

#include "../../tests/vgh_kunit_compat.h"
#include "../vgs.h"

#define VGS_TEST_REGION		SZ_2M
#define VGS_TEST_ALIGN		SZ_64K

struct vgs_dev_test {
	struct vgs_device *sim;
	void *reply;
};

static void vgs_dev_destroy(void *sim)
{
	vgs_destroy(sim);
}

static void vgs_unmap(void *addr)
{
	memunmap(addr);
}

static int vgs_dev_init(struct kunit *test)
{
	struct vgs_dev_test *t;
	struct vgs_config cfg = {
		.features = BIT_ULL(VIRTIO_GPU_F_VIRGL) | BIT_ULL(VIRTIO_GPU_F_EDID) |
			    BIT_ULL(VIRTIO_GPU_F_RESOURCE_UUID) |
			    BIT_ULL(VIRTIO_GPU_F_RESOURCE_BLOB) |
			    BIT_ULL(VIRTIO_GPU_F_CONTEXT_INIT) |
			    BIT_ULL(VIRTIO_GPU_F_BLOB_ALIGNMENT) |
			    BIT_ULL(VIRTIO_GPU_F_RESOURCE_LAYOUT),
		.legacy = true,
		.num_scanouts = 1,
		.modes = { { 1280, 720 } },
		.capsets = VGS_CAPSET_BIT(VIRTIO_GPU_CAPSET_VIRGL),
		.blob_alignment = VGS_TEST_ALIGN,
		.host_mem_limit = SZ_16M,
		.map_cache = VIRTIO_GPU_MAP_CACHE_WC,
		.stride_align = 256,
		.layout_align = SZ_4K,
	};

	if (vgs_kunit_region_base()) {
		cfg.hostvis_base = vgs_kunit_region_base();
		cfg.hostvis_size = VGS_TEST_REGION;
		cfg.heap_base = vgs_kunit_region_base() + VGS_TEST_REGION;
		cfg.heap_size = VGS_TEST_REGION;
	}
	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	t->reply = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t->reply);
	t->sim = vgs_create(&cfg);
	KUNIT_ASSERT_FALSE(test, IS_ERR(t->sim));
	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test, vgs_dev_destroy, t->sim));
	KUNIT_ASSERT_FALSE(test, vgs_driver_bound(t->sim, NULL));
	vgs_set_negotiated(t->sim, cfg.features);
	test->priv = t;
	return 0;
}

/* Run one request on the control queue; the response is left in t->reply. */
static u32 vgs_run(struct kunit *test, const void *req, size_t len)
{
	struct vgs_dev_test *t = test->priv;
	struct vgs_reply reply = { .buf = t->reply, .cap = PAGE_SIZE };
	u32 type;

	memset(t->reply, 0, PAGE_SIZE);
	type = vgs_exec(t->sim, VGH_QUEUE_CONTROL, req, len, &reply);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(((struct virtio_gpu_ctrl_hdr *)t->reply)->type),
			type);
	return type;
}

#define VGS_RUN(test, req) vgs_run(test, &(req), sizeof(req))

static struct virtio_gpu_ctrl_hdr vgs_hdr(u32 type, u32 ctx)
{
	return (struct virtio_gpu_ctrl_hdr){
		.type = cpu_to_le32(type), .ctx_id = cpu_to_le32(ctx),
	};
}

static u32 vgs_create_2d(struct kunit *test, u32 id, u32 format, u32 w, u32 h)
{
	struct virtio_gpu_resource_create_2d c = {
		.hdr = vgs_hdr(VIRTIO_GPU_CMD_RESOURCE_CREATE_2D, 0),
		.resource_id = cpu_to_le32(id), .format = cpu_to_le32(format),
		.width = cpu_to_le32(w), .height = cpu_to_le32(h),
	};

	return VGS_RUN(test, c);
}

static void vgs_test_create_2d(struct kunit *test)
{
	struct virtio_gpu_resource_create_2d c = {
		.hdr = vgs_hdr(VIRTIO_GPU_CMD_RESOURCE_CREATE_2D, 0),
		.resource_id = cpu_to_le32(9), .format = cpu_to_le32(2),
		.width = cpu_to_le32(8), .height = cpu_to_le32(8),
	};
	struct virtio_gpu_ctrl_hdr unknown = vgs_hdr(0x01ff, 0);

	static const struct {
		u32 id, format, w, h, resp;
	} cases[] = {
		{ 1, 2, 64, 32, VIRTIO_GPU_RESP_OK_NODATA },
		{ 1, 2, 64, 32, VIRTIO_GPU_RESP_ERR_INVALID_RESOURCE_ID },
		{ 0, 2, 64, 32, VIRTIO_GPU_RESP_ERR_INVALID_RESOURCE_ID },
		{ 2, 999, 64, 32, VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER },
		{ 2, 2, 0, 32, VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER },
		{ 2, 2, 16385, 32, VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER },
		/* Over the 16 MiB host memory budget. */
		{ 2, 2, 4096, 4096, VIRTIO_GPU_RESP_ERR_OUT_OF_MEMORY },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		KUNIT_EXPECT_EQ_MSG(test, vgs_create_2d(test, cases[i].id, cases[i].format,
							cases[i].w, cases[i].h),
				    cases[i].resp, "case %u", i);
	KUNIT_EXPECT_EQ(test, vgs_run(test, &c, sizeof(c) - 1), VIRTIO_GPU_RESP_ERR_UNSPEC);
	KUNIT_EXPECT_EQ(test, VGS_RUN(test, unknown), VIRTIO_GPU_RESP_ERR_UNSPEC);
}

static void vgs_test_transfer_2d(struct kunit *test)
{
	struct vgs_dev_test *t = test->priv;
	struct {
		struct virtio_gpu_resource_attach_backing a;
		struct virtio_gpu_mem_entry e;
	} __packed attach = {
		.a.hdr = vgs_hdr(VIRTIO_GPU_CMD_RESOURCE_ATTACH_BACKING, 0),
		.a.resource_id = cpu_to_le32(1), .a.nr_entries = cpu_to_le32(1),
		.e.length = cpu_to_le32(32),
	};
	struct virtio_gpu_transfer_to_host_2d x = {
		.hdr = vgs_hdr(VIRTIO_GPU_CMD_TRANSFER_TO_HOST_2D, 0),
		.r = { 0, 0, cpu_to_le32(4), cpu_to_le32(2) },
		.resource_id = cpu_to_le32(1),
	};
	u8 *guest, host[32];
	int i;

	guest = kunit_kzalloc(test, 32, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, guest);
	for (i = 0; i < 32; i++)
		guest[i] = i;
	attach.e.addr = cpu_to_le64(virt_to_phys(guest));

	KUNIT_ASSERT_EQ(test, vgs_create_2d(test, 1, 2, 4, 2), VIRTIO_GPU_RESP_OK_NODATA);
	KUNIT_EXPECT_EQ(test, VGS_RUN(test, x), VIRTIO_GPU_RESP_ERR_UNSPEC);
	KUNIT_ASSERT_EQ(test, VGS_RUN(test, attach), VIRTIO_GPU_RESP_OK_NODATA);
	KUNIT_EXPECT_EQ(test, VGS_RUN(test, attach), VIRTIO_GPU_RESP_ERR_UNSPEC);
	KUNIT_EXPECT_EQ(test, VGS_RUN(test, x), VIRTIO_GPU_RESP_OK_NODATA);
	KUNIT_ASSERT_EQ(test, vgs_resource_read(t->sim, 1, 0, host, sizeof(host)), 0);
	KUNIT_EXPECT_MEMEQ(test, host, guest, 32);
	KUNIT_EXPECT_EQ(test, vgs_resource_copied(t->sim, 1), 32);
	KUNIT_EXPECT_EQ(test, vgs_resource_read(t->sim, 1, 1, host, sizeof(host)), -EINVAL);
	KUNIT_EXPECT_EQ(test, vgs_resource_read(t->sim, 7, 0, host, sizeof(host)), -ENOENT);

	/* Outside the resource, or beyond the backing. */
	x.r.x = cpu_to_le32(3);
	KUNIT_EXPECT_EQ(test, VGS_RUN(test, x), VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER);
	x.r.x = 0;
	x.offset = cpu_to_le64(8);
	KUNIT_EXPECT_EQ(test, VGS_RUN(test, x), VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, vgs_resource_copied(t->sim, 1), 32);

	/* Backing that is not guest memory: address 0 is flash on QEMU virt. */
	KUNIT_ASSERT_EQ(test, vgs_create_2d(test, 2, 2, 4, 2), VIRTIO_GPU_RESP_OK_NODATA);
	attach.a.resource_id = cpu_to_le32(2);
	attach.e.addr = 0;
	KUNIT_EXPECT_EQ(test, VGS_RUN(test, attach), VIRTIO_GPU_RESP_ERR_UNSPEC);
}

static void vgs_test_blob_alignment(struct kunit *test)
{
	struct {
		struct virtio_gpu_resource_create_blob b;
		struct virtio_gpu_mem_entry e;
	} __packed blob = {
		.b.hdr = vgs_hdr(VIRTIO_GPU_CMD_RESOURCE_CREATE_BLOB, 0),
		.b.resource_id = cpu_to_le32(3),
		.b.blob_mem = cpu_to_le32(VIRTIO_GPU_BLOB_MEM_GUEST),
		.b.nr_entries = cpu_to_le32(1),
		.b.size = cpu_to_le64(PAGE_SIZE),
		.e.length = cpu_to_le32(VGS_TEST_ALIGN),
	};
	void *guest = kunit_kzalloc(test, VGS_TEST_ALIGN, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, guest);
	blob.e.addr = cpu_to_le64(virt_to_phys(guest));
	KUNIT_EXPECT_EQ(test, VGS_RUN(test, blob), VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER);
	blob.b.size = cpu_to_le64(2 * VGS_TEST_ALIGN);
	/* Entries shorter than the blob. */
	KUNIT_EXPECT_EQ(test, VGS_RUN(test, blob), VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER);
	blob.b.size = cpu_to_le64(VGS_TEST_ALIGN);
	KUNIT_EXPECT_EQ(test, VGS_RUN(test, blob), VIRTIO_GPU_RESP_OK_NODATA);
	blob.b.resource_id = cpu_to_le32(4);
	blob.b.blob_mem = cpu_to_le32(7);
	KUNIT_EXPECT_EQ(test, VGS_RUN(test, blob), VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER);
	/* HOST3D needs a context. */
	blob.b.blob_mem = cpu_to_le32(VIRTIO_GPU_BLOB_MEM_HOST3D);
	blob.b.nr_entries = 0;
	KUNIT_EXPECT_EQ(test, vgs_run(test, &blob.b, sizeof(blob.b)),
			VIRTIO_GPU_RESP_ERR_INVALID_CONTEXT_ID);
}

static u32 vgs_ctx_create(struct kunit *test, u32 ctx, u32 capset)
{
	struct virtio_gpu_ctx_create c = {
		.hdr = vgs_hdr(VIRTIO_GPU_CMD_CTX_CREATE, ctx),
		.context_init = cpu_to_le32(capset),
	};

	return VGS_RUN(test, c);
}

static void vgs_test_contexts_and_fences(struct kunit *test)
{
	struct vgs_dev_test *t = test->priv;
	struct virtio_gpu_ctrl_hdr *resp = t->reply;
	struct {
		struct virtio_gpu_cmd_submit s;
		u32 words[4];
	} __packed submit = {
		.s.hdr = vgs_hdr(VIRTIO_GPU_CMD_SUBMIT_3D, 1),
		.s.size = cpu_to_le32(16),
	};

	KUNIT_EXPECT_EQ(test, vgs_ctx_create(test, 1, VIRTIO_GPU_CAPSET_VIRGL),
			VIRTIO_GPU_RESP_OK_NODATA);
	KUNIT_EXPECT_EQ(test, vgs_ctx_create(test, 1, 0), VIRTIO_GPU_RESP_ERR_INVALID_CONTEXT_ID);
	KUNIT_EXPECT_EQ(test, vgs_ctx_create(test, 2, VIRTIO_GPU_CAPSET_VENUS),
			VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER);

	submit.s.hdr.flags = cpu_to_le32(VIRTIO_GPU_FLAG_FENCE |
					 VIRTIO_GPU_FLAG_INFO_RING_IDX);
	submit.s.hdr.fence_id = cpu_to_le64(77);
	submit.s.hdr.ring_idx = 1;
	KUNIT_EXPECT_EQ(test, VGS_RUN(test, submit), VIRTIO_GPU_RESP_OK_NODATA);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(resp->fence_id), 77);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(resp->ctx_id), 1);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(resp->flags),
			VIRTIO_GPU_FLAG_FENCE | VIRTIO_GPU_FLAG_INFO_RING_IDX);
	KUNIT_EXPECT_EQ(test, resp->ring_idx, 1);

	/* Without CONTEXT_INIT there are no rings to report. */
	vgs_set_negotiated(t->sim, vgs_negotiated_features(t->sim) &
			   ~BIT_ULL(VIRTIO_GPU_F_CONTEXT_INIT));
	KUNIT_EXPECT_EQ(test, VGS_RUN(test, submit), VIRTIO_GPU_RESP_OK_NODATA);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(resp->flags), VIRTIO_GPU_FLAG_FENCE);
	KUNIT_EXPECT_EQ(test, resp->ring_idx, 0);

	submit.s.size = cpu_to_le32(17);
	KUNIT_EXPECT_EQ(test, VGS_RUN(test, submit), VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER);
	submit.s.hdr.ctx_id = cpu_to_le32(5);
	KUNIT_EXPECT_EQ(test, VGS_RUN(test, submit), VIRTIO_GPU_RESP_ERR_INVALID_CONTEXT_ID);
}

static void vgs_test_uuid(struct kunit *test)
{
	struct virtio_gpu_resp_resource_uuid *resp =
		((struct vgs_dev_test *)test->priv)->reply;
	struct virtio_gpu_resource_assign_uuid a = {
		.hdr = vgs_hdr(VIRTIO_GPU_CMD_RESOURCE_ASSIGN_UUID, 0),
		.resource_id = cpu_to_le32(1),
	};
	u8 first[16];

	KUNIT_EXPECT_EQ(test, VGS_RUN(test, a), VIRTIO_GPU_RESP_ERR_INVALID_RESOURCE_ID);
	KUNIT_ASSERT_EQ(test, vgs_create_2d(test, 1, 2, 4, 4), VIRTIO_GPU_RESP_OK_NODATA);
	KUNIT_ASSERT_EQ(test, VGS_RUN(test, a), VIRTIO_GPU_RESP_OK_RESOURCE_UUID);
	memcpy(first, resp->uuid, sizeof(first));
	KUNIT_EXPECT_FALSE(test, uuid_is_null((uuid_t *)first));
	KUNIT_ASSERT_EQ(test, VGS_RUN(test, a), VIRTIO_GPU_RESP_OK_RESOURCE_UUID);
	KUNIT_EXPECT_MEMEQ(test, resp->uuid, first, sizeof(first));
}

static void vgs_test_edid(struct kunit *test)
{
	struct virtio_gpu_resp_edid *resp = ((struct vgs_dev_test *)test->priv)->reply;
	struct virtio_gpu_cmd_get_edid g = {
		.hdr = vgs_hdr(VIRTIO_GPU_CMD_GET_EDID, 0),
	};
	u8 sum = 0;
	int i;

	KUNIT_ASSERT_EQ(test, VGS_RUN(test, g), VIRTIO_GPU_RESP_OK_EDID);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(resp->size), VGS_EDID_SIZE);
	for (i = 0; i < VGS_EDID_SIZE; i++)
		sum += resp->edid[i];
	KUNIT_EXPECT_EQ(test, sum, 0);
	/* The detailed timing's active area is the mode, 1280x720. */
	KUNIT_EXPECT_EQ(test, resp->edid[56] | (resp->edid[58] >> 4) << 8, 1280);
	KUNIT_EXPECT_EQ(test, resp->edid[59] | (resp->edid[61] >> 4) << 8, 720);
	g.scanout = cpu_to_le32(1);
	KUNIT_EXPECT_EQ(test, VGS_RUN(test, g), VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER);
}

static void vgs_test_layout(struct kunit *test)
{
	struct vgs_dev_test *t = test->priv;
	struct virtio_gpu_resp_resource_layout *resp = t->reply;
	struct virtio_gpu_resource_query_layout q = {
		.hdr = vgs_hdr(VIRTIO_GPU_CMD_RESOURCE_QUERY_LAYOUT, 0),
		.width = cpu_to_le32(100), .height = cpu_to_le32(10),
		.drm_fourcc = cpu_to_le32(DRM_FORMAT_XRGB8888),
		.usage = cpu_to_le32(VIRTIO_GPU_LAYOUT_USE_SCANOUT),
	};

	/* 400-byte rows padded to 256, 5120 bytes padded to 4 KiB */
	KUNIT_ASSERT_EQ(test, VGS_RUN(test, q), VIRTIO_GPU_RESP_OK_RESOURCE_LAYOUT);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(resp->num_planes), 1);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(resp->modifier), DRM_FORMAT_MOD_LINEAR);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(resp->planes[0].stride), 512);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(resp->planes[0].offset), 0);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(resp->size), 8192);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(resp->alignment), SZ_4K);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(resp->stride_align), 256);

	/* NV12: chroma rows of 50 pairs start after 10 luma rows */
	q.drm_fourcc = cpu_to_le32(DRM_FORMAT_NV12);
	KUNIT_ASSERT_EQ(test, VGS_RUN(test, q), VIRTIO_GPU_RESP_OK_RESOURCE_LAYOUT);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(resp->num_planes), 2);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(resp->planes[0].stride), 256);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(resp->planes[1].stride), 256);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(resp->planes[1].offset), 2560);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(resp->size), SZ_4K);

	/* a lie changes the answer, and the truth comes back */
	KUNIT_ASSERT_EQ(test, vgs_set_layout_lie(t->sim, VGS_LIE_OVERLAP), 0);
	KUNIT_ASSERT_EQ(test, VGS_RUN(test, q), VIRTIO_GPU_RESP_OK_RESOURCE_LAYOUT);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(resp->planes[1].offset), 256);
	KUNIT_EXPECT_EQ(test, vgs_set_layout_lie(t->sim, VGS_LIE_COUNT), -EINVAL);
	KUNIT_ASSERT_EQ(test, vgs_set_layout_lie(t->sim, VGS_LIE_NONE), 0);
	KUNIT_ASSERT_EQ(test, VGS_RUN(test, q), VIRTIO_GPU_RESP_OK_RESOURCE_LAYOUT);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(resp->planes[1].offset), 2560);

	/* an existing 2D resource: a 64x4 B8G8R8X8 scanout buffer */
	KUNIT_ASSERT_EQ(test, vgs_create_2d(test, 1, 2, 64, 4), VIRTIO_GPU_RESP_OK_NODATA);
	q.resource_id = cpu_to_le32(1);
	KUNIT_ASSERT_EQ(test, VGS_RUN(test, q), VIRTIO_GPU_RESP_OK_RESOURCE_LAYOUT);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(resp->num_planes), 1);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(resp->planes[0].stride), 256);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(resp->size), SZ_4K);
	q.resource_id = cpu_to_le32(8);
	KUNIT_EXPECT_EQ(test, VGS_RUN(test, q), VIRTIO_GPU_RESP_ERR_INVALID_RESOURCE_ID);

	/* formats, uses and padding the device does not know */
	q.resource_id = 0;
	q.drm_fourcc = cpu_to_le32(DRM_FORMAT_C8);
	KUNIT_EXPECT_EQ(test, VGS_RUN(test, q), VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER);
	q.drm_fourcc = cpu_to_le32(DRM_FORMAT_XRGB8888);
	q.usage = cpu_to_le32(1 << 3);
	KUNIT_EXPECT_EQ(test, VGS_RUN(test, q), VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER);
	q.usage = 0;
	q.padding = cpu_to_le32(1);
	KUNIT_EXPECT_EQ(test, VGS_RUN(test, q), VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER);
	q.padding = 0;
	q.width = cpu_to_le32(16385);
	KUNIT_EXPECT_EQ(test, VGS_RUN(test, q), VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER);
	q.width = cpu_to_le32(100);

	/* Not negotiated: the command does not exist. */
	vgs_set_negotiated(t->sim, vgs_negotiated_features(t->sim) &
			   ~BIT_ULL(VIRTIO_GPU_F_RESOURCE_LAYOUT));
	KUNIT_EXPECT_EQ(test, VGS_RUN(test, q), VIRTIO_GPU_RESP_ERR_UNSPEC);
}

static u32 vgs_map(struct kunit *test, u32 id, u64 offset)
{
	struct virtio_gpu_resource_map_blob m = {
		.hdr = vgs_hdr(VIRTIO_GPU_CMD_RESOURCE_MAP_BLOB, 1),
		.resource_id = cpu_to_le32(id), .offset = cpu_to_le64(offset),
	};

	return VGS_RUN(test, m);
}

static void vgs_test_map_blob(struct kunit *test)
{
	struct vgs_dev_test *t = test->priv;
	struct virtio_gpu_resp_map_info *info = t->reply;
	struct virtio_gpu_resource_create_blob blob = {
		.hdr = vgs_hdr(VIRTIO_GPU_CMD_RESOURCE_CREATE_BLOB, 1),
		.resource_id = cpu_to_le32(5),
		.blob_mem = cpu_to_le32(VIRTIO_GPU_BLOB_MEM_HOST3D),
		.blob_flags = cpu_to_le32(VIRTIO_GPU_BLOB_FLAG_USE_MAPPABLE),
		.size = cpu_to_le64(VGS_TEST_ALIGN),
	};
	struct virtio_gpu_resource_unmap_blob unmap = {
		.hdr = vgs_hdr(VIRTIO_GPU_CMD_RESOURCE_UNMAP_BLOB, 1),
		.resource_id = cpu_to_le32(5),
	};
	struct virtio_device *vdev = vgs_virtio(t->sim);
	struct virtio_shm_region region;
	u8 *hostvis, data[16];

	if (!vgs_kunit_region_base())
		kunit_skip(test, "virtio-gpu-sim was loaded without kunit_region_base");
	KUNIT_ASSERT_TRUE(test, virtio_get_shm_region(vdev, &region,
						      VIRTIO_GPU_SHM_ID_HEAP));
	KUNIT_EXPECT_EQ(test, region.addr, vgs_kunit_region_base() + VGS_TEST_REGION);
	KUNIT_ASSERT_TRUE(test, virtio_get_shm_region(vdev, &region,
						      VIRTIO_GPU_SHM_ID_HOST_VISIBLE));
	KUNIT_EXPECT_EQ(test, region.len, VGS_TEST_REGION);
	/* The guest's view of the region, where MAP_BLOB places blobs. */
	hostvis = memremap(region.addr, region.len, MEMREMAP_WB);
	KUNIT_ASSERT_NOT_NULL(test, hostvis);
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, vgs_unmap, hostvis));

	KUNIT_ASSERT_EQ(test, vgs_ctx_create(test, 1, 0), VIRTIO_GPU_RESP_OK_NODATA);
	KUNIT_ASSERT_EQ(test, VGS_RUN(test, blob), VIRTIO_GPU_RESP_OK_NODATA);
	blob.resource_id = cpu_to_le32(6);
	KUNIT_ASSERT_EQ(test, VGS_RUN(test, blob), VIRTIO_GPU_RESP_OK_NODATA);

	KUNIT_EXPECT_EQ(test, vgs_map(test, 5, PAGE_SIZE), VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, vgs_map(test, 5, VGS_TEST_REGION),
			VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER);
	KUNIT_ASSERT_EQ(test, vgs_map(test, 5, 0), VIRTIO_GPU_RESP_OK_MAP_INFO);
	KUNIT_EXPECT_EQ(test, le32_to_cpu((__force __le32)info->map_info),
			VIRTIO_GPU_MAP_CACHE_WC);
	KUNIT_EXPECT_EQ(test, vgs_map(test, 5, VGS_TEST_ALIGN),
			VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, vgs_map(test, 6, 0), VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, vgs_map(test, 6, VGS_TEST_ALIGN), VIRTIO_GPU_RESP_OK_MAP_INFO);

	/* What the guest wrote through the mapping survives a remap. */
	memset(hostvis, 0xa5, 16);
	KUNIT_EXPECT_EQ(test, VGS_RUN(test, unmap), VIRTIO_GPU_RESP_OK_NODATA);
	KUNIT_EXPECT_EQ(test, VGS_RUN(test, unmap), VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER);
	KUNIT_ASSERT_EQ(test, vgs_resource_read(t->sim, 5, 0, data, sizeof(data)), 0);
	KUNIT_EXPECT_EQ(test, data[15], 0xa5);
	KUNIT_ASSERT_EQ(test, vgs_map(test, 5, 2 * VGS_TEST_ALIGN), VIRTIO_GPU_RESP_OK_MAP_INFO);
	KUNIT_EXPECT_EQ(test, hostvis[2 * VGS_TEST_ALIGN + 15], 0xa5);
}

/* Every command as vgh_wire.h lists it, as the driver and the device see it. */
static const struct vgh_wire_cmd vgs_test_cmds[VGH_CMD_COUNT] = {
#define VGH_WIRE_CMD VGH_WIRE_CMD_ENTRY
#include "../../vgh_wire.h"
};

/* One zeroed request of @len bytes but for its type, on @queue. */
static u32 vgs_run_zeroed(struct kunit *test, u32 type, unsigned int queue,
			  size_t len)
{
	struct vgs_dev_test *t = test->priv;
	struct vgs_reply reply = { .buf = t->reply, .cap = PAGE_SIZE };
	struct virtio_gpu_ctrl_hdr *hdr;
	u32 resp;

	hdr = kunit_kzalloc(test, max(len, sizeof(*hdr)), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, hdr);
	hdr->type = cpu_to_le32(type);
	memset(t->reply, 0, PAGE_SIZE);
	resp = vgs_exec(t->sim, queue, hdr, len, &reply);
	kunit_kfree(test, hdr);
	return resp;
}

/*
 * What the list says of each command, the device enforces: a request
 * shorter than its structure, one on the other queue, and one whose
 * feature was not negotiated are refused; a successful one gets the
 * response type the list gives.
 */
static void vgs_test_cmd_list(struct kunit *test)
{
	struct vgs_dev_test *t = test->priv;
	unsigned int i;

	for (i = 0; i < VGH_CMD_COUNT; i++) {
		const struct vgh_wire_cmd *c = &vgs_test_cmds[i];
		unsigned int other = c->queue == VGH_QUEUE_CONTROL ?
				     VGH_QUEUE_CURSOR : VGH_QUEUE_CONTROL;
		u32 resp;

		KUNIT_EXPECT_EQ_MSG(test, vgs_run_zeroed(test, c->type, c->queue,
							 c->req_size - 1),
				    VIRTIO_GPU_RESP_ERR_UNSPEC, "%s, short", c->name);
		KUNIT_EXPECT_EQ_MSG(test, vgs_run_zeroed(test, c->type, other,
							 c->req_size),
				    VIRTIO_GPU_RESP_ERR_UNSPEC, "%s, other queue",
				    c->name);
		resp = vgs_run_zeroed(test, c->type, c->queue, c->req_size);
		if (resp < VIRTIO_GPU_RESP_ERR_UNSPEC)
			KUNIT_EXPECT_EQ_MSG(test, resp, c->reply, "%s", c->name);
		else
			KUNIT_EXPECT_NE_MSG(test, resp, VIRTIO_GPU_RESP_ERR_UNSPEC,
					    "%s, zeroed", c->name);
	}

	vgs_set_negotiated(t->sim, 0);
	for (i = 0; i < VGH_CMD_COUNT; i++) {
		const struct vgh_wire_cmd *c = &vgs_test_cmds[i];
		u32 resp = vgs_run_zeroed(test, c->type, c->queue, c->req_size);

		if (c->feature == VGH_WIRE_ANY)
			KUNIT_EXPECT_NE_MSG(test, resp, VIRTIO_GPU_RESP_ERR_UNSPEC,
					    "%s, no features", c->name);
		else
			KUNIT_EXPECT_EQ_MSG(test, resp, VIRTIO_GPU_RESP_ERR_UNSPEC,
					    "%s, without its feature", c->name);
	}
}

static struct kunit_case vgs_device_cases[] = {
	KUNIT_CASE(vgs_test_cmd_list),
	KUNIT_CASE(vgs_test_create_2d),
	KUNIT_CASE(vgs_test_transfer_2d),
	KUNIT_CASE(vgs_test_blob_alignment),
	KUNIT_CASE(vgs_test_contexts_and_fences),
	KUNIT_CASE(vgs_test_uuid),
	KUNIT_CASE(vgs_test_edid),
	KUNIT_CASE(vgs_test_layout),
	KUNIT_CASE(vgs_test_map_blob),
	{}
};

static struct kunit_suite vgs_device_suite = {
	.name = "vgs_device",
	.init = vgs_dev_init,
	.test_cases = vgs_device_cases,
};

kunit_test_suite(vgs_device_suite);
