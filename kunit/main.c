// SPDX-License-Identifier: GPL-2.0
/* The xtcp_kunit module: KUnit suites for xtcp.ko, loaded after it. */
#include <linux/module.h>

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for XTCP");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
