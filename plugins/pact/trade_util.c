/*
 * trade_util.c - helpers shared by the pact and cbam plugins (see trade_util.h).
 */
#include <string.h>

#include "trade_util.h"

int trade_list_has(const char *list, const char *s)
{
	size_t n = strlen(s);

	while (list && *list) {
		const char *end = strchr(list, ',');
		const char *a = list, *z = end ? end : list + strlen(list);
		while (a < z && *a == ' ')
			a++;
		while (z > a && z[-1] == ' ')
			z--;
		if ((size_t)(z - a) == n && !memcmp(a, s, n))
			return 1;
		list = end ? end + 1 : NULL;
	}
	return 0;
}
