-- Daily Express (www.express.co.uk). Live blogs put the running label
-- in the h1, the <title> and the LiveBlogPosting JSON-LD ("Prince Harry
-- and Meghan Markle LIVE: ..."); og:title and twitter:title carry the
-- headline of the story itself. On ordinary articles og:title is the
-- h1's headline, so it serves both.
--
-- Layout: article > header holds the h1, the standfirst as an h3, then
-- div.publish-info with the byline (div.author: "By NAME, News
-- Reporter") and the dates (div.dates time[datetime], UTC). The story
-- is div[data-type="article-body"]: div.text-description blocks, with
-- pictures (div.photo), a "DON'T MISS" box of links
-- (div.text-description.dont-miss), WhatsApp, newsletter and related
-- article boxes among them; live blogs add div.live-events entries, each
-- a time and author line, an h3 and its text. The body is read from
-- that container, so that the standfirst, outside it, is not taken
-- for the first paragraph. After the article, div.tags-element lists
-- the story's topics; article:tag and news_keywords add SEO variants of
-- each ("DWP", "DWP news", "DWP latest").
return {
  name = "express",
  domains = { "express.co.uk" },

  title = { 'meta[property="og:title"]', 'meta[name="twitter:title"]',
    "article > header > h1" },
  subtitle = "article > header > h3",
  tags = "div.tags-element a.related_entity",
  body = { 'article div[data-type="article-body"]',
    drop = { ".photo", ".dont-miss", ".whatsapp-group",
      '[class*="related-articles"]', "#newsletter-place", ".newsletter-pure",
      ".live-events__entry-info", "script", "style" } },
  -- links to other stories between the paragraphs
  clean = { "^READ MORE:", "^SEE MORE:", "^DON'T MISS:", "^DON’T MISS:" },
}
