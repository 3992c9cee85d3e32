#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build (or reuse) the boot initramfs for a kernel release: busybox, the 9p
# modules the kernel lacks built in, and guest/initramfs-init. Prints its path.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/kernels.sh
. "$here/kernels.sh"
cache=$(xtcp_cache_dir)
kver=$1
key=$(cat "$here/guest/initramfs-init" "$0" /bin/busybox | sha256sum | cut -c1-12)
out=$cache/initramfs-$kver-$key.cpio.gz
[ -f "$out" ] && { echo "$out"; exit 0; }
# Only the debug-kernel build made the cache before: make demo on a fresh
# machine needs it too.
mkdir -p "$cache"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp"/{bin,dev,proc,sys,modules,newroot}
cp /bin/busybox "$tmp/bin/"
for a in sh mount umount insmod mkdir cat echo switch_root reboot; do
	ln -s busybox "$tmp/bin/$a"
done
cp "$here/guest/initramfs-init" "$tmp/init"
: > "$tmp/modules.order"

if [ -d "/lib/modules/$kver" ]; then
	for m in virtio_pci 9pnet_virtio 9p; do
		modprobe -S "$kver" --show-depends "$m" | awk '$1 == "insmod" {print $2}'
	done | awk '!seen[$0]++' | while read -r ko; do
		name=$(basename "$ko")
		case $name in
		*.xz) xz -dc "$ko" > "$tmp/modules/${name%.xz}"; name=${name%.xz} ;;
		*.zst) zstd -qdc "$ko" > "$tmp/modules/${name%.zst}"; name=${name%.zst} ;;
		*) cp "$ko" "$tmp/modules/" ;;
		esac
		echo "$name" >> "$tmp/modules.order"
	done
fi

(cd "$tmp" && find . | cpio -o -H newc --quiet | gzip -1) > "$out.tmp"
mv "$out.tmp" "$out"
echo "$out"
