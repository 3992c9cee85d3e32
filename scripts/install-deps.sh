#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install what building and testing XTCP needs, idempotently, with apt-get.
# Kernels: Debian 12's stock 6.1 and 6.12 from bookworm-backports.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo

pkgs=(
	linux-image-amd64 linux-headers-amd64 linux-source-6.1
	qemu-system-x86 busybox-static sparse ccache
	tcpdump tshark librsvg2-bin iproute2 kmod cpio xz-utils zstd
	build-essential bc bison flex libelf-dev libssl-dev dwarves rsync
	python3 perl
	curl nginx-light openssl iperf3 redis-server redis-tools wrk man-db dkms
	trinity util-linux procps
)

bpo_list=/etc/apt/sources.list.d/xtcp-bookworm-backports.list

missing() {
	local p
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q '^install ok installed$' || echo "$p"
	done
}

# The plain amd64 flavour, not -rt or -cloud.
have_612() {
	compgen -G "/boot/vmlinuz-6.12*[0-9]-amd64" >/dev/null &&
		compgen -G "/usr/src/linux-headers-6.12*[0-9]-amd64" >/dev/null
}

need=$(missing "${pkgs[@]}")
if [ -z "$need" ] && have_612; then
	exit 0
fi

if ! grep -rqs bookworm-backports /etc/apt/sources.list /etc/apt/sources.list.d/; then
	echo "deb http://deb.debian.org/debian bookworm-backports main" |
		$SUDO tee "$bpo_list" >/dev/null
fi

# wireshark-common asks whether non-root may capture; answer without a prompt.
echo "wireshark-common wireshark-common/install-setuid boolean false" |
	$SUDO debconf-set-selections
# iperf3 asks whether to run a server at boot: no.
echo "iperf3 iperf3/start_daemon boolean false" | $SUDO debconf-set-selections

$SUDO apt-get update -qq
if [ -n "$need" ]; then
	# shellcheck disable=SC2086
	$SUDO apt-get install -y -qq --no-install-recommends $need
fi

if ! have_612; then
	img=$(apt-cache search --names-only '^linux-image-6\.12\.[0-9.]+\+[a-z0-9]+-amd64$' |
	      awk '{print $1}' | sort -V | tail -1)
	ver=${img#linux-image-}
	$SUDO apt-get install -y -qq --no-install-recommends -t bookworm-backports \
		"$img" "linux-headers-$ver"
fi
