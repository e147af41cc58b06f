// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * Argument parsing shared by the commands: keyword tables and strict
 * decimal numbers.
 */

#include <errno.h>
#include <string.h>

#include "nsrpctl.h"

/*
 * Keywords match exactly (NSRPCTL_KW_FIND). iproute2 accepts unambiguous
 * prefixes, but a prefix that is unambiguous today becomes ambiguous when
 * a later release adds a keyword, and scripts written against the old one
 * then break.
 */

/* Append @word to the list in @buf, truncating safely. */
void nsrpctl_join(char *buf, size_t len, size_t *used, const char *sep,
		  const char *word)
{
	int r;

	if (*used >= len)
		return;
	r = snprintf(buf + *used, len - *used, "%s%s", *used ? sep : "", word);
	if (r > 0)
		*used += (size_t)r;
}

/*
 * Decimal only: no sign, no blanks, no "0x", nothing after the digits.
 * strtoul() would quietly take " +12", "0x10" (with base 0) or "-1"
 * (as ULONG_MAX) and the kernel would then get a value nobody typed.
 * Returns 0, -EINVAL for something that is not a number, -ERANGE for a
 * number outside min..max.
 */
int nsrpctl_parse_uint(const char *s, uint64_t min, uint64_t max,
		       uint64_t *val)
{
	uint64_t v = 0;
	bool range = false;

	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		unsigned int d;

		if (*s < '0' || *s > '9')
			return -EINVAL;
		d = (unsigned int)(*s - '0');
		/* Keep scanning after an overflow: junk beats range. */
		if (v > (UINT64_MAX - d) / 10)
			range = true;
		else
			v = v * 10 + d;
	}
	if (range || v < min || v > max)
		return -ERANGE;
	*val = v;
	return 0;
}

int nsrpctl_parse_u32_arg(const struct nsrpctl_cmd *cmd, const char *what,
			  const char *s, uint32_t min, uint32_t max,
			  uint32_t *val)
{
	uint64_t v;
	int err;

	if (!s)
		return nsrpctl_usage(cmd,
				     "%s: missing value (expected %u..%u)",
				     what, min, max);
	err = nsrpctl_parse_uint(s, min, max, &v);
	if (err == -EINVAL)
		return nsrpctl_usage(cmd,
				     "%s: '%s' is not a decimal number (expected %u..%u)",
				     what, s, min, max);
	if (err)
		return nsrpctl_usage(cmd,
				     "%s: %s is out of range (expected %u..%u)",
				     what, s, min, max);
	*val = (uint32_t)v;
	return 0;
}

static const struct nsrpctl_onoff {
	const char *name;
	bool on;
} nsrpctl_onoff_kws[] = {
	{ "on", true },
	{ "off", false },
};

int nsrpctl_parse_onoff(const struct nsrpctl_cmd *cmd, const char *what,
			const char *s, bool *val)
{
	const struct nsrpctl_onoff *kw;

	if (!s)
		return nsrpctl_usage(cmd, "%s: missing value (expected on or off)",
				     what);
	kw = NSRPCTL_KW_FIND(nsrpctl_onoff_kws, s);
	if (!kw)
		return nsrpctl_usage(cmd, "%s: invalid value '%s' (expected on or off)",
				     what, s);
	*val = kw->on;
	return 0;
}
