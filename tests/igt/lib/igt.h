/* SPDX-License-Identifier: MIT */
/*
 * Test harness for the IGT-style tests in tests/igt/: subtest table,
 * KTAP output, skip/fail/assert macros. Every subtest runs in a forked
 * child, so a failed assertion (which exits the child) leaves nothing
 * behind in the runner, and the DRM file it opened is closed, which is
 * also what a separate IGT process per subtest would see.
 *
 * Exit status of a test binary: 0 when no subtest failed, 1 otherwise,
 * 2 on a usage error.
 *
 * The primitives shared with the guest tools (vgh_ioctl(), the clock,
 * the simulator's files, dumb buffers, errno names) come from the
 * userspace test library, tests/lib/vgh.h, included here.
 */
#ifndef VGH_IGT_H
#define VGH_IGT_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "vgh.h"

struct igt_subtest {
	const char *name;
	void (*run)(void);
};

/*
 * igt_run: the main of a test binary, named after source (its file name
 * without directory and ".c"). fixture (may be NULL) runs in every
 * subtest's child before the subtest and may skip or fail it, as an IGT
 * fixture does for all subtests that follow it.
 */
int igt_run(int argc, char **argv, const char *source,
	    const struct igt_subtest *tests, size_t count, void (*fixture)(void));

#define IGT_MAIN(fixture, ...)                                                \
	static const struct igt_subtest igt_tests__[] = { __VA_ARGS__ };      \
	int main(int argc, char **argv)                                      \
	{                                                                    \
		return igt_run(argc, argv, __FILE__, igt_tests__,             \
			       sizeof(igt_tests__) / sizeof(igt_tests__[0]),  \
			       fixture);                                     \
	}

/* Name of the subtest running in this process (NULL in the runner). */
const char *igt_subtest_name(void);

/* Scale for test durations (VGH_IGT_TIME_SCALE, default 1). */
double igt_time_scale(void);

__attribute__((noreturn, format(printf, 4, 5)))
void igt_fail_at(const char *file, int line, const char *func, const char *fmt, ...);
__attribute__((noreturn, format(printf, 1, 2)))
void igt_skip(const char *fmt, ...);
__attribute__((format(printf, 1, 2)))
void igt_info(const char *fmt, ...);

#define igt_fail(...) igt_fail_at(__FILE__, __LINE__, __func__, __VA_ARGS__)

#define igt_assert(expr)                                                      \
	do {                                                                  \
		if (!(expr))                                                  \
			igt_fail("assertion `%s` failed (errno %d: %s)",      \
				 #expr, errno, strerror(errno));              \
	} while (0)

#define igt_assert_f(expr, ...)                                               \
	do {                                                                  \
		if (!(expr)) {                                                \
			igt_info("assertion `%s` failed (errno %d: %s)",      \
				 #expr, errno, strerror(errno));              \
			igt_fail(__VA_ARGS__);                                \
		}                                                             \
	} while (0)

#define igt_assert_cmp__(a, op, b, type, fmt)                                 \
	do {                                                                  \
		type a__ = (a), b__ = (b);                                    \
		if (!(a__ op b__))                                            \
			igt_fail("`%s` %s `%s`: " fmt " vs " fmt              \
				 " (errno %d: %s)", #a, #op, #b, a__, b__,    \
				 errno, strerror(errno));                     \
	} while (0)

#define igt_assert_eq(a, b) igt_assert_cmp__(a, ==, b, long long, "%lld")
#define igt_assert_neq(a, b) igt_assert_cmp__(a, !=, b, long long, "%lld")
#define igt_assert_lt(a, b) igt_assert_cmp__(a, <, b, long long, "%lld")
#define igt_assert_lte(a, b) igt_assert_cmp__(a, <=, b, long long, "%lld")
#define igt_assert_eq_u64(a, b)                                               \
	igt_assert_cmp__(a, ==, b, unsigned long long, "%#llx")

/* errno-style result of an expression returning -1/errno or -errno */
#define igt_assert_errno(expr, err)                                           \
	do {                                                                  \
		errno = 0;                                                    \
		int r__ = (expr);                                             \
		int e__ = r__ < -1 ? -r__ : (r__ == -1 ? errno : 0);          \
		if (e__ != (err))                                             \
			igt_fail("`%s` gave %d (%s), want %d (%s)", #expr,    \
				 e__, e__ ? strerror(e__) : "success", (err), \
				 (err) ? strerror(err) : "success");         \
	} while (0)

#define igt_require(expr)                                                     \
	do {                                                                  \
		if (!(expr))                                                  \
			igt_skip("requirement `%s` not met", #expr);          \
	} while (0)

#define igt_require_f(expr, ...)                                              \
	do {                                                                  \
		if (!(expr))                                                  \
			igt_skip(__VA_ARGS__);                                \
	} while (0)

/* ioctl (vgh_ioctl()) that must succeed / must fail with err */
#define do_ioctl(fd, req, arg)                                                \
	do {                                                                  \
		int r__ = vgh_ioctl(fd, req, arg);                            \
		if (r__)                                                      \
			igt_fail("%s failed (errno %d: %s)", #req, -r__,      \
				 strerror(-r__));                             \
	} while (0)
#define do_ioctl_err(fd, req, arg, err)                                       \
	do {                                                                  \
		int r__ = vgh_ioctl(fd, req, arg);                            \
		int e__ = -r__;                                               \
		if (e__ != (err))                                             \
			igt_fail("%s gave %d (%s), want %d (%s)", #req, e__,  \
				 e__ ? strerror(e__) : "success", (err),      \
				 strerror(err));                              \
	} while (0)

/* expr returns 0 on success, -1/errno or -errno on failure */
#define do_or_die(expr)                                                       \
	do {                                                                  \
		int r__ = (expr);                                             \
		if (r__)                                                      \
			igt_fail("`%s` returned %d (errno %d: %s)", #expr,    \
				 r__, errno, strerror(errno));                \
	} while (0)

/* Signals that interrupt every ioctl, like IGT's signal helper. */
void igt_fork_signal_helper(void);
void igt_stop_signal_helper(void);

/* Drop root in a forked child (to the "nobody" ids). */
void igt_drop_root(void);

/*
 * igt_fork_run: run fn(arg) in a child and wait; a failure or skip in the
 * child becomes one in the caller.
 */
void igt_fork_run(void (*fn)(void *), void *arg);

/* Monotonic time in whole microseconds (vgh_now_ns() / 1000) / seconds. */
uint64_t igt_now_us(void);
double igt_now(void);

#endif
