// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * vgh-kms-uevent: wait for a kernel uevent, the way a display server
 * learns about hotplug: a NETLINK_KOBJECT_UEVENT socket on the kernel's
 * multicast group.
 *
 * usage: vgh-kms-uevent [-t SECONDS] [-s SUBSYSTEM] [-k KEY=VALUE] [-x COMMAND]
 *
 * Listens first, then runs COMMAND with sh (so that the event it causes
 * cannot be missed), then waits at most SECONDS (default 5) for a uevent
 * of SUBSYSTEM (default drm) carrying KEY=VALUE (default HOTPLUG=1).
 * Prints the matching uevent, one KEY=VALUE per line. Exits 0 when one
 * came, 1 when none did (or COMMAND failed), 2 on an error.
 */
#include <errno.h>
#include <linux/netlink.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vgh.h"

/* Whether the NUL-separated fields of a uevent contain exactly @field. */
static int has_field(const char *buf, size_t len, const char *field)
{
	size_t i = 0;

	while (i < len) {
		if (!strcmp(buf + i, field))
			return 1;
		i += strlen(buf + i) + 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *cmd = NULL, *key = "HOTPLUG=1", *subsystem = "drm";
	struct sockaddr_nl addr = {
		.nl_family = AF_NETLINK, .nl_groups = 1,	/* kernel events */
	};
	char want_subsys[64], buf[8192];
	double timeout = 5, deadline;
	int opt, sock, rc, seen = 0;

	while ((opt = getopt(argc, argv, "t:s:k:x:")) != -1) {
		switch (opt) {
		case 't':
			timeout = atof(optarg);
			break;
		case 's':
			subsystem = optarg;
			break;
		case 'k':
			key = optarg;
			break;
		case 'x':
			cmd = optarg;
			break;
		default:
			fprintf(stderr, "usage: %s [-t SECONDS] [-s SUBSYSTEM] [-k KEY=VALUE] [-x COMMAND]\n",
				argv[0]);
			return 2;
		}
	}
	snprintf(want_subsys, sizeof(want_subsys), "SUBSYSTEM=%s", subsystem);

	sock = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC,
		      NETLINK_KOBJECT_UEVENT);
	if (sock < 0) {
		perror("vgh-kms-uevent: socket(NETLINK_KOBJECT_UEVENT)");
		return 2;
	}
	if (bind(sock, (struct sockaddr *)&addr, sizeof(addr))) {
		perror("vgh-kms-uevent: bind");
		return 2;
	}
	if (cmd) {
		fflush(stdout);
		rc = system(cmd);
		if (rc == -1 || !WIFEXITED(rc) || WEXITSTATUS(rc)) {
			fprintf(stderr, "vgh-kms-uevent: command failed: %s\n", cmd);
			return 1;
		}
	}

	deadline = vgh_now_us() / 1e6 + timeout;
	while (!seen) {
		struct pollfd p = { .fd = sock, .events = POLLIN };
		double left = deadline - vgh_now_us() / 1e6;
		ssize_t n;

		if (left <= 0)
			break;
		rc = poll(&p, 1, (int)(left * 1000) + 1);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0) {
			perror("vgh-kms-uevent: poll");
			return 2;
		}
		if (!rc)
			break;
		n = recv(sock, buf, sizeof(buf) - 1, 0);
		if (n <= 0)
			continue;
		buf[n] = '\0';
		/* Userspace (udev) messages start "libudev"; kernel ones "ACTION@DEVPATH". */
		if (!strchr(buf, '@'))
			continue;
		if (has_field(buf, n, want_subsys) && has_field(buf, n, key)) {
			size_t i = strlen(buf) + 1;

			while (i < (size_t)n) {
				printf("%s\n", buf + i);
				i += strlen(buf + i) + 1;
			}
			seen = 1;
		}
	}
	close(sock);
	if (!seen) {
		printf("no uevent with %s and %s within %g s\n", want_subsys, key,
		       timeout);
		return 1;
	}
	return 0;
}
