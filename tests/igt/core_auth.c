// SPDX-License-Identifier: MIT
/*
 * core_auth: magic-cookie authentication (GET_MAGIC / AUTH_MAGIC) and the
 * authenticated flag that GET_CLIENT reports.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kms.h"

/* Is this process listed as an authenticated client of fd? */
static bool authenticated(int fd)
{
	unsigned long magic, iocs;
	int i, auth, pid, uid;

	for (i = 0; drmGetClient(fd, i, &auth, &pid, &uid, &magic, &iocs) == 0; i++)
		if (auth && (pid == getpid() || pid == (int)syscall(SYS_gettid)))
			return true;
	return false;
}

static void getclient_simple(void)
{
	int fd = drm_open();

	igt_assert(authenticated(fd));
	close(fd);
}

static void getclient_master_drop(void)
{
	int fd = drm_open(), fd2 = drm_open();

	igt_assert(authenticated(fd2));
	close(fd);
	igt_assert(authenticated(fd2));
	close(fd2);
}

static void basic_auth(void)
{
	int master = drm_open_master(), slave = drm_open();
	drm_magic_t magic, again;

	igt_require(drmSetMaster(slave) < 0);
	igt_assert_eq(drmGetMagic(slave, &magic), 0);
	igt_assert(magic > 0);
	igt_assert_eq(drmGetMagic(slave, &again), 0);
	igt_assert_eq(again, magic);
	/* only the master authenticates, and a magic only once */
	igt_assert(drmAuthMagic(slave, magic) < 0);
	igt_assert_eq(drmAuthMagic(master, magic), 0);
	igt_assert(drmAuthMagic(master, magic) < 0);
	igt_assert_eq(drmGetMagic(slave, &again), 0);
	igt_assert_eq(again, magic);
	close(slave);
	close(master);
}

static int cmp_magic(const void *a, const void *b)
{
	drm_magic_t x = *(const drm_magic_t *)a, y = *(const drm_magic_t *)b;

	return x < y ? -1 : x > y;
}

static void many_magics(void)
{
	int master = drm_open_master(), *fds = NULL, fd;
	drm_magic_t *magics = NULL;
	struct rlimit lim;
	unsigned int n = 0, cap = 0, i;
	char path[64];

	igt_assert_eq(getrlimit(RLIMIT_NOFILE, &lim), 0);
	lim.rlim_cur = 1024;
	igt_assert_eq(setrlimit(RLIMIT_NOFILE, &lim), 0);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", master);
	for (;;) {
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0) {
			igt_info("reopening the device failed after %u opens", n);
			igt_assert_eq(errno, EMFILE);
			break;
		}
		igt_assert(drmSetMaster(fd) < 0);
		if (n == cap) {
			cap = cap ? cap * 2 : 128;
			magics = realloc(magics, cap * sizeof(*magics));
			fds = realloc(fds, cap * sizeof(*fds));
			igt_assert(magics && fds);
		}
		igt_assert_eq(drmGetMagic(fd, &magics[n]), 0);
		igt_assert(magics[n] > 0);
		fds[n++] = fd;
	}
	igt_assert(n > 128);
	qsort(magics, n, sizeof(*magics), cmp_magic);
	for (i = 1; i < n; i++)
		igt_assert_neq(magics[i], magics[i - 1]);
	for (i = 0; i < n; i++)
		igt_assert_eq(drmAuthMagic(master, magics[i]), 0);
	for (i = 0; i < n; i++)
		close(fds[i]);
	free(fds);
	free(magics);
	close(master);
}

IGT_MAIN(NULL,
	{ "getclient-simple", getclient_simple },
	{ "getclient-master-drop", getclient_master_drop },
	{ "basic-auth", basic_auth },
	{ "many-magics", many_magics },
)
