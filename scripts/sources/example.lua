-- The Daily Example (news.example.com): the site of the tutorial in
-- docs/writing-rules.md, with its page in tests/fixtures/example/.
return {
  name = "example",
  domains = { "news.example.com" },
  feeds = { "https://news.example.com/rss.xml" },
  timezone = "Asia/Seoul",

  title = "h1.headline",
  subtitle = "p.standfirst",
  authors = "p.byline",
  published = { "p.dates", label = "Published" },
  modified = { "p.dates", label = "Updated" },
  section = "nav.crumbs a:last-child",
  tags = ".topics a",
  body = { "div.article-body", drop = { "figure", ".related", ".promo" } },
  images = { "div.article-body figure", caption = "figcaption" },
  clean = { "^Read more:" },
}
