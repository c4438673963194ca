/*
 * test_extract.c - pcf extract's cleanup after a failure never follows a link (issue 13): while
 * extract runs, another local user swaps a folder it created for a symbolic link to a folder of
 * theirs (or of a victim); the cleanup must not delete what is behind the link.
 *
 * Deterministic simulation of the race: this program defines unlinkat (ELF interposition over
 * libc's, which libpcf's calls reach), and on the first call of a cleanup it renames the created
 * folder away and puts a symbolic link in its place, exactly what renameat2(RENAME_EXCHANGE)
 * would do between two steps of the cleanup.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <pcf/pcf.h>

#include "fixture.h"
#include "tap.h"

static char tmp_dir[512];
static char swap_from[1024], swap_to[1024], swap_link_target[1024];
static int swaps; /* swaps done */

int unlinkat(int dirfd, const char *path, int flags);

/* The first unlinkat of a cleanup: swap the folder for a link first, then do what was asked. */
int unlinkat(int dirfd, const char *path, int flags)
{
	if (swap_from[0] && !swaps) {
		swaps++;
		if (rename(swap_from, swap_to) || symlink(swap_link_target, swap_from))
			fprintf(stderr, "swap failed: %s\n", strerror(errno));
	}
	return (int)syscall(SYS_unlinkat, dirfd, path, flags);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

/* A bundle with evidence/deep/x.txt (so extract creates folders), written to path. */
static void make_bundle(const char *path)
{
	static const char inv[] = "format-version: 1\n# extract test\n";
	static const char res[] = "{\"kind\": \"pcfkit-result\", \"inventory\": {\"sha256\":\n"
	                          " \"bdcc413bc12c3d82aeb814f94c7398c6f81573a5513f740ef6fc65217da6c435\"},\n"
	                          " \"methodology\": {\"id\": \"example\", \"version\": \"1.0.0\"},\n"
	                          " \"product\": {\"id\": \"urn:example:x\", \"name\": \"X\",\n"
	                          " \"declared-unit\": {\"amount\": 1, \"unit\": \"kg\"}},\n"
	                          " \"footprint\": {\"total\": 1, \"unit\": \"kg CO2e\", \"gwp-set\": \"AR6\", \"fossil\": 1,\n"
	                          " \"biogenic-emissions\": 0, \"biogenic-removals\": 0, \"dluc\": 0, \"aircraft\": 0}}\n";
	static const char ev[] = "evidence\n";
	pcf_bundle_file extra[1] = { { "evidence/deep/x.txt", ev, sizeof ev - 1 } };
	int64_t now = (int64_t)time(NULL);
	pcf_signer *s = fx_issuer(now);
	pcf_bundle_input in;
	pcf_error err;
	unsigned char *out = NULL;
	size_t len = 0;
	FILE *f;

	fx_bundle_input(&in, "urn:example:x", "X", now);
	in.inventory = inv;
	in.inventory_size = sizeof inv - 1;
	in.result = res;
	in.result_size = sizeof res - 1;
	in.extra = extra;
	in.n_extra = 1;
	ck_assert_msg(pcf_bundle_build(s, &in, &out, &len, NULL, &err) == PCF_OK, "%s", err.message);
	pcf_signer_free(s);
	ck_assert_ptr_nonnull(f = fopen(path, "wb"));
	ck_assert_uint_eq(fwrite(out, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
	free(out);
}

static const char *at(const char *name)
{
	return fx_path(tmp_dir, name);
}

/* A clean failure (result.json exists) removes everything extract created, and nothing else. */
START_TEST(cleanup_removes_what_it_made)
{
	pcf_error err;
	struct stat st;

	make_bundle(at("b.pcfb"));
	ck_assert_int_eq(mkdir(at("out1"), 0755), 0);
	write_file(at("out1/result.json"), "mine\n");
	swap_from[0] = 0;
	ck_assert_int_eq(pcf_extract_file(NULL, at("b.pcfb"), at("out1"), NULL, &err), PCF_E_EXISTS);
	ck_assert_msg(strstr(err.message, "extract never overwrites") != NULL, "%s", err.message);
	ck_assert_int_eq(stat(at("out1/result.json"), &st), 0);
	ck_assert_int_ne(stat(at("out1/evidence"), &st), 0);
	ck_assert_int_ne(stat(at("out1/inventory.yaml"), &st), 0);
}
END_TEST

/* The created folder "evidence" is swapped for a link to victim/ during the cleanup: victim's
 * files named like extract's (deep/x.txt) survive, and nothing outside the target is removed. */
START_TEST(cleanup_never_follows_a_swapped_folder)
{
	pcf_error err;
	struct stat st;

	make_bundle(at("b2.pcfb"));
	ck_assert_int_eq(mkdir(at("out2"), 0755), 0);
	write_file(at("out2/result.json"), "mine\n");
	ck_assert_int_eq(mkdir(at("victim"), 0755), 0);
	ck_assert_int_eq(mkdir(at("victim/deep"), 0755), 0);
	write_file(at("victim/deep/x.txt"), "the victim's file\n");
	snprintf(swap_from, sizeof swap_from, "%s", at("out2/evidence"));
	snprintf(swap_to, sizeof swap_to, "%s", at("moved-evidence"));
	snprintf(swap_link_target, sizeof swap_link_target, "%s", at("victim"));
	swaps = 0;
	ck_assert_int_eq(pcf_extract_file(NULL, at("b2.pcfb"), at("out2"), NULL, &err), PCF_E_EXISTS);
	swap_from[0] = 0;
	ck_assert_int_eq(swaps, 1);
	ck_assert_msg(stat(at("victim/deep/x.txt"), &st) == 0, "the cleanup deleted a file behind the link");
	ck_assert_int_eq(stat(at("victim/deep"), &st), 0);
	ck_assert_int_ne(stat(at("out2/inventory.yaml"), &st), 0);
	/* the real folder (moved away) keeps extract's file: never reached through the link */
	ck_assert_int_eq(lstat(at("out2/evidence"), &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
}
END_TEST

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	Suite *s = suite_create("extract");
	TCase *tc = tcase_create("extract");
	char cmd[1100];
	int rc;

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, cleanup_removes_what_it_made);
	tcase_add_test(tc, cleanup_never_follows_a_swapped_folder);
	suite_add_tcase(s, tc);
	snprintf(tmp_dir, sizeof tmp_dir, "%s/pcf-extract-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(tmp_dir)) {
		perror("mkdtemp");
		return EXIT_FAILURE;
	}
	rc = tap_run(s);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp_dir);
	if (system(cmd) != 0)
		rc = EXIT_FAILURE;
	return rc;
}
