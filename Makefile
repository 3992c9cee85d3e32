# SPDX-License-Identifier: GPL-2.0
# make          build xtcp.ko against KDIR
# make check    the whole test suite in QEMU guests (installs what it needs)
# make demo     boot the stock kernel and show XTCP at work
# make bench    XTCP against Linux TCP, side by side
# make docs-ladders  the ladder diagrams in Documentation/, from real runs
# make fuzz     the fuzzers, long, on the debug kernels
# make install  the module (and depmod), headers, tools, man pages, the
#               Wireshark plugin; make uninstall takes them away again.
#               DESTDIR and PREFIX as usual (Documentation/usage.rst)
# make dkms-install, make dkms-uninstall   the module through DKMS

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

build/%: %.c $(wildcard tests/*.h tools/*.h include/uapi/linux/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_USER) -o $@ $< $(LDLIBS)

# tests/trinity.sh preloads it into trinity.
build/tests/trinity/shim.so: tests/trinity/shim.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_USER) -shared -fPIC -o $@ $< -ldl

# Installation. The module goes where modprobe finds it, for kernel KVER
# (the one whose build dir KDIR is); everything else under PREFIX.
KVER ?= $(shell for b in /lib/modules/*/build; do \
	[ "$$(readlink -f $$b)" = "$$(readlink -f $(KDIR))" ] && \
	basename "$${b%/build}" && exit; done; \
	cat $(KDIR)/include/config/kernel.release)
PREFIX ?= /usr
BINDIR ?= $(PREFIX)/bin
INCLUDEDIR ?= $(PREFIX)/include
MANDIR ?= $(PREFIX)/share/man
DOCDIR ?= $(PREFIX)/share/doc/xtcp
MODDIR ?= /lib/modules/$(KVER)/extra
DEPMOD ?= depmod
# Wireshark's global Lua plugin folder, as tshark reports it.
WSPLUGINDIR ?= $(or $(shell tshark -G folders 2>/dev/null | \
	sed -n 's/^Global Lua Plugins:[[:space:]]*//p'), \
	$(PREFIX)/lib/wireshark/plugins)
TOOL_BINS := $(patsubst %.c,build/%,$(TOOL_SRCS))
MAN_PAGES := $(wildcard Documentation/man/*.[1-9])
UAPI := include/uapi/linux/xtcp.h include/uapi/linux/xtcp_diag.h
INSTALLED = $(DESTDIR)$(MODDIR)/xtcp.ko \
	$(addprefix $(DESTDIR)$(INCLUDEDIR)/linux/,$(notdir $(UAPI))) \
	$(addprefix $(DESTDIR)$(BINDIR)/,$(notdir $(TOOL_BINS))) \
	$(foreach m,$(MAN_PAGES),$(DESTDIR)$(MANDIR)/man$(subst .,,$(suffix $(m)))/$(notdir $(m))) \
	$(DESTDIR)$(WSPLUGINDIR)/xtcp.lua \
	$(DESTDIR)$(DOCDIR)/examples/modules-load.d/xtcp.conf

# XTCP_KO=path installs that module instead of building one here.
# xtcpize's library goes where xtcpize looks for it (tools/install.mk).
install: $(if $(XTCP_KO),,modules) $(TOOL_BINS) install-xtcpize
	install -D -m 0644 $(or $(XTCP_KO),xtcp.ko) $(DESTDIR)$(MODDIR)/xtcp.ko
	$(DEPMOD) -b "$(or $(DESTDIR),/)" $(KVER)
	install -d $(DESTDIR)$(INCLUDEDIR)/linux $(DESTDIR)$(BINDIR)
	install -m 0644 $(UAPI) $(DESTDIR)$(INCLUDEDIR)/linux/
	install -m 0755 $(TOOL_BINS) $(DESTDIR)$(BINDIR)/
	$(foreach m,$(MAN_PAGES),install -D -m 0644 $(m) \
		$(DESTDIR)$(MANDIR)/man$(subst .,,$(suffix $(m)))/$(notdir $(m)) &&) true
	install -D -m 0644 tools/wireshark/xtcp.lua $(DESTDIR)$(WSPLUGINDIR)/xtcp.lua
	install -D -m 0644 Documentation/examples/modules-load.d/xtcp.conf \
		$(DESTDIR)$(DOCDIR)/examples/modules-load.d/xtcp.conf

uninstall: uninstall-xtcpize
	rm -f $(INSTALLED)
	-rmdir -p $(DESTDIR)$(DOCDIR)/examples/modules-load.d \
		$(DESTDIR)$(MODDIR) 2>/dev/null
	[ ! -d "$(DESTDIR)/lib/modules/$(KVER)" ] || \
		$(DEPMOD) -b "$(or $(DESTDIR),/)" $(KVER)

# DKMS, as WireGuard's compat tree: the sources go to SRCDIR/xtcp-VERSION,
# then dkms adds, builds and installs them for DKMS_KERNELS (default: the
# running kernel), and again for each new kernel of a supported series.
# With DESTDIR, DKMS's trees are all under it and depmod runs there.
DKMS_VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)
SRCDIR ?= /usr/src
DKMS_SRC = $(DESTDIR)$(SRCDIR)/xtcp-$(DKMS_VERSION)
DKMS_KERNELS ?=
DKMS = dkms $(1) -m xtcp -v $(DKMS_VERSION) $(if $(DESTDIR), \
	--sourcetree $(DESTDIR)$(SRCDIR) --dkmstree $(DESTDIR)/var/lib/dkms \
	--installtree $(DESTDIR)/lib/modules --no-depmod)
dkms_depmod = $(if $(DESTDIR),for k in $(DKMS_KERNELS); do \
	$(DEPMOD) -b $(DESTDIR) $$k || exit; done)

dkms-install:
	install -d $(DKMS_SRC)/mod $(DKMS_SRC)/kunit $(DKMS_SRC)/include/uapi/linux
	install -m 0644 dkms.conf Kbuild $(DKMS_SRC)/
	install -m 0644 mod/*.[ch] $(DKMS_SRC)/mod/
	install -m 0644 kunit/*.[ch] $(DKMS_SRC)/kunit/
	install -m 0644 include/uapi/linux/*.h $(DKMS_SRC)/include/uapi/linux/
	$(if $(DESTDIR),install -d $(DESTDIR)/var/lib/dkms \
		$(addprefix $(DESTDIR)/lib/modules/,$(DKMS_KERNELS)))
	[ -n "$$($(call DKMS,status))" ] || $(call DKMS,add)
	$(call DKMS,install) $(addprefix -k ,$(DKMS_KERNELS))
	$(dkms_depmod)

dkms-uninstall:
	-$(call DKMS,remove) --all
	rm -rf $(DKMS_SRC)
	$(dkms_depmod)

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

# make install-xtcpize / uninstall-xtcpize (PREFIX, DESTDIR); make install
# and make uninstall run them.
include tools/install.mk

.PHONY: all modules user check demo bench docs-ladders fuzz clean install \
	uninstall dkms-install dkms-uninstall
