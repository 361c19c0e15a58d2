# SPDX-License-Identifier: GPL-2.0
#
# make                 build iodmacmd.ko (and the KUnit modules where the
#                      kernel has CONFIG_KUNIT) against KDIR
# make KDIR=/path      build against another kernel build tree
# make W=1 / C=1       kernel extra warnings / sparse, passed to kbuild
# make check           checkpatch, kernel-doc and sparse on our sources
# make usertest        the user-space unit tests of the pure-C generator
# make clean           remove every build product
# make test            the full test bed (scripts/test)

# The running kernel's build tree if it exists, else the newest one installed.
KDIR ?= $(firstword $(wildcard /lib/modules/$(shell uname -r)/build) \
	  $(lastword $(sort $(wildcard /lib/modules/*/build))))

PWD := $(CURDIR)
SOURCES = $(wildcard iodmacmd/*.[ch] include/*/*.h kunit/*.[ch] kunit/user/*.[ch] \
	  samples/*/*.[ch] bench/*.[ch])

.PHONY: all modules clean check usertest test modules_install

all: modules

modules:
	@test -n "$(KDIR)" -a -d "$(KDIR)" || { echo "no kernel build tree: pass KDIR=..." >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(PWD) modules

modules_install:
	$(MAKE) -C $(KDIR) M=$(PWD) INSTALL_MOD_DIR=$(or $(INSTALL_MOD_DIR),extra) modules_install

clean:
	@if [ -n "$(KDIR)" ] && [ -d "$(KDIR)" ]; then $(MAKE) -C $(KDIR) M=$(PWD) clean; fi
	$(MAKE) -C kunit/user clean
	find . \( -name '*.o' -o -name '*.ko' -o -name '*.mod' -o -name '*.mod.c' \
		-o -name '.*.cmd' -o -name '*.o.d' -o -name 'modules.order' \
		-o -name 'Module.symvers' \) -not -path './.git/*' -delete

usertest:
	$(MAKE) -C kunit/user check

check:
	scripts/check $(SOURCES)

test:
	scripts/test
