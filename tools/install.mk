# SPDX-License-Identifier: GPL-2.0
# Where `make install` puts xtcpize (included by the Makefile).
#
#   make install-xtcpize [PREFIX=/usr/local] [DESTDIR=]
#   make uninstall-xtcpize
#
# xtcpize finds its library in ../lib/xtcpize/ from its own directory, so
# the two go under one PREFIX: $(PREFIX)/bin/xtcpize and
# $(PREFIX)/lib/xtcpize/libxtcpize.so; the man page in
# $(PREFIX)/share/man/man8. The top-level `install` and `uninstall`
# targets run these, with the Makefile's PREFIX (/usr by default).

PREFIX ?= /usr/local
XTCPIZE_BINDIR := $(PREFIX)/bin
XTCPIZE_LIBDIR := $(PREFIX)/lib/xtcpize
XTCPIZE_MANDIR := $(PREFIX)/share/man/man8

install-xtcpize: build/tools/xtcpize build/tools/libxtcpize.so
	install -D -m 755 build/tools/xtcpize $(DESTDIR)$(XTCPIZE_BINDIR)/xtcpize
	install -D -m 644 build/tools/libxtcpize.so \
		$(DESTDIR)$(XTCPIZE_LIBDIR)/libxtcpize.so
	install -D -m 644 Documentation/man/xtcpize.8 \
		$(DESTDIR)$(XTCPIZE_MANDIR)/xtcpize.8

uninstall-xtcpize:
	rm -f $(DESTDIR)$(XTCPIZE_BINDIR)/xtcpize \
		$(DESTDIR)$(XTCPIZE_LIBDIR)/libxtcpize.so \
		$(DESTDIR)$(XTCPIZE_MANDIR)/xtcpize.8
	-rmdir $(DESTDIR)$(XTCPIZE_LIBDIR)

.PHONY: install-xtcpize uninstall-xtcpize
