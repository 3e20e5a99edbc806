// SPDX-License-Identifier: GPL-2.0
/* kunit_add_action_or_reset(): a test's deferred clean-up action */
#include <kunit/test.h>
#include <kunit/resource.h>

static __maybe_unused void vgh_probe_action(void *ctx)
{
}

static __maybe_unused int vgh_probe(struct kunit *test)
{
	return kunit_add_action_or_reset(test, vgh_probe_action, NULL);
}
