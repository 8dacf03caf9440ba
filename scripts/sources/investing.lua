-- Investing.com (www and the regional editions uk., in., ca., au., kr.,
-- jp., ...: subdomains match "investing.com"), operated by Fusion Media,
-- which republishes Reuters copy next to its own staff's articles. There
-- are no site notes in ../shared/sites; the layouts below are the ones
-- public scrapers select (code search, 2019-2026; most files unattributed):
--
-- - until about 2022: section#leftColumn > h1.articleHeader; a
--   div.contentSectionDetails with the provider's logo (img), the credit
--   (i > a) and the date ("Oct 27, 2021 04:12AM ET", sometimes "1 hour ago
--   (...)"); the body div.WYSIWYG.articlePage, whose div#imgCarousel holds
--   the photo and its caption span.text ("© Reuters. FILE PHOTO: ...").
--   Reuters copies open with a "By A and B" paragraph.
-- - from 2023 (Next.js): h1#articleTitle; a "Published 04/17/2026, 10:56
--   AM" span (US order, on www) and JSON-LD datePublished; the body
--   div#article > div.article_WYSIWYG__<hash>.article_articlePage__<hash>
--   with ad slots [data-test*="ad-slot"] among the paragraphs.
--
-- Pages carry Fusion Media's disclaimer ("Fusion Media would like to
-- remind you ...", "Risk Disclosure: ..."), and copies of them elsewhere
-- add "[ad_1]" markers and a "-Breaking" title suffix (seed 000); none of
-- it is article text.

-- "04/17/2026, 10:56 AM" (www prints month first) as "2026-04-17 10:56 AM".
local function us_date(s)
  local m, d, y, rest = string.match(s, "(%d%d?)/(%d%d?)/(%d%d%d%d),?%s*(.*)$")
  if not m then return nil end
  return string.format("%s-%02d-%02d %s", y, tonumber(m), tonumber(d), rest)
end

-- The date after label in the 2023+ header, or the legacy header's date.
-- Machine dates (JSON-LD, metas) come first: they carry their zone, and
-- the regional editions print dates in their own order.
local function visible_date(label)
  return function(doc, article)
    if label == "Published" and article.published then return nil end
    if label == "Updated" and article.modified then return nil end
    local host = gisa.url_host(doc:url() or article.url or "") or ""
    for _, s in ipairs(doc:texts("#__next span, #leftColumn .contentSectionDetails span")) do
      local rest = string.match(s, "^" .. label .. "%s+(.+)$")
      if rest and (host == "www.investing.com" or host == "investing.com") then
        local v = us_date(rest)
        if v then return v end
      end
      -- legacy: "Oct 27, 2021 04:12AM ET (Updated Oct 27, 2021 06:30AM ET)"
      if string.find(s, "%a%a%a %d%d?, %d%d%d%d") then
        if label == "Published" then return gisa.date(s) end
        return gisa.date_after(s, "Updated")
      end
    end
    return nil
  end
end

local function is_signoff(p)
  return string.find(p, "^%(?[Rr]eporting by ") or
    string.find(p, "^%(?[Aa]dditional reporting by ") or
    string.find(p, "^%(?[Ww]riting by ")
end

return {
  name = "investing",
  domains = { "investing.com" },
  timezone = "America/New_York", -- www prints ET

  title = { "h1#articleTitle", "h1.articleHeader", 'meta[property="og:title"]' },
  subtitle = false, -- the description is the lede or the headline, no deck
  authors = function(doc)
    -- A "By A and B" paragraph opening a Reuters copy, a contributor's
    -- link, the provider's credit ("By Reuters", or its logo's alt text
    -- in the 2023+ header). People named beat the agency.
    local people, agencies = {}, {}
    local function add(s)
      for _, n in ipairs(gisa.byline(s or "")) do
        local list = gisa.is_agency(n) and agencies or people
        list[#list + 1] = n
      end
    end
    for _, s in ipairs(doc:texts('div.WYSIWYG.articlePage > p:first-of-type, ' ..
        'div[class*="article_WYSIWYG"] > p:first-of-type, ' ..
        '#leftColumn .contentSectionDetails i a, ' ..
        'a[href*="/members/contributors/"], a[href*="/news/providers/"]')) do
      add(s)
    end
    for _, img in ipairs(doc:select('a[href*="/news/providers/"] img[alt]')) do
      add(img:attr("alt"))
    end
    people = gisa.unique(people)
    if #people > 0 then return people end
    agencies = gisa.unique(agencies)
    return #agencies > 0 and agencies or nil
  end,
  published = visible_date("Published"),
  modified = visible_date("Updated"),
  body = { 'div[class*="article_WYSIWYG"]', "div.WYSIWYG.articlePage",
    drop = { "#imgCarousel", "figure", '[data-test*="ad-slot"]',
      '[class*="ad_ad"]', "div.img", ".relatedInstrumentsWrapper",
      "script", "style" } },
  images = { "#imgCarousel", "#article figure", caption = "span.text, figcaption" },

  -- "Disclaimer: ..." and "Risk Disclosure: ..." are left to the generic
  -- filter, which reads them as the end of the story and drops what
  -- follows them too.
  clean = {
    "^%[ad_%d+%]$",
    "^© Reuters%. ",
    "^Fusion Media would like to remind you",
    "^Fusion Media.* will not be held responsible",
    "^This article was generated with the support of AI",
    -- the InvestingPro promo between paragraphs
    "^Which stock should you buy in your very next trade%?",
  },

  fixup = function(article)
    if article.title then
      local t = article.title
      t = string.gsub(t, "%s*|%s*Investing%.com[%w%. ]*$", "")
      t = string.gsub(t, "%s+By Reuters$", "")
      t = string.gsub(t, "%s+By Investing%.com$", "")
      t = string.gsub(t, "%s*%-Breaking$", "")
      article.title = t
    end
    -- Staff articles open with "Investing.com -- ", where wire copy has
    -- its dateline.
    local first = (article.paragraphs or {})[1]
    local rest = first and string.match(first, "^Investing%.com%s*%-%-+%s*(.+)$")
    if rest then
      article.paragraphs[1] = rest
      article.dateline = article.dateline or "Investing.com"
    end
    -- Only the agency is credited, yet a Reuters sign-off names the
    -- reporters: leave authors empty so that the normalizer takes them
    -- from the sign-off (the agency goes last, as in byline.c).
    local agency_only = #(article.authors or {}) > 0
    for _, a in ipairs(article.authors or {}) do
      if not gisa.is_agency(a) then agency_only = false end
    end
    if agency_only then
      for _, p in ipairs(article.paragraphs or {}) do
        if is_signoff(p) then article.authors = {} break end
      end
    end
  end,
}
