-- Yonhap News Agency, English edition (en.yna.co.kr). A first draft that
-- follows the 2019-2024 layout described in ../shared/sites/yonhap.md.
return {
  name = "yonhap-en",
  domains = { "en.yna.co.kr", "m-en.yna.co.kr" },
  feeds = { "https://en.yna.co.kr/RSS/news.xml" },
  timezone = "Asia/Seoul",

  title = "header.title-article01 h1.tit",
  section = { 'meta[property="article:section"]', ".info-con span.txt strong" },
  published = { 'meta[property="article:published_time"]', ".info-con span.txt" },
  modified = 'meta[property="article:modified_time"]',
  -- article:author is the agency's Facebook page; the reporter is a
  -- "By Name" paragraph, when there is one.
  authors = { "article.story-news > p", match = "^By (%u[%a%-']+ %u[%a%-' ]+)$" },
  tags = ".keyword-zone01 .tag a",
  body = "article.story-news > p",
  images = { "div.sub-content figure", caption = ".txt-desc" },

  -- Editor's notes, the byline paragraph and the reporter's e-mail are
  -- not article text. The end mark "(END)" is left to the generic
  -- filter, which drops it and everything after it (keywords, "Most
  -- Viewed" lists).
  clean = {
    "^%(ATTN: .*%)$",
    "^By %u[%a%-']+ %u[%a%-' ]+$",
    "^[%w%.%-_]+@yna%.co%.kr$",
  },

  -- A story without a photo has the agency's logo as og:image, which
  -- metadata would give as the article's image.
  fixup = function(article)
    local keep = {}
    for _, im in ipairs(article.images or {}) do
      if not string.find(im.url, "/img/yonhapnews_logo", 1, true) then
        keep[#keep + 1] = im
      end
    end
    article.images = keep
  end,
}
