# SPDX-License-Identifier: GPL-2.0
#
# iodmacmd.mk: what a client module's Kbuild includes to build against
# iodmacmd, in one line:
#
#	include /usr/src/iodmacmd-<version>/iodmacmd.mk
#
# with the path of an installed iodmacmd (DKMS or "make install") or of a
# built source tree; always an absolute path (kbuild reads the Kbuild file
# from the kernel's directory). It adds iodmacmd's headers to ccflags-y
# and iodmacmd's Module.symvers for the kernel being built to
# KBUILD_EXTRA_SYMBOLS (modpost reads the Kbuild file again to find it).
# The client's source still says IODMACMD_IMPORT_NS(); see
# samples/client/.
#
# Module.symvers is looked for, first found wins:
#   $(IODMACMD_SYMVERS)                     if the client sets it
#   <this directory>/Module.symvers         a built source tree
#   <this directory>/symvers/<kernel>/      "make install"
#   $(IODMACMD_DKMS_TREE)/iodmacmd/<version>/<kernel>/<arch>/
#                                           DKMS (/var/lib/dkms by default)
#
# It also sets IODMACMD_DIR (this directory) and IODMACMD_VERSION
# ("0.1.0"), for a client's own checks; the C macros are in
# <iodmacmd/version.h>.

IODMACMD_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
IODMACMD_VERSION := $(shell awk '/^.define IODMACMD_VERSION_(MAJOR|MINOR|PATCH)[ \t]/ \
	{ printf "%s%s", s, $$3; s = "." }' $(IODMACMD_DIR)/include/iodmacmd/version.h)
IODMACMD_DKMS_TREE ?= /var/lib/dkms

ifeq ($(IODMACMD_SYMVERS),)
IODMACMD_SYMVERS := $(firstword $(wildcard \
	$(IODMACMD_DIR)/Module.symvers \
	$(IODMACMD_DIR)/symvers/$(KERNELRELEASE)/Module.symvers \
	$(IODMACMD_DKMS_TREE)/iodmacmd/$(IODMACMD_VERSION)/$(KERNELRELEASE)/*/Module.symvers))
endif

# "make clean" reads the Kbuild file too, and needs no Module.symvers.
ifeq ($(filter %/Makefile.clean,$(MAKEFILE_LIST)),)
ifeq ($(IODMACMD_SYMVERS),)
$(error iodmacmd $(IODMACMD_VERSION) in $(IODMACMD_DIR) has no Module.symvers for Linux \
	$(KERNELRELEASE): install it for this kernel (dkms install iodmacmd/$(IODMACMD_VERSION) \
	-k $(KERNELRELEASE), or make install) or build that tree)
endif
endif

ccflags-y += -I$(IODMACMD_DIR)/include
KBUILD_EXTRA_SYMBOLS += $(IODMACMD_SYMVERS)
