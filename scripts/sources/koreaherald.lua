-- The Korea Herald (www.koreaherald.com) and its mirrors, after
-- ../shared/sites/koreaherald.md: the /article/<id> layout (2025+, not
-- documented: metadata first), the view.php?ud= layout of 2022-2023
-- (.news_content, h1.news_title) and the older #articleText one.
-- Visible dates: "Published : Apr 18, 2022 - 16:41" (KST).
return {
  name = "koreaherald",
  domains = { "www.koreaherald.com", "koreaherald.com", "m.koreaherald.com",
    "news.koreaherald.com", "khnews.kheraldm.com" },
  feeds = { "https://www.koreaherald.com/rss/newsAll",
    "https://www.koreaherald.com/rss/kh_National",
    "https://www.koreaherald.com/rss/kh_Business",
    "https://www.koreaherald.com/rss/kh_World" },
  timezone = "Asia/Seoul",

  title = { "h1.news_title", "h1.article-title", "h1.title_sec",
    'meta[property="og:title"]' },
  subtitle = { "h2.news_title", "h2.article-subtitle", "h4.stitle_sec" },
  authors = { 'meta[name="author"]', ".news_journalist_area .name",
    ".article-byline .writer" },
  published = { 'meta[property="article:published_time"]', ".article-date time" },
  modified = { 'meta[property="article:modified_time"]' },
  section = { 'meta[property="article:section"]', ".view_tit_cate a:last-child" },
  tags = { ".news_keyword a", ".article-tags a" },
  body = { "#articleText", ".article-txt", ".news_content .view_con_t", ".news_content",
    drop = { ".news_btn_wrap", ".news_journalist_area", ".img_caption",
      "figure", "h1", "h2", ".view_tit_byline_r", ".news_date", ".related",
      "script", "style" } },
  images = { "#articleText .img_cont", "#articleText img", ".article-txt figure",
    caption = ".img_caption, figcaption" },

  clean = {
    "^By [%u][%a%-%.' ]+ %(%S+@%S+%)$",
    "^%S+@heraldcorp%.com$",
    "^%[ⓒ Herald Corporation",
    "^ⓒ",
  },

  fixup = function(article, doc)
    -- "Published : Apr 18, 2022 - 16:41  Updated : ..."
    if not article.published then
      local t = doc:text_of(".view_tit_byline_r, .news_date") or ""
      local d = gisa.date_after(string.gsub(t, " %- ", " "), "Published", "Asia/Seoul")
      if d then article.published = d end
      d = gisa.date_after(string.gsub(t, " %- ", " "), "Updated", "Asia/Seoul")
      if d and not article.modified then article.modified = d end
    end
    -- the reporter closes the body: "By Kim Da-sol (ds@heraldcorp.com)"
    if #(article.authors or {}) == 0 then
      for _, t in ipairs(doc:texts("#articleText p, .article-txt p, .view_con_t p")) do
        local who = string.match(t, "^By ([%u][%a%-%.' ]+) %(%S+@%S+%)$")
        if who then article.authors = { who } end
      end
    end
  end,
}
