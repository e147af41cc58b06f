// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * JSON writer, see json.h. Output follows RFC 8259: strings are escaped
 * and always valid UTF-8, whatever bytes they were given.
 */

#include <inttypes.h>
#include <stdlib.h>

#include "json.h"

#define NSRPCTL_JSON_INDENT 4

void nsrpctl_json_init(struct nsrpctl_json *j, FILE *f, bool pretty)
{
	j->f = f;
	j->pretty = pretty;
	j->depth = 0;
	j->has_members[0] = false;
}

static void nsrpctl_json_newline(struct nsrpctl_json *j)
{
	fputc('\n', j->f);
	fprintf(j->f, "%*s", (int)(j->depth * NSRPCTL_JSON_INDENT), "");
}

/*
 * Length of the well-formed UTF-8 sequence at @s, 0 if there is none.
 * Overlong forms, surrogates and code points above U+10FFFF are refused,
 * as a strict parser would refuse them.
 */
static unsigned int nsrpctl_utf8_len(const unsigned char *s)
{
	unsigned char lo = 0x80, hi = 0xbf;
	unsigned int n, i;

	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		if (s[0] == 0xe0)
			lo = 0xa0;
		else if (s[0] == 0xed)
			hi = 0x9f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		if (s[0] == 0xf0)
			lo = 0x90;
		else if (s[0] == 0xf4)
			hi = 0x8f;
	} else {
		return 0;
	}
	/* Only the second byte has the narrowed range; a NUL stops it. */
	for (i = 1; i < n; i++) {
		if (s[i] < lo || s[i] > hi)
			return 0;
		lo = 0x80;
		hi = 0xbf;
	}
	return n;
}

static void nsrpctl_json_quote(FILE *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	fputc('"', f);
	while (*s) {
		switch (*s) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			if (*s < 0x20 || *s == 0x7f) {
				/* DEL is legal JSON, but not nice on a tty. */
				fprintf(f, "\\u%04x", *s);
			} else if (*s < 0x80) {
				fputc(*s, f);
			} else {
				unsigned int n = nsrpctl_utf8_len(s);

				if (!n) {
					fputs("\\ufffd", f);
					break;
				}
				fwrite(s, 1, n, f);
				s += n;
				continue;
			}
			break;
		}
		s++;
	}
	fputc('"', f);
}

/* Separator, indentation and key before any value. */
static void nsrpctl_json_member(struct nsrpctl_json *j, const char *key)
{
	if (j->depth) {
		if (j->has_members[j->depth])
			fputc(',', j->f);
		if (j->pretty)
			nsrpctl_json_newline(j);
	}
	j->has_members[j->depth] = true;
	if (key) {
		nsrpctl_json_quote(j->f, key);
		fputs(j->pretty ? ": " : ":", j->f);
	}
}

static void nsrpctl_json_value_done(struct nsrpctl_json *j)
{
	if (!j->depth)
		fputc('\n', j->f);
}

static void nsrpctl_json_begin(struct nsrpctl_json *j, const char *key,
			       char open)
{
	nsrpctl_json_member(j, key);
	fputc(open, j->f);
	/* Nesting is fixed by the code, never by input: a bug if it trips. */
	if (j->depth + 1 >= NSRPCTL_JSON_MAX_DEPTH)
		abort();
	j->depth++;
	j->has_members[j->depth] = false;
}

static void nsrpctl_json_end(struct nsrpctl_json *j, char close)
{
	if (!j->depth)
		abort();
	j->depth--;
	if (j->pretty && j->has_members[j->depth + 1])
		nsrpctl_json_newline(j);
	fputc(close, j->f);
	nsrpctl_json_value_done(j);
}

void nsrpctl_json_begin_object(struct nsrpctl_json *j, const char *key)
{
	nsrpctl_json_begin(j, key, '{');
}

void nsrpctl_json_end_object(struct nsrpctl_json *j)
{
	nsrpctl_json_end(j, '}');
}

void nsrpctl_json_begin_array(struct nsrpctl_json *j, const char *key)
{
	nsrpctl_json_begin(j, key, '[');
}

void nsrpctl_json_end_array(struct nsrpctl_json *j)
{
	nsrpctl_json_end(j, ']');
}

void nsrpctl_json_string(struct nsrpctl_json *j, const char *key,
			 const char *val)
{
	nsrpctl_json_member(j, key);
	nsrpctl_json_quote(j->f, val);
	nsrpctl_json_value_done(j);
}

void nsrpctl_json_uint(struct nsrpctl_json *j, const char *key, uint64_t val)
{
	nsrpctl_json_member(j, key);
	fprintf(j->f, "%" PRIu64, val);
	nsrpctl_json_value_done(j);
}

void nsrpctl_json_bool(struct nsrpctl_json *j, const char *key, bool val)
{
	nsrpctl_json_member(j, key);
	fputs(val ? "true" : "false", j->f);
	nsrpctl_json_value_done(j);
}

/*
 * @units / 10^@places, written with exactly @places decimals: a time in
 * seconds with its microseconds, say, and no floating point rounding.
 */
void nsrpctl_json_decimal(struct nsrpctl_json *j, const char *key,
			  uint64_t units, unsigned int places)
{
	uint64_t scale = 1;
	unsigned int i;

	for (i = 0; i < places; i++)
		scale *= 10;
	nsrpctl_json_member(j, key);
	if (places)
		fprintf(j->f, "%" PRIu64 ".%0*" PRIu64, units / scale,
			(int)places, units % scale);
	else
		fprintf(j->f, "%" PRIu64, units);
	nsrpctl_json_value_done(j);
}
