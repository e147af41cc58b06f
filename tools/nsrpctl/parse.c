// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * Argument parsing shared by the commands: keyword tables and strict
 * numbers, decimal and, where asked for, hex.
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

int nsrpctl_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * As nsrpctl_parse_uint(), but "0x" or "0X" and hex digits are taken too:
 * EtherTypes, for one, are written in hex by everyone. A leading 0 alone
 * stays decimal ("0600" is 600): octal would only surprise.
 */
int nsrpctl_parse_xuint(const char *s, uint64_t min, uint64_t max,
			uint64_t *val)
{
	uint64_t v = 0;
	bool range = false;

	if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return nsrpctl_parse_uint(s, min, max, val);
	s += 2;
	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		int d = nsrpctl_hex_digit(*s);

		if (d < 0)
			return -EINVAL;
		if (v > UINT64_MAX >> 4)
			range = true;
		else
			v = v << 4 | (unsigned int)d;
	}
	if (range || v < min || v > max)
		return -ERANGE;
	*val = v;
	return 0;
}

/*
 * Parse the value @s of @what (NULL if the line ended) as @syn says, or
 * report bad usage naming the accepted values.
 */
int nsrpctl_parse_num_arg(const struct nsrpctl_cmd *cmd, const char *what,
			  const char *s, const struct nsrpctl_num_syntax *syn,
			  uint32_t *val)
{
	char expected[64];
	uint64_t v;
	int err;

	if (syn->hex)
		snprintf(expected, sizeof(expected), "0x%04x..0x%04x",
			 syn->min, syn->max);
	else
		snprintf(expected, sizeof(expected), "%u..%u", syn->min,
			 syn->max);
	if (syn->zero)
		snprintf(expected + strlen(expected),
			 sizeof(expected) - strlen(expected), " or %s",
			 syn->zero);

	if (!s)
		return nsrpctl_usage(cmd, "%s: missing value (expected %s)",
				     what, expected);
	if (syn->zero && !strcmp(s, syn->zero)) {
		*val = 0;
		return 0;
	}
	if (syn->hex)
		err = nsrpctl_parse_xuint(s, syn->min, syn->max, &v);
	else
		err = nsrpctl_parse_uint(s, syn->min, syn->max, &v);
	if (err == -EINVAL)
		return nsrpctl_usage(cmd,
				     "%s: '%s' is not a %s number (expected %s)",
				     what, s, syn->hex ? "hex (0x...) or decimal" :
				     "decimal", expected);
	if (err)
		return nsrpctl_usage(cmd,
				     "%s: %s is out of range (expected %s)",
				     what, s, expected);
	*val = (uint32_t)v;
	return 0;
}

int nsrpctl_parse_u32_arg(const struct nsrpctl_cmd *cmd, const char *what,
			  const char *s, uint32_t min, uint32_t max,
			  uint32_t *val)
{
	const struct nsrpctl_num_syntax syn = { min, max, false, NULL };

	return nsrpctl_parse_num_arg(cmd, what, s, &syn, val);
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
