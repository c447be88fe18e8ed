// SPDX-License-Identifier: GPL-2.0
/*
 * distcc with every compile a job, in the Bochs VM with one CPU reserved:
 * distccd on the loopback address, as a build farm host runs it (started
 * as root, it becomes uid 65534, whose group /dev/vtjob is given to, as
 * the udev rule gives it to group vtjob), with the vtjob-distcc launchers
 * first on its PATH, Debian's /usr/lib/distcc as its whitelist, --jobs 1
 * for the one reserved CPU and a temporary directory of its own; then `make -j3
 * CC='distcc gcc'` of examples/build from another directory, with distcc's
 * local fallback off. Every compile distccd ran must be a job tree on the
 * reserved CPU (`vtjobctl monitor --json` saw a job start there with the
 * pid distccd logged for it, and as many jobs as gcc, cc1 and as make),
 * and the objects, archive and program must be byte-identical to a local
 * native build's. Runs as root with the module loadable;
 * VTJOB_BUILD_PROJECT names another copy of the project.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "lib/clock.h"
#include "lib/compare.h"
#include "lib/cpus.h"
#include "lib/fixture.h"
#include "lib/json.h"
#include "lib/module.h"
#include "lib/run.h"

#define WORK		"/tmp/distcc_test"
#define NATIVE		WORK "/native"
#define CLIENT		WORK "/client"
/* distccd's own: its log and temporary directory, writable by its user. */
#define SERVER		WORK "/server"
#define SERVER_LOG	SERVER "/distccd.log"
#define SERVER_TMP	SERVER "/tmp"
#define MONITOR_OUT	WORK "/monitor.json"
#define LAUNCHERS	"/usr/lib/vtjob-distcc"
/* distcc's own port, as a number and as a word of a command line. */
#define PORT		3632
#define PORT_TEXT	"3632"
/* Who distccd becomes when root starts it and there is no user distcc. */
#define DISTCCD_UID	65534
#define OBJECTS		"main.o table.o sort.o checksum.o"
#define NR_COMPILES	4
/* Debian's dash: busybox sh, the image's /bin/sh, would run its own ar. */
#define MAKE_SHELL	"/vtjob/debian/dash"
#define RUN_PROGRAM	"./wordstat 8 < main.c"

static const char *project_dir(void)
{
	const char *dir = getenv("VTJOB_BUILD_PROJECT");

	return dir && *dir ? dir : "/vtjob/build";
}

/* Until @path holds @text, for at most @timeout_s. */
static bool wait_for_text(const char *path, const char *text, double timeout_s)
{
	double deadline = vtj_now_s() + timeout_s;
	char buf[4096];

	do {
		FILE *file = fopen(path, "r");
		size_t len = 0;

		if (file) {
			len = fread(buf, 1, sizeof(buf) - 1, file);
			fclose(file);
		}
		buf[len] = '\0';
		if (strstr(buf, text))
			return true;
		usleep(100 * 1000);
	} while (vtj_now_s() < deadline);
	return false;
}

/* Until something accepts on 127.0.0.1:@port, for at most @timeout_s. */
static bool wait_for_listener(int port, double timeout_s)
{
	struct sockaddr_in addr = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	double deadline = vtj_now_s() + timeout_s;

	do {
		int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		int ret = fd < 0 ? -1 : connect(fd, (struct sockaddr *)&addr, sizeof(addr));

		if (fd >= 0)
			close(fd);
		if (!ret)
			return true;
		usleep(200 * 1000);
	} while (vtj_now_s() < deadline);
	return false;
}

static char *read_file(const char *path)
{
	char *out = NULL, command[256];

	snprintf(command, sizeof(command), "cat %s", path);
	vtj_run(command, &out);
	return out ? out : strdup("");
}

FIXTURE(distcc) {
	struct vtj_output native;
	struct vtj_output client;
	pid_t monitor;
	pid_t server;		/* distccd, leader of a process group of its own */
	mode_t dev_mode;
	gid_t dev_gid;
	bool ready;
};

FIXTURE_SETUP(distcc)
{
	char command[1024];
	struct stat dev;

	memset(&self->native, 0, sizeof(self->native));
	memset(&self->client, 0, sizeof(self->client));
	self->monitor = self->server = -1;
	self->ready = false;
	VTJ_SETUP_JOB_CPU_1();
	snprintf(command, sizeof(command),
		 "rm -rf " WORK " && mkdir -p " SERVER_TMP " " WORK "/distcc-dir && "
		 "cp -a %s " NATIVE " && cp -a %s " CLIENT " && chown -R %d:%d " SERVER,
		 project_dir(), project_dir(), DISTCCD_UID, DISTCCD_UID);
	ASSERT_EQ(0, system(command));
	/* The loopback interface, which nothing in the VM brings up. */
	ASSERT_EQ(0, vtj_run_quietly("ip link set lo up"));
	/* /dev/vtjob to distccd's group, as the udev rule gives it to group vtjob. */
	ASSERT_EQ(0, stat("/dev/vtjob", &dev));
	self->dev_mode = dev.st_mode & 07777;
	self->dev_gid = dev.st_gid;
	ASSERT_EQ(0, chown("/dev/vtjob", 0, DISTCCD_UID));
	ASSERT_EQ(0, chmod("/dev/vtjob", 0660));
	self->ready = true;
}

FIXTURE_TEARDOWN(distcc)
{
	int status;

	/* distccd's children are in its group; SIGTERM to the group ends them all. */
	if (self->server > 0) {
		kill(-self->server, SIGTERM);
		if (vtj_wait_for(self->server, 30, &status)) {
			kill(-self->server, SIGKILL);
			waitpid(self->server, &status, 0);
		}
	}
	if (self->monitor > 0) {
		kill(self->monitor, SIGINT);
		waitpid(self->monitor, &status, 0);
	}
	if (self->ready) {
		chown("/dev/vtjob", 0, self->dev_gid);
		chmod("/dev/vtjob", self->dev_mode);
	}
	vtj_release("all");
	vtj_output_free(&self->native);
	vtj_output_free(&self->client);
	system("rm -rf " WORK);
}

/*
 * distccd as a farm host runs it: its own session and process group
 * (setsid), locked memory for job memory (RLIMIT_MEMLOCK, which it keeps
 * when it drops root), the launchers first on PATH, its own TMPDIR, --jobs
 * from the one reserved CPU, and debug logging, which names the
 * pid of every compiler it starts.
 */
static pid_t start_distccd(void)
{
	const struct rlimit unlimited = { RLIM_INFINITY, RLIM_INFINITY };
	char *argv[] = {
		"setsid", "env", "PATH=" LAUNCHERS ":/usr/bin:/bin", "TMPDIR=" SERVER_TMP,
		"VTJOB_DISTCC_TIMEOUT=1800", "distccd", "--daemon", "--no-detach",
		"--listen", "127.0.0.1", "--allow", "127.0.0.1", "--port", PORT_TEXT,
		"--jobs", "1", "--log-file", SERVER_LOG, "--log-level", "debug", NULL,
	};

	/* The test's own limit too, which nothing after it minds. */
	if (setrlimit(RLIMIT_MEMLOCK, &unlimited))
		return -1;
	return vtj_start(argv, WORK "/distccd.out", WORK "/distccd.out");
}

/* The pids distccd logged for the compilers it started, "child started as pidN". */
static int compiler_pids(const char *log, pid_t *pids, int max)
{
	static const char marker[] = "child started as pid";
	const char *at;
	int n = 0;

	for (at = strstr(log, marker); at && n < max; at = strstr(at + 1, marker))
		pids[n++] = atoi(at + strlen(marker));
	return n;
}

/*
 * The job-start events of `vtjobctl monitor --json`, one a line: how many
 * there are of @pid (any pid if 0), and how many of those on a CPU other
 * than @cpu.
 */
static int job_starts(const char *events, pid_t pid, long long cpu, int *elsewhere)
{
	const char *line = events;
	int n = 0;

	*elsewhere = 0;
	while (line && *line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		char one[1024];

		if (len < sizeof(one)) {
			memcpy(one, line, len);
			one[len] = '\0';
			if (strstr(one, "\"event\":\"job-start\"") &&
			    (!pid || vtj_json_number(one, "pid") == pid)) {
				n++;
				*elsewhere += vtj_json_number(one, "cpu") != cpu;
			}
		}
		line = end ? end + 1 : NULL;
	}
	return n;
}

static int count_of(const char *text, const char *what)
{
	int n = 0;

	for (text = strstr(text, what); text; text = strstr(text + 1, what))
		n++;
	return n;
}

/*
 * make -j3 CC='distcc gcc' in a client directory, every compile sent to
 * distccd on 127.0.0.1 and run there as a job; the link and ar stay local,
 * as distcc keeps them.
 */
TEST_F_TIMEOUT(distcc, compiles_are_jobs_and_match_native, 3600)
{
	char *monitor_argv[] = { "vtjobctl", "monitor", "--json", NULL };
	char *log, *events, *native_files, *client_files;
	int i, nr_pids, nr_jobs, elsewhere;
	pid_t pids[16];

	VTJ_NEEDS_SETUP();
	vtj_shell(&self->native, NATIVE, "make -j3 SHELL=" MAKE_SHELL);
	ASSERT_EQ(0, self->native.status);

	self->monitor = vtj_start(monitor_argv, MONITOR_OUT, NULL);
	ASSERT_LT(0, self->monitor);
	ASSERT_TRUE(wait_for_text(MONITOR_OUT, "listening", 60));
	self->server = start_distccd();
	ASSERT_LT(0, self->server);
	if (!wait_for_listener(PORT, 120)) {
		log = read_file(WORK "/distccd.out");
		TH_LOG("distccd does not listen: %s", log);
		free(log);
		ASSERT_TRUE(false);
	}

	/* No fallback to a local compile: a compile distccd refused fails the build. */
	vtj_shell(&self->client, CLIENT,
		  "DISTCC_HOSTS=127.0.0.1:" PORT_TEXT "/3 DISTCC_DIR=" WORK "/distcc-dir "
		  "DISTCC_FALLBACK=0 DISTCC_IO_TIMEOUT=1800 make -j3 SHELL=" MAKE_SHELL
		  " CC='distcc gcc'");
	log = read_file(SERVER_LOG);
	EXPECT_EQ(0, self->client.status) TH_LOG("distccd's log: %.3000s", log);
	EXPECT_STREQ(self->native.err, self->client.err);

	/* Every compile served by distccd, none refused or failed. */
	EXPECT_EQ(NR_COMPILES, count_of(log, " COMPILE_OK exit:0 "));
	nr_pids = compiler_pids(log, pids, 16);
	EXPECT_EQ(NR_COMPILES, nr_pids);

	/* Let the last events arrive, then read them all. */
	usleep(500 * 1000);
	kill(self->monitor, SIGINT);
	waitpid(self->monitor, NULL, 0);
	self->monitor = -1;
	events = read_file(MONITOR_OUT);
	/* Each compiler distccd started is the top of a job tree, on CPU 1. */
	for (i = 0; i < nr_pids; i++) {
		EXPECT_EQ(1, job_starts(events, pids[i], 1, &elsewhere))
			TH_LOG("no job started with pid %d", pids[i]);
		EXPECT_EQ(0, elsewhere);
	}
	/* gcc's driver, cc1 and as of every compile, each a job on the reserved CPU. */
	nr_jobs = job_starts(events, 0, 1, &elsewhere);
	fprintf(stderr, "# jobs started: %d\n", nr_jobs);
	EXPECT_LE(3 * NR_COMPILES, nr_jobs);
	EXPECT_EQ(0, elsewhere);

	native_files = vtj_files_left(NATIVE);
	client_files = vtj_files_left(CLIENT);
	EXPECT_NE(NULL, strstr(native_files, "./checksum.o\n"));
	EXPECT_STREQ(native_files, client_files);
	vtj_shell(&self->native, NATIVE, RUN_PROGRAM);
	vtj_shell(&self->client, CLIENT, RUN_PROGRAM);
	EXPECT_EQ(0, self->native.status);
	EXPECT_STREQ(self->native.out, self->client.out);

	free(native_files);
	free(client_files);
	free(events);
	free(log);
}

TEST_HARNESS_MAIN
