# SPDX-License-Identifier: GPL-2.0
# Shared helpers for scripts/test, scripts/demo and scripts/bench: package
# installation, the cached test kernel, initramfs assembly and QEMU runs.
# Sourced, never executed.

IODMACMD_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE_ROOT=${IODMACMD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/iodmacmd}
mkdir -p "$CACHE_ROOT"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 2; }

# Phase timing: "phase_start NAME" ... "phase_end"; phase_report prints all.
PHASES=()
phase_start() { PHASE_NAME=$1; PHASE_T0=$(date +%s.%N); log "== $1"; }
phase_end() {
	local t1
	t1=$(date +%s.%N)
	PHASES+=("$(printf '%-44s %7.1f s' "$PHASE_NAME" "$(echo "$t1 - $PHASE_T0" | bc)")")
}
phase_report() {
	local p
	echo "Phase timings:"
	for p in "${PHASES[@]}"; do echo "  $p"; done
}

# apt-get install whatever of "$@" is missing (Debian package names).
ensure_packages() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	log "installing: ${missing[*]}"
	local sudo=
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	if ! $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$CACHE_ROOT/apt.log" 2>&1; then
		$sudo apt-get update -qq >>"$CACHE_ROOT/apt.log" 2>&1
		DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
			--no-install-recommends "${missing[@]}" >>"$CACHE_ROOT/apt.log" 2>&1 ||
			die "apt-get install ${missing[*]} failed, see $CACHE_ROOT/apt.log"
	fi
}

HOST_PACKAGES=(build-essential bc flex bison libelf-dev libssl-dev kmod cpio
	xz-utils gzip rsync python3 busybox-static qemu-system-x86
	linux-source-6.12 linux-headers-amd64 sparse perl)

# The newest stock Debian headers tree (the compile-only check).
stock_headers_dir() {
	local d
	d=$(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -n 1)
	[ -n "$d" ] || die "no /usr/src/linux-headers-*-amd64 (package linux-headers-amd64)"
	echo "$d"
}

# Test kernel: Debian's linux-source-6.12 + tinyconfig + scripts/kernel.config.
# Cached under $CACHE_ROOT keyed by the source package version and a hash of
# the fragments and of this function's recipe, so a change to either rebuilds.
# Another fragment (scripts/bench-kernel.config) is cached beside it, its
# basename in the directory name: kernel-<name>-6.12-...; the default keeps
# kernel-6.12-... Another architecture (--arch arm64) merges its own fragment
# (scripts/<arch>-kernel.config) after scripts/kernel.config, cross-built,
# cached as kernel-<arch>-kernel-6.12-...
KERNEL_RECIPE_VERSION=1
kernel_fragment_tag() { # fragment: "" for scripts/kernel.config, else "<name>-"
	local name
	name=$(basename "$1" .config)
	[ "$name" = kernel ] || echo "$name-"
}
kernel_key() { # fragment... (the last one names the kernel)
	local srcver last
	[ $# -gt 0 ] || set -- "$IODMACMD_TOP/scripts/kernel.config"
	last=${!#}
	srcver=$(dpkg-query -W -f='${Version}' linux-source-6.12)
	echo "$(kernel_fragment_tag "$last")6.12-${srcver}-$( (cat "$@"
		echo "recipe $KERNEL_RECIPE_VERSION") | sha256sum | cut -c1-12)"
}

# What an architecture's kernel build needs: make's ARCH and CROSS_COMPILE,
# the image target and where the image lands, its Debian packages.
arch_make_args() { # arch
	case "$1" in
	x86_64) echo "ARCH=x86_64" ;;
	arm64) echo "ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-" ;;
	*) die "unknown architecture $1" ;;
	esac
}
arch_image_target() { # arch
	case "$1" in
	x86_64) echo bzImage ;;
	arm64) echo Image ;;
	esac
}
arch_image_path() { # arch
	case "$1" in
	x86_64) echo arch/x86/boot/bzImage ;;
	arm64) echo arch/arm64/boot/Image ;;
	esac
}
arch_packages() { # arch: packages beyond HOST_PACKAGES
	case "$1" in
	arm64) echo gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-system-arm ;;
	esac
}
arch_user_cc() { # arch: the C compiler for static user programs
	case "$1" in
	x86_64) echo cc ;;
	arm64) echo aarch64-linux-gnu-gcc ;;
	esac
}

# Sets KSRC: the extracted linux-source-6.12 tree (kunit.py, checkpatch).
extract_kernel_source() {
	local srcver tarball=/usr/src/linux-source-6.12.tar.xz
	srcver=$(dpkg-query -W -f='${Version}' linux-source-6.12)
	KSRC=$CACHE_ROOT/src-$srcver/linux-source-6.12
	[ -f "$KSRC/.iodmacmd-extracted" ] && return 0
	log "extracting $tarball"
	rm -rf "$CACHE_ROOT/src-$srcver"
	mkdir -p "$CACHE_ROOT/src-$srcver"
	tar -C "$CACHE_ROOT/src-$srcver" -xf "$tarball"
	touch "$KSRC/.iodmacmd-extracted"
	find "$CACHE_ROOT" -maxdepth 1 -name 'src-*' ! -name "src-$srcver" -exec rm -rf {} +
}

# Sets KSRC (source tree, with kunit.py), KBUILD_OUT (built tree),
# KERNEL_IMAGE, KERNEL_ARCH and KERNEL_KEY. --arch: x86_64 (the default) or
# arm64; the fragment: scripts/kernel.config by default (x86_64 only: the
# arm64 kernel is always scripts/kernel.config + scripts/arm64-kernel.config).
# Concurrent runs (two checkouts, a developer and CI) wait for one build;
# the lock is per architecture, so an arm64 build never holds up x86 runs.
prepare_test_kernel() { # [--arch ARCH] [fragment]
	local key arch=x86_64 frags=() lock=kernel.lock f
	if [ "${1:-}" = --arch ]; then
		arch=$2
		shift 2
	fi
	case "$arch" in
	x86_64) frags=("${1:-$IODMACMD_TOP/scripts/kernel.config}") ;;
	*)
		[ $# -eq 0 ] || die "prepare_test_kernel --arch $arch takes no fragment"
		frags=("$IODMACMD_TOP/scripts/kernel.config" "$IODMACMD_TOP/scripts/$arch-kernel.config")
		lock=kernel-$arch.lock
		;;
	esac
	for f in "${!frags[@]}"; do
		[ -f "${frags[$f]}" ] || die "no kernel config fragment ${frags[$f]}"
		frags[f]=$(cd "$(dirname "${frags[$f]}")" && pwd)/$(basename "${frags[$f]}")
	done
	exec {kernel_lock}>"$CACHE_ROOT/$lock"
	flock "$kernel_lock"
	extract_kernel_source
	key=$(kernel_key "${frags[@]}")
	KERNEL_KEY=$key
	KERNEL_ARCH=$arch
	KBUILD_OUT=$CACHE_ROOT/kernel-$key
	KERNEL_IMAGE=$KBUILD_OUT/$(arch_image_path "$arch")
	build_test_kernel "$key" "$arch" "${frags[@]}"
	flock -u "$kernel_lock"
}

# shellcheck disable=SC2046 # arch_make_args: make variables, split on purpose
build_test_kernel() { # key arch fragment...
	local key=$1 arch=$2 t0=$SECONDS
	shift 2
	if [ -f "$KBUILD_OUT/.iodmacmd-built" ]; then
		log "test kernel cached: $KBUILD_OUT"
		return 0
	fi
	log "building test kernel $key (a few minutes; arm64 cross-built, longer)"
	rm -rf "$KBUILD_OUT"
	mkdir -p "$KBUILD_OUT"
	make -s -C "$KSRC" O="$KBUILD_OUT" $(arch_make_args "$arch") tinyconfig \
		>"$KBUILD_OUT/build.log" 2>&1 ||
		die "tinyconfig failed, see $KBUILD_OUT/build.log"
	(cd "$KBUILD_OUT" && "$KSRC/scripts/kconfig/merge_config.sh" -m .config "$@") \
		>>"$KBUILD_OUT/build.log" 2>&1 ||
		die "merge_config failed"
	make -s -C "$KSRC" O="$KBUILD_OUT" $(arch_make_args "$arch") olddefconfig \
		>>"$KBUILD_OUT/build.log" 2>&1
	check_kernel_config "$KBUILD_OUT/.config" "$@"
	make -C "$KSRC" O="$KBUILD_OUT" $(arch_make_args "$arch") -j"$(nproc)" \
		"$(arch_image_target "$arch")" modules >>"$KBUILD_OUT/build.log" 2>&1 || {
		tail -n 30 "$KBUILD_OUT/build.log" >&2
		die "test kernel build failed, see $KBUILD_OUT/build.log"
	}
	echo "$arch $((SECONDS - t0))" >"$KBUILD_OUT/.iodmacmd-build-seconds"
	touch "$KBUILD_OUT/.iodmacmd-built"
	# Older builds of this fragment (other keys) are dead weight; other
	# fragments' kernels are not.
	find "$CACHE_ROOT" -maxdepth 1 -name "kernel-$(kernel_fragment_tag "${!#}")6.12-*" \
		! -name "kernel-$key" -exec rm -rf {} +
}

# Every option the fragments ask for must have survived olddefconfig: a
# dependency that silently dropped KASAN would make every run look clean.
# An option a later fragment turns off ("# CONFIG_X is not set") is not asked
# for: the arm64 fragment turns off the x86 one's x86-only options.
check_kernel_config() { # config fragment...
	local cfg=$1 line opt bad=0 off
	shift
	off=$(sed -n 's/^# \(CONFIG_[A-Za-z0-9_]*\) is not set$/\1/p' "$@")
	while read -r line; do
		case "$line" in
		CONFIG_*=y)
			opt=${line%%=*}
			grep -qx "$opt" <<<"$off" && continue
			grep -qx "$opt=y" "$cfg" || { log "config lost $opt"; bad=1; } ;;
		esac
	done < <(cat "$@")
	[ $bad -eq 0 ] || die "the kernel config fragments did not apply; fix $*"
}

# ---- Guests: one runner for scripts/test, stock.sh, bench and demo. ----
#
# A guest configuration names the machine and what it adds to QEMU and to
# the kernel command line. x86_64 ones boot on q35; arm64-* ones on virt
# (16 KiB pages, the arm64 test kernel), its RAM from 1 GiB to 7 GiB, so
# that nothing lies below 1 GiB and 3 GiB lie above 4 GiB.
#   none       x86_64, no IOMMU         arm64-none     no IOMMU
#   iommu      x86_64, intel-iommu      arm64-smmuv3   -M virt,iommu=smmuv3
#   swiotlb    x86_64, swiotlb=force    arm64-swiotlb  swiotlb=force
#   selftest   x86_64, no IOMMU (the harness self-test)
#   stock-none, stock-iommu: as none and iommu (Debian's stock kernel)
GUEST_CONFIGS=(none iommu swiotlb arm64-none arm64-smmuv3 arm64-swiotlb)
guest_arch() { # config
	case "$1" in
	arm64-*) echo arm64 ;;
	*) echo x86_64 ;;
	esac
}
guest_qemu_args() { # config
	case "$1" in
	iommu | stock-iommu) echo "-device intel-iommu" ;;
	# The granule each context descriptor asks the SMMU for (granule_sz:
	# 12 is 4 KiB, 14 is 16 KiB), into the log.
	arm64-smmuv3) echo "-trace smmuv3_decode_cd_tt" ;;
	esac
}
guest_cmdline() { # config
	case "$1" in
	iommu | stock-iommu) echo "intel_iommu=on" ;;
	swiotlb) echo "intel_iommu=off swiotlb=force" ;;
	arm64-none | arm64-smmuv3) echo "" ;;
	arm64-swiotlb) echo "swiotlb=force" ;;
	*) echo "intel_iommu=off" ;;
	esac
}
# The QEMU binary and machine of an architecture (config: the IOMMU).
guest_machine() { # config
	case "$1" in
	arm64-smmuv3) echo "qemu-system-aarch64 -M virt,iommu=smmuv3 -cpu max,pauth-impdef=on" ;;
	arm64-*) echo "qemu-system-aarch64 -M virt -cpu max,pauth-impdef=on" ;;
	*) echo "qemu-system-x86_64 -M q35" ;;
	esac
}
# The edu device's DMA reach in bits: 28 as QEMU's edu.txt says, except on
# arm64 virt without an IOMMU, where no RAM lies below 1 GiB: 32 bits there
# (QEMU's dma_mask property). The guest's /init passes it to the samples
# and test modules from the kernel command line (iodmacmd_edu_bits=).
guest_edu_bits() { # config
	case "$1" in
	arm64-none | arm64-swiotlb) echo 32 ;;
	*) echo 28 ;;
	esac
}
guest_console() { # config
	case "$(guest_arch "$1")" in
	arm64) echo ttyAMA0 ;;
	*) echo ttyS0 ;;
	esac
}

# Boots one guest with the edu device on KERNEL and INITRD: console in
# DIR/NAME.log, with QEMU's guest-error log and its own output appended
# (QEMU 7.2's edu aborts the machine on a bad DMA range), the wall time in
# DIR/NAME.seconds. GUEST_TIMEOUT (default IODMACMD_GUEST_TIMEOUT, else 900 s;
# 1800 s for arm64, emulated, not merely translated) bounds it;
# GUEST_QEMU_EXTRA adds QEMU options.
guest_run() { # name config kernel initrd dir [extra kernel args]
	local name=$1 config=$2 kernel=$3 initrd=$4 dir=$5 extra=${6:-} rc=0 t0=$SECONDS
	local limit=900 edu_bits
	edu_bits=$(guest_edu_bits "$config")
	[ "$(guest_arch "$config")" = x86_64 ] || limit=1800
	# shellcheck disable=SC2046,SC2086 # machine and options: words on purpose
	timeout --kill-after=10 "${GUEST_TIMEOUT:-${IODMACMD_GUEST_TIMEOUT:-$limit}}" \
		$(guest_machine "$config") -accel tcg -m 6G -smp 2 ${GUEST_QEMU_EXTRA:-} \
		$(guest_qemu_args "$config") -device "edu,dma_mask=$(((1 << edu_bits) - 1))" \
		-kernel "$kernel" -initrd "$initrd" \
		-append "console=$(guest_console "$config") loglevel=7 printk.devkmsg=on panic=-1 $(guest_cmdline "$config") iodmacmd_config=$name iodmacmd_edu_bits=$edu_bits $extra" \
		-display none -monitor none -serial "file:$dir/$name.log" \
		-d guest_errors -D "$dir/$name.qemu.log" \
		-no-reboot </dev/null >"$dir/$name.qemu.out" 2>&1 || rc=$?
	[ $rc -eq 124 ] && log "guest $name timed out"
	cat "$dir/$name.qemu.log" "$dir/$name.qemu.out" >>"$dir/$name.log" 2>/dev/null || true
	echo $((SECONDS - t0)) >"$dir/$name.seconds"
	return 0
}

# A static busybox for ARCH: the host's for x86_64; for arm64 Debian's
# busybox-static:arm64, downloaded (never installed: it would replace the
# host's) into $CACHE_ROOT/busybox-arm64/, which needs dpkg's arm64
# architecture (multiarch) and one apt-get update.
guest_busybox() { # arch
	local dir=$CACHE_ROOT/busybox-$1 deb
	case "$1" in
	x86_64) echo /bin/busybox; return 0 ;;
	esac
	if [ ! -x "$dir/bin/busybox" ]; then
		if ! dpkg --print-foreign-architectures | grep -qx "$1"; then
			log "adding dpkg architecture $1 (for busybox-static:$1)"
			local sudo=
			[ "$(id -u)" -eq 0 ] || sudo=sudo
			if ! $sudo dpkg --add-architecture "$1" ||
				! $sudo apt-get update -qq >>"$CACHE_ROOT/apt.log" 2>&1; then
				die "cannot add dpkg architecture $1, see $CACHE_ROOT/apt.log"
			fi
		fi
		rm -rf "$dir" "$dir.dl"
		mkdir -p "$dir.dl"
		(cd "$dir.dl" && apt-get download -qq "busybox-static:$1") >>"$CACHE_ROOT/apt.log" 2>&1 ||
			die "apt-get download busybox-static:$1 failed, see $CACHE_ROOT/apt.log"
		deb=$(ls "$dir.dl"/*.deb)
		dpkg-deb -x "$deb" "$dir"
		rm -rf "$dir.dl"
		[ -x "$dir/bin/busybox" ] || die "no bin/busybox in $deb"
	fi
	echo "$dir/bin/busybox"
}

# An initramfs skeleton in ROOT: busybox for ARCH and INIT as /init; the
# caller adds modules and /etc/iodmacmd files, then initramfs_pack.
initramfs_root() { # root arch init
	mkdir -p "$1"/{bin,dev,proc,sys,tmp,etc/iodmacmd,lib/modules}
	cp "$(guest_busybox "$2")" "$1/bin/busybox"
	cp "$3" "$1/init"
}
initramfs_pack() { # root out: packs ROOT into OUT and removes ROOT
	(cd "$1" && find . | cpio -o -H newc --quiet | gzip -1) >"$2"
	rm -rf "$1"
}
