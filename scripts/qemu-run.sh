#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot a kernel under qemu-system-x86_64 (TCG) and run a command in the guest.
# The host root is shared read-only over 9p, the results directory writable at
# the same path. Exits with the command's exit code; fails if the guest did not
# finish in time or the console shows a kernel splat. The console is kept in
# RESULTS/console.log.
#
# Usage: qemu-run.sh [-k 6.1|6.12|debug|debug-VARIANT] [-r RESULTS] [-t SECS]
#                    [-m MEM] [-c CPUS] [-a KERNEL-ARGS] -- command [args...]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
kernel=6.1 results= timeout=300 mem=2G cpus=2 extra=
while getopts k:r:t:m:c:a: o; do
	case $o in
	k) kernel=$OPTARG ;;
	r) results=$OPTARG ;;
	t) timeout=$OPTARG ;;
	m) mem=$OPTARG ;;
	c) cpus=$OPTARG ;;
	a) extra=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || { echo "usage: qemu-run.sh [opts] -- command..." >&2; exit 2; }

# One guest at a time on a small machine: XTCP_QEMU_LOCK names a lock file
# that every guest run takes first.
if [ -n "${XTCP_QEMU_LOCK:-}" ]; then
	exec 8>"$XTCP_QEMU_LOCK"
	flock 8
fi

# shellcheck source=scripts/kernels.sh
. "$here/kernels.sh"
image=$(xtcp_kernel_image "$kernel")
kver=$(xtcp_kernel_release "$kernel")

[ -n "$results" ] || results=$(mktemp -d /tmp/xtcp-qemu.XXXXXX)
mkdir -p "$results"
results=$(cd "$results" && pwd)
rm -f "$results/rc" "$results/console.log" "$results/kmemleak.txt" \
	"$results/kmemleak-off"
printf '%q ' "$@" > "$results/cmd"
# The caller's XTCP_* settings reach the command in the guest (make fuzz's
# sizes and seed, XTCP_TEST_LIMIT): its environment is not the host's.
export -p | grep '^declare -x XTCP_' > "$results/env" || true
pwd > "$results/cwd"

initrd=$("$here/mkinitramfs.sh" "$kver")

# The RNG must be ready at boot: when it becomes ready later it patches
# kernel text (a static key), which can hang SMP guests under TCG. -cpu max
# gives RDRAND, and trust_cpu lets it seed the RNG at once.
append="console=ttyS0 panic=-1 panic_on_warn=1 oops=panic random.trust_cpu=on"
# Every slab cache on its own, for the sizes the tests and benchmarks read.
append+=" slab_nomerge"
append+=" xtcp_init=$here/guest/init xtcp_results=$results"
case $kernel in
debug*)
	# Every debug kernel has kmemleak: the guest fails if it is not on.
	append+=" xtcp_kmemleak=1"
	grep -qx 'CONFIG_KASAN=y' "$(dirname "$image")/../../../.config" &&
		append+=" kasan_multi_shot"
	;;
esac
# allnoconfig leaves KCSAN_EARLY_ENABLE off: without this, KCSAN is built
# in and watches nothing (tests/run.sh checks that it is on).
[ "$kernel" != debug-kcsan ] || append+=" kcsan.early_enable=1"
# failslab's cache filter: 6.1 sets a cache's flag only at boot
# (/sys/kernel/slab/*/failslab is read-only). tests/fault.sh.
[ "$kernel" != debug-fault ] ||
	append+=" slub_debug=A,XTCP,xtcp_tw,skbuff_head_cache,skbuff_fclone_cache"
[ -z "$extra" ] || append+=" $extra"

# 6.12 under multi-threaded TCG has died of an int3 Oops, in an interrupt,
# both at boot and minutes into make check: most likely a vCPU ran an int3
# another had already patched away (text_poke_bp()), from a translation
# QEMU 7.2 kept. One thread runs both vCPUs in turn, so every write to
# kernel text is seen by the next instruction of either. 6.1 never showed it.
accel=tcg
case $kernel in 6.12*) accel=tcg,thread=single ;; esac

# One CPU a socket: the debug kernels have no ACPI, so they count CPUs in
# SeaBIOS's MP table, which lists one a socket. With QEMU's default of
# cores in one socket they saw one CPU, and KCSAN, which needs two, none.

# A kernel that dies before it runs /init never saw xtcp.ko: under TCG,
# 6.12 has been seen to take an int3 Oops while patching its text at boot.
# That boot alone is tried once more; its console is kept beside.
for attempt in 1 2; do
	set +e
	timeout -k 5 "$timeout" qemu-system-x86_64 -accel "$accel" -cpu max \
		-m "$mem" -smp "cpus=$cpus,sockets=$cpus,cores=1" \
		-display none -monitor none -serial stdio -no-reboot \
		-kernel "$image" -initrd "$initrd" -append "$append" \
		-fsdev local,id=root,path=/,security_model=none,readonly=on,multidevs=remap \
		-device virtio-9p-pci,fsdev=root,mount_tag=/dev/root \
		-fsdev local,id=res,path="$results",security_model=none,multidevs=remap \
		-device virtio-9p-pci,fsdev=res,mount_tag=results \
		< /dev/null > "$results/console.log" 2>&1
	qrc=$?
	set -e
	if [ "$attempt" -eq 2 ] || [ -f "$results/rc" ] ||
	   grep -q 'Run /init as init process' "$results/console.log"; then
		break
	fi
	mv "$results/console.log" "$results/console-boot-failed.log"
	echo "qemu-run: the kernel died before /init" \
	     "($results/console-boot-failed.log); booting it again" >&2
done

status=0
if [ "$qrc" -eq 124 ]; then
	echo "qemu-run: guest timed out after ${timeout}s ($results/console.log)" >&2
	status=1
fi
if ! "$here/splat-scan.sh" "$results/console.log" >&2; then
	status=1
fi
if [ -f "$results/kmemleak-off" ]; then
	echo "qemu-run: $(cat "$results/kmemleak-off")" >&2
	status=1
elif [ -f "$results/rc" ] && [[ $kernel == debug* ]] &&
     [ ! -f "$results/kmemleak.txt" ]; then
	echo "qemu-run: the debug kernel left no kmemleak report" >&2
	status=1
fi
if [ -s "$results/kmemleak.txt" ]; then
	echo "qemu-run: kmemleak reports leaks ($results/kmemleak.txt)" >&2
	status=1
fi
if [ ! -f "$results/rc" ]; then
	echo "qemu-run: the guest did not finish ($results/console.log)" >&2
	[ "$status" -ne 0 ] || status=1
	exit "$status"
fi
rc=$(cat "$results/rc")
[ "$status" -eq 0 ] || exit "$status"
exit "$rc"
