-- SPDX-License-Identifier: GPL-2.0
--
-- XTCP for Wireshark and tshark. An XTCP segment is a TCP segment, byte for
-- byte, in IPv4 with IP protocol 253, its checksum TCP's (6 in the
-- pseudo-header). This plugin registers protocol "xtcp" for IP protocol
-- 253 and hands the segment to Wireshark's own TCP dissector, so flags,
-- sequence analysis, options and checksum checks are TCP's; the packet
-- list says XTCP. make install puts it in the global Lua plugin folder
-- (tshark -G folders); or run tshark -X lua_script:tools/wireshark/xtcp.lua.
-- The number 253 can be changed in the XTCP protocol's preferences, as the
-- module parameter ipproto moves it.

local xtcp = Proto("xtcp", "XTCP (TCP in IP protocol 253)")
xtcp.prefs.ipproto = Pref.uint("IP protocol", 253,
	"The IP protocol number XTCP uses (xtcp.ko's ipproto)")

local tcp = Dissector.get("tcp")
local ip_proto = DissectorTable.get("ip.proto")
local registered = xtcp.prefs.ipproto

function xtcp.dissector(tvb, pinfo, tree)
	tree:add(xtcp, tvb(0, 0))
	local n = tcp:call(tvb, pinfo, tree)
	pinfo.cols.protocol:set("XTCP")
	return n
end

function xtcp.prefs_changed()
	ip_proto:remove(registered, xtcp)
	registered = xtcp.prefs.ipproto
	ip_proto:add(registered, xtcp)
end

ip_proto:add(registered, xtcp)
