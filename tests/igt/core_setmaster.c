// SPDX-License-Identifier: MIT
/*
 * core_setmaster: SET_MASTER / DROP_MASTER for root, for an ordinary user
 * who opened the device, and on an fd inherited by another process.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kms.h"

static void drop_and_set(void)
{
	int fd = open(drm_device_path(), O_RDWR | O_CLOEXEC);

	igt_assert_f(fd >= 0, "open %s: %s", drm_device_path(), strerror(errno));
	igt_assert(drm_is_master(fd));
	igt_assert_eq(drmDropMaster(fd), 0);
	igt_assert_eq(drmSetMaster(fd), 0);
	close(fd);
}

static void master_drop_set_root(void)
{
	drop_and_set();
}

static void as_user(void *arg)
{
	(void)arg;
	igt_drop_root();
	drop_and_set();
}

static void master_drop_set_user(void)
{
	mode_t saved[16];
	struct stat st;
	char path[32];
	int n;

	/* let the unprivileged user open the nodes, then restore */
	for (n = 0; n < 16; n++) {
		snprintf(path, sizeof(path), "/dev/dri/card%d", n);
		if (stat(path, &st))
			break;
		saved[n] = st.st_mode;
		chmod(path, st.st_mode | S_IROTH | S_IWOTH);
	}
	igt_fork_run(as_user, NULL);
	while (n--) {
		snprintf(path, sizeof(path), "/dev/dri/card%d", n);
		chmod(path, saved[n]);
	}
}

static int shared_fd;

static void shared_child(void *arg)
{
	(void)arg;
	igt_drop_root();
	/* the fd stays master, but this process may not change that */
	igt_assert(drm_is_master(shared_fd));
	igt_assert_eq(drmDropMaster(shared_fd), -1);
	igt_assert_eq(errno, EACCES);
	igt_assert_eq(drmSetMaster(shared_fd), -1);
	igt_assert_eq(errno, EACCES);
}

static void master_drop_set_shared_fd(void)
{
	shared_fd = open(drm_device_path(), O_RDWR | O_CLOEXEC);
	igt_require(shared_fd >= 0);
	igt_assert(drm_is_master(shared_fd));
	igt_fork_run(shared_child, NULL);
	close(shared_fd);
}

IGT_MAIN(NULL,
	{ "master-drop-set-root", master_drop_set_root },
	{ "master-drop-set-user", master_drop_set_user },
	{ "master-drop-set-shared-fd", master_drop_set_shared_fd },
)
