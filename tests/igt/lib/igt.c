// SPDX-License-Identifier: MIT
/*
 * Subtest runner for the IGT-style tests: options, KTAP output, one forked
 * child per subtest, skip and failure reporting.
 */
#include <grp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "igt.h"

#define EXIT_SKIP 77
#define REASON_SIZE 512

static const char *current;
static char *reason;		/* shared with the children */
static pid_t signal_helper;

const char *igt_subtest_name(void)
{
	return current;
}

double igt_time_scale(void)
{
	const char *s = getenv("VGH_IGT_TIME_SCALE");
	double v = s ? atof(s) : 1.0;

	return v > 0 ? v : 1.0;
}

uint64_t igt_now_us(void)
{
	return vgh_now_ns() / 1000;
}

double igt_now(void)
{
	return igt_now_us() / 1e6;
}

static void vmessage(const char *prefix, const char *fmt, va_list ap)
{
	char buf[1024];
	char *line, *save = NULL;

	vsnprintf(buf, sizeof(buf), fmt, ap);
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		printf("# %s%s\n", prefix, line);
	fflush(stdout);
}

void igt_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage("", fmt, ap);
	va_end(ap);
}

void igt_fail_at(const char *file, int line, const char *func, const char *fmt, ...)
{
	const char *base = strrchr(file, '/');
	char prefix[256];
	va_list ap;

	snprintf(prefix, sizeof(prefix), "FAIL %s:%d %s(): ", base ? base + 1 : file,
		 line, func);
	va_start(ap, fmt);
	vmessage(prefix, fmt, ap);
	va_end(ap);
	igt_stop_signal_helper();
	_exit(1);
}

void igt_skip(const char *fmt, ...)
{
	va_list ap;

	if (reason) {
		va_start(ap, fmt);
		vsnprintf(reason, REASON_SIZE, fmt, ap);
		va_end(ap);
		reason[strcspn(reason, "\n")] = 0;
	}
	igt_stop_signal_helper();
	fflush(stdout);
	_exit(EXIT_SKIP);
}

static void on_signal(int sig)
{
	(void)sig;
}

void igt_fork_signal_helper(void)
{
	struct sigaction sa = { .sa_handler = on_signal };
	pid_t parent = getpid();

	sigemptyset(&sa.sa_mask);
	/* interrupted syscalls restart; ioctls see -ERESTARTSYS paths */
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	signal_helper = fork();
	if (signal_helper < 0)
		igt_fail("fork: %s", strerror(errno));
	if (signal_helper == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		/* IGT's rate: a signal every 2 ms for the whole subtest */
		for (;;) {
			usleep(2000);
			if (kill(parent, SIGUSR1))
				_exit(0);
		}
	}
}

void igt_stop_signal_helper(void)
{
	if (signal_helper > 0) {
		kill(signal_helper, SIGKILL);
		waitpid(signal_helper, NULL, 0);
		signal_helper = 0;
	}
}

void igt_drop_root(void)
{
	igt_assert(setgroups(0, NULL) == 0);
	igt_assert(setgid(65534) == 0);
	igt_assert(setuid(65534) == 0);
	igt_assert(getuid() == 65534);
}

void igt_fork_run(void (*fn)(void *), void *arg)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	igt_assert(pid >= 0);
	if (pid == 0) {
		signal_helper = 0;
		fn(arg);
		fflush(stdout);
		_exit(0);
	}
	igt_assert(waitpid(pid, &status, 0) == pid);
	if (WIFEXITED(status) && WEXITSTATUS(status) == EXIT_SKIP)
		igt_skip("%s", reason ? reason : "child skipped");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		igt_fail("child process failed (status %#x)", status);
}

/* --run-subtest patterns: comma-separated, '*' matches any run of chars */
static bool glob_match(const char *pat, const char *s)
{
	if (!*pat)
		return !*s;
	if (*pat == '*')
		return glob_match(pat + 1, s) || (*s && glob_match(pat, s + 1));
	return *s == *pat && glob_match(pat + 1, s + 1);
}

static bool selected(const char *filter, const char *name)
{
	char buf[1024], *tok, *save = NULL;

	if (!filter)
		return true;
	snprintf(buf, sizeof(buf), "%s", filter);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
		if (glob_match(tok, name))
			return true;
	return false;
}

enum result { PASS, FAIL, SKIP };

/*
 * Kill what a subtest left behind (helpers, forks) and wait until it is
 * gone, its DRM files closed, before the next subtest opens the device.
 * The runner is their subreaper, so they are its children by now.
 */
static void reap_group(pid_t pgid)
{
	kill(-pgid, SIGKILL);
	while (waitpid(-pgid, NULL, 0) > 0 || errno == EINTR)
		;
}

static enum result run_one(const struct igt_subtest *t, void (*fixture)(void),
			   int timeout_s)
{
	uint64_t deadline = igt_now_us() + (uint64_t)timeout_s * 1000000;
	int status = 0;
	pid_t pid;

	reason[0] = 0;
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		printf("# fork: %s\n", strerror(errno));
		return FAIL;
	}
	if (pid == 0) {
		current = t->name;
		setpgid(0, 0);
		if (fixture)
			fixture();
		t->run();
		igt_stop_signal_helper();
		fflush(stdout);
		_exit(0);
	}
	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid)
			break;
		if (r < 0 && errno != EINTR) {
			printf("# waitpid: %s\n", strerror(errno));
			return FAIL;
		}
		if (igt_now_us() > deadline) {
			printf("# FAIL timeout: subtest still running after %d s, killed\n",
			       timeout_s);
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			reap_group(pid);
			return FAIL;
		}
		usleep(10000);
	}
	reap_group(pid);
	if (WIFSIGNALED(status)) {
		printf("# FAIL killed by signal %d (%s)\n", WTERMSIG(status),
		       strsignal(WTERMSIG(status)));
		return FAIL;
	}
	if (WEXITSTATUS(status) == EXIT_SKIP)
		return SKIP;
	return WEXITSTATUS(status) ? FAIL : PASS;
}

static void usage(const char *binary, const struct igt_subtest *tests, size_t count)
{
	size_t i;

	fprintf(stderr,
		"usage: %s [--list-subtests] [--run-subtest NAME[,NAME...]]\n"
		"NAME may contain '*'. Environment: VGH_IGT_TIME_SCALE (test\n"
		"durations), VGH_IGT_TIMEOUT (seconds per subtest, default 300),\n"
		"VGH_IGT_DEVICE (default /dev/dri/card0).\nSubtests:\n", binary);
	for (i = 0; i < count; i++)
		fprintf(stderr, "  %s\n", tests[i].name);
}

int igt_run(int argc, char **argv, const char *source,
	    const struct igt_subtest *tests, size_t count, void (*fixture)(void))
{
	const char *filter = NULL, *base = strrchr(source, '/');
	char binary[128];
	size_t i, n = 0, planned = 0;
	int failed = 0, timeout_s;
	bool list = false;

	snprintf(binary, sizeof(binary), "%s", base ? base + 1 : source);
	binary[strcspn(binary, ".")] = 0;
	for (i = 1; i < (size_t)argc; i++) {
		if (!strcmp(argv[i], "--list-subtests")) {
			list = true;
		} else if (!strcmp(argv[i], "--run-subtest") && i + 1 < (size_t)argc) {
			filter = argv[++i];
		} else if (!strncmp(argv[i], "--run-subtest=", 14)) {
			filter = argv[i] + 14;
		} else {
			usage(binary, tests, count);
			return 2;
		}
	}
	if (list) {
		for (i = 0; i < count; i++)
			if (selected(filter, tests[i].name))
				printf("%s\n", tests[i].name);
		return 0;
	}
	for (i = 0; i < count; i++)
		planned += selected(filter, tests[i].name);
	if (filter && !planned) {
		fprintf(stderr, "%s: no subtest matches '%s'\n", binary, filter);
		return 2;
	}
	timeout_s = getenv("VGH_IGT_TIMEOUT") ? atoi(getenv("VGH_IGT_TIMEOUT")) : 300;
	if (timeout_s <= 0)
		timeout_s = 300;
	reason = mmap(NULL, REASON_SIZE, PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (reason == MAP_FAILED) {
		perror("mmap");
		return 2;
	}
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("KTAP version 1\n1..%zu\n", planned);
	for (i = 0; i < count; i++) {
		enum result r;

		if (!selected(filter, tests[i].name))
			continue;
		n++;
		printf("# starting %s@%s\n", binary, tests[i].name);
		r = run_one(&tests[i], fixture, timeout_s);
		if (r == SKIP)
			printf("ok %zu %s@%s # SKIP %s\n", n, binary, tests[i].name,
			       reason[0] ? reason : "skipped");
		else
			printf("%s %zu %s@%s\n", r == PASS ? "ok" : "not ok", n, binary,
			       tests[i].name);
		failed += r == FAIL;
	}
	return failed ? 1 : 0;
}
