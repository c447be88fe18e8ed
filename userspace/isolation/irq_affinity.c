// SPDX-License-Identifier: GPL-2.0
#include "isolation/irq_affinity.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/host_file.h"

#define PROC_IRQ	"/proc/irq"

struct irq_pass {
	const char *root;
	struct isolation_state *state;
	const struct cpus *isolated;
	const struct cpus *online;
	unsigned int moved;
	unsigned int restored;
	unsigned int *refused;		/* IRQs the kernel would not move */
	size_t nr_refused;
};

static void affinity_path(unsigned int irq, char *buf, size_t buflen)
{
	snprintf(buf, buflen, PROC_IRQ "/%u/smp_affinity_list", irq);
}

static int note_refused(struct irq_pass *pass, unsigned int irq)
{
	unsigned int *refused;

	refused = realloc(pass->refused, (pass->nr_refused + 1) * sizeof(*refused));
	if (!refused)
		return -ENOMEM;
	refused[pass->nr_refused++] = irq;
	pass->refused = refused;
	return 0;
}

static int bring_in_line(struct irq_pass *pass, unsigned int irq)
{
	const char *saved = isolation_state_irq(pass->state, irq);
	char path[64], current_text[CPUS_LIST_MAX], wanted_text[CPUS_LIST_MAX];
	struct cpus current, original, wanted;
	char problem[128];
	bool restoring = false;
	int err;

	/* Nothing to keep off and nothing to put back: leave it unread. */
	if (!saved && cpus_is_empty(pass->isolated))
		return 0;
	affinity_path(irq, path, sizeof(path));
	err = host_file_read(pass->root, path, current_text, sizeof(current_text));
	if (err == -ENOENT)
		return 0;	/* gone since the directory was listed */
	if (err || cpus_parse(current_text, &current, problem, sizeof(problem)))
		return note_refused(pass, irq);

	if (saved) {
		/* Validated when the state was read. */
		cpus_parse(saved, &original, problem, sizeof(problem));
		if (!cpus_intersect(&original, pass->isolated)) {
			restoring = true;
			snprintf(wanted_text, sizeof(wanted_text), "%s", saved);
		} else {
			cpus_avoiding(&original, pass->isolated, pass->online, &wanted);
			cpus_format(&wanted, wanted_text, sizeof(wanted_text));
		}
	} else {
		if (!cpus_intersect(&current, pass->isolated))
			return 0;
		cpus_avoiding(&current, pass->isolated, pass->online, &wanted);
		cpus_format(&wanted, wanted_text, sizeof(wanted_text));
	}

	if (strcmp(wanted_text, current_text) != 0) {
		err = host_file_write(pass->root, path, wanted_text);
		if (err)
			return note_refused(pass, irq);
		if (restoring)
			pass->restored++;
		else
			pass->moved++;
	}

	if (restoring)
		isolation_state_forget_irq(pass->state, irq);
	else if (!saved)
		return isolation_state_save_irq(pass->state, irq, current_text);
	return 0;
}

/* Saved originals of IRQs that are gone (their device was removed) cannot be restored. */
static void forget_vanished(struct irq_pass *pass)
{
	char path[64], full[PATH_MAX];
	size_t i = 0;

	while (i < pass->state->nr_irqs) {
		unsigned int irq = pass->state->irqs[i].irq;

		affinity_path(irq, path, sizeof(path));
		if (host_path(pass->root, path, full, sizeof(full)) &&
		    access(full, F_OK) < 0 && errno == ENOENT)
			isolation_state_forget_irq(pass->state, irq);
		else
			i++;
	}
}

static int is_irq_directory(const struct dirent *entry)
{
	const char *c;

	for (c = entry->d_name; isdigit((unsigned char)*c); c++)
		;
	return c != entry->d_name && *c == '\0';
}

static enum isolation_result print_summary(const struct irq_pass *pass, FILE *out)
{
	char isolated[CPUS_DESCRIPTION_MAX];
	const char *separator = "";
	size_t i;

	cpus_describe(pass->isolated, isolated, sizeof(isolated));
	fputs("irqs: ", out);
	if (pass->moved) {
		fprintf(out, "moved %u IRQ%s off %s", pass->moved,
			pass->moved == 1 ? "" : "s", isolated);
		separator = "; ";
	}
	if (pass->restored) {
		fprintf(out, "%srestored %u IRQ%s", separator, pass->restored,
			pass->restored == 1 ? "" : "s");
		separator = "; ";
	}
	if (pass->nr_refused) {
		fprintf(out, "%s%zu cannot move:", separator, pass->nr_refused);
		for (i = 0; i < pass->nr_refused; i++)
			fprintf(out, "%s %u", i ? "," : "", pass->refused[i]);
		separator = "; ";
	}
	if (!*separator) {
		if (cpus_is_empty(pass->isolated))
			fputs("nothing to restore", out);
		else
			fprintf(out, "every IRQ is off %s already", isolated);
	}
	fputc('\n', out);
	if (pass->nr_refused)
		return ISOLATION_FAILED;
	return pass->moved || pass->restored ? ISOLATION_DONE : ISOLATION_UNCHANGED;
}

enum isolation_result
irq_affinity_isolate(const char *root, struct isolation_state *state,
		     const struct cpus *isolated, const struct cpus *online,
		     FILE *out, int *error)
{
	struct irq_pass pass = {
		.root = root,
		.state = state,
		.isolated = isolated,
		.online = online,
	};
	struct dirent **entries;
	char dir[PATH_MAX];
	enum isolation_result result = ISOLATION_FAILED;
	int i, nr_entries, err = 0;

	if (!host_path(root, PROC_IRQ, dir, sizeof(dir))) {
		*error = -ENAMETOOLONG;
		return ISOLATION_FAILED;
	}
	/* versionsort: numeric order, so that the summary lists IRQs in order. */
	nr_entries = scandir(dir, &entries, is_irq_directory, versionsort);
	if (nr_entries < 0) {
		fprintf(out, "irqs: cannot list %s (%s); skipped\n", PROC_IRQ,
			strerror(errno));
		*error = 0;
		return ISOLATION_SKIPPED;
	}
	for (i = 0; i < nr_entries; i++) {
		if (!err)
			err = bring_in_line(&pass, (unsigned int)strtoul(entries[i]->d_name,
									 NULL, 10));
		free(entries[i]);
	}
	free(entries);
	if (!err) {
		forget_vanished(&pass);
		result = print_summary(&pass, out);
	}
	free(pass.refused);
	*error = err;
	return result;
}
