-- 10-url.lua - URL helpers (gisa.url_resolve is in C: RFC 3986 through
-- libxml2).

local gisa, string, table = gisa, string, table

-- gisa.url_host(url): the host, lowercased, or nil.
function gisa.url_host(url)
	local host = string.match(url, "^%a[%w+.-]*://([^/?#]*)") or
		string.match(url, "^//([^/?#]*)")
	if not host then return nil end
	host = string.gsub(host, "^.*@", "")
	host = string.gsub(host, ":%d*$", "")
	host = string.lower(host)
	return host ~= "" and host or nil
end

-- Query parameters that only track where a click came from.
local TRACKING = { fbclid = true, gclid = true, dclid = true, msclkid = true,
	mc_cid = true, mc_eid = true, igshid = true, ref_src = true,
	cmpid = true, ocid = true }

-- gisa.url_normalize(url): the same URL in one canonical spelling:
-- scheme and host lowercased, default port and fragment dropped, "/" for
-- an empty path, utm_* and click-id parameters removed (other parameters
-- keep their order). A string that is not an absolute http(s) URL is
-- returned unchanged.
function gisa.url_normalize(url)
	local scheme, rest = string.match(url, "^(%a[%w+.-]*)://(.*)$")
	if not scheme then return url end
	scheme = string.lower(scheme)
	if scheme ~= "http" and scheme ~= "https" then return url end
	rest = string.gsub(rest, "#.*$", "")
	local auth, path = string.match(rest, "^([^/?]*)(.*)$")
	local userinfo, hostport = string.match(auth, "^(.*@)(.*)$")
	hostport = string.lower(hostport or auth)
	if (scheme == "http" and gisa.ends(hostport, ":80")) or
		(scheme == "https" and gisa.ends(hostport, ":443")) then
		hostport = string.gsub(hostport, ":%d+$", "")
	end
	hostport = string.gsub(hostport, "%.$", "")
	local p, q = string.match(path, "^([^?]*)%??(.*)$")
	if p == "" then p = "/" end
	local kept = {}
	for pair in string.gmatch(q, "[^&]+") do
		local k = string.lower(string.match(pair, "^[^=]*"))
		if not gisa.starts(k, "utm_") and not TRACKING[k] then
			kept[#kept + 1] = pair
		end
	end
	local out = scheme .. "://" .. (userinfo or "") .. hostport .. p
	if #kept > 0 then out = out .. "?" .. table.concat(kept, "&") end
	return out
end
