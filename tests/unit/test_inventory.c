#include "config.h"
#include "tap.h"
START_TEST(x) {} END_TEST
int main(void){Suite *s=suite_create("x");TCase *tc=tcase_create("x");tcase_add_test(tc,x);suite_add_tcase(s,tc);return tap_run(s);}
