#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A guest booted on a DKMS-installed tree: scripts/install-check.sh
# dkms-install built and installed xtcp.ko for this kernel under
# build/dkms (make dkms-install DESTDIR=...). With modprobe pointed at that
# tree and xtcp.ko not loaded, socket(AF_XTCP, ...) must load DKMS's module
# through net-pf-22, and so must xtcpss, with no insmod.
# The module loaded is told by its GNU build ID, which differs from one
# build of the same sources to another (/sys/module/xtcp/notes).
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../build/dkms" 2>/dev/null && pwd)
kver=$(uname -r)
check() {
	if eval "$2"; then echo "ok - $1"; else echo "not ok - $1: $3"; fi
}
ko=$(ls "$root/lib/modules/$kver/updates/dkms/xtcp.ko"* 2>/dev/null)
if [ -z "$ko" ]; then
	echo "1..1"
	echo "not ok - no module of DKMS's for $kver under build/dkms"
	exit 1
fi
# autoload's three checks, then two.
echo "1..5"
cat > /tmp/xtcp-dkms-modprobe <<EOS
#!/bin/sh
/sbin/modprobe -d $root "\$@" 2>/dev/null || exec /sbin/modprobe "\$@"
EOS
chmod +x /tmp/xtcp-dkms-modprobe
old=$(cat /proc/sys/kernel/modprobe)
echo /tmp/xtcp-dkms-modprobe > /proc/sys/kernel/modprobe
# The build ID: the last 20 bytes of the note.
loaded_id() {
	od -An -tx1 -v /sys/module/xtcp/notes/.note.gnu.build-id 2>/dev/null |
		tr -d ' \n' | tail -c 40
}
case $ko in
*.xz) xz -dc "$ko" > /tmp/xtcp-dkms.ko ;;
*) cp "$ko" /tmp/xtcp-dkms.ko ;;
esac
want=$(readelf -n /tmp/xtcp-dkms.ko | sed -n 's/.*Build ID: *//p')

rmmod xtcp 2>/dev/null
"$here/../build/tests/autoload" | grep -v '^1\.\.'
got=$(loaded_id)
check "socket() loaded DKMS's module" "[ -n '$want' ] && [ '$got' = '$want' ]" \
	"build ID '$got', DKMS's is '$want'"

rmmod xtcp 2>/dev/null
out=$("$here/../build/tools/xtcpss" -l 2>&1)
got=$(loaded_id)
check "xtcpss loaded DKMS's module" \
	"[ -n '$want' ] && [ '$got' = '$want' ]" \
	"build ID '$got', want '$want': $out"

rmmod xtcp 2>/dev/null
echo "$old" > /proc/sys/kernel/modprobe
