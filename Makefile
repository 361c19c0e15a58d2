# SPDX-License-Identifier: GPL-2.0
#
# make                 build iodmacmd.ko (and the KUnit modules where the
#                      kernel has CONFIG_KUNIT) against KDIR
# make KDIR=/path      build against another kernel build tree
# make TESTS=n         iodmacmd.ko only, never the KUnit modules (DKMS does)
# make W=1 / C=1       kernel extra warnings / sparse, passed to kbuild
# make check           checkpatch, kernel-doc and sparse on our sources
# make usertest        the user-space unit tests of the pure-C generator
# make clean           remove every build product
# make test            the full test bed (scripts/test)
#
# Installing (the paths are in README.md, "Use it from your driver"):
# make install         modules_install + depmod + install-headers +
#                      install-symvers, for KDIR's kernel
# make modules_install iodmacmd.ko into $(INSTALL_MOD_PATH)/lib/modules/
#                      <kernel>/$(INSTALL_MOD_DIR), then depmod
# make install-headers the public headers, the client fragment iodmacmd.mk
#                      and the samples/client template into
#                      $(DESTDIR)$(IODMACMD_SRC)
# make install-symvers Module.symvers into $(DESTDIR)$(IODMACMD_SRC)/
#                      symvers/<kernel>/, where iodmacmd.mk finds it
# make uninstall       remove what install put there
# make dkms.conf       the DKMS configuration, from dkms.conf.in (for
#                      "dkms add ." on this tree)
# make dkms-source     the sources and dkms.conf for DKMS, in
#                      $(DESTDIR)$(IODMACMD_SRC) (/usr/src/iodmacmd-<version>)
# make dkms-install    dkms-source, then dkms add, build and install
#                      (DKMS_FLAGS are passed to each dkms command)
# make dkms-uninstall  dkms remove --all, and the DKMS source tree
# make version         print the version (include/iodmacmd/version.h)
# make check-version   MODULE_VERSION, version.h and dkms.conf(.in) agree

# The running kernel's build tree if it exists, else the newest one installed.
KDIR ?= $(firstword $(wildcard /lib/modules/$(shell uname -r)/build) \
	  $(lastword $(sort $(wildcard /lib/modules/*/build))))

PWD := $(CURDIR)

# The version: the three numbers of include/iodmacmd/version.h.
VERSION := $(shell awk '/^.define IODMACMD_VERSION_(MAJOR|MINOR|PATCH)[ \t]/ \
	{ printf "%s%s", s, $$3; s = "." }' $(CURDIR)/include/iodmacmd/version.h)

# The release of KDIR's kernel, the vermagic's (install paths). Not
# include/config/kernel.release: Debian's headers say 6.1.192 there.
KVER ?= $(shell sed -n 's/^.define UTS_RELEASE "\(.*\)"/\1/p' \
	$(KDIR)/include/generated/utsrelease.h 2>/dev/null)

# kbuild signs what modules_install installs where the kernel has
# CONFIG_MODULE_SIG_ALL, with the kernel's own key; a distribution's
# headers have none (DKMS signs with its MOK key instead): no signing then,
# rather than sign-file's errors.
SIG_KEY := $(shell sed -n 's/^CONFIG_MODULE_SIG_KEY="\(.*\)"/\1/p' $(KDIR)/.config 2>/dev/null)
ifneq ($(SIG_KEY),)
ifeq ($(wildcard $(SIG_KEY) $(KDIR)/$(SIG_KEY)),)
INSTALL_ARGS += CONFIG_MODULE_SIG_ALL=
endif
endif

PREFIX ?= /usr
# The one directory a client's build is pointed at: the public headers and
# iodmacmd.mk, and for DKMS the whole source tree (DKMS's own layout).
IODMACMD_SRC ?= $(PREFIX)/src/iodmacmd-$(VERSION)
INSTALL_MOD_DIR ?= extra
DEPMOD ?= depmod
DKMS ?= dkms
DKMS_FLAGS ?=

# TESTS=n: build iodmacmd.ko alone, even where the kernel has CONFIG_KUNIT.
KBUILD_ARGS = $(if $(filter n,$(TESTS)),CONFIG_KUNIT=)

# The oldest kernel iodmacmd supports (the DKMS configuration says the same),
# and what it needs of the kernel's configuration.
MIN_KERNEL := 6.1
NEEDED_CONFIG := CONFIG_MODULES CONFIG_HAS_DMA CONFIG_MMU

# What a source distribution (and the DKMS source tree) holds.
DIST_FILES = LICENSE README.md Makefile Kbuild dkms.conf.in iodmacmd.mk \
	include iodmacmd kunit samples bench scripts Documentation
DIST_EXCLUDE = '*.o' '*.ko' '*.mod' '*.mod.c' '.*.cmd' '*.o.d' '*.symvers' \
	modules.order '*.log' '.checkpatch-camelcase.*' kunit/user/build \
	kunit/user/gen_test kunit/user/fuzz_gen kunit/user/fuzz-corpus \
	samples/edu/edu_user

.PHONY: all modules kernel-check clean check usertest test modules_install \
	install install-headers install-symvers uninstall dkms-source \
	dkms-install dkms-uninstall version check-version

all: modules

# Refuses, with a reason, a kernel iodmacmd cannot support (DKMS refuses
# the same kernels itself: BUILD_EXCLUSIVE_* in dkms.conf).
kernel-check:
	@test -n "$(KDIR)" -a -d "$(KDIR)" || { echo "no kernel build tree: pass KDIR=..." >&2; exit 1; }
	@code=$$(awk '$$2 == "LINUX_VERSION_CODE" { print $$3 }' \
		$(KDIR)/include/generated/uapi/linux/version.h 2>/dev/null); \
	if [ -z "$$code" ]; then \
		echo "$(KDIR) is not a configured kernel tree (no include/generated/uapi/linux/version.h)" >&2; \
		exit 1; \
	fi; \
	have=$$((code >> 16)).$$(((code >> 8) & 255)); \
	if [ $$((code >> 8)) -lt $$(($(subst ., * 256 + ,$(MIN_KERNEL)))) ]; then \
		echo "iodmacmd needs Linux $(MIN_KERNEL) or later; $(KDIR) is Linux $$have" >&2; \
		exit 1; \
	fi; \
	for c in $(NEEDED_CONFIG); do \
		grep -qs "^$$c=y" $(KDIR)/.config || { \
			echo "iodmacmd needs $$c=y; $(KDIR)/.config (Linux $$have) does not set it" >&2; \
			exit 1; }; \
	done

modules: kernel-check
	$(MAKE) -C $(KDIR) M=$(PWD) $(KBUILD_ARGS) modules

# kbuild's own depmod is skipped on a headers-only tree (no System.map):
# ours always runs, on the tree modules_install wrote.
modules_install: modules
	$(MAKE) -C $(KDIR) M=$(PWD) $(KBUILD_ARGS) $(INSTALL_ARGS) INSTALL_MOD_DIR=$(INSTALL_MOD_DIR) \
		$(if $(INSTALL_MOD_PATH),INSTALL_MOD_PATH=$(INSTALL_MOD_PATH)) modules_install
	@test -n "$(KVER)" || { echo "cannot tell KDIR's kernel release: pass KVER=..." >&2; exit 1; }
	$(DEPMOD) $(if $(INSTALL_MOD_PATH),-b $(INSTALL_MOD_PATH)) -a $(KVER)

install: TESTS := n
install: modules_install install-headers install-symvers

install-headers:
	install -d $(DESTDIR)$(IODMACMD_SRC)/include/iodmacmd $(DESTDIR)$(IODMACMD_SRC)/include/IOKit \
		$(DESTDIR)$(IODMACMD_SRC)/include/DriverKit
	install -m 644 include/iodmacmd/*.h $(DESTDIR)$(IODMACMD_SRC)/include/iodmacmd/
	install -m 644 include/IOKit/*.h $(DESTDIR)$(IODMACMD_SRC)/include/IOKit/
	install -m 644 include/DriverKit/*.h $(DESTDIR)$(IODMACMD_SRC)/include/DriverKit/
	install -m 644 iodmacmd.mk LICENSE $(DESTDIR)$(IODMACMD_SRC)/
	install -d $(DESTDIR)$(IODMACMD_SRC)/samples/client
	install -m 644 samples/client/Kbuild samples/client/Makefile samples/client/*.c \
		$(DESTDIR)$(IODMACMD_SRC)/samples/client/

install-symvers: modules
	@test -n "$(KVER)" || { echo "cannot tell KDIR's kernel release: pass KVER=..." >&2; exit 1; }
	install -D -m 644 Module.symvers $(DESTDIR)$(IODMACMD_SRC)/symvers/$(KVER)/Module.symvers

uninstall:
	rm -f $(INSTALL_MOD_PATH)/lib/modules/$(KVER)/$(INSTALL_MOD_DIR)/iodmacmd/iodmacmd.ko*
	-rmdir $(INSTALL_MOD_PATH)/lib/modules/$(KVER)/$(INSTALL_MOD_DIR)/iodmacmd
	$(DEPMOD) $(if $(INSTALL_MOD_PATH),-b $(INSTALL_MOD_PATH)) -a $(KVER)
	rm -rf $(DESTDIR)$(IODMACMD_SRC)/include $(DESTDIR)$(IODMACMD_SRC)/symvers/$(KVER) \
		$(DESTDIR)$(IODMACMD_SRC)/samples
	rm -f $(DESTDIR)$(IODMACMD_SRC)/iodmacmd.mk $(DESTDIR)$(IODMACMD_SRC)/LICENSE
	-rmdir $(DESTDIR)$(IODMACMD_SRC)/symvers $(DESTDIR)$(IODMACMD_SRC)

# DKMS's configuration for this version: "make dkms.conf" for "dkms add ."
# on this tree; dkms-source writes its own copy.
dkms.conf: dkms.conf.in include/iodmacmd/version.h
	@test -n "$(VERSION)" || { echo "no version in include/iodmacmd/version.h" >&2; exit 1; }
	sed 's/@VERSION@/$(VERSION)/g' $< >$@

# The sources without build products or .git, and dkms.conf: what DKMS
# copies and builds, and where a client's build finds headers and iodmacmd.mk.
dkms-source: check-version
	install -d $(DESTDIR)$(IODMACMD_SRC)
	tar -cf - --exclude-vcs $(addprefix --exclude=,$(DIST_EXCLUDE)) \
		$(wildcard $(DIST_FILES)) | tar -xf - -C $(DESTDIR)$(IODMACMD_SRC)
	sed 's/@VERSION@/$(VERSION)/g' dkms.conf.in >$(DESTDIR)$(IODMACMD_SRC)/dkms.conf

dkms-install: dkms-source
	$(DKMS) add $(DKMS_FLAGS) iodmacmd/$(VERSION)
	$(DKMS) build $(DKMS_FLAGS) iodmacmd/$(VERSION) $(if $(KVER),-k $(KVER))
	$(DKMS) install $(DKMS_FLAGS) iodmacmd/$(VERSION) $(if $(KVER),-k $(KVER))

dkms-uninstall:
	-$(DKMS) remove $(DKMS_FLAGS) iodmacmd/$(VERSION) --all
	rm -rf $(DESTDIR)$(IODMACMD_SRC)

version:
	@echo $(VERSION)

# MODULE_VERSION is IODMACMD_VERSION_STRING itself or the same literal;
# dkms.conf.in takes the version from version.h, and a generated dkms.conf
# left in the tree is not stale.
check-version:
	@test -n "$(VERSION)" || { echo "no version in include/iodmacmd/version.h" >&2; exit 1; }
	@modver=$$(sed -n 's/^MODULE_VERSION(\(.*\));/\1/p' iodmacmd/main.c); \
	case "$$modver" in \
	IODMACMD_VERSION_STRING | '"$(VERSION)"') ;; \
	*) echo "iodmacmd/main.c: MODULE_VERSION($$modver) is not version.h's $(VERSION)" >&2; exit 1 ;; \
	esac
	@grep -q '^PACKAGE_VERSION="@VERSION@"$$' dkms.conf.in || \
		{ echo "dkms.conf.in: PACKAGE_VERSION is not \"@VERSION@\"" >&2; exit 1; }
	@if [ -f dkms.conf ] && ! grep -q '^PACKAGE_VERSION="$(VERSION)"$$' dkms.conf; then \
		echo "dkms.conf is stale (not $(VERSION)): make dkms.conf" >&2; exit 1; fi

clean:
	@if [ -n "$(KDIR)" ] && [ -d "$(KDIR)" ]; then $(MAKE) -C $(KDIR) M=$(PWD) clean; fi
	$(MAKE) -C kunit/user clean
	find . \( -name '*.o' -o -name '*.ko' -o -name '*.mod' -o -name '*.mod.c' \
		-o -name '.*.cmd' -o -name '*.o.d' -o -name 'modules.order' \
		-o -name 'Module.symvers' \) -not -path './.git/*' -delete
	rm -f dkms.conf

usertest:
	$(MAKE) -C kunit/user check

# scripts/check finds the sources itself (git ls-files, else find), never
# the generated *.mod.c.
check:
	$(if $(filter command line environment,$(origin KDIR)),KDIR=$(KDIR)) scripts/check

test:
	scripts/test
