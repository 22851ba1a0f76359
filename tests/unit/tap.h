/* SPDX-License-Identifier: GPL-2.0 */
/* TAP output for the unit tests: "ok - ..." / "not ok - ..." lines. */
#ifndef VSWAP_TAP_H
#define VSWAP_TAP_H

#include <stdio.h>

static int failures, checks;

#define CHECK(cond, ...) do {					\
	checks++;						\
	if (cond) {						\
		printf("ok - " __VA_ARGS__);			\
	} else {						\
		failures++;					\
		printf("not ok - " __VA_ARGS__);		\
	}							\
	printf("\n");						\
} while (0)

/* The closing line the test runner counts on; the exit status. */
static inline int tap_done(void)
{
	printf("%d passed, %d failed\n", checks - failures, failures);
	return failures != 0;
}

#endif /* VSWAP_TAP_H */
