/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit API the test suites of virtio-gpu-heap and virtio-gpu-sim use,
 * for kernels whose KUnit lacks it (see the DOC in vgh_compat.h).
 */
#ifndef VGH_KUNIT_COMPAT_H
#define VGH_KUNIT_COMPAT_H

#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "vgh_probes.h"

#ifndef KUNIT_EXPECT_MEMEQ
/* Compares the bytes; a failure names the expression, not the bytes. */
#define KUNIT_EXPECT_MEMEQ(test, left, right, size) \
	KUNIT_EXPECT_EQ_MSG(test, memcmp(left, right, size), 0, \
			    "%s and %s differ", #left, #right)
#endif

#ifndef KUNIT_CASE_PARAM_ATTR
/* Without test attributes a case's attributes (speed) are dropped. */
#define KUNIT_CASE_PARAM_ATTR(test_name, gen_params, ...) \
	KUNIT_CASE_PARAM(test_name, gen_params)
#endif

#if !VGH_HAVE_KUNIT_ADD_ACTION_OR_RESET
/* A deferred action as a KUnit resource: freed, it runs the action. */
struct vgh_kunit_action {
	void (*action)(void *ctx);
	void *ctx;
};

static inline int vgh_kunit_action_init(struct kunit_resource *res, void *data)
{
	res->data = data;
	return 0;
}

static inline void vgh_kunit_action_free(struct kunit_resource *res)
{
	struct vgh_kunit_action *a = res->data;

	a->action(a->ctx);
	kfree(a);
}

/*
 * Run @action(@ctx) when @test ends; if that cannot be arranged, run it
 * now and fail.
 */
static inline int kunit_add_action_or_reset(struct kunit *test,
					    void (*action)(void *), void *ctx)
{
	struct vgh_kunit_action *a = kmalloc(sizeof(*a), GFP_KERNEL);

	if (a) {
		a->action = action;
		a->ctx = ctx;
		if (kunit_alloc_resource(test, vgh_kunit_action_init,
					 vgh_kunit_action_free, GFP_KERNEL, a))
			return 0;
		kfree(a);
	}
	action(ctx);
	return -ENOMEM;
}
#endif

#endif /* VGH_KUNIT_COMPAT_H */
