#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The JSON writer, through tests/json_test: output must parse with jq and
# decode to the strings given (invalid UTF-8 as U+FFFD). Output is TAP.

set -u

here=$(cd "$(dirname "$0")" && pwd)
bin=$here/json_test

if [ ! -x "$bin" ]; then
	echo "Bail out! $bin not built (make -C tools/nsrpctl check)"
	exit 1
fi
if ! command -v jq >/dev/null; then
	echo "1..0 # SKIP jq is not installed"
	exit 0
fi

n=0
failed=0

# check DESCRIPTION MODE JQ-EXPRESSION: the expression is true on the
# first document written in MODE ("" or "pretty").
check() {
	local got

	n=$((n + 1))
	got=$("$bin" "$2" | jq -s "$3" 2>&1)
	if [ "$got" = "true" ]; then
		echo "ok $n - $1${2:+ ($2)}"
	else
		failed=$((failed + 1))
		echo "not ok $n - $1${2:+ ($2)}"
		echo "#   jq said: $got"
	fi
}

for mode in "" pretty; do
	check "two documents in the stream" "$mode" 'length == 2 and .[1] == []'
	check "quote and backslash" "$mode" \
		'.[0].quote == "a\"b" and .[0].backslash == "a\\b"'
	check "control characters" "$mode" \
		'.[0].controls == "\n\r\t\b\f\u0001\u001f\u007f"'
	check "valid UTF-8 kept" "$mode" '.[0].utf8 == "café € 😀"'
	check "invalid bytes replaced" "$mode" \
		'.[0].bad_byte == "a\ufffdb" and .[0].overlong == "\ufffd\ufffd" and .[0].surrogate == "\ufffd\ufffd\ufffd" and .[0].truncated == "\ufffd\ufffd" and .[0].above_max == "\ufffd\ufffd\ufffd\ufffd"'
	check "escaped key" "$mode" '.[0]["k\"ey"] == ""'
	check "booleans" "$mode" '.[0].yes == true and .[0].no == false'
	check "empty containers" "$mode" \
		'.[0].empty_object == {} and .[0].empty_array == []'
	check "nested array" "$mode" '.[0].array == [1, {"x": "y"}, []]'
done

n=$((n + 1))
if [ "$("$bin" | wc -l)" -eq 2 ] && [ "$("$bin" pretty | wc -l)" -gt 20 ]; then
	echo "ok $n - compact is one line per document, pretty is indented"
else
	failed=$((failed + 1))
	echo "not ok $n - compact is one line per document, pretty is indented"
fi

n=$((n + 1))
if "$bin" | head -1 | grep -q '"time":1764134400\.000042,"whole":42,'; then
	echo "ok $n - decimals written exactly, zero-padded"
else
	failed=$((failed + 1))
	echo "not ok $n - decimals written exactly, zero-padded"
fi

n=$((n + 1))
if "$bin" | head -1 | grep -q '"max":18446744073709551615'; then
	echo "ok $n - 64-bit numbers written in full"
else
	failed=$((failed + 1))
	echo "not ok $n - 64-bit numbers written in full"
fi

echo "1..$n"
[ "$failed" -eq 0 ]
