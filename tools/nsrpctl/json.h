/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * A small streaming JSON writer: values are written as they come, the
 * writer only remembers whether the open containers have members yet (for
 * the commas) and how deep it is (for pretty indentation).
 */

#ifndef NSRPCTL_JSON_H
#define NSRPCTL_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define NSRPCTL_JSON_MAX_DEPTH 16

struct nsrpctl_json {
	FILE *f;
	bool pretty;
	unsigned int depth;
	bool has_members[NSRPCTL_JSON_MAX_DEPTH];
};

void nsrpctl_json_init(struct nsrpctl_json *j, FILE *f, bool pretty);

/*
 * @key names the member inside an object and must be NULL inside an array
 * and for the top-level value. A top-level value ends with a newline, so
 * that several commands of one -batch give a stream jq reads.
 */
void nsrpctl_json_begin_object(struct nsrpctl_json *j, const char *key);
void nsrpctl_json_end_object(struct nsrpctl_json *j);
void nsrpctl_json_begin_array(struct nsrpctl_json *j, const char *key);
void nsrpctl_json_end_array(struct nsrpctl_json *j);
void nsrpctl_json_string(struct nsrpctl_json *j, const char *key,
			 const char *val);
void nsrpctl_json_uint(struct nsrpctl_json *j, const char *key, uint64_t val);
void nsrpctl_json_decimal(struct nsrpctl_json *j, const char *key,
			  uint64_t units, unsigned int places);
void nsrpctl_json_bool(struct nsrpctl_json *j, const char *key, bool val);

#endif /* NSRPCTL_JSON_H */
