#!/bin/sh
# headers.sh - every public header compiles on its own (strict C11, as the first and only include), and
# plugin.h together with the host headers (a host embedding plugins includes both).
. "$top_srcdir/tests/cli/lib.sh"

: "${CC:=cc}"
for h in "$top_srcdir"/core/include/pcf/*.h; do
	name=$(basename "$h")
	printf '#include <pcf/%s>\nint pcf_header_test_dummy(void);\nint pcf_header_test_dummy(void) { return 0; }\n' "$name" > "$T/t.c"
	check "pcf/$name compiles alone" $CC -std=c11 -Wall -Wextra -Werror -pedantic -Wstrict-prototypes \
		-I"$top_srcdir/core/include" -c -o "$T/t.o" "$T/t.c"
done
printf '#include <pcf/pcf.h>\n#include <pcf/plugin.h>\n#include <pcf/pcf.h>\nint x(void);\nint x(void) { return 0; }\n' > "$T/t.c"
check "pcf.h and plugin.h together" $CC -std=c11 -Wall -Wextra -Werror -pedantic -I"$top_srcdir/core/include" -c -o "$T/t.o" "$T/t.c"
done_testing
