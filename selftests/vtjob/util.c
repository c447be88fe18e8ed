// SPDX-License-Identifier: GPL-2.0
#include <cpuid.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

const char *vtj_module_path(void)
{
	const char *path = getenv("VTJOB_KO");

	return path && *path ? path : "/vtjob/vtjob.ko";
}

int vtj_insmod(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int err = 0;

	if (fd < 0)
		return -errno;
	if (syscall(SYS_finit_module, fd, "", 0))
		err = -errno;
	close(fd);
	return err;
}

int vtj_rmmod(const char *name)
{
	return syscall(SYS_delete_module, name, O_NONBLOCK) ? -errno : 0;
}

bool vtj_module_loaded(const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), "/sys/module/%s/initstate", name);
	return access(path, F_OK) == 0;
}

int vtj_ensure_loaded(void)
{
	int err;

	if (vtj_module_loaded("vtjob"))
		return 0;
	err = vtj_insmod(vtj_module_path());
	return err == -EEXIST ? 0 : err;
}

int vtj_kmsg_open(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (lseek(fd, 0, SEEK_END) < 0) {
		close(fd);
		return -errno;
	}
	return fd;
}

char *vtj_kmsg_read(int fd)
{
	size_t len = 0, cap = 4096;
	char *text = malloc(cap);
	char record[8192];

	if (!text)
		return NULL;
	text[0] = '\0';
	for (;;) {
		ssize_t n = read(fd, record, sizeof(record) - 1);
		char *msg;
		size_t msg_len;

		if (n < 0 && errno == EPIPE)
			continue;	/* overwritten records: skip them */
		if (n <= 0)
			break;
		record[n] = '\0';
		/* "prio,seq,time,flags;message\n" followed by key=value lines */
		msg = strchr(record, ';');
		msg = msg ? msg + 1 : record;
		msg_len = strcspn(msg, "\n");
		if (len + msg_len + 2 > cap) {
			char *bigger;

			cap = 2 * (len + msg_len + 2);
			bigger = realloc(text, cap);
			if (!bigger) {
				free(text);
				return NULL;
			}
			text = bigger;
		}
		memcpy(text + len, msg, msg_len);
		len += msg_len;
		text[len++] = '\n';
		text[len] = '\0';
	}
	return text;
}

char *vtj_read_file(const char *path)
{
	size_t len = 0, cap = 4096;
	char *text;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	text = malloc(cap);
	while (text) {
		ssize_t n = read(fd, text + len, cap - len - 1);

		if (n < 0) {
			free(text);
			text = NULL;
			break;
		}
		if (n == 0) {
			text[len] = '\0';
			break;
		}
		len += n;
		if (cap - len < 2) {
			char *bigger = realloc(text, cap * 2);

			if (!bigger)
				free(text);
			text = bigger;
			cap *= 2;
		}
	}
	close(fd);
	return text;
}

int vtj_write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;
	int err = 0;

	if (fd < 0)
		return -errno;
	n = write(fd, text, strlen(text));
	if (n < 0)
		err = -errno;
	else if ((size_t)n != strlen(text))
		err = -EIO;
	close(fd);
	return err;
}

int vtj_run(const char *command, char **output)
{
	char *full;
	size_t len = 0;
	FILE *out = open_memstream(output, &len);
	FILE *pipe;
	char buf[4096];
	size_t n;
	int status;

	if (!out || asprintf(&full, "%s 2>&1", command) < 0)
		return -1;
	pipe = popen(full, "r");
	free(full);
	if (!pipe) {
		fclose(out);
		return -1;
	}
	while ((n = fread(buf, 1, sizeof(buf), pipe)) > 0)
		fwrite(buf, 1, n, out);
	status = pclose(pipe);
	fclose(out);
	if (status < 0 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

long vtj_meminfo_kb(const char *field)
{
	char *info = vtj_read_file("/proc/meminfo");
	size_t field_len = strlen(field);
	long kb = -1;
	char *line;

	for (line = info; line && *line; line = strchr(line, '\n')) {
		if (*line == '\n')
			line++;
		if (!strncmp(line, field, field_len) && line[field_len] == ':') {
			kb = strtol(line + field_len + 1, NULL, 10);
			break;
		}
	}
	free(info);
	return kb;
}

long vtj_free_kb(void)
{
	char *zoneinfo = vtj_read_file("/proc/zoneinfo"), *line;
	long free_kb = vtj_meminfo_kb("MemFree"), pcp_pages = 0;

	if (!zoneinfo || free_kb < 0) {
		free(zoneinfo);
		return -1;
	}
	/* Each CPU's pageset of each zone: "              count: N". */
	for (line = strstr(zoneinfo, "count:"); line;
	     line = strstr(line + 1, "count:"))
		pcp_pages += strtol(line + strlen("count:"), NULL, 10);
	free(zoneinfo);
	return free_kb + pcp_pages * (sysconf(_SC_PAGESIZE) / 1024);
}

bool vtj_cpu_has_vmx(void)
{
	unsigned int eax, ebx, ecx, edx;

	/* CPUID.1:ECX bit 5 */
	return __get_cpuid(1, &eax, &ebx, &ecx, &edx) && (ecx & (1U << 5));
}
