-- Reuters (reuters.com and its regional editions): the Arc XP layout of
-- 2021+ (data-testid attributes, CSS-module class hashes), the 2017-2020
-- "ArticleBody-" layout and the 2010s "#articleText" one, from
-- ../shared/sites/reuters.md. Machine dates are UTC. The heads carry
-- name="article:*" metas (not property=), older pages og:article:*.
local function signoff(s)
  -- "Reporting by A in X, B in Y; Writing by C; Editing by D": the
  -- reporters (and writers), without places, as a byline gisa can split.
  local names = {}
  for part in string.gmatch(s .. ";", "([^;]+);") do
    part = gisa.trim((string.gsub(part, "^%s*[%(]?", "")))
    local who = string.match(part, "^[Aa]dditional reporting by (.+)") or
      string.match(part, "^[Rr]eporting by (.+)") or
      string.match(part, "^[Ww]riting by (.+)")
    if who then
      who = string.gsub(who, "%)%s*$", "")
      for _, n in ipairs(gisa.byline("By " .. who)) do names[#names + 1] = n end
    end
  end
  return names
end

return {
  name = "reuters",
  domains = { "reuters.com", "www.reuters.com", "uk.reuters.com",
    "in.reuters.com", "mobile.reuters.com", "ca.reuters.com",
    "af.reuters.com", "jp.reuters.com" },
  -- Public RSS ended in 2020; the Arc outbound sitemaps remain.
  sitemaps = {
    "https://www.reuters.com/arc/outboundfeeds/news-sitemap-index/?outputType=xml",
    "https://www.reuters.com/arc/outboundfeeds/sitemap-index/?outputType=xml",
  },
  timezone = "UTC",

  title = { 'h1[data-testid="Heading"]', 'h1[class*="ArticleHeader-headline"]',
    "h1.article-headline", 'meta[property="og:title"]' },
  subtitle = false, -- og:description is the lede, not a deck
  authors = { 'meta[name="article:author"]', 'meta[property="og:article:author"]',
    'meta[name="og:article:author"]',
    '[class*="info-content__author"] a[rel="author"]',
    '[class*="article-header__author"] a', '[class*="Byline-author"]',
    ".article-info .byline" },
  published = { 'meta[name="article:published_time"]',
    'meta[property="og:article:published_time"]',
    'meta[name="og:article:published_time"]' },
  modified = { 'meta[name="article:modified_time"]',
    'meta[property="og:article:modified_time"]',
    'meta[name="og:article:modified_time"]' },
  section = { 'meta[name="article:section"]', 'meta[property="og:article:section"]',
    'meta[name="og:article:section"]', 'a[data-testid="SectionNameLink"]',
    '[class*="ArticleHeader-channel"]', ".article-section" },
  -- article:tag / keywords are Reuters topic codes (AER,AERO,...), not topics
  tags = false,
  body = { 'div[data-testid="ArticleBody"]', "div.ArticleBodyWrapper",
    "#articleText", "#article-text",
    drop = { '[class*="sign-off"]', '[class*="trust-badge"]',
      '[class*="TrustBadge"]', '[class*="Attribution-attribution"]',
      '[class*="read-next"]', '[data-testid*="Read Next"]',
      '[class*="RelatedCoverage"]', '[class*="ReadTime"]', '[class*="read-time"]',
      '[class*="Byline-byline"]', '[class*="byline-container"]',
      '[class*="AdSlot"]', '[data-testid="ResponsiveAdSlot"]',
      '[data-testid="Dianomi"]', '[class*="Slideshow"]', '[class*="slideshow"]',
      '[class*="primary-gallery"]', '[class*="primary-image"]', "figure",
      '[class*="context-widget"]', '[class*="RegistrationPrompt"]',
      '[class*="SocialEmbed"]', ".relatedTopicButtons", ".shareLinks" } },
  images = { 'div[data-testid="primary-image"] figure', '[class*="primary-gallery"]',
    "#articleImage", 'meta[property="og:image"]', 'meta[name="og:image"]',
    caption = 'figcaption, [class*="caption"]' },

  -- The sign-off, the "Our Standards" line and a "Disclaimer:" heading
  -- are left to the generic filter, which drops them and reads them as
  -- the end of the story: what follows them on a copy (comment boxes,
  -- link lists, the rest of a disclaimer) goes with them.
  clean = {
    -- syndicated copies (Investing.com / Fusion Media)
    "^%[ad_%d+%]$",
    "^© Reuters%. ",
    "^Fusion Media.* will not be held responsible",
  },

  fixup = function(article, doc)
    -- no byline: the sign-off names the reporters
    if #(article.authors or {}) == 0 then
      local s = doc:text_of('[class*="sign-off"], [class*="Attribution-attribution"]')
      if not s then
        for _, t in ipairs(doc:texts("#articleText p, #article-text p")) do
          if string.find(t, "^%(?[Rr]eporting by ") or
            string.find(t, "^%(?[Aa]dditional reporting by ") then s = t end
        end
      end
      if s then article.authors = signoff(s) end
    end
    -- links carry a visually hidden ", opens new tab"
    local paras = {}
    for _, p in ipairs(article.paragraphs or {}) do
      p = string.gsub(p, ",? opens new tab", "")
      paras[#paras + 1] = p
    end
    article.paragraphs = paras
    -- 2010s pages: only REVISION_DATE, as "Tue Dec 30 09:41:00 UTC 2014"
    if not article.published then
      local r = doc:meta("REVISION_DATE") or ""
      local mon, day, hms, year = string.match(r, "^%a+ (%a+) (%d+) ([%d:]+) UTC (%d+)$")
      if mon then article.published = gisa.date(mon .. " " .. day .. ", " .. year .. " " .. hms, "UTC") end
    end
    for _, im in ipairs(article.images or {}) do
      if im.caption then
        im.caption = string.gsub(im.caption, "%s*Purchase Licensing Rights%s*$", "")
      end
    end
    if article.title then
      article.title = string.gsub(article.title, "%s*[%-|]%s*Reuters%s*$", "")
      article.title = string.gsub(article.title, "%s*%-Breaking%s*$", "")
    end
  end,
}
