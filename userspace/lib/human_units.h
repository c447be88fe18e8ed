/* SPDX-License-Identifier: GPL-2.0 */
/* Sizes and durations written the way people read them in messages. */
#ifndef VTJOBCTL_HUMAN_UNITS_H
#define VTJOBCTL_HUMAN_UNITS_H

#include <stddef.h>
#include <stdint.h>

#define KIB	(UINT64_C(1) << 10)
#define MIB	(UINT64_C(1) << 20)
#define GIB	(UINT64_C(1) << 30)

/* Room for any text the functions below write. */
#define HUMAN_TEXT_MAX	32

/*
 * @bytes in the largest binary unit that divides it exactly: "64 MiB",
 * "100 KiB", "4097 bytes". Exact, so that a size that is refused is
 * never shown as one that would be accepted.
 */
void human_size(uint64_t bytes, char *buf, size_t buflen);

/* @ns as seconds, with no more digits than it has: "0.5 s", "120 s". */
void human_seconds(uint64_t ns, char *buf, size_t buflen);

#endif /* VTJOBCTL_HUMAN_UNITS_H */
