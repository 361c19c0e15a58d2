# SPDX-License-Identifier: GPL-2.0
# The edu sample driver in guests, and Debian's stock kernel: sourced by
# scripts/test (after lib.sh) and scripts/demo, never executed.
#
#   edu_build_sample KDIR OBJ      build samples/edu in the built iodmacmd copy OBJ
#   edu_initramfs OUT OBJ          a demo initramfs (scripts/guest/demo-init)
#   edu_guest NAME KERNEL INITRD LOGDIR QEMU-ARGS CMDLINE
#   edu_judge NAME LOGDIR [analyze-guest-log args]   sets EDU_PASSED, EDU_FAILED
#   stock_prepare                  Debian's stock vmlinuz and its headers
#   stock_phase RUN                scripts/test's stock-kernel phase

# scripts/test runs a shorter list than scripts/demo: each edu DMA costs 100 ms.
EDU_TRANSFERS=${EDU_TRANSFERS:-$IODMACMD_TOP/samples/edu/transfers}
# The edu device's DMA completes 100 ms of virtual time after it starts.
# EDU_ICOUNT="-icount shift=auto,sleep=off" lets an idle guest's virtual
# clock jump to the next timer, but it also turns off multi-threaded TCG,
# and a stock-kernel guest hung in SMP bring-up with it on a loaded host:
# off by default (a guest then waits ~60 s for its DMAs, side by side).
EDU_ICOUNT=${EDU_ICOUNT:-}

# Builds the sample against KDIR in OBJ/samples/edu, the way any client
# module builds: out of tree, with OBJ's Module.symvers and headers. Also
# builds edu_user (static). Returns 1 on an error or a warning (log in
# OBJ/samples/edu/build.log).
edu_build_sample() { # kdir obj
	local kdir=$1 obj=$2 dir=$2/samples/edu
	if ! make -C "$dir" KDIR="$kdir" IODMACMD="$obj" W=1 modules >"$dir/build.log" 2>&1 ||
		! make -C "$dir" user >>"$dir/build.log" 2>&1; then
		cat "$dir/build.log" >&2
		return 1
	fi
	if grep -Ei "warning:|error:" "$dir/build.log" >&2; then
		return 1
	fi
}

# Busybox, scripts/guest/demo-init as /init, both modules, edu-run,
# edu_user and the transfer list.
edu_initramfs() { # out obj
	local out=$1 obj=$2 root
	root=$(mktemp -d "${TMPDIR:-/tmp}/edu-initramfs.XXXX")
	mkdir -p "$root"/{bin,dev,proc,sys,tmp,etc/iodmacmd,lib/modules}
	cp /bin/busybox "$root/bin/busybox"
	cp "$IODMACMD_TOP/scripts/guest/demo-init" "$root/init"
	edu_initramfs_add "$root" "$obj"
	cp "$obj/iodmacmd/iodmacmd.ko" "$root/lib/modules/"
	(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$out"
	rm -rf "$root"
}

# What the edu transfers need inside an initramfs ROOT (also scripts/test's).
edu_initramfs_add() { # root obj
	cp "$2/samples/edu/edu_iodmacmd.ko" "$1/lib/modules/"
	cp "$IODMACMD_TOP/samples/edu/edu-run" "$2/samples/edu/edu_user" "$1/bin/"
	cp "$EDU_TRANSFERS" "$1/etc/iodmacmd/edu-transfers"
}

# Boots one guest with the edu device; console in LOGDIR/NAME.log, QEMU's
# guest-error log appended to it, QEMU's own output in NAME.qemu.out (also
# appended: QEMU 7.2's edu aborts the machine on a bad DMA range).
edu_guest() { # name kernel initrd logdir qemu-args cmdline
	local name=$1 kernel=$2 initrd=$3 dir=$4 qargs=$5 cmdline=$6 rc=0
	# shellcheck disable=SC2086
	timeout --kill-after=10 "${IODMACMD_GUEST_TIMEOUT:-600}" \
		qemu-system-x86_64 -M q35 -accel tcg -m 6G -smp 2 $EDU_ICOUNT \
		$qargs -device edu \
		-kernel "$kernel" -initrd "$initrd" \
		-append "console=ttyS0 loglevel=7 panic=-1 $cmdline iodmacmd_config=$name" \
		-display none -monitor none -serial "file:$dir/$name.log" \
		-d guest_errors -D "$dir/$name.qemu.log" \
		-no-reboot </dev/null >"$dir/$name.qemu.out" 2>&1 || rc=$?
	[ $rc -eq 124 ] && log "guest $name timed out"
	cat "$dir/$name.qemu.log" "$dir/$name.qemu.out" >>"$dir/$name.log" 2>/dev/null || true
	return 0
}

# Judges a demo-init guest: each transfer a case, plus every check of
# analyze-guest-log. Sets EDU_PASSED and EDU_FAILED; report in NAME.report.
edu_judge() { # name logdir [analyze-guest-log args]
	local name=$1 dir=$2
	shift 2
	python3 "$IODMACMD_TOP/scripts/analyze-guest-log" "$dir/$name.log" \
		--config "$name" --kunit-py /dev/null --json "$dir/$name.json" --edu "$@" \
		>"$dir/$name.report" || true
	read -r EDU_PASSED EDU_FAILED < <(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["passed"], d["failed"])' "$dir/$name.json" 2>/dev/null || echo "0 1")
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
	edu_initramfs "$run/initrd-stock.gz" "$obj"
	for c in none iommu; do
		local qargs="" cmdline="intel_iommu=off"
		[ $c = iommu ] && qargs="-device intel-iommu" cmdline="intel_iommu=on"
		edu_guest "stock-$c" "$STOCK_VMLINUZ" "$run/initrd-stock.gz" "$run" "$qargs" "$cmdline"
		edu_judge "stock-$c" "$run" --no-debug-facilities --allow-taint "$STOCK_ALLOW_TAINT"
		[ "$EDU_FAILED" -eq 0 ] || cat "$run/stock-$c.report" >&2
		count "$EDU_PASSED" "$EDU_FAILED" 0 "guest stock-$c (Debian $STOCK_ABI)"
	done
}
