// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * Feeds the JSON writer awkward strings; tests/json.sh checks with jq that
 * the output parses and decodes to what is expected.
 * Usage: json_test [pretty]
 */

#include <string.h>

#include "../json.h"

int main(int argc, char **argv)
{
	struct nsrpctl_json j;

	nsrpctl_json_init(&j, stdout, argc > 1 && !strcmp(argv[1], "pretty"));
	nsrpctl_json_begin_object(&j, NULL);
	nsrpctl_json_string(&j, "quote", "a\"b");
	nsrpctl_json_string(&j, "backslash", "a\\b");
	nsrpctl_json_string(&j, "controls", "\n\r\t\b\f\x01\x1f\x7f");
	nsrpctl_json_string(&j, "utf8", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
	nsrpctl_json_string(&j, "bad_byte", "a\xff\x62");
	nsrpctl_json_string(&j, "overlong", "\xc0\x80");
	nsrpctl_json_string(&j, "surrogate", "\xed\xa0\x80");
	nsrpctl_json_string(&j, "truncated", "\xe2\x82");
	nsrpctl_json_string(&j, "above_max", "\xf4\x90\x80\x80");
	nsrpctl_json_string(&j, "k\"ey", "");
	nsrpctl_json_uint(&j, "max", UINT64_MAX);
	nsrpctl_json_decimal(&j, "time", 1764134400000042ULL, 6);
	nsrpctl_json_decimal(&j, "whole", 42, 0);
	nsrpctl_json_bool(&j, "yes", true);
	nsrpctl_json_bool(&j, "no", false);
	nsrpctl_json_begin_object(&j, "empty_object");
	nsrpctl_json_end_object(&j);
	nsrpctl_json_begin_array(&j, "empty_array");
	nsrpctl_json_end_array(&j);
	nsrpctl_json_begin_array(&j, "array");
	nsrpctl_json_uint(&j, NULL, 1);
	nsrpctl_json_begin_object(&j, NULL);
	nsrpctl_json_string(&j, "x", "y");
	nsrpctl_json_end_object(&j);
	nsrpctl_json_begin_array(&j, NULL);
	nsrpctl_json_end_array(&j);
	nsrpctl_json_end_array(&j);
	nsrpctl_json_end_object(&j);
	/* A second top-level value: -batch output is a stream of them. */
	nsrpctl_json_begin_array(&j, NULL);
	nsrpctl_json_end_array(&j);
	return 0;
}
