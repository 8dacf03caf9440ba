-- Yonhap News Agency, Korean edition (www.yna.co.kr), after
-- ../shared/sites/yonhap.md: the current layout (h1.tit01, .update-time)
-- and the 2019-2023 one (header.title-article01 h1, p.update-time).
-- Visible dates are KST without a zone: "송고2026-01-06 16:46".
local function reporter(s)
  -- "홍길동 기자" / "홍길동 특파원" -> 홍길동
  s = gisa.trim(s)
  return string.match(s, "^(%S+)%s*기자$") or string.match(s, "^(%S+)%s*특파원$") or
    (s ~= "" and not s:find("%s") and s or nil)
end

return {
  name = "yonhap-ko",
  domains = { "www.yna.co.kr", "m.yna.co.kr", "yna.co.kr" },
  feeds = { "https://www.yna.co.kr/rss/news.xml",
    "https://www.yna.co.kr/rss/politics.xml",
    "https://www.yna.co.kr/rss/economy.xml",
    "https://www.yna.co.kr/rss/society.xml",
    "https://www.yna.co.kr/rss/northkorea.xml" },
  sitemaps = { "https://www.yna.co.kr/sitemap.xml" },
  timezone = "Asia/Seoul",

  title = { "h1.tit01", "header.title-article01 h1", 'meta[property="og:title"]' },
  subtitle = { ".tit-sub h2.tit01", all = true, join = " / " },
  authors = { ".txt-con .tit-name a", ".writer-zone01 .tit-name", parse = reporter },
  published = { 'meta[property="article:published_time"]', ".update-time .txt-time01",
    "p.update-time" },
  modified = 'meta[property="article:modified_time"]',
  section = { ".nav-path01 li:last-child a", 'meta[property="article:section"]' },
  tags = ".keyword-zone .list01 a",
  body = { ".story-news.article",
    drop = { "aside", "p.txt-copyright", ".comp-box", "figure", ".writer-zone01",
      ".aside-box", "[class*=banner]" } },
  images = { ".comp-box .image-zone01", caption = ".txt-desc" },

  clean = {
    "@yna%.co%.kr$",
    "^%S+ 기자$", "^%S+ 특파원$",
    "ⓒ", "저작권자", "무단 전재", "제보는 카카오톡", "^Copyright",
  },

  fixup = function(article, doc)
    -- data-published-time holds "2026-01-06 16:46"
    local n = doc:select_one(".update-time[data-published-time]")
    if n and not article.published then
      local d = gisa.date(n:attr("data-published-time"), "Asia/Seoul")
      if d then article.published = d end
    end
    -- the lede's "(서울=연합뉴스) 홍길동 기자 =": wire prefix and byline
    local p = article.paragraphs and article.paragraphs[1]
    if p then
      local city, who, rest = string.match(p, "^%((%S-)=연합뉴스%)%s*(.-)%s*=%s*(.*)$")
      if city then
        article.dateline = "(" .. city .. "=연합뉴스)"
        local names = {}
        for n in string.gmatch(who, "(%S+)%s*기자") do names[#names + 1] = n end
        for n in string.gmatch(who, "(%S+)%s*특파원") do names[#names + 1] = n end
        -- the head's article:author is the agency: a named reporter wins
        local people = gisa.map(article.authors or {}, function(x)
          if not gisa.is_agency(x) then return x end
        end)
        if #people == 0 and #names > 0 then article.authors = names end
        article.paragraphs[1] = rest
      end
    end
  end,
}
