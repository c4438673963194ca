/*
 * ytree.c - strict YAML loader: libyaml's event parser feeding a node tree kept in an arena.
 *
 * Nodes under construction sit on a stack; when a mapping or sequence ends, its children are
 * copied into the arena as one array. Duplicate keys are found by a linear scan for small
 * mappings and by sorting for large ones, so a hostile mapping with a million keys stays
 * O(n log n).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "base/optinit.h"
#include "inventory/ytree.h"

typedef struct frame {
	pcfi_ynode *node;
	size_t first;       /* index of its first child on the child stack */
} frame;

typedef struct loader {
	const char *name;
	const pcf_parse_limits *lim;
	pcfi_ydoc *doc;
	pcf_diag *diag;
	pcf_error *err;
	pcf_status first;   /* first error's status, PCF_OK if none */
	frame *frames;
	size_t nframes, capframes;
	pcfi_ynode **kids;
	size_t nkids, capkids;
} loader;

static void lerr(loader *l, pcf_status st, unsigned long line, unsigned long col, const char *fmt, ...)
	PCFI_PRINTF(5, 6);

static void lerr(loader *l, pcf_status st, unsigned long line, unsigned long col, const char *fmt, ...)
{
	pcf_error e;
	va_list ap;

	va_start(ap, fmt);
	pcfi_error_atv(&e, st, l->name, line, col, NULL, NULL, fmt, ap);
	va_end(ap);
	if (l->first == PCF_OK) {
		l->first = st;
		if (l->err)
			*l->err = e;
	}
	pcfi_diag_add(l->diag, &e);
}

static int push_kid(loader *l, pcfi_ynode *n)
{
	if (l->nkids == l->capkids) {
		size_t cap = l->capkids ? l->capkids * 2 : 256;
		pcfi_ynode **p = realloc(l->kids, cap * sizeof *p);
		if (!p)
			return -1;
		l->kids = p;
		l->capkids = cap;
	}
	l->kids[l->nkids++] = n;
	return 0;
}

static int push_frame(loader *l, pcfi_ynode *n)
{
	if (l->nframes == l->capframes) {
		size_t cap = l->capframes ? l->capframes * 2 : 32;
		frame *p = realloc(l->frames, cap * sizeof *p);
		if (!p)
			return -1;
		l->frames = p;
		l->capframes = cap;
	}
	l->frames[l->nframes].node = n;
	l->frames[l->nframes].first = l->nkids;
	l->nframes++;
	return 0;
}

static int key_cmp(const pcfi_ynode *a, const pcfi_ynode *b)
{
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->u.str, b->u.str, n);

	if (c)
		return c;
	return a->len < b->len ? -1 : a->len > b->len;
}

static int key_ptr_cmp(const void *x, const void *y)
{
	const pcfi_ynode *a = *(pcfi_ynode *const *)x, *b = *(pcfi_ynode *const *)y;
	int c = key_cmp(a, b);

	if (c)
		return c;
	/* equal keys: keep input order so the later one is reported */
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return a->col < b->col ? -1 : a->col > b->col;
}

/* Report each key that repeats an earlier one. kids holds key, value pairs. */
static void check_duplicates(loader *l, pcfi_ynode **kids, size_t pairs)
{
	size_t i, j;

	if (pairs < 2)
		return;
	if (pairs <= 16) {
		for (i = 1; i < pairs; i++)
			for (j = 0; j < i; j++)
				if (kids[2 * i]->kind == PCFI_Y_SCALAR && kids[2 * j]->kind == PCFI_Y_SCALAR &&
				    !key_cmp(kids[2 * i], kids[2 * j])) {
					lerr(l, PCF_E_SYNTAX, kids[2 * i]->line, kids[2 * i]->col,
					     "duplicate key '%.200s' (first at line %lu, column %lu)", kids[2 * i]->u.str,
					     (unsigned long)kids[2 * j]->line, (unsigned long)kids[2 * j]->col);
					break;
				}
		return;
	}
	{
		pcfi_ynode **keys = malloc(pairs * sizeof *keys);
		if (!keys) {
			lerr(l, PCF_E_NOMEM, 0, 0, "out of memory checking duplicate keys");
			return;
		}
		for (i = 0; i < pairs; i++)
			keys[i] = kids[2 * i];
		qsort(keys, pairs, sizeof *keys, key_ptr_cmp);
		for (i = 1; i < pairs; i++) {
			if (keys[i]->kind != PCFI_Y_SCALAR || keys[i - 1]->kind != PCFI_Y_SCALAR)
				continue;
			if (!key_cmp(keys[i], keys[i - 1])) {
				/* find the first of the run for the message */
				j = i - 1;
				while (j > 0 && !key_cmp(keys[j - 1], keys[i]))
					j--;
				lerr(l, PCF_E_SYNTAX, keys[i]->line, keys[i]->col,
				     "duplicate key '%.200s' (first at line %lu, column %lu)", keys[i]->u.str,
				     (unsigned long)keys[j]->line, (unsigned long)keys[j]->col);
			}
		}
		free(keys);
	}
}

/* Attach a finished node to its parent (or make it the root). */
static int attach(loader *l, pcfi_ynode *n)
{
	if (l->nframes == 0) {
		l->doc->root = n;
		return 0;
	}
	return push_kid(l, n);
}

static pcfi_ynode *new_node(loader *l, pcfi_ykind kind, const yaml_mark_t *m)
{
	pcfi_ynode *n;

	if (l->doc->nodes >= l->lim->max_nodes) {
		lerr(l, PCF_E_LIMIT, m->line + 1, m->column + 1,
		     "more than %zu YAML nodes (limit; see docs/limits.md)", l->lim->max_nodes);
		return NULL;
	}
	n = pcfi_arena_alloc(&l->doc->arena, sizeof *n);
	if (!n) {
		lerr(l, PCF_E_NOMEM, 0, 0, "out of memory");
		return NULL;
	}
	l->doc->nodes++;
	n->kind = (uint8_t)kind;
	n->plain = 0;
	n->line = (uint32_t)(m->line + 1);
	n->col = (uint32_t)(m->column + 1);
	n->len = 0;
	n->u.kids = NULL;
	return n;
}

static void check_props(loader *l, const yaml_char_t *anchor, const yaml_char_t *tag, int implicit,
                        const yaml_mark_t *m)
{
	if (anchor)
		lerr(l, PCF_E_SYNTAX, m->line + 1, m->column + 1,
		     "anchors are not allowed (found '&%.100s'); write the value out", (const char *)anchor);
	if (tag && !implicit)
		lerr(l, PCF_E_SYNTAX, m->line + 1, m->column + 1,
		     "tags are not allowed (found '%.100s')", (const char *)tag);
}

static pcf_status finish_collection(loader *l)
{
	frame *f = &l->frames[l->nframes - 1];
	size_t count = l->nkids - f->first;
	pcfi_ynode *n = f->node;

	if (count) {
		n->u.kids = pcfi_arena_alloc(&l->doc->arena, count * sizeof *n->u.kids);
		if (!n->u.kids) {
			lerr(l, PCF_E_NOMEM, 0, 0, "out of memory");
			return PCF_E_NOMEM;
		}
		memcpy(n->u.kids, l->kids + f->first, count * sizeof *n->u.kids);
	}
	if (n->kind == PCFI_Y_MAP) {
		n->len = count / 2;
		check_duplicates(l, n->u.kids, n->len);
	} else {
		n->len = count;
	}
	l->nkids = f->first;
	l->nframes--;
	return attach(l, n) ? PCF_E_NOMEM : PCF_OK;
}

static const char *yaml_problem(const yaml_parser_t *p)
{
	return p->problem ? p->problem : "malformed YAML";
}

/* Is the current frame a mapping expecting a key (even number of children so far)? */
static int expecting_key(const loader *l)
{
	const frame *f;

	if (l->nframes == 0)
		return 0;
	f = &l->frames[l->nframes - 1];
	return f->node->kind == PCFI_Y_MAP && ((l->nkids - f->first) % 2) == 0;
}

pcf_status pcf_parse_limits_init(pcf_parse_limits *out, unsigned version)
{
	if (pcfi_opts_init(out, sizeof *out, version, PCF_PARSE_LIMITS_VERSION) != PCF_OK)
		return PCF_E_ARG;
	out->max_bytes = (size_t)64 << 20;
	out->max_depth = 32;
	out->max_scalar = (size_t)64 << 10;
	out->max_nodes = 8000000;
	out->max_processes = 1000000;
	return PCF_OK;
}

void pcf_parse_limits_default(pcf_parse_limits *out)
{
	pcf_parse_limits_init(out, PCF_PARSE_LIMITS_VERSION);
}

/* Report libyaml's parse error (a syntax error, an encoding error with a byte offset, or out of memory). */
static void parse_error(loader *l, const yaml_parser_t *parser, const void *bytes, size_t len)
{
	const yaml_mark_t *m = parser->problem_mark.line || parser->problem_mark.column || parser->problem_mark.index
	                               ? &parser->problem_mark
	                               : &parser->context_mark;

	if (parser->error == YAML_MEMORY_ERROR) {
		lerr(l, PCF_E_NOMEM, 0, 0, "out of memory");
	} else if (parser->error == YAML_READER_ERROR) {
		/* reader errors carry a byte offset, not a mark: count lines and characters */
		const unsigned char *b = bytes;
		size_t off = parser->problem_offset < len ? parser->problem_offset : len, k;
		unsigned long line = 1, col = 1;
		for (k = 0; k < off; k++) {
			if (b[k] == '\n') {
				line++;
				col = 1;
			} else if ((b[k] & 0xc0) != 0x80) {
				col++;
			}
		}
		if (parser->problem_value >= 0)
			lerr(l, PCF_E_SYNTAX, line, col, "invalid YAML: %s (byte 0x%02x)", yaml_problem(parser),
			     (unsigned)parser->problem_value & 0xffu);
		else
			lerr(l, PCF_E_SYNTAX, line, col, "invalid YAML: %s", yaml_problem(parser));
	}
	else if (parser->context && m != &parser->context_mark)
		lerr(l, PCF_E_SYNTAX, m->line + 1, m->column + 1,
		     "invalid YAML: %s %s that starts at line %lu, column %lu", yaml_problem(parser),
		     parser->context, (unsigned long)parser->context_mark.line + 1,
		     (unsigned long)parser->context_mark.column + 1);
	else if (parser->context)
		lerr(l, PCF_E_SYNTAX, m->line + 1, m->column + 1, "invalid YAML: %s %s", yaml_problem(parser),
		     parser->context);
	else
		lerr(l, PCF_E_SYNTAX, m->line + 1, m->column + 1, "invalid YAML: %s", yaml_problem(parser));
}

/*
 * The file must be UTF-8 without a byte order mark (docs/inventory-format.md). Checked before libyaml,
 * which accepts a BOM silently and reports a bad sequence at the byte after its start: here the error
 * is at the line:column of the first byte that is wrong, names it, and says what it is in Latin-1
 * (the usual cause: a file saved in Latin-1 or Windows-1252). A control character before the first
 * wrong byte is left to libyaml, so that the first problem of the file is the one reported. 1 when
 * an error was reported.
 */
static int check_utf8(loader *l, const unsigned char *b, size_t len)
{
	size_t i = 0, k, n;
	unsigned long line = 1, col = 1;

	if (len >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf) {
		lerr(l, PCF_E_SYNTAX, 1, 1, "the file starts with a UTF-8 byte order mark (bytes 0xef 0xbb 0xbf); "
		     "save it as UTF-8 without one");
		return 1;
	}
	while (i < len) {
		unsigned c = b[i];
		unsigned lo = 0x80, hi = 0xbf;
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
			return 0; /* a control character comes first: libyaml reports it, at its place */
		if (c < 0x80) {
			if (c == '\n') {
				line++;
				col = 0;
			}
			i++;
			col++;
			continue;
		}
		/* RFC 3629: the length from the lead byte, the range of the byte after it (no overlong forms,
		 * no surrogates, nothing above U+10FFFF) */
		if (c >= 0xc2 && c <= 0xdf)
			n = 1;
		else if (c >= 0xe0 && c <= 0xef)
			n = 2, lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf;
		else if (c >= 0xf0 && c <= 0xf4)
			n = 3, lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;
		else
			n = 0;
		for (k = 1; n && k <= n; k++)
			if (i + k >= len || b[i + k] < (k == 1 ? lo : 0x80) || b[i + k] > (k == 1 ? hi : 0xbf))
				break;
		if (n && k > n) {
			i += n + 1;
			col++;
			continue;
		}
		{
			/* what the byte is in Latin-1 (ISO 8859-1), as UTF-8 for the message: U+00A0..U+00FF */
			char latin1[48] = "";
			if (c >= 0xa0)
				snprintf(latin1, sizeof latin1, " (in Latin-1: '%c%c')", (char)(0xc0 | c >> 6), (char)(0x80 | (c & 0x3f)));
			if (!n)
				lerr(l, PCF_E_SYNTAX, line, col, "not UTF-8: byte 0x%02x cannot start a character%s; the file must be "
				     "UTF-8", c, latin1);
			else if (i + k >= len)
				lerr(l, PCF_E_SYNTAX, line, col, "not UTF-8: byte 0x%02x starts a character that the file ends "
				     "inside%s; the file must be UTF-8", c, latin1);
			else
				lerr(l, PCF_E_SYNTAX, line, col, "not UTF-8: byte 0x%02x is followed by byte 0x%02x, which cannot "
				     "continue it%s; the file must be UTF-8", c, b[i + k], latin1);
		}
		return 1;
	}
	return 0;
}

/* An alias is refused; a null scalar stands in so that the tree stays well formed. 1 to stop. */
static int on_alias(loader *l, const yaml_event_t *ev)
{
	pcfi_ynode *n;

	lerr(l, PCF_E_SYNTAX, ev->start_mark.line + 1, ev->start_mark.column + 1,
	     "aliases are not allowed (found '*%.100s'); write the value out", (const char *)ev->data.alias.anchor);
	n = new_node(l, PCFI_Y_SCALAR, &ev->start_mark);
	if (!n || attach(l, n))
		return 1;
	n->plain = 1;
	n->u.str = "";
	return 0;
}

/* A scalar, copied into the arena after the limit on its size. 1 to stop. */
static int on_scalar(loader *l, const yaml_event_t *ev)
{
	pcfi_ynode *n;
	size_t slen = ev->data.scalar.length;

	check_props(l, ev->data.scalar.anchor, ev->data.scalar.tag,
	            ev->data.scalar.plain_implicit || ev->data.scalar.quoted_implicit, &ev->start_mark);
	if (slen > l->lim->max_scalar) {
		lerr(l, PCF_E_LIMIT, ev->start_mark.line + 1, ev->start_mark.column + 1,
		     "a scalar of %zu bytes, more than the limit of %zu (see docs/limits.md)", slen, l->lim->max_scalar);
		return 1;
	}
	n = new_node(l, PCFI_Y_SCALAR, &ev->start_mark);
	if (!n)
		return 1;
	n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	n->len = slen;
	n->u.str = pcfi_arena_strndup(&l->doc->arena, (const char *)ev->data.scalar.value, slen);
	if (!n->u.str || attach(l, n)) {
		lerr(l, PCF_E_NOMEM, 0, 0, "out of memory");
		return 1;
	}
	return 0;
}

/* The start of a mapping or a list: never a key, within the depth limit. 1 to stop. */
static int on_collection_start(loader *l, const yaml_event_t *ev)
{
	int is_map = ev->type == YAML_MAPPING_START_EVENT;
	pcfi_ynode *n;

	if (expecting_key(l)) {
		lerr(l, PCF_E_SYNTAX, ev->start_mark.line + 1, ev->start_mark.column + 1,
		     "a mapping key must be a scalar, found a %s", is_map ? "mapping" : "list");
		return 1;
	}
	if (is_map)
		check_props(l, ev->data.mapping_start.anchor, ev->data.mapping_start.tag, ev->data.mapping_start.implicit,
		            &ev->start_mark);
	else
		check_props(l, ev->data.sequence_start.anchor, ev->data.sequence_start.tag,
		            ev->data.sequence_start.implicit, &ev->start_mark);
	if (l->nframes >= l->lim->max_depth) {
		lerr(l, PCF_E_LIMIT, ev->start_mark.line + 1, ev->start_mark.column + 1,
		     "nesting deeper than %zu levels (limit; see docs/limits.md)", l->lim->max_depth);
		return 1;
	}
	n = new_node(l, is_map ? PCFI_Y_MAP : PCFI_Y_SEQ, &ev->start_mark);
	if (!n)
		return 1;
	if (push_frame(l, n)) {
		lerr(l, PCF_E_NOMEM, 0, 0, "out of memory");
		return 1;
	}
	return 0;
}

/* One event of the stream; *documents counts document starts. 1 when loading stops. */
static int on_event(loader *l, const yaml_event_t *ev, int *documents)
{
	switch (ev->type) {
	case YAML_STREAM_START_EVENT:
	case YAML_NO_EVENT:
	case YAML_DOCUMENT_END_EVENT:
		return 0;
	case YAML_STREAM_END_EVENT:
		return 1;
	case YAML_DOCUMENT_START_EVENT:
		if (++*documents > 1) {
			lerr(l, PCF_E_SYNTAX, ev->start_mark.line + 1, ev->start_mark.column + 1,
			     "more than one YAML document; an inventory is one document");
			return 1;
		}
		if (ev->data.document_start.tag_directives.start != ev->data.document_start.tag_directives.end)
			lerr(l, PCF_E_SYNTAX, ev->start_mark.line + 1, ev->start_mark.column + 1,
			     "%%TAG directives are not allowed");
		return 0;
	case YAML_ALIAS_EVENT:
		return on_alias(l, ev);
	case YAML_SCALAR_EVENT:
		return on_scalar(l, ev);
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		return on_collection_start(l, ev);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return finish_collection(l) != PCF_OK;
	}
	return 0;
}

pcf_status pcfi_yaml_load(const char *name, const void *bytes, size_t len, const pcf_parse_limits *limits,
                          pcfi_ydoc **out, pcf_diag *diag, pcf_error *err)
{
	pcf_parse_limits deflim;
	yaml_parser_t parser;
	yaml_event_t ev;
	loader l;
	int documents = 0, done = 0;
	pcf_status st = PCF_OK;

	*out = NULL;
	if (!limits) {
		pcf_parse_limits_default(&deflim);
		limits = &deflim;
	}
	if (limits->version > PCF_PARSE_LIMITS_VERSION)
		return pcfi_error(err, PCF_E_ARG, "pcf_parse_limits version %u is newer than this library's %d",
		                  limits->version, PCF_PARSE_LIMITS_VERSION);
	memset(&l, 0, sizeof l);
	l.name = name;
	l.lim = limits;
	l.diag = diag;
	l.err = err;
	if (len > limits->max_bytes) {
		lerr(&l, PCF_E_LIMIT, 0, 0, "input is %zu bytes, more than the limit of %zu (see docs/limits.md)",
		     len, limits->max_bytes);
		return l.first;
	}
	if (check_utf8(&l, bytes, len))
		return l.first;
	l.doc = calloc(1, sizeof *l.doc);
	if (!l.doc || !(l.doc->name = strdup(name ? name : ""))) {
		free(l.doc);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	}
	if (!yaml_parser_initialize(&parser)) {
		pcfi_ydoc_free(l.doc);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	}
	yaml_parser_set_input_string(&parser, bytes, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);

	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			parse_error(&l, &parser, bytes, len);
			break;
		}
		done = on_event(&l, &ev, &documents);
		yaml_event_delete(&ev);
		if (l.first == PCF_E_LIMIT || l.first == PCF_E_NOMEM)
			done = 1;
	}
	yaml_parser_delete(&parser);
	free(l.frames);
	free(l.kids);
	if (l.first == PCF_OK && l.doc->root && l.doc->root->kind == PCFI_Y_SCALAR && l.doc->root->plain &&
	    l.doc->root->len == 0)
		l.doc->root = NULL; /* an empty document */
	st = l.first;
	if (st != PCF_OK) {
		pcfi_ydoc_free(l.doc);
		return st;
	}
	*out = l.doc;
	return PCF_OK;
}

void pcfi_ydoc_free(pcfi_ydoc *doc)
{
	if (!doc)
		return;
	pcfi_arena_free(&doc->arena);
	free(doc->name);
	free(doc);
}

const pcfi_ynode *pcfi_ymap_get(const pcfi_ynode *map, const char *key)
{
	size_t i, klen;

	if (!map || map->kind != PCFI_Y_MAP)
		return NULL;
	klen = strlen(key);
	for (i = 0; i < map->len; i++) {
		const pcfi_ynode *k = PCFI_YKEY(map, i);
		if (k->kind == PCFI_Y_SCALAR && k->len == klen && !memcmp(k->u.str, key, klen))
			return PCFI_YVAL(map, i);
	}
	return NULL;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* JSON number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?; *is_float when . or e. */
static int number_syntax(const char *s, size_t len, int *is_float)
{
	size_t i = 0;

	*is_float = 0;
	if (i < len && s[i] == '-')
		i++;
	if (i >= len || !is_digit(s[i]))
		return 0;
	if (s[i] == '0')
		i++;
	else
		while (i < len && is_digit(s[i]))
			i++;
	if (i < len && s[i] == '.') {
		i++;
		if (i >= len || !is_digit(s[i]))
			return 0;
		while (i < len && is_digit(s[i]))
			i++;
		*is_float = 1;
	}
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		if (i >= len || !is_digit(s[i]))
			return 0;
		while (i < len && is_digit(s[i]))
			i++;
		*is_float = 1;
	}
	return i == len;
}

pcfi_yscalar pcfi_yscalar_type(const pcfi_ynode *n)
{
	const char *s = n->u.str;
	int f;

	/* hot: called for every scalar the validators look at, so dispatch on the first byte */
	if (!n->plain)
		return PCFI_YS_STRING;
	if (n->len == 0)
		return PCFI_YS_NULL;
	switch (s[0]) {
	case '~':
		return n->len == 1 ? PCFI_YS_NULL : PCFI_YS_STRING;
	case 'n':
	case 'N':
		return n->len == 4 && (!strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL")) ? PCFI_YS_NULL
		                                                                                     : PCFI_YS_STRING;
	case 't':
	case 'T':
		return n->len == 4 && (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE")) ? PCFI_YS_BOOL
		                                                                                     : PCFI_YS_STRING;
	case 'f':
	case 'F':
		return n->len == 5 && (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE")) ? PCFI_YS_BOOL
		                                                                                        : PCFI_YS_STRING;
	case '-':
	case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9':
		if (number_syntax(s, n->len, &f))
			return f ? PCFI_YS_FLOAT : PCFI_YS_INT;
		return PCFI_YS_STRING;
	default:
		return PCFI_YS_STRING;
	}
}

const char *pcfi_ydescribe(const pcfi_ynode *n, char *buf, size_t len)
{
	if (!n) {
		snprintf(buf, len, "nothing");
		return buf;
	}
	switch (n->kind) {
	case PCFI_Y_MAP:
		snprintf(buf, len, "a mapping");
		break;
	case PCFI_Y_SEQ:
		snprintf(buf, len, "a list");
		break;
	default:
		switch (pcfi_yscalar_type(n)) {
		case PCFI_YS_NULL:
			snprintf(buf, len, "null");
			break;
		case PCFI_YS_BOOL:
			snprintf(buf, len, "boolean %s", n->u.str);
			break;
		case PCFI_YS_INT:
		case PCFI_YS_FLOAT:
			snprintf(buf, len, "number %.40s", n->u.str);
			break;
		default:
			if (n->len > 60)
				snprintf(buf, len, "'%.57s...'", n->u.str);
			else
				snprintf(buf, len, "'%s'", n->u.str);
		}
	}
	return buf;
}
