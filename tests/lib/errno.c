// SPDX-License-Identifier: MIT
/*
 * errno names as the tools print them and take them; see vgh.h.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "vgh.h"

static const struct {
	const char *name;
	int err;
} names[] = {
	{ "0", 0 }, { "EPERM", EPERM }, { "ENOENT", ENOENT }, { "EIO", EIO },
	{ "EBADF", EBADF }, { "ENOMEM", ENOMEM }, { "EACCES", EACCES },
	{ "EFAULT", EFAULT }, { "EBUSY", EBUSY }, { "EEXIST", EEXIST },
	{ "ENODEV", ENODEV }, { "EINVAL", EINVAL }, { "ENOSPC", ENOSPC },
	{ "ERANGE", ERANGE }, { "ENOSYS", ENOSYS }, { "EPROTO", EPROTO },
	{ "EOPNOTSUPP", EOPNOTSUPP }, { "ETIMEDOUT", ETIMEDOUT },
	{ "E2BIG", E2BIG }, { "EOVERFLOW", EOVERFLOW },
};

#define N_NAMES (sizeof(names) / sizeof(names[0]))

const char *vgh_errno_name(int err)
{
	static char other[16];
	size_t i;

	for (i = 0; i < N_NAMES; i++)
		if (names[i].err == err)
			return names[i].name;
	snprintf(other, sizeof(other), "errno%d", err);
	return other;
}

int vgh_errno_value(const char *name)
{
	size_t i;

	for (i = 0; i < N_NAMES; i++)
		if (!strcmp(names[i].name, name))
			return names[i].err;
	return -1;
}
