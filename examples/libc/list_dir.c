// SPDX-License-Identifier: GPL-2.0
/*
 * Lists a directory (argv[1], or the cwd) sorted by name, with each
 * entry's type and size: opendir/readdir (getdents64), fstatat, and the
 * cwd (getcwd) when given none. Exits 1 with the error when it cannot.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	char cwd[PATH_MAX], **names = NULL;
	const char *dir_path = argc > 1 ? argv[1] : ".";
	size_t count = 0, i;
	struct dirent *entry;
	DIR *dir;

	if (argc < 2 && !getcwd(cwd, sizeof(cwd)))
		return perror("getcwd"), 1;
	dir = opendir(dir_path);
	if (!dir) {
		fprintf(stderr, "list_dir: %s: %s\n", dir_path, strerror(errno));
		return 1;
	}
	while ((entry = readdir(dir))) {
		if (entry->d_name[0] == '.')
			continue;
		names = realloc(names, (count + 1) * sizeof(*names));
		names[count++] = strdup(entry->d_name);
	}
	qsort(names, count, sizeof(*names), by_name);
	for (i = 0; i < count; i++) {
		struct stat st;

		if (fstatat(dirfd(dir), names[i], &st, AT_SYMLINK_NOFOLLOW) < 0)
			printf("? %s\n", names[i]);
		else
			printf("%c %8lld %s\n", S_ISDIR(st.st_mode) ? 'd' : S_ISLNK(st.st_mode) ? 'l' : '-',
			       S_ISDIR(st.st_mode) ? 0LL : (long long)st.st_size, names[i]);
		free(names[i]);
	}
	free(names);
	closedir(dir);
	printf("%zu entries\n", count);
	return 0;
}
