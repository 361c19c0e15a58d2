# SPDX-License-Identifier: GPL-2.0
# The edu sample driver in guests, and Debian's stock kernel: sourced by
# scripts/test (after lib.sh) and scripts/demo, never executed.
#
#   edu_build_sample KDIR OBJ [ARCH]      build samples/edu in the built iodmacmd copy OBJ
#   edu_dext_build_sample KDIR OBJ [ARCH] build samples/edu-dext there
#   edu_initramfs OUT OBJ [ARCH]   a demo initramfs (scripts/guest/demo-init)
#   edu_guest NAME CONFIG KERNEL INITRD LOGDIR   lib.sh's guest_run, 600 s
#   edu_judge NAME LOGDIR [analyze-guest-log args]   sets EDU_PASSED, EDU_FAILED
#                                  (both samples) and EDU_DEXT_PASSED,
#                                  EDU_DEXT_FAILED (the dext-style one's part)
#   stock_prepare                  Debian's stock vmlinuz and its headers
#   stock_phase RUN                scripts/test's stock-kernel phase
#   packaging_phase RUN KDIR OBJ   scripts/test's DKMS, install and client phase

# scripts/test runs a shorter list than scripts/demo: each edu DMA costs 100 ms.
EDU_TRANSFERS=${EDU_TRANSFERS:-$IODMACMD_TOP/samples/edu/transfers}
EDU_DEXT_TRANSFERS=${EDU_DEXT_TRANSFERS:-$IODMACMD_TOP/samples/edu-dext/transfers}
# The edu device's DMA completes 100 ms of virtual time after it starts.
# EDU_ICOUNT="-icount shift=auto,sleep=off" lets an idle guest's virtual
# clock jump to the next timer, but it also turns off multi-threaded TCG,
# and a stock-kernel guest hung in SMP bring-up with it on a loaded host:
# off by default (a guest then waits ~60 s for its DMAs, side by side).
EDU_ICOUNT=${EDU_ICOUNT:-}

# Builds the sample against KDIR in OBJ/samples/edu, the way any client
# module builds: out of tree, with OBJ's Module.symvers and headers. Also
# builds edu_user (static). ARCH (x86_64 by default) cross-builds both.
# Returns 1 on an error or a warning (log in OBJ/samples/edu/build.log).
edu_build_sample() { # kdir obj [arch]
	local kdir=$1 obj=$2 dir=$2/samples/edu arch=${3:-x86_64} margs=() cc=cc
	if [ "$arch" != x86_64 ]; then
		read -ra margs <<<"$(arch_make_args "$arch")"
		cc=$(arch_user_cc "$arch")
	fi
	if ! make -C "$dir" KDIR="$kdir" IODMACMD="$obj" W=1 "${margs[@]}" modules \
			>"$dir/build.log" 2>&1 ||
		! make -C "$dir" CC="$cc" user >>"$dir/build.log" 2>&1; then
		cat "$dir/build.log" >&2
		return 1
	fi
	if grep -Ei "warning:|error:" "$dir/build.log" >&2; then
		return 1
	fi
}

# Builds the dext-style sample (samples/edu-dext) the same way, in
# OBJ/samples/edu-dext. Returns 1 on an error or a warning.
edu_dext_build_sample() { # kdir obj [arch]
	local kdir=$1 obj=$2 dir=$2/samples/edu-dext margs=()
	[ "${3:-x86_64}" = x86_64 ] || read -ra margs <<<"$(arch_make_args "$3")"
	if ! make -C "$dir" KDIR="$kdir" IODMACMD="$obj" W=1 "${margs[@]}" modules \
			>"$dir/build.log" 2>&1; then
		cat "$dir/build.log" >&2
		return 1
	fi
	if grep -Ei "warning:|error:" "$dir/build.log" >&2; then
		return 1
	fi
}

# Busybox, scripts/guest/demo-init as /init, the modules, edu-run,
# edu_user, edu-dext-run and the transfer lists.
edu_initramfs() { # out obj [arch]
	local out=$1 obj=$2 root
	root=$(mktemp -d "${TMPDIR:-/tmp}/edu-initramfs.XXXX")
	initramfs_root "$root" "${3:-x86_64}" "$IODMACMD_TOP/scripts/guest/demo-init"
	edu_initramfs_add "$root" "$obj"
	cp "$obj/iodmacmd/iodmacmd.ko" "$root/lib/modules/"
	initramfs_pack "$root" "$out"
}

# What the edu transfers of both samples need inside an initramfs ROOT
# (also scripts/test's).
edu_initramfs_add() { # root obj
	cp "$2/samples/edu/edu_iodmacmd.ko" "$2/samples/edu-dext/edu_dext.ko" "$1/lib/modules/"
	cp "$IODMACMD_TOP/samples/edu/edu-run" "$2/samples/edu/edu_user" \
		"$IODMACMD_TOP/samples/edu-dext/edu-dext-run" "$1/bin/"
	cp "$EDU_TRANSFERS" "$1/etc/iodmacmd/edu-transfers"
	cp "$EDU_DEXT_TRANSFERS" "$1/etc/iodmacmd/edu-dext-transfers"
}

# Boots one guest with the edu device (lib.sh's guest_run; EDU_ICOUNT
# added): console in LOGDIR/NAME.log, QEMU's logs appended.
edu_guest() { # name config kernel initrd logdir
	GUEST_TIMEOUT=${IODMACMD_GUEST_TIMEOUT:-600} GUEST_QEMU_EXTRA=$EDU_ICOUNT \
		guest_run "$1" "$2" "$3" "$4" "$5"
}

# Judges a demo-init guest: each transfer of both samples a case, plus every
# check of analyze-guest-log. Sets EDU_PASSED and EDU_FAILED (everything),
# EDU_DEXT_PASSED and EDU_DEXT_FAILED (the dext-style sample's part of
# them); report in NAME.report.
edu_judge() { # name logdir [analyze-guest-log args]
	local name=$1 dir=$2
	shift 2
	python3 "$IODMACMD_TOP/scripts/analyze-guest-log" "$dir/$name.log" \
		--config "$name" --kunit-py /dev/null --json "$dir/$name.json" --edu --edu-dext "$@" \
		>"$dir/$name.report" || true
	read -r EDU_PASSED EDU_FAILED EDU_DEXT_PASSED EDU_DEXT_FAILED < <(python3 "$IODMACMD_TOP/scripts/guest-counts" --demo "$dir/$name.json" 2>/dev/null || echo "0 1 0 1")
}

# Debian's stock kernel matching linux-headers-amd64: the image package is
# downloaded (not installed) and extracted into $CACHE_ROOT/stock-<abi>/.
# Sets STOCK_ABI (6.1.0-56), STOCK_VMLINUZ and STOCK_KDIR.
stock_prepare() {
	local dep pkgver dir deb
	dep=$(dpkg-query -W -f='${Depends}' linux-headers-amd64)
	STOCK_ABI=$(sed -n 's/.*linux-headers-\([0-9][^ ,]*\)-amd64.*/\1/p' <<<"$dep")
	[ -n "$STOCK_ABI" ] || die "cannot tell linux-headers-amd64's kernel from '$dep'"
	pkgver=$(dpkg-query -W -f='${Version}' "linux-headers-$STOCK_ABI-amd64")
	STOCK_KDIR=/usr/src/linux-headers-$STOCK_ABI-amd64
	dir=$CACHE_ROOT/stock-$STOCK_ABI
	STOCK_VMLINUZ=$dir/boot/vmlinuz-$STOCK_ABI-amd64
	[ -f "$dir/.iodmacmd-extracted" ] && return 0
	log "downloading linux-image-$STOCK_ABI-amd64 $pkgver (not installed)"
	rm -rf "$dir" "$dir.dl"
	mkdir -p "$dir.dl"
	(cd "$dir.dl" && apt-get download -qq "linux-image-$STOCK_ABI-amd64=$pkgver") \
		>"$CACHE_ROOT/stock-download.log" 2>&1 ||
		die "apt-get download linux-image-$STOCK_ABI-amd64=$pkgver failed, see $CACHE_ROOT/stock-download.log"
	deb=$(ls "$dir.dl"/*.deb)
	dpkg-deb -x "$deb" "$dir"
	rm -rf "$dir.dl"
	[ -f "$STOCK_VMLINUZ" ] || die "no $STOCK_VMLINUZ in $deb"
	touch "$dir/.iodmacmd-extracted"
}

# Taint a stock kernel gives our unsigned out-of-tree modules: E and O.
STOCK_ALLOW_TAINT=$(((1 << 13) | (1 << 12)))

# scripts/test's phase: iodmacmd and the sample built against the stock
# headers (in RUN/obj-stock, already built by the compile check), booted on
# the stock vmlinuz with the IOMMU off and on; each verified transfer is a
# pass, each failure or problem a fail.
stock_phase() { # run
	local run=$1 obj=$1/obj-stock c
	stock_prepare
	if ! edu_build_sample "$STOCK_KDIR" "$obj"; then
		count 0 1 0 "build: edu sample, stock $STOCK_ABI"
		return 0
	fi
	if ! edu_dext_build_sample "$STOCK_KDIR" "$obj"; then
		count 0 1 0 "build: edu-dext sample, stock $STOCK_ABI"
		return 0
	fi
	edu_initramfs "$run/initrd-stock.gz" "$obj"
	for c in none iommu; do
		edu_guest "stock-$c" "stock-$c" "$STOCK_VMLINUZ" "$run/initrd-stock.gz" "$run"
		edu_judge "stock-$c" "$run" --no-debug-facilities --allow-taint "$STOCK_ALLOW_TAINT"
		[ "$EDU_FAILED" -eq 0 ] || cat "$run/stock-$c.report" >&2
		count $((EDU_PASSED - EDU_DEXT_PASSED)) $((EDU_FAILED - EDU_DEXT_FAILED)) 0 \
			"guest stock-$c (Debian $STOCK_ABI)"
		count "$EDU_DEXT_PASSED" "$EDU_DEXT_FAILED" 0 "guest stock-$c: edu-dext sample"
	done
}

# scripts/test's packaging phase, against the stock headers KDIR (a user's
# Debian box) and the copy OBJ already built there with W=1 (RUN/obj-stock).
# Every install goes into scratch trees under RUN/packaging, never into the
# system's /lib/modules, /usr/src or /var/lib/dkms:
#   version       make check-version, and modinfo's version is version.h's
#   make check    in OBJ (built, no .git): the same file list as git's, no
#                 *.mod.c, and checkpatch seeds Apple's names from include/
#   client/tree   samples/client built against OBJ, as copied by a user
#   make install  module + depmod, headers, iodmacmd.mk, Module.symvers into
#                 a scratch root; the client built against that install
#   dkms          make dkms-install (dkms add, build, install) into scratch
#                 DKMS, source and module trees; Module.symvers kept
#   client/dkms   the client built against what DKMS installed: its symbol
#                 CRCs are the installed module's, and depmod resolves it
#   refusal       DKMS and the Makefile refuse Linux 5.10 and a kernel
#                 without CONFIG_HAS_DMA, saying so
# Each is one pass or one failure; the logs are in RUN/packaging/*.log.
packaging_phase() { # run kdir obj
	local run=$1 kdir=$2 obj=$3 s=$1/packaging
	local kver ver src dk root label
	rm -rf "$s"
	mkdir -p "$s"
	ensure_packages dkms
	kver=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"/\1/p' "$kdir/include/generated/utsrelease.h")
	ver=$(make -s -C "$obj" version)

	# DKMS with scratch trees, its module signing key a scratch one too:
	# its build (the phase's longest step) runs beside the checks below.
	dk=$s/dkms
	src=$dk/src/iodmacmd-$ver
	mkdir -p "$dk/tree" "$dk/root/lib/modules/$kver"
	local flags="--dkmstree $dk/tree --sourcetree $dk/src --installtree $dk/root/lib/modules"
	flags+=" --kernelsourcedir $kdir --no-depmod"
	local dkms_pid
	(
		rc=0
		pkg_dkms "$s/dkms.log" "$obj" "$kdir" "$kver" "$ver" "$dk" "$flags" || rc=$?
		echo $rc >"$s/dkms.rc"
	) &
	dkms_pid=$!

	label="packaging: version $ver agrees"
	if make -s -C "$obj" check-version >"$s/version.log" 2>&1 &&
		pkg_expect "$s/version.log" "$ver" modinfo -F version "$obj/iodmacmd/iodmacmd.ko"; then
		count 1 0 0 "$label"
	else
		pkg_fail "$label" "$s/version.log"
	fi

	label="packaging: make check, built, no .git"
	if pkg_check_nogit "$obj" "$s/check.log"; then
		count 1 0 0 "$label"
	else
		pkg_fail "$label" "$s/check.log"
	fi

	label="packaging: client from the tree"
	if pkg_client "$s/client-tree" "$kdir" "$obj" /nonexistent; then
		count 1 0 0 "$label"
	else
		pkg_fail "$label" "$s/client-tree/build.log"
	fi

	# make install, as a packager would: INSTALL_MOD_PATH and DESTDIR.
	label="packaging: make install (scratch root), client"
	root=$s/root
	local isrc=$root/usr/src/iodmacmd-$ver
	if make -C "$obj" KDIR="$kdir" W=1 INSTALL_MOD_PATH="$root" DESTDIR="$root" \
			install >"$s/install.log" 2>&1 &&
		pkg_files "$s/install.log" "$root/lib/modules/$kver/extra/iodmacmd/iodmacmd.ko" \
			"$isrc/iodmacmd.mk" "$isrc/include/iodmacmd/version.h" \
			"$isrc/include/IOKit/IODMACommand.h" "$isrc/include/DriverKit/IODMACommand.h" \
			"$isrc/symvers/$kver/Module.symvers" &&
		pkg_grep "$s/install.log" '^extra/iodmacmd/iodmacmd.ko:' "$root/lib/modules/$kver/modules.dep" &&
		pkg_client "$s/client-install" "$kdir" "$isrc" /nonexistent; then
		count 1 0 0 "$label"
	else
		cat "$s/client-install/build.log" >>"$s/install.log" 2>/dev/null || true
		pkg_fail "$label" "$s/install.log"
	fi

	label="packaging: dkms add/build/install, $kver"
	wait "$dkms_pid" || true
	if [ "$(cat "$s/dkms.rc" 2>/dev/null)" = 0 ]; then
		count 1 0 0 "$label"
	else
		pkg_fail "$label" "$s/dkms.log"
	fi

	label="packaging: client against the DKMS install"
	if pkg_client "$s/client-dkms" "$kdir" "$src" "$dk/tree" &&
		pkg_crcs "$s/client-dkms/build.log" "$s/client-dkms/hello_iodmacmd.ko" \
			"$dk/root/lib/modules/$kver/updates/dkms/iodmacmd.ko" &&
		install -D -m 644 "$s/client-dkms/hello_iodmacmd.ko" \
			"$dk/root/lib/modules/$kver/extra/hello_iodmacmd.ko" &&
		depmod -b "$dk/root" -a "$kver" >>"$s/client-dkms/build.log" 2>&1 &&
		pkg_grep "$s/client-dkms/build.log" 'updates/dkms/iodmacmd.ko' \
			<(modprobe -d "$dk/root" -S "$kver" --show-depends hello_iodmacmd 2>&1); then
		count 1 0 0 "$label"
	else
		pkg_fail "$label" "$s/client-dkms/build.log"
	fi

	label="packaging: unsupported kernels refused"
	if pkg_refusal "$s/refusal" "$obj" "$dk" "$flags" "$ver" "$kdir" >"$s/refusal.log" 2>&1; then
		count 1 0 0 "$label"
	else
		pkg_fail "$label" "$s/refusal.log"
	fi
}

# make dkms-install (dkms add, build, install) into scratch trees, then what
# it left: the module, signed with the (scratch) MOK key, Module.symvers
# kept, dkms status "installed", depmod finding the module.
# shellcheck disable=SC2086 # flags: dkms options, split on purpose
pkg_dkms() { # log obj kdir kver version dkms-dir dkms-flags
	local logf=$1 obj=$2 kdir=$3 kver=$4 ver=$5 dk=$6 flags=$7
	local src=$dk/src/iodmacmd-$ver
	mok_signing_key=$dk/mok.key mok_certificate=$dk/mok.pub \
		make -C "$obj" KDIR="$kdir" IODMACMD_SRC="$src" DKMS_FLAGS="$flags" \
			dkms-install >"$logf" 2>&1 &&
		pkg_files "$logf" "$dk/root/lib/modules/$kver/updates/dkms/iodmacmd.ko" \
			"$dk/tree/iodmacmd/$ver/$kver/$(uname -m)/Module.symvers" "$src/iodmacmd.mk" &&
		pkg_expect "$logf" "$ver" modinfo -F version \
			"$dk/root/lib/modules/$kver/updates/dkms/iodmacmd.ko" &&
		pkg_expect "$logf" "DKMS module signing key" modinfo -F signer \
			"$dk/root/lib/modules/$kver/updates/dkms/iodmacmd.ko" &&
		pkg_grep "$logf" "installed" <(dkms status $flags "iodmacmd/$ver" -k "$kver" 2>&1) &&
		depmod -b "$dk/root" -a "$kver" >>"$logf" 2>&1 &&
		pkg_grep "$logf" '^updates/dkms/iodmacmd.ko:' "$dk/root/lib/modules/$kver/modules.dep"
}

pkg_fail() { # label log
	log "$1 failed; the end of $2:"
	tail -n 40 "$2" >&2 || true
	count 0 1 0 "$1"
}

# "$@" prints exactly WANT (one line), else LOG says what it printed.
pkg_expect() { # log want cmd...
	local logf=$1 want=$2 got
	shift 2
	got=$("$@" 2>&1) || true
	[ "$got" = "$want" ] && return 0
	echo "expected '$want' from '$*', got '$got'" >>"$logf"
	return 1
}

pkg_files() { # log files...
	local logf=$1 f rc=0
	shift
	for f in "$@"; do
		[ -s "$f" ] || { echo "missing: $f" >>"$logf"; rc=1; }
	done
	return $rc
}

pkg_grep() { # log regex file
	grep -q -- "$2" "$3" && return 0
	echo "no '$2' in $3" >>"$1"
	return 1
}

# samples/client, copied to DIR as a user does, built with W=1 against KDIR
# and the iodmacmd in IODMACMD_DIR (a tree or an install); DKMS_TREE for
# iodmacmd.mk's DKMS fallback. Both modules, no warning, and each depends
# on iodmacmd with its namespace imported.
pkg_client() { # dir kdir iodmacmd-dir dkms-tree
	local dir=$1 m
	rm -rf "$dir"
	cp -r "$IODMACMD_TOP/samples/client" "$dir"
	make -C "$dir" KDIR="$2" IODMACMD_DIR="$3" IODMACMD_DKMS_TREE="$4" W=1 \
		>"$dir/build.log" 2>&1 || return 1
	if grep -Ei 'warning|error' "$dir/build.log" >/dev/null; then
		echo "warnings in the client's build" >>"$dir/build.log"
		return 1
	fi
	for m in hello_iodmacmd hello_iokit hello_driverkit; do
		pkg_expect "$dir/build.log" iodmacmd modinfo -F depends "$dir/$m.ko" || return 1
		pkg_expect "$dir/build.log" IODMACMD modinfo -F import_ns "$dir/$m.ko" || return 1
	done
}

# The CRC the client recorded for each iodmacmd symbol it uses is the one
# in the installed iodmacmd.ko (__crc_<symbol> in __kcrctab*, 6.1 layout):
# the module loads against that install.
pkg_crcs() { # log client.ko iodmacmd.ko
	python3 "$IODMACMD_TOP/scripts/module-crcs" "$2" "$3" >>"$1" 2>&1
}

# make check's file list in OBJ (built, no .git) is git's list of the tree,
# without kbuild's *.mod.c; checkpatch there knows Apple's names from
# include/ (bounce.c uses them in the Linux face) and passes our files.
pkg_check_nogit() { # obj log
	local obj=$1 logf=$2
	[ ! -e "$obj/.git" ] || { echo "$obj has .git" >"$logf"; return 1; }
	ls "$obj"/iodmacmd/*.mod.c >/dev/null 2>&1 ||
		{ echo "$obj is not built (no *.mod.c)" >"$logf"; return 1; }
	"$obj/scripts/check" --list 2>"$logf" | sort >"$logf.copy" || return 1
	if grep -q '\.mod\.c$' "$logf.copy" || [ ! -s "$logf.copy" ]; then
		echo "bad file list:" >>"$logf"
		cat "$logf.copy" >>"$logf"
		return 1
	fi
	if [ -e "$IODMACMD_TOP/.git" ]; then
		"$IODMACMD_TOP/scripts/check" --list 2>>"$logf" | sort >"$logf.git" || return 1
		diff "$logf.git" "$logf.copy" >>"$logf" ||
			{ echo "file lists differ (<: git, >: no .git)" >>"$logf"; return 1; }
	fi
	"$obj/scripts/check" iodmacmd/bounce.c include/iodmacmd/version.h \
		samples/client/hello_iodmacmd.c samples/client/hello_iokit.c >>"$logf" 2>&1 || return 1
	! grep -q CAMELCASE "$logf"
}

# Linux 5.10 and a 6.1 without CONFIG_HAS_DMA, as fake kernel trees: dkms
# build stops with status 77 (BUILD_EXCLUSIVE, "should not be built") and
# the Makefile says why.
pkg_refusal() { # dir obj dkms-dir dkms-flags version kdir
	local dir=$1 obj=$2 dk=$3 flags=$4 ver=$5 kdir=$6 k rc out
	mkdir -p "$dir/5.10/include/generated/uapi/linux" "$dir/nodma/include/generated/uapi/linux"
	echo '#define LINUX_VERSION_CODE 330240' >"$dir/5.10/include/generated/uapi/linux/version.h"
	printf 'CONFIG_MODULES=y\nCONFIG_HAS_DMA=y\nCONFIG_MMU=y\n' >"$dir/5.10/.config"
	cp "$kdir/include/generated/uapi/linux/version.h" "$dir/nodma/include/generated/uapi/linux/"
	grep -v '^CONFIG_HAS_DMA=' "$kdir/.config" >"$dir/nodma/.config"
	for k in 5.10 nodma; do
		rc=0
		# shellcheck disable=SC2086
		mok_signing_key=$dk/mok.key mok_certificate=$dk/mok.pub \
			dkms build ${flags/--kernelsourcedir $kdir/} --kernelsourcedir "$dir/$k" \
			"iodmacmd/$ver" -k "$([ $k = 5.10 ] && echo 5.10.0-99-amd64 || echo 6.1.0-99-amd64)" || rc=$?
		[ $rc -eq 77 ] || { echo "dkms build for $k: status $rc, not 77"; return 1; }
		rc=0
		out=$(make -C "$obj" KDIR="$dir/$k" kernel-check 2>&1) || rc=$?
		echo "$out"
		[ $rc -ne 0 ] || { echo "make kernel-check accepted $k"; return 1; }
		case "$k:$out" in
		5.10:*"needs Linux 6.1 or later"* | nodma:*"needs CONFIG_HAS_DMA=y"*) ;;
		*) echo "make kernel-check gave no reason for $k"; return 1 ;;
		esac
	done
}
