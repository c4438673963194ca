/*
 * test_yaml.c - unit tests of the strict YAML loader: the tree and positions, and every refusal
 * (duplicate keys, tags, anchors, aliases, several documents, UTF-8, limits at their boundary).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/ytree.h"
#include "tap.h"

static pcf_status load(const char *text, const pcf_parse_limits *lim, pcfi_ydoc **doc, pcf_diag *d, pcf_error *err)
{
	return pcfi_yaml_load("t.yaml", text, strlen(text), lim, doc, d, err);
}

/* The first error formatted, for comparisons. */
static const char *first_error(const char *text, const pcf_parse_limits *lim, pcf_status want)
{
	static char buf[2048];
	pcfi_ydoc *doc = NULL;
	pcf_error err;
	pcf_status st = load(text, lim, &doc, NULL, &err);

	ck_assert_int_eq(st, want);
	ck_assert_ptr_null(doc);
	return pcf_error_format(&err, buf, sizeof buf);
}

START_TEST(tree_and_positions)
{
	pcfi_ydoc *doc;
	const pcfi_ynode *r, *n;

	ck_assert_int_eq(load("a: 1\nb:\n  - x\n  - 'y'\nc: {d: true}\n", NULL, &doc, NULL, NULL), PCF_OK);
	r = doc->root;
	ck_assert_int_eq(r->kind, PCFI_Y_MAP);
	ck_assert_uint_eq(r->len, 3);
	n = pcfi_ymap_get(r, "a");
	ck_assert_str_eq(n->u.str, "1");
	ck_assert_int_eq(pcfi_yscalar_type(n), PCFI_YS_INT);
	ck_assert_uint_eq(n->line, 1);
	ck_assert_uint_eq(n->col, 4);
	n = pcfi_ymap_get(r, "b");
	ck_assert_int_eq(n->kind, PCFI_Y_SEQ);
	ck_assert_uint_eq(n->len, 2);
	ck_assert_uint_eq(n->u.kids[1]->line, 4);
	ck_assert_uint_eq(n->u.kids[1]->col, 5);
	ck_assert_int_eq(n->u.kids[1]->plain, 0);
	ck_assert_int_eq(pcfi_yscalar_type(n->u.kids[1]), PCFI_YS_STRING);
	n = pcfi_ymap_get(pcfi_ymap_get(r, "c"), "d");
	ck_assert_int_eq(pcfi_yscalar_type(n), PCFI_YS_BOOL);
	ck_assert_ptr_null(pcfi_ymap_get(r, "z"));
	ck_assert_uint_eq(doc->nodes, 11);
	pcfi_ydoc_free(doc);

	ck_assert_int_eq(load("", NULL, &doc, NULL, NULL), PCF_OK);
	ck_assert_ptr_null(doc->root);
	pcfi_ydoc_free(doc);
	ck_assert_int_eq(load("# only a comment\n", NULL, &doc, NULL, NULL), PCF_OK);
	ck_assert_ptr_null(doc->root);
	pcfi_ydoc_free(doc);
}
END_TEST

/* YAML 1.2 core schema, JSON-like numbers; everything else is a string. */
START_TEST(scalar_types)
{
	static const struct {
		const char *text;
		pcfi_yscalar want;
	} cases[] = {
		{ "x: 0", PCFI_YS_INT }, { "x: -12", PCFI_YS_INT }, { "x: 1.5", PCFI_YS_FLOAT },
		{ "x: 1e3", PCFI_YS_FLOAT }, { "x: -2.5E-3", PCFI_YS_FLOAT }, { "x: 012", PCFI_YS_STRING },
		{ "x: .5", PCFI_YS_STRING }, { "x: 1.", PCFI_YS_STRING }, { "x: +1", PCFI_YS_STRING },
		{ "x: 0x1F", PCFI_YS_STRING }, { "x: .inf", PCFI_YS_STRING }, { "x: 1_000", PCFI_YS_STRING },
		{ "x: true", PCFI_YS_BOOL }, { "x: FALSE", PCFI_YS_BOOL }, { "x: yes", PCFI_YS_STRING },
		{ "x: ~", PCFI_YS_NULL }, { "x:", PCFI_YS_NULL }, { "x: null", PCFI_YS_NULL },
		{ "x: '1'", PCFI_YS_STRING }, { "x: \"true\"", PCFI_YS_STRING }, { "x: 2024-01-01", PCFI_YS_STRING },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		pcfi_ydoc *doc;
		ck_assert_int_eq(load(cases[i].text, NULL, &doc, NULL, NULL), PCF_OK);
		ck_assert_msg(pcfi_yscalar_type(pcfi_ymap_get(doc->root, "x")) == cases[i].want, "%s", cases[i].text);
		pcfi_ydoc_free(doc);
	}
}
END_TEST

START_TEST(refusals)
{
	ck_assert_str_eq(first_error("a: 1\nb: 2\na: 3\n", NULL, PCF_E_SYNTAX),
	                 "t.yaml:3:1: duplicate key 'a' (first at line 1, column 1)");
	ck_assert_str_eq(first_error("a: !!str 1\n", NULL, PCF_E_SYNTAX), "t.yaml:1:4: tags are not allowed (found 'tag:yaml.org,2002:str')");
	ck_assert_str_eq(first_error("a: !custom {b: 1}\n", NULL, PCF_E_SYNTAX), "t.yaml:1:4: tags are not allowed (found '!custom')");
	ck_assert_str_eq(first_error("a: &x 1\n", NULL, PCF_E_SYNTAX),
	                 "t.yaml:1:4: anchors are not allowed (found '&x'); write the value out");
	ck_assert_str_eq(first_error("a: &x [1]\nb: *x\n", NULL, PCF_E_SYNTAX),
	                 "t.yaml:1:4: anchors are not allowed (found '&x'); write the value out");
	ck_assert_str_eq(first_error("a: 1\n---\nb: 2\n", NULL, PCF_E_SYNTAX),
	                 "t.yaml:2:1: more than one YAML document; an inventory is one document");
	ck_assert_str_eq(first_error("%TAG ! tag:example.com,2000:\n---\na: 1\n", NULL, PCF_E_SYNTAX),
	                 "t.yaml:1:1: %TAG directives are not allowed");
	ck_assert_str_eq(first_error("? [a]\n: 1\n", NULL, PCF_E_SYNTAX),
	                 "t.yaml:1:3: a mapping key must be a scalar, found a list");
	ck_assert_str_eq(first_error("a: [1, 2\n", NULL, PCF_E_SYNTAX),
	                 "t.yaml:2:1: invalid YAML: did not find expected ',' or ']' while parsing a flow sequence that starts at line 1, column 4");
	/* not UTF-8: the first wrong byte's line:column, the byte, what it is in Latin-1 (issue 13) */
	ck_assert_str_eq(first_error("a: \"\xff\"\n", NULL, PCF_E_SYNTAX),
	                 "t.yaml:1:5: not UTF-8: byte 0xff cannot start a character (in Latin-1: '\xc3\xbf'); the file must be UTF-8");
	ck_assert_str_eq(first_error("a: \"\xc3\"\n", NULL, PCF_E_SYNTAX),
	                 "t.yaml:1:5: not UTF-8: byte 0xc3 is followed by byte 0x22, which cannot continue it (in Latin-1: '\xc3\x83'); the file must be UTF-8");
	ck_assert_str_eq(first_error("a: b\nc: Stra\xdf" "e\n", NULL, PCF_E_SYNTAX),
	                 "t.yaml:2:8: not UTF-8: byte 0xdf is followed by byte 0x65, which cannot continue it (in Latin-1: '\xc3\x9f'); the file must be UTF-8");
	ck_assert_str_eq(first_error("a: \xe2\x82\xac\xe4", NULL, PCF_E_SYNTAX),
	                 "t.yaml:1:5: not UTF-8: byte 0xe4 starts a character that the file ends inside (in Latin-1: '\xc3\xa4'); the file must be UTF-8");
	ck_assert_str_eq(first_error("a: \x80\n", NULL, PCF_E_SYNTAX),
	                 "t.yaml:1:4: not UTF-8: byte 0x80 cannot start a character; the file must be UTF-8");
	ck_assert_str_eq(first_error("a: \xc0\xaf\n", NULL, PCF_E_SYNTAX), /* overlong '/' */
	                 "t.yaml:1:4: not UTF-8: byte 0xc0 cannot start a character (in Latin-1: '\xc3\x80'); the file must be UTF-8");
	ck_assert_str_eq(first_error("a: \xed\xa0\x80\n", NULL, PCF_E_SYNTAX), /* a surrogate */
	                 "t.yaml:1:4: not UTF-8: byte 0xed is followed by byte 0xa0, which cannot continue it (in Latin-1: '\xc3\xad'); the file must be UTF-8");
	ck_assert_str_eq(first_error("\xef\xbb\xbf" "a: 1\n", NULL, PCF_E_SYNTAX),
	                 "t.yaml:1:1: the file starts with a UTF-8 byte order mark (bytes 0xef 0xbb 0xbf); save it as UTF-8 without one");
	{ /* well-formed UTF-8 of 2, 3 and 4 bytes, up to U+10FFFF, is read */
		pcfi_ydoc *doc = NULL;
		ck_assert_int_eq(load("a: \"\xc3\xa4 \xe2\x82\xac \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf\"\n", NULL, &doc, NULL, NULL), PCF_OK);
		pcfi_ydoc_free(doc);
	}
	ck_assert_str_eq(first_error("a: \x01\n", NULL, PCF_E_SYNTAX),
	                 "t.yaml:1:4: invalid YAML: control characters are not allowed (byte 0x01)");
}
END_TEST

/* An alias alone (without its anchor being accepted) is reported, and all problems are collected. */
START_TEST(every_problem_is_collected)
{
	pcfi_ydoc *doc = NULL;
	pcf_diag *d = pcf_diag_new();
	pcf_error err;
	char buf[1024];

	ck_assert_int_eq(load("a: &x 1\nb: *x\nc: !!int 3\nb: 4\n", NULL, &doc, d, &err), PCF_E_SYNTAX);
	ck_assert_ptr_null(doc);
	ck_assert_uint_eq(pcf_diag_count(d), 4);
	ck_assert_str_eq(pcf_error_format(pcf_diag_get(d, 1), buf, sizeof buf),
	                 "t.yaml:2:4: aliases are not allowed (found '*x'); write the value out");
	ck_assert_str_eq(pcf_error_format(pcf_diag_get(d, 2), buf, sizeof buf),
	                 "t.yaml:3:4: tags are not allowed (found 'tag:yaml.org,2002:int')");
	ck_assert_str_eq(pcf_error_format(pcf_diag_get(d, 3), buf, sizeof buf),
	                 "t.yaml:4:1: duplicate key 'b' (first at line 2, column 1)");
	pcf_diag_free(d);
}
END_TEST

/* Large mappings find duplicates by sorting; the later key of each pair is reported. */
START_TEST(duplicates_in_a_large_mapping)
{
	size_t n = 5000, i;
	char *text = malloc(n * 16 + 32), *p = text;
	pcf_diag *d = pcf_diag_new();
	pcfi_ydoc *doc = NULL;

	for (i = 0; i < n; i++)
		p += sprintf(p, "k%zu: 1\n", i);
	p += sprintf(p, "k17: 2\nk4999: 3\n");
	ck_assert_int_eq(load(text, NULL, &doc, d, NULL), PCF_E_SYNTAX);
	ck_assert_uint_eq(pcf_diag_count(d), 2);
	ck_assert_str_eq(pcf_diag_get(d, 0)->message, "duplicate key 'k17' (first at line 18, column 1)");
	ck_assert_uint_eq(pcf_diag_get(d, 0)->line, 5001);
	ck_assert_str_eq(pcf_diag_get(d, 1)->message, "duplicate key 'k4999' (first at line 5000, column 1)");
	pcf_diag_free(d);
	free(text);
}
END_TEST

/* Each limit: the value at the limit passes, one more fails. */
START_TEST(limits_at_the_boundary)
{
	pcf_parse_limits lim;
	pcfi_ydoc *doc;
	char text[256];

	pcf_parse_limits_default(&lim);
	ck_assert_uint_eq(lim.max_bytes, 64u << 20);
	ck_assert_uint_eq(lim.max_depth, 32);
	ck_assert_uint_eq(lim.max_scalar, 64u << 10);
	ck_assert_uint_eq(lim.max_nodes, 8000000);

	lim.max_depth = 3;
	ck_assert_int_eq(load("a: {b: [1]}", &lim, &doc, NULL, NULL), PCF_OK);
	pcfi_ydoc_free(doc);
	ck_assert_str_eq(first_error("a: {b: [[1]]}", &lim, PCF_E_LIMIT),
	                 "t.yaml:1:9: nesting deeper than 3 levels (limit; see docs/limits.md)");

	pcf_parse_limits_default(&lim);
	lim.max_scalar = 5;
	ck_assert_int_eq(load("a: abcde", &lim, &doc, NULL, NULL), PCF_OK);
	pcfi_ydoc_free(doc);
	ck_assert_str_eq(first_error("a: abcdef", &lim, PCF_E_LIMIT),
	                 "t.yaml:1:4: a scalar of 6 bytes, more than the limit of 5 (see docs/limits.md)");

	pcf_parse_limits_default(&lim);
	lim.max_nodes = 5; /* map, a, 1, b, 2 */
	ck_assert_int_eq(load("a: 1\nb: 2\n", &lim, &doc, NULL, NULL), PCF_OK);
	pcfi_ydoc_free(doc);
	ck_assert_str_eq(first_error("a: 1\nb: 2\nc: 3\n", &lim, PCF_E_LIMIT),
	                 "t.yaml:3:1: more than 5 YAML nodes (limit; see docs/limits.md)");

	pcf_parse_limits_default(&lim);
	lim.max_bytes = 8;
	snprintf(text, sizeof text, "a: 12345");
	ck_assert_int_eq(load(text, &lim, &doc, NULL, NULL), PCF_OK);
	pcfi_ydoc_free(doc);
	ck_assert_str_eq(first_error("a: 123456", &lim, PCF_E_LIMIT),
	                 "t.yaml: input is 9 bytes, more than the limit of 8 (see docs/limits.md)");
}
END_TEST

/* A deeply nested flow sequence stops at the depth limit, without recursion or huge memory. */
START_TEST(deep_nesting_is_cheap)
{
	size_t n = 100000;
	char *text = malloc(2 * n + 1);
	pcfi_ydoc *doc = NULL;
	pcf_error err;

	memset(text, '[', n);
	memset(text + n, ']', n);
	text[2 * n] = '\0';
	ck_assert_int_eq(load(text, NULL, &doc, NULL, &err), PCF_E_LIMIT);
	ck_assert_uint_eq(err.column, 33);
	free(text);
}
END_TEST

START_TEST(describe)
{
	pcfi_ydoc *doc;
	char buf[80];

	ck_assert_int_eq(load("a: {b: 1}\nc: [1]\nd: ~\ne: 1.5\nf: hello\ng: false\n", NULL, &doc, NULL, NULL), PCF_OK);
	ck_assert_str_eq(pcfi_ydescribe(pcfi_ymap_get(doc->root, "a"), buf, sizeof buf), "a mapping");
	ck_assert_str_eq(pcfi_ydescribe(pcfi_ymap_get(doc->root, "c"), buf, sizeof buf), "a list");
	ck_assert_str_eq(pcfi_ydescribe(pcfi_ymap_get(doc->root, "d"), buf, sizeof buf), "null");
	ck_assert_str_eq(pcfi_ydescribe(pcfi_ymap_get(doc->root, "e"), buf, sizeof buf), "number 1.5");
	ck_assert_str_eq(pcfi_ydescribe(pcfi_ymap_get(doc->root, "f"), buf, sizeof buf), "'hello'");
	ck_assert_str_eq(pcfi_ydescribe(pcfi_ymap_get(doc->root, "g"), buf, sizeof buf), "boolean false");
	ck_assert_str_eq(pcfi_ydescribe(NULL, buf, sizeof buf), "nothing");
	pcfi_ydoc_free(doc);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("yaml");
	TCase *tc = tcase_create("yaml");

	tcase_add_test(tc, tree_and_positions);
	tcase_add_test(tc, scalar_types);
	tcase_add_test(tc, refusals);
	tcase_add_test(tc, every_problem_is_collected);
	tcase_add_test(tc, duplicates_in_a_large_mapping);
	tcase_add_test(tc, limits_at_the_boundary);
	tcase_add_test(tc, deep_nesting_is_cheap);
	tcase_add_test(tc, describe);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tap_run(suite());
}
