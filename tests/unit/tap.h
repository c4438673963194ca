/*
 * tap.h - run a Check suite with TAP output on stdout, for automake's tap-driver.sh.
 */
#ifndef PCF_TEST_TAP_H
#define PCF_TEST_TAP_H

#include <check.h>
#include <stdlib.h>

static inline int tap_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_set_tap(sr, "-");
	srunner_run_all(sr, CK_SILENT);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
