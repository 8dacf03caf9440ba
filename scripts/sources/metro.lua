-- Metro (metro.co.uk), a WordPress site. A story has two headlines:
-- the display one (h1.post-title, og:title, twitter:title) and the search
-- one, in <title> ("... | Politics News | Metro News") and in the
-- page's schema.org record, the NewsArticle JSON-LD. The record takes
-- the NewsArticle headline, the headline the page states for the
-- article as a document.
--
-- The page has a second "headline" key: in metro.pageData, an inline
-- script object (not JSON-LD) for the site's own scripts, whose
-- headline/shortHeadline/socialHeadline are the display headline again.
-- Only <script type="application/ld+json"> is read, and in it only the
-- record whose @type is NewsArticle.
--
-- Layout: article > header.single-article-header (h1.post-title, byline
-- a.byline-author-link), div.article-body with the paragraphs, h2
-- subheads and div.metro-factbox boxes (lists, transcripts: part of
-- the story). No standfirst is shown.

local ESC = { ['"'] = '"', ["\\"] = "\\", ["/"] = "/", b = "\b", f = "\f",
  n = "\n", r = "\r", t = "\t" }
local ENT = { amp = "&", quot = '"', apos = "'", lt = "<", gt = ">", nbsp = " " }

local function codepoint(cp)
  if cp >= 0xD800 and cp <= 0xDFFF then cp = 0xFFFD end -- a lone surrogate
  return utf8.char(cp)
end

-- The JSON string whose text starts at s[i] (after the opening quote),
-- decoded; nil when it does not end.
local function json_string(s, i)
  local out = {}
  while i <= #s do
    local c = string.sub(s, i, i)
    if c == '"' then return table.concat(out) end
    if c == "\\" then
      local e = string.sub(s, i + 1, i + 1)
      if e == "u" then
        local cp = tonumber(string.sub(s, i + 2, i + 5), 16)
        if not cp then return nil end
        i = i + 6
        local lo = string.match(s, "^\\u(%x%x%x%x)", i)
        lo = lo and tonumber(lo, 16)
        if cp >= 0xD800 and cp <= 0xDBFF and lo and lo >= 0xDC00 and lo <= 0xDFFF then
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00)
          i = i + 6
        end
        out[#out + 1] = codepoint(cp)
      else
        out[#out + 1] = ESC[e] or e
        i = i + 2
      end
    else
      local j = string.find(s, '["\\]', i) or #s + 1
      out[#out + 1] = string.sub(s, i, j - 1)
      i = j
    end
  end
  return nil
end

-- WordPress writes HTML entities into JSON-LD strings (&#8217;, &amp;).
local function entities(s)
  s = string.gsub(s, "&#[xX](%x+);", function(h) return codepoint(tonumber(h, 16)) end)
  s = string.gsub(s, "&#(%d+);", function(d) return codepoint(tonumber(d)) end)
  return (string.gsub(s, "&(%a+);", function(n) return ENT[n] end))
end

-- The headline of the NewsArticle JSON-LD record, or nil.
local function newsarticle_headline(doc)
  for _, script in ipairs(doc:select('script[type="application/ld+json"]')) do
    local s = script:xpath_value("string(.)")
    if string.find(s, '"@type"%s*:%s*"NewsArticle"') then
      local _, e = string.find(s, '"headline"%s*:%s*"')
      local h = e and json_string(s, e + 1)
      if h and h ~= "" then return entities(h) end
    end
  end
  return nil
end

return {
  name = "metro",
  domains = { "metro.co.uk" },

  title = function(doc)
    return newsarticle_headline(doc) or doc:meta("og:title")
  end,
  -- the description is the story's excerpt, not shown on the page (and
  -- often written before the story was updated)
  subtitle = false,
}
