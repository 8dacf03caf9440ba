-- 50-rule.lua - what a rule table means: checked once when the file is
-- loaded (compile), then applied to each page (run). The C side calls
-- internal.compile(value, stem, path) and internal.run(rule, doc,
-- article, explain); docs/writing-rules.md describes the rule format.

local gisa, string, table, type, next, ipairs, pairs, error, pcall,
	tostring, rawget, rawlen =
	gisa, string, table, type, next, ipairs, pairs, error, pcall,
	tostring, rawget, rawlen
local internal = gisa._internal
local check_selector = gisa._check_selector
local where = gisa._where

-- The record's fields, in the order they are filled.
local FIELDS = { "title", "subtitle", "authors", "published", "modified",
	"section", "tags", "language", "dateline", "body", "images",
	"canonical_url" }
local IS_FIELD = {}
for _, f in ipairs(FIELDS) do IS_FIELD[f] = true end
local LIST = { authors = true, tags = true }
local DATE = { published = true, modified = true }

local META = { name = true, domains = true, feeds = true, sitemaps = true,
	sections = true, timezone = true, clean = true, fixup = true,
	discover = true, schedule = true }
local OPTIONS = { attr = true, all = true, parse = true, match = true,
	drop = true, label = true, join = true, caption = true, value = true,
	tz = true }
local PARSERS = { date = true, byline = true, tag = true, url = true,
	text = true }
local DEFAULT_PARSE = { published = "date", modified = "date",
	authors = "byline", tags = "tag", canonical_url = "url" }

-- ---- compile ----

-- Levenshtein distance, for "did you mean" hints on typos.
local function distance(a, b)
	if #a > 30 or #b > 30 then return 99 end
	local prev = {}
	for j = 0, #b do prev[j] = j end
	for i = 1, #a do
		local cur = { [0] = i }
		for j = 1, #b do
			local cost = a:byte(i) == b:byte(j) and 0 or 1
			cur[j] = math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
		end
		prev = cur
	end
	return prev[#b]
end

local function suggest(word, ...)
	local best, bestd = nil, 3
	for _, set in ipairs({ ... }) do
		for k in pairs(set) do
			local d = distance(word, k)
			if d < bestd then best, bestd = k, d end
		end
	end
	return best and (" (did you mean '" .. best .. "'?)") or ""
end

local function is_xpath(sel)
	return sel:sub(1, 1) == "/" or sel:sub(1, 1) == "(" or sel:sub(1, 2) == "./"
end

local function string_list(v, what, fail)
	if v == nil then return {} end
	if type(v) == "string" then v = { v } end
	if type(v) ~= "table" then
		fail(what .. ": expected a string or a list of strings, got " .. type(v))
	end
	local out = {}
	for i = 1, rawlen(v) do
		local s = rawget(v, i)
		if type(s) ~= "string" then
			fail(what .. "[" .. i .. "]: expected a string, got " .. type(s))
		end
		out[#out + 1] = s
	end
	return out
end

local function check_sel(sel, what, fail)
	if sel == "" then fail(what .. ": empty selector") end
	if not is_xpath(sel) then
		local ok, err = pcall(check_selector, sel)
		if not ok then fail(what .. ": " .. tostring(err)) end
	end
	return sel
end

local function check_pattern(p, what, fail)
	local ok, err = pcall(string.find, "", p)
	if not ok then
		fail(what .. ": bad pattern '" .. p .. "': " .. tostring(err))
	end
	return p
end

local function compile_field(f, v, fail)
	local t = type(v)
	if v == false then return { cleared = true } end
	if t == "string" then
		return { sels = { check_sel(v, f, fail) }, drop = {} }
	end
	if t == "function" then return { fn = v } end
	if t ~= "table" then
		fail(f .. ": expected a selector (string), a table, a function or " ..
			"false, got " .. t)
	end
	local c = { sels = {} }
	for k in next, v do
		if type(k) == "string" and not OPTIONS[k] then
			fail(f .. ": unknown option '" .. k .. "'" .. suggest(k, OPTIONS))
		elseif type(k) ~= "string" and (math.type(k) ~= "integer" or
			k < 1 or k > rawlen(v)) then
			fail(f .. ": unexpected key " .. tostring(k))
		end
	end
	for i = 1, rawlen(v) do
		local s = rawget(v, i)
		if type(s) ~= "string" then
			fail(f .. "[" .. i .. "]: a selector must be a string, got " .. type(s))
		end
		c.sels[i] = check_sel(s, f, fail)
	end
	local function opt(name, kind)
		local x = rawget(v, name)
		if x ~= nil and type(x) ~= kind then
			fail(f .. "." .. name .. ": expected a " .. kind .. ", got " .. type(x))
		end
		return x
	end
	c.attr = opt("attr", "string")
	c.all = opt("all", "boolean")
	c.match = opt("match", "string")
	c.label = opt("label", "string")
	c.join = opt("join", "string")
	c.caption = opt("caption", "string")
	c.tz = opt("tz", "string")
	if c.match then check_pattern(c.match, f .. ".match", fail) end
	if c.caption then check_sel(c.caption, f .. ".caption", fail) end
	if c.tz then
		local ok, err = pcall(gisa.date, "2000-01-01", c.tz)
		if not ok then fail(f .. ".tz: " .. tostring(err)) end
	end
	local p = rawget(v, "parse")
	if p ~= nil and type(p) ~= "function" and not PARSERS[p] then
		fail(f .. ".parse: expected one of date, byline, tag, url, text or " ..
			"a function, got " .. tostring(p))
	end
	c.parse = p
	c.drop = string_list(rawget(v, "drop"), f .. ".drop", fail)
	for _, s in ipairs(c.drop) do
		if is_xpath(s) then fail(f .. ".drop: CSS selectors only: " .. s) end
		check_sel(s, f .. ".drop", fail)
	end
	c.drop_all = table.concat(c.drop, ", ")
	local value = rawget(v, "value")
	if value ~= nil then
		if type(value) == "table" then
			c.value = string_list(value, f .. ".value", fail)
		elseif type(value) == "string" then
			c.value = value
		else
			fail(f .. ".value: expected a string or a list, got " .. type(value))
		end
	end
	if #c.sels == 0 and c.value == nil then
		fail(f .. ": give at least one selector, or value = ...")
	end
	return c
end

local UNITS = { [""] = 1, s = 1, m = 60, h = 3600, d = 86400 }

-- A duration: seconds (a positive whole number) or "90s", "10m", "2h",
-- "1d"; in seconds.
local function duration(v, what, fail)
	local n, unit
	if math.type(v) == "integer" or (type(v) == "number" and v == math.floor(v)) then
		n, unit = v, ""
	elseif type(v) == "string" then
		n, unit = string.match(v, "^%s*(%d+)%s*([smhd]?)%s*$")
		n = tonumber(n)
	end
	local secs = n and n * UNITS[unit]
	if not secs or secs <= 0 or secs > 10 ^ 8 then
		fail(what .. ": expected a duration like 600, \"10m\", \"2h\" or " ..
			"\"1d\" (at most three years), got " .. tostring(v))
	end
	return math.tointeger(secs)
end

-- Section pages, the discover function that reads them, and the
-- schedule of discovery (docs/writing-rules.md, "Scheduled runs").
local function compile_discovery(rule, spec, fail)
	rule.sections = string_list(rawget(spec, "sections"), "sections", fail)
	for i, u in ipairs(rule.sections) do
		if not string.find(u, "^[Hh][Tt][Tt][Pp][Ss]?://") or
			not gisa.url_normalize(u) then
			fail("sections[" .. i .. "]: expected an http(s) URL, got '" ..
				u .. "'")
		end
	end
	local fn = rawget(spec, "discover")
	if fn ~= nil and type(fn) ~= "function" then
		fail("discover: expected a function(doc) returning article URLs, " ..
			"got " .. type(fn))
	end
	-- Which links of a section page are articles is the rule's call:
	-- every link of the page would bring menus, tags and other sections.
	if #rule.sections > 0 and not fn then
		fail("sections: give discover = function(doc) ... end, which " ..
			"returns the article URLs of a section page")
	elseif fn and #rule.sections == 0 then
		fail("discover: no section pages to run it on (sections = " ..
			"{ URL, ... })")
	end
	rule.discover = fn
	local sched = rawget(spec, "schedule")
	if sched ~= nil then rule.schedule = duration(sched, "schedule", fail) end
end

function internal.compile(spec, stem, path)
	local function fail(msg) error(path .. ": " .. msg, 0) end
	if type(spec) ~= "table" then
		fail("a rule file must return a table, not " ..
			(spec == nil and "nothing" or "a " .. type(spec)))
	end
	for k in next, spec do
		if type(k) ~= "string" then
			fail("unexpected key " .. tostring(k) .. " (keys are names " ..
				"like title, domains)")
		elseif not META[k] and not IS_FIELD[k] then
			fail("unknown key '" .. k .. "'" .. suggest(k, META, IS_FIELD))
		end
	end
	local rule = { fields = {} }
	local name = rawget(spec, "name")
	if name == nil then name = stem end
	if type(name) ~= "string" or not name:find("^[%w][%w%-_.]*$") then
		fail("name: expected a word of letters, digits, '-', '_' or '.', " ..
			"got " .. tostring(name))
	end
	rule.name = name
	rule.domains = {}
	for i, d in ipairs(string_list(rawget(spec, "domains"), "domains", fail)) do
		d = string.lower(gisa.trim(d))
		if d:find("://", 1, true) then
			fail("domains[" .. i .. "]: a host name like en.yna.co.kr, not a URL")
		end
		d = string.gsub(d, "^%*%.", "")
		if d == "" or d:find("%s") then
			fail("domains[" .. i .. "]: not a host name: '" .. d .. "'")
		end
		rule.domains[#rule.domains + 1] = d
	end
	rule.feeds = string_list(rawget(spec, "feeds"), "feeds", fail)
	rule.sitemaps = string_list(rawget(spec, "sitemaps"), "sitemaps", fail)
	compile_discovery(rule, spec, fail)
	local tz = rawget(spec, "timezone")
	if tz ~= nil then
		if type(tz) ~= "string" then
			fail("timezone: expected a zone name like Asia/Seoul, got " .. type(tz))
		end
		local ok, err = pcall(gisa.date, "2000-01-01", tz)
		if not ok then fail("timezone: " .. tostring(err)) end
		rule.timezone = tz
	end
	rule.clean = string_list(rawget(spec, "clean"), "clean", fail)
	for _, p in ipairs(rule.clean) do check_pattern(p, "clean", fail) end
	local fixup = rawget(spec, "fixup")
	if fixup ~= nil and type(fixup) ~= "function" then
		fail("fixup: expected a function(article, doc), got " .. type(fixup))
	end
	rule.fixup = fixup
	for _, f in ipairs(FIELDS) do
		local v = rawget(spec, f)
		if v ~= nil then rule.fields[f] = compile_field(f, v, fail) end
	end
	return rule
end

-- ---- discover ----

-- internal.discover(rule, doc, max): the article URLs the rule's
-- discover(doc) returns for a section page, made absolute against the
-- page's URL and normalized, without repeats, at most max; then how many
-- values were not URLs (skipped) and how many URLs were over max.
function internal.discover(rule, doc, max)
	local fn = rule.discover
	local got = fn(doc)
	if got == nil then return {}, 0, 0 end
	if type(got) ~= "table" then
		error(where(fn) .. ": discover returned " .. type(got) ..
			", not a list of URLs", 0)
	end
	local base = doc:url()
	local out, seen, junk, over, n = {}, {}, 0, 0, rawlen(got)
	for i = 1, n do
		local u = rawget(got, i)
		u = type(u) == "string" and (base and gisa.url_resolve(base, u) or u)
		u = u and gisa.url_normalize(u)
		if not u then
			junk = junk + 1
		elseif not seen[u] then
			seen[u] = true
			if #out < max then out[#out + 1] = u else over = over + 1 end
		end
	end
	for k in next, got do -- keys beside the list: not URLs either
		if math.type(k) ~= "integer" or k < 1 or k > n then junk = junk + 1 end
	end
	return out, junk, over
end

-- ---- run ----

local function find_nodes(doc, sel)
	if is_xpath(sel) then
		local out = {}
		for _, v in ipairs(doc:xpath(sel)) do out[#out + 1] = v end
		return out, "rule:xpath"
	end
	return doc:select(sel), "rule:selector"
end

local function note(tr, msg)
	if not tr then return end
	for _, m in ipairs(tr.notes) do
		if m == msg then return end
	end
	tr.notes[#tr.notes + 1] = msg
end

local function parse(f, c, raw, ctx, tr)
	local p = c.parse or DEFAULT_PARSE[f]
	if raw == nil or raw == "" then return nil end
	if type(p) == "function" then return p(raw) end
	if p == "date" then
		local d
		if c.label then
			d = gisa.date_after(raw, c.label, c.tz)
		else
			d = gisa.date(raw, c.tz)
		end
		if not d then note(tr, "no date in '" .. raw:sub(1, 80) .. "'") end
		return d
	elseif p == "byline" then
		local names = gisa.byline(raw)
		if #names == 0 then note(tr, "no name in '" .. raw:sub(1, 80) .. "'") end
		return names
	elseif p == "tag" then
		local t = gisa.trim(string.gsub(raw, "^#+", ""))
		return t ~= "" and t or nil
	elseif p == "url" then
		return ctx.base and gisa.url_resolve(ctx.base, raw) or raw
	end
	return raw
end

local function first_match(s, pat)
	local a, b, cap = string.find(s, pat)
	if not a then return nil end
	return cap or string.sub(s, a, b)
end

-- The excluded nodes (drop) under node, and their text for explain. One
-- selector list does it in one walk; explain goes selector by selector
-- to say which removed what.
local function dropped(node, c, tr)
	if #c.drop == 0 then return nil end
	if not tr then return node:select(c.drop_all) end
	local out = {}
	for _, sel in ipairs(c.drop) do
		for _, n in ipairs(node:select(sel)) do
			out[#out + 1] = n
			local t = n:text()
			if t ~= "" then
				tr.removed[#tr.removed + 1] = "drop " .. sel .. ": " .. t
			end
		end
	end
	return out
end

local function raw_value(f, c, node, tr)
	if type(node) == "string" then return gisa.text_clean(node) end
	if c.attr then
		local v = node:attr(c.attr)
		return v and gisa.text_clean(v)
	end
	local tag = node:tag()
	local v
	if tag == "meta" then
		v = node:attr("content")
	elseif tag == "link" then
		v = node:attr("href")
	elseif tag == "time" and DATE[f] then
		v = node:attr("datetime")
	elseif tag == "img" then
		v = node:attr("src")
	end
	if v then return gisa.text_clean(v) end
	return node:text(dropped(node, c, tr))
end

local function value_of(f, c, node, ctx, tr)
	local raw = raw_value(f, c, node, tr)
	if raw and c.match then
		raw = first_match(raw, c.match)
		if not raw then note(tr, "match '" .. c.match .. "' found nothing") end
	end
	return parse(f, c, raw, ctx, tr)
end

local function append(list, v)
	if type(v) == "table" then
		for _, x in ipairs(v) do
			if x ~= "" then list[#list + 1] = x end
		end
	elseif v ~= nil and v ~= "" then
		list[#list + 1] = v
	end
end

-- Nodes that are inside an earlier node of the list add nothing.
local function outermost(nodes)
	if #nodes == 1 and type(nodes[1]) ~= "string" then return nodes end
	local out, last = {}, nil
	for _, n in ipairs(nodes) do
		if type(n) ~= "string" and not (last and last:contains(n)) then
			out[#out + 1] = n
			last = n
		end
	end
	return out
end

local function body_of(c, nodes, tr)
	nodes = outermost(nodes)
	if #nodes == 1 then -- the common case: one container
		local paras = nodes[1]:paragraphs(dropped(nodes[1], c, tr))
		return #paras > 0 and paras or nil
	end
	local paras = {}
	for _, n in ipairs(nodes) do
		append(paras, n:paragraphs(dropped(n, c, tr)))
	end
	return #paras > 0 and paras or nil
end

local function image_of(c, node, ctx)
	if type(node) == "string" then
		return { url = ctx.base and gisa.url_resolve(ctx.base, node) or node }
	end
	local img = node:tag() == "img" and node or node:select_one("img")
	if not img then return nil end
	local src
	for _, a in ipairs({ c.attr or "src", "data-src", "data-original",
		"data-lazy-src" }) do
		src = img:attr(a)
		if src and src ~= "" and not gisa.starts(src, "data:") then break end
		src = nil
	end
	if not src then
		local set = img:attr("srcset")
		src = set and string.match(set, "^%s*(%S+)")
	end
	if not src then return nil end
	local scope = node:closest("figure") or node
	local cap
	if c.caption then
		cap = scope:text_of(c.caption)
	elseif scope:tag() == "figure" then
		cap = scope:text_of("figcaption")
	end
	return { url = ctx.base and gisa.url_resolve(ctx.base, src) or src,
		caption = cap ~= "" and cap or nil }
end

local function images_of(c, nodes, ctx)
	local out, seen = {}, {}
	for _, n in ipairs(nodes) do
		local im = image_of(c, n, ctx)
		if im and not seen[im.url] then
			seen[im.url] = true
			out[#out + 1] = im
		end
	end
	return #out > 0 and out or nil
end

-- The value of field f from nodes, or nil.
local function from_nodes(f, c, nodes, ctx, tr)
	if f == "body" then return body_of(c, nodes, tr) end
	if f == "images" then return images_of(c, nodes, ctx) end
	if LIST[f] then
		local out = {}
		for _, n in ipairs(nodes) do append(out, value_of(f, c, n, ctx, tr)) end
		out = gisa.unique(out)
		if f == "authors" and (c.parse or "byline") == "byline" then
			-- an agency counts only when no person is named
			local people = gisa.map(out, function(x)
				if not gisa.is_agency(x) then return x end
			end)
			if #people > 0 then out = people end
		end
		return #out > 0 and out or nil
	end
	if c.all then
		local parts = {}
		for _, n in ipairs(nodes) do append(parts, value_of(f, c, n, ctx, tr)) end
		return #parts > 0 and table.concat(parts, c.join or " ") or nil
	end
	for _, n in ipairs(nodes) do
		local v = value_of(f, c, n, ctx, tr)
		if type(v) == "table" then v = v[1] end
		if v ~= nil and v ~= "" then return v end
	end
	return nil
end

-- A value a function returned (or a literal value =), in the record's
-- shape; raises on a wrong type.
local function shape(f, v, ctx, c)
	if v == nil then return nil end
	local t = type(v)
	if f == "body" then
		if t == "string" then
			local paras = {}
			for p in string.gmatch(v .. "\n\n", "(.-)\n%s*\n") do
				p = gisa.trim(p)
				if p ~= "" then paras[#paras + 1] = p end
			end
			v = paras
		elseif t ~= "table" then
			error("body: expected a list of paragraphs or a string, got " .. t, 0)
		end
		local out = {}
		for i, p in ipairs(v) do
			if type(p) ~= "string" then
				error("body[" .. i .. "]: expected a string, got " .. type(p), 0)
			end
			if p ~= "" then out[#out + 1] = p end
		end
		return #out > 0 and out or nil
	elseif f == "images" then
		if t ~= "table" then
			error("images: expected a list, got " .. t, 0)
		end
		local out = {}
		for i, im in ipairs(v) do
			if type(im) == "string" then im = { url = im } end
			if type(im) ~= "table" or type(im.url) ~= "string" then
				error("images[" .. i .. "]: expected a URL or {url=, caption=}", 0)
			end
			if im.caption ~= nil and type(im.caption) ~= "string" then
				error("images[" .. i .. "].caption: expected a string", 0)
			end
			out[#out + 1] = { url = im.url, caption = im.caption }
		end
		return #out > 0 and out or nil
	elseif LIST[f] then
		if t == "string" then v = { v } elseif t ~= "table" then
			error(f .. ": expected a list of strings, got " .. t, 0)
		end
		local out = {}
		for i, s in ipairs(v) do
			if type(s) ~= "string" then
				error(f .. "[" .. i .. "]: expected a string, got " .. type(s), 0)
			end
			s = gisa.text_clean(s)
			if s ~= "" then out[#out + 1] = s end
		end
		out = gisa.unique(out)
		return #out > 0 and out or nil
	end
	if t ~= "string" then
		error(f .. ": expected a string, got " .. t, 0)
	end
	v = gisa.text_clean(v)
	if v == "" then return nil end
	if DATE[f] then
		local d = gisa.date(v, c and c.tz)
		if not d then error(f .. ": no date in '" .. v:sub(1, 80) .. "'", 0) end
		return d
	end
	return v
end

-- shape() for what function fn returned: a bad value is reported at
-- the function's definition.
local function shaped(f, v, fn, what)
	local ok, r = pcall(shape, f, v, nil, nil)
	if not ok then
		error(where(fn) .. ": " .. tostring(r) .. " (" .. what .. ")", 0)
	end
	return r
end

local function evaluate(f, c, ctx, article, tr)
	if c.fn then
		return shaped(f, c.fn(ctx.doc, article), c.fn,
			"returned by the function for " .. f), "rule:function"
	end
	if c.value ~= nil then
		return shape(f, c.value, ctx, c), "rule:value"
	end
	local single = not tr and not c.all and not LIST[f] and f ~= "body" and
		f ~= "images"
	for _, sel in ipairs(c.sels) do
		-- A single value is most often in the first match: stop the
		-- walk there (explain wants the node count, so it walks on).
		if single and not is_xpath(sel) then
			local n = ctx.doc:select_one(sel)
			if not n then goto next_sel end
			local v = value_of(f, c, n, ctx, nil)
			if type(v) == "table" then v = v[1] end
			if v ~= nil and v ~= "" then return v, "rule:selector" end
		end
		local nodes, how = find_nodes(ctx.doc, sel)
		local v = from_nodes(f, c, nodes, ctx, tr)
		if v ~= nil then
			if tr then
				tr.selector = sel
				tr.nodes = #nodes
			end
			return v, how
		end
		if tr then tr.tried[#tr.tried + 1] = sel .. " (" .. #nodes .. " nodes)" end
		::next_sel::
	end
	return nil
end

-- The first of patterns that line matches, or nil.
local function hit(line, patterns)
	for i = 1, #patterns do
		if string.find(line, patterns[i]) then return patterns[i] end
	end
	return nil
end

-- The paragraphs without the lines a pattern matches; what went is noted
-- in the trace tr and appended to the list gone (both optional).
local function clean_body(paras, patterns, tr, gone)
	local out = {}
	local function removed(pat, line)
		if tr then tr.removed[#tr.removed + 1] = "clean " .. pat .. ": " .. line end
		if gone then gone[#gone + 1] = line end
	end
	for _, p in ipairs(paras) do
		if not string.find(p, "\n", 1, true) then -- one line: most paragraphs
			local pat = hit(p, patterns)
			if not pat then
				out[#out + 1] = p
			else
				removed(pat, p)
			end
		else
			local kept = {}
			for line in string.gmatch(p .. "\n", "(.-)\n") do
				local pat = hit(line, patterns)
				if not pat then
					kept[#kept + 1] = line
				else
					removed(pat, line)
				end
			end
			local s = gisa.trim(table.concat(kept, "\n"))
			if s ~= "" then out[#out + 1] = s end
		end
	end
	return out
end

-- The fixup sees the article as the record has it: meta values under the
-- rule's own; body as `paragraphs`.
local function put(article, f, v)
	if v == false then v = nil end
	if f == "body" then article.paragraphs = v or {}
	elseif (LIST[f] or f == "images") then article[f] = v or {}
	else article[f] = v end
end

local function get(article, f)
	if f == "body" then
		if type(article.body) == "string" then return article.body end
		return article.paragraphs
	end
	return article[f]
end

local function same(a, b)
	if type(a) ~= "table" or type(b) ~= "table" then return a == b end
	if #a ~= #b then return false end
	for i = 1, #a do
		local x, y = a[i], b[i]
		if type(x) == "table" and type(y) == "table" then
			if x.url ~= y.url or x.caption ~= y.caption then return false end
		elseif x ~= y then
			return false
		end
	end
	return true
end

local function copy(v)
	if type(v) ~= "table" then return v end
	local out = {}
	for i, x in ipairs(v) do
		out[i] = type(x) == "table" and { url = x.url, caption = x.caption } or x
	end
	return out
end

local function run_fixup(rule, doc, article, fields, origins)
	for f, v in pairs(fields) do put(article, f, v) end
	local before = {}
	for _, f in ipairs(FIELDS) do before[f] = copy(get(article, f)) end
	rule.fixup(article, doc)
	for _, f in ipairs(FIELDS) do
		local now = get(article, f)
		if not same(before[f], now) then
			local v = shaped(f, now, rule.fixup, "set by fixup")
			-- emptied by the fixup: false clears what metadata gave
			-- (not "v == nil and false or v", which is nil again)
			if v == nil then v = false end
			fields[f] = v
			origins[f] = "rule:fixup"
		end
	end
end

function internal.run(rule, doc, article, explain)
	local fields, origins, trace = {}, {}, {}
	local ctx = { doc = doc,
		base = doc:url() or article.url or article.canonical_url }
	for _, f in ipairs(FIELDS) do
		local c = rule.fields[f]
		if c then
			local tr = explain and { tried = {}, removed = {}, notes = {} } or nil
			if c.cleared then
				fields[f], origins[f] = false, "rule:cleared"
			else
				local v, how = evaluate(f, c, ctx, article, tr)
				if v ~= nil then fields[f], origins[f] = v, how end
			end
			trace[f] = tr
		end
	end
	if fields.body and #rule.clean > 0 then
		local tr = trace.body
		fields.body = clean_body(fields.body, rule.clean, tr)
		if #fields.body == 0 then fields.body = nil end
	end
	if rule.fixup then run_fixup(rule, doc, article, fields, origins) end
	return fields, origins, trace
end

-- The rule's clean patterns over a list of paragraphs, outside extraction
-- (`gisa normalize --source` on plain text): the same clean_body that
-- internal.run applies to the body, so both remove the same lines.
-- Returns the paragraphs kept and the lines removed.
function internal.clean(rule, paras)
	local gone = {}
	return clean_body(paras, rule.clean, nil, gone), gone
end
