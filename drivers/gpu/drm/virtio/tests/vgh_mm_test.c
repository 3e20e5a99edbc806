// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * KUnit tests of the range allocator (the heap's and the host-visible
 * region's): alignment, bad requests, exhaustion, fragmentation, no
 * overlaps, concurrent use under lockdep, and clearing: the range before
 * first use, released blocks before reuse, never a retired block.
 */

#include <kunit/test.h>

#include <linux/kthread.h>
#include <linux/random.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "vgh_kunit_compat.h"
#include "../vgh_mm.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

/* Addresses only: without a mapping the allocator never touches memory. */
#define TEST_BASE	0x80001000ULL	/* page aligned, not 64 KiB aligned */

static void vgh_mm_action_destroy(void *vmm)
{
	vgh_mm_destroy(vmm);
}

static struct vgh_mm *vgh_test_mm(struct kunit *test, u64 size)
{
	struct vgh_mm *vmm = vgh_mm_create(TEST_BASE, size, NULL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, vmm);
	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test, vgh_mm_action_destroy, vmm));
	return vmm;
}

static void vgh_test_mm_create_rejects(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, PTR_ERR(vgh_mm_create(TEST_BASE, 0, NULL)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vgh_mm_create(TEST_BASE + 1, SZ_1M, NULL)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vgh_mm_create(TEST_BASE, SZ_1M + 1, NULL)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vgh_mm_create(-(u64)SZ_1M, SZ_2M, NULL)), -EINVAL);
}

static void vgh_test_mm_alloc_rejects(struct kunit *test)
{
	struct vgh_mm *vmm = vgh_test_mm(test, SZ_1M);
	struct vgh_mm_stats st;

	KUNIT_EXPECT_EQ(test, PTR_ERR(vgh_mm_alloc(vmm, 0, PAGE_SIZE)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vgh_mm_alloc(vmm, 100, PAGE_SIZE)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vgh_mm_alloc(vmm, PAGE_SIZE, 3 * PAGE_SIZE)),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vgh_mm_alloc(vmm, PAGE_SIZE, 512)), -EINVAL);
	/* refusals are not failures to find room */
	vgh_mm_get_stats(vmm, &st);
	KUNIT_EXPECT_EQ(test, st.failures, 0);
	KUNIT_EXPECT_EQ(test, st.blocks, 0);
	/* more than the pool holds is no room, whatever the size */
	KUNIT_EXPECT_EQ(test, PTR_ERR(vgh_mm_alloc(vmm, SZ_2M, PAGE_SIZE)), -ENOSPC);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vgh_mm_alloc(vmm, U64_MAX & PAGE_MASK,
						   PAGE_SIZE)), -ENOSPC);
	vgh_mm_get_stats(vmm, &st);
	KUNIT_EXPECT_EQ(test, st.failures, 2);
	KUNIT_EXPECT_EQ(test, st.blocks, 0);
}

/* Alignment is of the guest-physical address, whatever the pool's base. */
static void vgh_test_mm_alignment(struct kunit *test)
{
	static const u64 aligns[] = { SZ_4K, SZ_16K, SZ_64K, SZ_2M };
	struct vgh_mm *vmm = vgh_test_mm(test, SZ_16M);
	struct vgh_mm_block *b[ARRAY_SIZE(aligns)];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(aligns); i++) {
		if (aligns[i] < PAGE_SIZE)
			continue;
		b[i] = vgh_mm_alloc(vmm, PAGE_SIZE, aligns[i]);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b[i]);
		KUNIT_EXPECT_EQ(test, vgh_mm_block_addr(b[i]) % aligns[i], 0);
		KUNIT_EXPECT_GE(test, vgh_mm_block_addr(b[i]), TEST_BASE);
		KUNIT_EXPECT_LE(test, vgh_mm_block_addr(b[i]) + PAGE_SIZE,
				TEST_BASE + SZ_16M);
		KUNIT_EXPECT_EQ(test, vgh_mm_block_size(b[i]), PAGE_SIZE);
	}
	for (i = 0; i < ARRAY_SIZE(aligns); i++)
		if (aligns[i] >= PAGE_SIZE)
			vgh_mm_free(b[i]);
}

static void vgh_test_mm_exhaustion(struct kunit *test)
{
	struct vgh_mm *vmm = vgh_test_mm(test, 16 * PAGE_SIZE);
	struct vgh_mm_block *b[16], *extra;
	struct vgh_mm_stats st;
	unsigned int i;

	for (i = 0; i < 16; i++) {
		b[i] = vgh_mm_alloc(vmm, PAGE_SIZE, PAGE_SIZE);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b[i]);
	}
	KUNIT_EXPECT_EQ(test, PTR_ERR(vgh_mm_alloc(vmm, PAGE_SIZE, PAGE_SIZE)),
			-ENOSPC);
	vgh_mm_get_stats(vmm, &st);
	KUNIT_EXPECT_EQ(test, st.used, 16 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, st.largest_free, 0);
	KUNIT_EXPECT_EQ(test, st.blocks, 16);
	KUNIT_EXPECT_EQ(test, st.allocs, 16);
	KUNIT_EXPECT_EQ(test, st.failures, 1);

	/* a freed block is found again */
	vgh_mm_free(b[7]);
	extra = vgh_mm_alloc(vmm, PAGE_SIZE, PAGE_SIZE);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, extra);
	b[7] = extra;
	for (i = 0; i < 16; i++)
		vgh_mm_free(b[i]);
	vgh_mm_flush(vmm);
	vgh_mm_get_stats(vmm, &st);
	KUNIT_EXPECT_EQ(test, st.used, 0);
	KUNIT_EXPECT_EQ(test, st.blocks, 0);
	KUNIT_EXPECT_EQ(test, st.largest_free, 16 * PAGE_SIZE);
}

static void vgh_test_mm_fragmentation(struct kunit *test)
{
	struct vgh_mm *vmm = vgh_test_mm(test, 16 * PAGE_SIZE);
	struct vgh_mm_block *b[16];
	struct vgh_mm_stats st;
	unsigned int i;

	for (i = 0; i < 16; i++) {
		b[i] = vgh_mm_alloc(vmm, PAGE_SIZE, PAGE_SIZE);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b[i]);
	}
	for (i = 0; i < 16; i += 2)
		vgh_mm_free(b[i]);
	vgh_mm_flush(vmm);
	/* half the pool is free, in single pages: two pages do not fit */
	vgh_mm_get_stats(vmm, &st);
	KUNIT_EXPECT_EQ(test, st.size - st.used, 8 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, st.largest_free, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vgh_mm_alloc(vmm, 2 * PAGE_SIZE, PAGE_SIZE)),
			-ENOSPC);
	/* freeing a neighbour joins the ranges */
	vgh_mm_free(b[1]);
	vgh_mm_flush(vmm);
	vgh_mm_get_stats(vmm, &st);
	KUNIT_EXPECT_EQ(test, st.largest_free, 3 * PAGE_SIZE);
	for (i = 3; i < 16; i += 2)
		vgh_mm_free(b[i]);
	vgh_mm_flush(vmm);
	vgh_mm_get_stats(vmm, &st);
	KUNIT_EXPECT_EQ(test, st.largest_free, 16 * PAGE_SIZE);
}

/* Random sizes and frees: blocks never overlap and stay in the pool. */
static void vgh_test_mm_no_overlap(struct kunit *test)
{
	struct vgh_mm *vmm = vgh_test_mm(test, SZ_4M);
	struct vgh_mm_block **b;
	unsigned int i, j, n = 256;
	u32 seed = 1;

	b = kunit_kcalloc(test, n, sizeof(*b), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, b);
	for (i = 0; i < n; i++) {
		seed = seed * 1103515245 + 12345;
		b[i] = vgh_mm_alloc(vmm, (1 + (seed >> 16) % 8) * PAGE_SIZE,
				    PAGE_SIZE << ((seed >> 8) % 3));
		if (IS_ERR(b[i])) {
			KUNIT_EXPECT_EQ(test, PTR_ERR(b[i]), -ENOSPC);
			b[i] = NULL;
		}
		if (i % 3 == 2) {
			vgh_mm_free(b[i - 1]);
			b[i - 1] = NULL;
		}
	}
	for (i = 0; i < n; i++) {
		if (!b[i])
			continue;
		KUNIT_EXPECT_GE(test, vgh_mm_block_addr(b[i]), TEST_BASE);
		KUNIT_EXPECT_LE(test, vgh_mm_block_addr(b[i]) + vgh_mm_block_size(b[i]),
				TEST_BASE + SZ_4M);
		for (j = i + 1; j < n; j++) {
			if (!b[j])
				continue;
			KUNIT_EXPECT_TRUE(test,
					  vgh_mm_block_addr(b[i]) + vgh_mm_block_size(b[i]) <=
					  vgh_mm_block_addr(b[j]) ||
					  vgh_mm_block_addr(b[j]) + vgh_mm_block_size(b[j]) <=
					  vgh_mm_block_addr(b[i]));
		}
	}
	for (i = 0; i < n; i++)
		vgh_mm_free(b[i]);
}

struct vgh_mm_worker {
	struct vgh_mm *vmm;
	struct completion done;
	unsigned int seed;
	int errors;
};

static int vgh_mm_worker_fn(void *data)
{
	struct vgh_mm_worker *w = data;
	struct vgh_mm_block *held[8] = {};
	unsigned int i, k;

	for (i = 0; i < 2000; i++) {
		w->seed = w->seed * 1103515245 + 12345;
		k = (w->seed >> 16) % ARRAY_SIZE(held);
		if (held[k]) {
			vgh_mm_free(held[k]);
			held[k] = NULL;
			continue;
		}
		held[k] = vgh_mm_alloc(w->vmm, (1 + k) * PAGE_SIZE, PAGE_SIZE);
		if (IS_ERR(held[k])) {
			if (PTR_ERR(held[k]) != -ENOSPC)
				w->errors++;
			held[k] = NULL;
		}
	}
	for (k = 0; k < ARRAY_SIZE(held); k++)
		vgh_mm_free(held[k]);
	complete(&w->done);
	return 0;
}

/* Four threads allocating and freeing at once leave the vmm empty. */
static void vgh_test_mm_concurrent(struct kunit *test)
{
	struct vgh_mm *vmm = vgh_test_mm(test, 64 * PAGE_SIZE);
	struct vgh_mm_worker w[4];
	struct vgh_mm_stats st;
	struct task_struct *t;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(w); i++) {
		w[i].vmm = vmm;
		w[i].seed = i + 1;
		w[i].errors = 0;
		init_completion(&w[i].done);
		t = kthread_run(vgh_mm_worker_fn, &w[i], "vgh-mm-test/%u", i);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t);
	}
	for (i = 0; i < ARRAY_SIZE(w); i++) {
		wait_for_completion(&w[i].done);
		KUNIT_EXPECT_EQ(test, w[i].errors, 0);
	}
	vgh_mm_flush(vmm);
	vgh_mm_get_stats(vmm, &st);
	KUNIT_EXPECT_EQ(test, st.blocks, 0);
	KUNIT_EXPECT_EQ(test, st.used, 0);
	KUNIT_EXPECT_EQ(test, st.largest_free, 64 * PAGE_SIZE);
	KUNIT_EXPECT_GT(test, st.allocs, 0);
}

static void vgh_mm_action_vfree(void *mem)
{
	vfree(mem);
}

/* A pool with memory behind it: a kernel buffer stands in for the carve-out. */
static struct vgh_mm *vgh_test_mapped_mm(struct kunit *test, u64 size,
					 u8 **mem, u8 fill)
{
	struct vgh_mm *vmm;

	*mem = vmalloc(size);
	KUNIT_ASSERT_NOT_NULL(test, *mem);
	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test, vgh_mm_action_vfree, *mem));
	memset(*mem, fill, size);
	vmm = vgh_mm_create(TEST_BASE, size, *mem);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, vmm);
	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test, vgh_mm_action_destroy, vmm));
	return vmm;
}

static u8 *vgh_test_block_mem(u8 *mem, struct vgh_mm_block *b)
{
	return mem + (vgh_mm_block_addr(b) - TEST_BASE);
}

/* Whatever was in the pool at probe is gone before any of it is handed out. */
static void vgh_test_mm_clears_pool(struct kunit *test)
{
	u64 size = 3 * SZ_4M + 2 * PAGE_SIZE;	/* chunks and a short one */
	struct vgh_mm_stats st;
	struct vgh_mm_block *b;
	u8 *mem;
	struct vgh_mm *vmm = vgh_test_mapped_mm(test, size, &mem, 0xa5);

	/* nothing free until cleared; the allocation waits for it */
	vgh_mm_get_stats(vmm, &st);
	KUNIT_EXPECT_EQ(test, st.largest_free + st.clearing, size);
	b = vgh_mm_alloc(vmm, size, PAGE_SIZE);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(mem, 0, size));
	vgh_mm_get_stats(vmm, &st);
	KUNIT_EXPECT_EQ(test, st.failures, 0);
	KUNIT_EXPECT_EQ(test, st.clearing, 0);
	KUNIT_EXPECT_EQ(test, st.cleared, size);
	vgh_mm_free(b);
}

/*
 * A released block is zero before its range is handed out again, and the
 * range is not free while it waits: free space and bytes being cleared
 * always add up to what is not handed out.
 */
static void vgh_test_mm_clears_released(struct kunit *test)
{
	u64 size = 64 * PAGE_SIZE;
	struct vgh_mm_block *b, *c;
	struct vgh_mm_stats st;
	unsigned int round;
	u8 *mem;
	struct vgh_mm *vmm = vgh_test_mapped_mm(test, size, &mem, 0);

	vgh_mm_flush(vmm);
	for (round = 0; round < 8; round++) {
		b = vgh_mm_alloc(vmm, size, PAGE_SIZE);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b);
		KUNIT_ASSERT_TRUE(test, !memchr_inv(mem, 0, size));
		memset(mem, 0x5a + round, size);
		vgh_mm_free(b);
		vgh_mm_get_stats(vmm, &st);
		KUNIT_EXPECT_EQ(test, st.used, 0);
		KUNIT_EXPECT_EQ(test, st.largest_free + st.clearing, size);
		/* the whole pool again: waits for the clearing, no failure */
		c = vgh_mm_alloc(vmm, size, PAGE_SIZE);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, c);
		KUNIT_EXPECT_TRUE(test, !memchr_inv(mem, 0, size));
		vgh_mm_free(c);
	}
	vgh_mm_flush(vmm);
	vgh_mm_get_stats(vmm, &st);
	KUNIT_EXPECT_EQ(test, st.failures, 0);
	KUNIT_EXPECT_EQ(test, st.clearing, 0);
	KUNIT_EXPECT_EQ(test, st.cleared, size + 16 * size);
	KUNIT_EXPECT_EQ(test, st.largest_free, size);
}

/* A block the host may still write is neither cleared nor handed out. */
static void vgh_test_mm_retired_untouched(struct kunit *test)
{
	u64 size = 16 * PAGE_SIZE;
	struct vgh_mm_block *b, *other;
	struct vgh_mm_stats st;
	u8 *mem;
	struct vgh_mm *vmm = vgh_test_mapped_mm(test, size, &mem, 0);

	vgh_mm_flush(vmm);
	b = vgh_mm_alloc(vmm, 4 * PAGE_SIZE, PAGE_SIZE);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b);
	memset(vgh_test_block_mem(mem, b), 0x3c, 4 * PAGE_SIZE);
	vgh_mm_retire(b);
	vgh_mm_flush(vmm);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(vgh_test_block_mem(mem, b), 0x3c,
					    4 * PAGE_SIZE));
	other = vgh_mm_alloc(vmm, 13 * PAGE_SIZE, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, PTR_ERR(other), -ENOSPC);
	vgh_mm_get_stats(vmm, &st);
	KUNIT_EXPECT_EQ(test, st.clearing, 0);
	KUNIT_EXPECT_EQ(test, st.largest_free, 12 * PAGE_SIZE);
}

static struct kunit_case vgh_heap_tests[] = {
	KUNIT_CASE(vgh_test_mm_create_rejects),
	KUNIT_CASE(vgh_test_mm_alloc_rejects),
	KUNIT_CASE(vgh_test_mm_alignment),
	KUNIT_CASE(vgh_test_mm_exhaustion),
	KUNIT_CASE(vgh_test_mm_fragmentation),
	KUNIT_CASE(vgh_test_mm_no_overlap),
	KUNIT_CASE(vgh_test_mm_concurrent),
	KUNIT_CASE(vgh_test_mm_clears_pool),
	KUNIT_CASE(vgh_test_mm_clears_released),
	KUNIT_CASE(vgh_test_mm_retired_untouched),
	{}
};

static struct kunit_suite vgh_mm_suite = {
	.name = "vgh_mm",
	.test_cases = vgh_heap_tests,
};

kunit_test_suite(vgh_mm_suite);
