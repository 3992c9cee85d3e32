# SPDX-License-Identifier: GPL-2.0
# make          build xtcp.ko against KDIR
# make check    the whole test suite in QEMU guests (installs what it needs)
# make demo     boot the stock kernel and show XTCP at work
# make bench    XTCP against Linux TCP, side by side
# make docs-ladders  the ladder diagrams in Documentation/, from real runs
# make fuzz     the fuzzers, long, on the debug kernels

KDIR ?= $(or $(wildcard /lib/modules/$(shell uname -r)/build), \
	     $(lastword $(sort $(wildcard /usr/src/linux-headers-6.1.*-amd64))))

CFLAGS_USER := -O2 -g -Wall -Wextra -Werror -Iinclude/uapi
TEST_SRCS := $(wildcard tests/*.c)
TOOL_SRCS := $(filter-out tools/libxtcpize.c,$(wildcard tools/*.c))
USER_BINS := $(patsubst %.c,build/%,$(TEST_SRCS) $(TOOL_SRCS)) \
	     build/tests/trinity/shim.so
# xtcpize's LD_PRELOAD library, beside build/tools/xtcpize.
USER_LIBS := build/tools/libxtcpize.so

all: modules

modules:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

user: $(USER_BINS) $(USER_LIBS)

build/tools/libxtcpize.so: tools/libxtcpize.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_USER) -fPIC -shared -o $@ $< -ldl

build/%: %.c $(wildcard tests/*.h tools/*.h) include/uapi/linux/xtcp.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_USER) -o $@ $< $(LDLIBS)

# tests/trinity.sh preloads it into trinity.
build/tests/trinity/shim.so: tests/trinity/shim.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_USER) -shared -fPIC -o $@ $< -ldl

check:
	scripts/check.sh

demo:
	scripts/demo.sh

bench:
	scripts/bench.sh

docs-ladders:
	scripts/docs-ladders.sh

fuzz:
	scripts/fuzz.sh

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	rm -rf build

# make install-xtcpize / uninstall-xtcpize (PREFIX, DESTDIR).
include tools/install.mk

.PHONY: all modules user check demo bench docs-ladders fuzz clean
