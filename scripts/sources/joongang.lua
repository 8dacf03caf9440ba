-- JoongAng: Korea JoongAng Daily (koreajoongangdaily.joins.com, English)
-- and JoongAng Ilbo (www.joongang.co.kr, Korean), which share the
-- #article_body container, after ../shared/sites/joongang.md. The Daily's
-- current DOM is not documented: metadata (article:*, og:) first.
return {
  name = "joongang",
  domains = { "koreajoongangdaily.joins.com", "www.joongang.co.kr",
    "joongang.co.kr", "m.joongang.co.kr", "news.joins.com" },
  feeds = { "https://koreajoongangdaily.joins.com/xmls/joins" },
  sitemaps = { "https://www.joongang.co.kr/sitemap/latest-articles" },
  timezone = "Asia/Seoul",

  title = { "h1.headline", "h1.view-article-title", "h1#article_title",
    'meta[property="og:title"]' },
  authors = { 'meta[property="dable:author"]', ".byline a", ".ab_byline",
    'meta[name="author"]' },
  published = { 'meta[property="article:published_time"]',
    '.datetime time[itemprop="datePublished"]' },
  modified = { 'meta[property="article:modified_time"]',
    '.datetime time[itemprop="dateModified"]' },
  section = { 'meta[property="article:section"]', ".subhead a:last-child",
    ".view-article-category a:last-child" },
  tags = { ".tag_wrap .tag", ".view-article-tag a" },
  body = { "#article_body",
    drop = { ".ab_photo", ".ab_byline", "figure", ".caption", "#relation_news",
      "#__inline_ms_da_ad__", '[style*="display:none"]',
      ".print-dictionary", ".article-print", ".comment_wrap" } },
  images = { "#article_body .ab_photo", "#article_body figure",
    caption = ".caption, figcaption" },

  clean = {
    "@joongang%.co%.kr%]?$",
    "^%S+ 기자$", "^%S+ 특파원$",
    "ⓒ", "저작권자", "무단 전재", "^Copyright",
    "^%[?Yonhap%]?$", "^%[?YONHAP%]?$", "^JoongAng Ilbo$",
    "^BY [%u%s%-]+%s*%[.-%]$",
    "^print dictionary print$",
  },

  fixup = function(article, doc)
    -- Daily bylines: "BY LEE JIN-HO [lee.jinho@joongang.co.kr]" closing
    -- the body (dropped above by clean); take the name from the page.
    if #(article.authors or {}) == 0 then
      for _, t in ipairs(doc:texts("#article_body p, #article_body")) do
        local who = string.match(t, "BY ([%u][%u%s%-]+)%s*%[[^%]]*@joongang%.co%.kr%]%s*$")
        if who then
          local name = string.gsub(gisa.trim(who):lower(), "(%a)([%w%-]*)", function(a, b)
            return a:upper() .. b
          end)
          article.authors = { (string.gsub(name, "%-(%u)", function(c) return "-" .. c:lower() end)) }
          break
        end
      end
    end
    -- "홍길동 기자" -> 홍길동
    if article.authors then
      local out = {}
      for _, a in ipairs(article.authors) do
        out[#out + 1] = string.match(a, "^(%S+)%s*기자$") or string.match(a, "^(%S+)%s*특파원$") or a
      end
      article.authors = out
    end
    if article.tags then
      article.tags = gisa.map(article.tags, function(t) return gisa.trim((string.gsub(t, "^#%s*", ""))) end)
    end
  end,
}
