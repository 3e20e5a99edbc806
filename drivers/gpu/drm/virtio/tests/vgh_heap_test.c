// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * KUnit tests of the dedicated heap's allocator: alignment, bad requests,
 * exhaustion, fragmentation, no overlaps, and concurrent use under
 * lockdep.
 */

#include <kunit/test.h>

#include <linux/kthread.h>
#include <linux/random.h>
#include <linux/sizes.h>

#include "../vgh_heap.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

/* Addresses only: the allocator never touches the memory. */
#define TEST_BASE	0x80001000ULL	/* page aligned, not 64 KiB aligned */

static void vgh_heap_action_destroy(void *heap)
{
	vgh_heap_destroy(heap);
}

static struct vgh_heap *vgh_test_heap(struct kunit *test, u64 size)
{
	struct vgh_heap *heap = vgh_heap_create(TEST_BASE, size);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, heap);
	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test, vgh_heap_action_destroy, heap));
	return heap;
}

static void vgh_test_heap_create_rejects(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, PTR_ERR(vgh_heap_create(TEST_BASE, 0)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vgh_heap_create(TEST_BASE + 1, SZ_1M)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vgh_heap_create(TEST_BASE, SZ_1M + 1)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vgh_heap_create(-(u64)SZ_1M, SZ_2M)), -EINVAL);
}

static void vgh_test_heap_alloc_rejects(struct kunit *test)
{
	struct vgh_heap *heap = vgh_test_heap(test, SZ_1M);
	struct vgh_heap_stats st;

	KUNIT_EXPECT_EQ(test, PTR_ERR(vgh_heap_alloc(heap, 0, PAGE_SIZE)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vgh_heap_alloc(heap, 100, PAGE_SIZE)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vgh_heap_alloc(heap, PAGE_SIZE, 3 * PAGE_SIZE)),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vgh_heap_alloc(heap, PAGE_SIZE, 512)), -EINVAL);
	/* refusals are not failures to find room */
	vgh_heap_get_stats(heap, &st);
	KUNIT_EXPECT_EQ(test, st.failures, 0);
	KUNIT_EXPECT_EQ(test, st.blocks, 0);
	/* more than the pool holds is no room, whatever the size */
	KUNIT_EXPECT_EQ(test, PTR_ERR(vgh_heap_alloc(heap, SZ_2M, PAGE_SIZE)), -ENOSPC);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vgh_heap_alloc(heap, U64_MAX & PAGE_MASK,
						     PAGE_SIZE)), -ENOSPC);
	vgh_heap_get_stats(heap, &st);
	KUNIT_EXPECT_EQ(test, st.failures, 2);
	KUNIT_EXPECT_EQ(test, st.blocks, 0);
}

/* Alignment is of the guest-physical address, whatever the pool's base. */
static void vgh_test_heap_alignment(struct kunit *test)
{
	static const u64 aligns[] = { SZ_4K, SZ_16K, SZ_64K, SZ_2M };
	struct vgh_heap *heap = vgh_test_heap(test, SZ_16M);
	struct vgh_heap_block *b[ARRAY_SIZE(aligns)];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(aligns); i++) {
		if (aligns[i] < PAGE_SIZE)
			continue;
		b[i] = vgh_heap_alloc(heap, PAGE_SIZE, aligns[i]);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b[i]);
		KUNIT_EXPECT_EQ(test, vgh_heap_block_addr(b[i]) % aligns[i], 0);
		KUNIT_EXPECT_GE(test, vgh_heap_block_addr(b[i]), TEST_BASE);
		KUNIT_EXPECT_LE(test, vgh_heap_block_addr(b[i]) + PAGE_SIZE,
				TEST_BASE + SZ_16M);
		KUNIT_EXPECT_EQ(test, vgh_heap_block_size(b[i]), PAGE_SIZE);
	}
	for (i = 0; i < ARRAY_SIZE(aligns); i++)
		if (aligns[i] >= PAGE_SIZE)
			vgh_heap_free(b[i]);
}

static void vgh_test_heap_exhaustion(struct kunit *test)
{
	struct vgh_heap *heap = vgh_test_heap(test, 16 * PAGE_SIZE);
	struct vgh_heap_block *b[16], *extra;
	struct vgh_heap_stats st;
	unsigned int i;

	for (i = 0; i < 16; i++) {
		b[i] = vgh_heap_alloc(heap, PAGE_SIZE, PAGE_SIZE);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b[i]);
	}
	KUNIT_EXPECT_EQ(test, PTR_ERR(vgh_heap_alloc(heap, PAGE_SIZE, PAGE_SIZE)),
			-ENOSPC);
	vgh_heap_get_stats(heap, &st);
	KUNIT_EXPECT_EQ(test, st.used, 16 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, st.largest_free, 0);
	KUNIT_EXPECT_EQ(test, st.blocks, 16);
	KUNIT_EXPECT_EQ(test, st.allocs, 16);
	KUNIT_EXPECT_EQ(test, st.failures, 1);

	/* a freed block is found again */
	vgh_heap_free(b[7]);
	extra = vgh_heap_alloc(heap, PAGE_SIZE, PAGE_SIZE);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, extra);
	b[7] = extra;
	for (i = 0; i < 16; i++)
		vgh_heap_free(b[i]);
	vgh_heap_get_stats(heap, &st);
	KUNIT_EXPECT_EQ(test, st.used, 0);
	KUNIT_EXPECT_EQ(test, st.blocks, 0);
	KUNIT_EXPECT_EQ(test, st.largest_free, 16 * PAGE_SIZE);
}

static void vgh_test_heap_fragmentation(struct kunit *test)
{
	struct vgh_heap *heap = vgh_test_heap(test, 16 * PAGE_SIZE);
	struct vgh_heap_block *b[16];
	struct vgh_heap_stats st;
	unsigned int i;

	for (i = 0; i < 16; i++) {
		b[i] = vgh_heap_alloc(heap, PAGE_SIZE, PAGE_SIZE);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b[i]);
	}
	for (i = 0; i < 16; i += 2)
		vgh_heap_free(b[i]);
	/* half the pool is free, in single pages: two pages do not fit */
	vgh_heap_get_stats(heap, &st);
	KUNIT_EXPECT_EQ(test, st.size - st.used, 8 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, st.largest_free, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vgh_heap_alloc(heap, 2 * PAGE_SIZE, PAGE_SIZE)),
			-ENOSPC);
	/* freeing a neighbour joins the ranges */
	vgh_heap_free(b[1]);
	vgh_heap_get_stats(heap, &st);
	KUNIT_EXPECT_EQ(test, st.largest_free, 3 * PAGE_SIZE);
	for (i = 3; i < 16; i += 2)
		vgh_heap_free(b[i]);
	vgh_heap_get_stats(heap, &st);
	KUNIT_EXPECT_EQ(test, st.largest_free, 16 * PAGE_SIZE);
}

/* Random sizes and frees: blocks never overlap and stay in the pool. */
static void vgh_test_heap_no_overlap(struct kunit *test)
{
	struct vgh_heap *heap = vgh_test_heap(test, SZ_4M);
	struct vgh_heap_block **b;
	unsigned int i, j, n = 256;
	u32 seed = 1;

	b = kunit_kcalloc(test, n, sizeof(*b), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, b);
	for (i = 0; i < n; i++) {
		seed = seed * 1103515245 + 12345;
		b[i] = vgh_heap_alloc(heap, (1 + (seed >> 16) % 8) * PAGE_SIZE,
				      PAGE_SIZE << ((seed >> 8) % 3));
		if (IS_ERR(b[i])) {
			KUNIT_EXPECT_EQ(test, PTR_ERR(b[i]), -ENOSPC);
			b[i] = NULL;
		}
		if (i % 3 == 2) {
			vgh_heap_free(b[i - 1]);
			b[i - 1] = NULL;
		}
	}
	for (i = 0; i < n; i++) {
		if (!b[i])
			continue;
		KUNIT_EXPECT_GE(test, vgh_heap_block_addr(b[i]), TEST_BASE);
		KUNIT_EXPECT_LE(test, vgh_heap_block_addr(b[i]) + vgh_heap_block_size(b[i]),
				TEST_BASE + SZ_4M);
		for (j = i + 1; j < n; j++) {
			if (!b[j])
				continue;
			KUNIT_EXPECT_TRUE(test,
					  vgh_heap_block_addr(b[i]) + vgh_heap_block_size(b[i]) <=
					  vgh_heap_block_addr(b[j]) ||
					  vgh_heap_block_addr(b[j]) + vgh_heap_block_size(b[j]) <=
					  vgh_heap_block_addr(b[i]));
		}
	}
	for (i = 0; i < n; i++)
		vgh_heap_free(b[i]);
}

struct vgh_heap_worker {
	struct vgh_heap *heap;
	struct completion done;
	unsigned int seed;
	int errors;
};

static int vgh_heap_worker_fn(void *data)
{
	struct vgh_heap_worker *w = data;
	struct vgh_heap_block *held[8] = {};
	unsigned int i, k;

	for (i = 0; i < 2000; i++) {
		w->seed = w->seed * 1103515245 + 12345;
		k = (w->seed >> 16) % ARRAY_SIZE(held);
		if (held[k]) {
			vgh_heap_free(held[k]);
			held[k] = NULL;
			continue;
		}
		held[k] = vgh_heap_alloc(w->heap, (1 + k) * PAGE_SIZE, PAGE_SIZE);
		if (IS_ERR(held[k])) {
			if (PTR_ERR(held[k]) != -ENOSPC)
				w->errors++;
			held[k] = NULL;
		}
	}
	for (k = 0; k < ARRAY_SIZE(held); k++)
		vgh_heap_free(held[k]);
	complete(&w->done);
	return 0;
}

/* Four threads allocating and freeing at once leave the heap empty. */
static void vgh_test_heap_concurrent(struct kunit *test)
{
	struct vgh_heap *heap = vgh_test_heap(test, 64 * PAGE_SIZE);
	struct vgh_heap_worker w[4];
	struct vgh_heap_stats st;
	struct task_struct *t;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(w); i++) {
		w[i].heap = heap;
		w[i].seed = i + 1;
		w[i].errors = 0;
		init_completion(&w[i].done);
		t = kthread_run(vgh_heap_worker_fn, &w[i], "vgh-heap-test/%u", i);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t);
	}
	for (i = 0; i < ARRAY_SIZE(w); i++) {
		wait_for_completion(&w[i].done);
		KUNIT_EXPECT_EQ(test, w[i].errors, 0);
	}
	vgh_heap_get_stats(heap, &st);
	KUNIT_EXPECT_EQ(test, st.blocks, 0);
	KUNIT_EXPECT_EQ(test, st.used, 0);
	KUNIT_EXPECT_EQ(test, st.largest_free, 64 * PAGE_SIZE);
	KUNIT_EXPECT_GT(test, st.allocs, 0);
}

static struct kunit_case vgh_heap_tests[] = {
	KUNIT_CASE(vgh_test_heap_create_rejects),
	KUNIT_CASE(vgh_test_heap_alloc_rejects),
	KUNIT_CASE(vgh_test_heap_alignment),
	KUNIT_CASE(vgh_test_heap_exhaustion),
	KUNIT_CASE(vgh_test_heap_fragmentation),
	KUNIT_CASE(vgh_test_heap_no_overlap),
	KUNIT_CASE(vgh_test_heap_concurrent),
	{}
};

static struct kunit_suite vgh_heap_suite = {
	.name = "vgh_heap",
	.test_cases = vgh_heap_tests,
};

kunit_test_suite(vgh_heap_suite);
