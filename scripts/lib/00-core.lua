-- 00-core.lua - small helpers every rule may use, and methods on nodes
-- and documents written in Lua on top of the C ones (luadom.c).
-- Loaded first; later prelude files build on it. After the last file the
-- sandbox locks `gisa` (read-only) and removes the names starting with _.

local gisa, string, ipairs, type = gisa, string, ipairs, type
local Node, Document = gisa._Node, gisa._Document

-- The prelude's internals (compile, run): moved out of reach at lock time.
gisa._internal = {}

-- gisa.trim(s): s without leading and trailing whitespace.
function gisa.trim(s)
	return (string.gsub(s, "^%s+", ""):gsub("%s+$", ""))
end

-- gisa.squash(s): whitespace runs (Unicode spaces too) as one space,
-- trimmed, NFC. The same cleaning node:text() applies.
gisa.squash = gisa.text_clean

-- gisa.split(s, sep): the pieces of s between plain-text separators sep
-- (default ","), each trimmed, empty pieces left out.
function gisa.split(s, sep)
	sep = sep or ","
	local out, from = {}, 1
	while true do
		local a, b = string.find(s, sep, from, true)
		local piece = gisa.trim(string.sub(s, from, a and a - 1 or -1))
		if piece ~= "" then out[#out + 1] = piece end
		if not a then break end
		from = b + 1
	end
	return out
end

-- gisa.starts(s, prefix) / gisa.ends(s, suffix): plain-text tests.
function gisa.starts(s, prefix)
	return string.sub(s, 1, #prefix) == prefix
end

function gisa.ends(s, suffix)
	return suffix == "" or string.sub(s, -#suffix) == suffix
end

-- gisa.unique(list): the list without repeated values, first kept.
function gisa.unique(list)
	local seen, out = {}, {}
	for i = 1, #list do
		local v = list[i]
		if not seen[v] then
			seen[v] = true
			out[#out + 1] = v
		end
	end
	return out
end

-- gisa.map(list, f): a new list of f(v) for each v, nils left out.
function gisa.map(list, f)
	local out = {}
	for i = 1, #list do
		local v = f(list[i])
		if v ~= nil then out[#out + 1] = v end
	end
	return out
end

-- node:text_of(sel) / doc:text_of(sel): the text of the first match of
-- the selector under the node, or nil.
local function text_of(self, sel)
	local n = self:select_one(sel)
	return n and n:text() or nil
end
Node.text_of, Document.text_of = text_of, text_of

-- node:texts(sel) / doc:texts(sel): the texts of every match (empty
-- texts left out).
local function texts(self, sel)
	local out = {}
	for _, n in ipairs(self:select(sel)) do
		local t = n:text()
		if t ~= "" then out[#out + 1] = t end
	end
	return out
end
Node.texts, Document.texts = texts, texts

-- node:attr_of(sel, name) / doc:attr_of(sel, name): attribute name of
-- the first match, or nil.
local function attr_of(self, sel, name)
	local n = self:select_one(sel)
	return n and n:attr(name) or nil
end
Node.attr_of, Document.attr_of = attr_of, attr_of

-- doc:meta(key): the content of <meta property=key>, <meta name=key> or
-- <meta itemprop=key>, whichever comes first in the page; nil if none.
function Document:meta(key)
	local q = string.gsub(key, '["\\]', "\\%0")
	local n = self:select_one('meta[property="' .. q .. '"], meta[name="' ..
		q .. '"], meta[itemprop="' .. q .. '"]')
	return n and n:attr("content") or nil
end

-- Whether JSON-LD object o's "@type" is want or lists it (a schema.org
-- URL counts as its last part).
local function jsonld_is(o, want)
	local t = o["@type"]
	if type(t) ~= "table" then t = { t } end
	for _, x in ipairs(t) do
		if type(x) == "string" and
		    string.gsub(x, "^https?://schema%.org/", "") == want then
			return true
		end
	end
	return false
end

-- The objects of JSON-LD value v into out, depth first: v itself, the
-- items of an array, the objects of "@graph".
local function jsonld_collect(v, want, out)
	if type(v) ~= "table" then return end
	if v["@type"] ~= nil and (not want or jsonld_is(v, want)) then
		out[#out + 1] = v
	end
	for _, x in ipairs(v) do jsonld_collect(x, want, out) end
	if v["@graph"] then jsonld_collect(v["@graph"], want, out) end
end

-- doc:jsonld(type): the objects of the page's JSON-LD (every <script
-- type="application/ld+json">, their arrays and "@graph"), in page
-- order, as Lua tables; with type, only those whose "@type" is or lists
-- it ("NewsArticle"). Strings come with HTML character references
-- decoded and whitespace squashed; scripts that are not JSON are skipped.
function Document:jsonld(want)
	local out = {}
	for _, s in ipairs(self:select('script[type="application/ld+json"]')) do
		jsonld_collect(gisa.jsonld_decode(s:xpath_value("string(.)")), want, out)
	end
	return out
end

-- node:contains(other): whether other is node itself or inside it.
function Node:contains(other)
	local n = other
	while n do
		if n == self then return true end
		n = n:parent()
	end
	return false
end

