// SPDX-License-Identifier: MIT
/*
 * The simulated host's (virtio-gpu-sim's) debugfs and sysfs files; see
 * vgh.h. The "state" file has a line "copied: N" and one line
 * "cmd NAME: N errors E" per command type.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vgh.h"

unsigned long long vgh_sim_param(const char *name)
{
	char path[128], text[32];
	unsigned long long v = 0;
	FILE *f;

	snprintf(path, sizeof(path), VGH_SIM_PARAMS "/%s", name);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (fgets(text, sizeof(text), f))
		v = text[0] == 'Y' ? 1 : strtoull(text, NULL, 0);
	fclose(f);
	return v;
}

int vgh_sim_sync(const char *dir)
{
	char path[256], text[16];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/sync", dir);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	n = read(fd, text, sizeof(text));
	close(fd);
	return n < 0 ? -errno : 0;
}

int vgh_sim_sync_file(const char *path)
{
	char dir[256];
	char *slash;
	int err;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (!slash)
		return 0;
	*slash = '\0';
	err = vgh_sim_sync(dir);
	return err == -ENOENT ? 0 : err;
}

/*
 * The state file of dir, open for reading once the device ran what was
 * queued before (vgh_sim_sync()), or NULL with errno set.
 */
static FILE *open_state(const char *dir)
{
	char path[256];
	int err = vgh_sim_sync(dir);

	if (err) {
		errno = -err;
		return NULL;
	}
	snprintf(path, sizeof(path), "%s/state", dir);
	return fopen(path, "r");
}

long long vgh_sim_cmds(const char *dir, const char *name)
{
	char line[256], want[96];
	long long n = -ENODATA, v;
	FILE *f = open_state(dir);

	if (!f)
		return -errno;
	snprintf(want, sizeof(want), "cmd %s: %%lld ", name);
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, want, &v) == 1) {
			n = v;
			break;
		}
	}
	fclose(f);
	return n;
}

int vgh_sim_counters(const char *dir, struct vgh_sim *s)
{
	char line[256], name[64];
	unsigned long long n, e;
	FILE *f = open_state(dir);

	memset(s, 0, sizeof(*s));
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "copied: %llu", &n) == 1) {
			s->copied = n;
			continue;
		}
		if (sscanf(line, "cmd %63[A-Z0-9_]: %llu errors %llu", name, &n, &e) != 3)
			continue;
		s->errors += e;
		if (!strcmp(name, "TRANSFER_TO_HOST_2D"))
			s->transfers = n;
		else if (!strcmp(name, "RESOURCE_FLUSH"))
			s->flushes = n;
		else if (!strcmp(name, "SET_SCANOUT"))
			s->set_scanouts = n;
		else if (!strcmp(name, "RESOURCE_CREATE_2D"))
			s->creates = n;
		else if (!strcmp(name, "RESOURCE_UNREF"))
			s->unrefs = n;
	}
	fclose(f);
	return 0;
}
