-- MailOnline (www.dailymail.co.uk, and dailymail.com for the US edition).
-- An article page carries two headlines: the long one the page shows
-- (h1, the NewsArticle JSON-LD, <meta property="mol:headline">), often
-- with a tail such as "... if you have the rare buck", and the editor's
-- short headline in og:title and twitter:title, which is the story's own
-- headline (the one fundus and the site's share cards use). The record
-- takes the short one.
--
-- Layout (2020s desktop template): h1, then a list of bold key points
-- (ul.mol-bullets-with-font) where other sites print a standfirst, the
-- byline (p.author-section, "By NAME For Dailymail.Com"), the dates
-- (p.byline-section time[datetime]), then the story in
-- div[itemprop="articleBody"]: p.mol-para-with-font paragraphs, image
-- groups (div.artSplitter, div.mol-img-group), video players
-- (div.moduleFull.mol-video: a saved page has the player's title and
-- control text, "Loaded: 0%", "Duration Time 0:48"), embed blocks, ad
-- slots and the RELATED ARTICLES carousel (div.related-carousel).
-- Key points inside the story (more ul.mol-bullets-with-font) are text.
-- The topics row under the story (div.articleTopicsRow) names the
-- story's topics; article:tag holds the URL's words ("Seaside pier shut
-- storm ...") and keywords the site and channel first.
return {
  name = "dailymail",
  domains = { "dailymail.co.uk", "dailymail.com" },

  title = { 'meta[property="og:title"]', 'meta[property="twitter:title"]',
    'meta[name="twitter:title"]', "h1" },
  -- the key points under the headline are the page's deck (the
  -- description, not shown, repeats a paragraph of the story: see fixup)
  subtitle = { "h1 ~ ul.mol-bullets-with-font li", all = true, join = "; " },
  -- authors, dates: the JSON-LD names the writer without the "For
  -- Dailymail.Com" of the byline, and dates carry their offset
  tags = "div.articleTopicsRow a",
  body = { 'div[itemprop="articleBody"]',
    drop = { ".artSplitter", ".mol-img-group", ".mol-video", ".mol-embed",
      ".related-carousel", "ad-slot", "script", "style", "iframe" } },

  fixup = function(article, doc)
    if not doc:select_one("h1 ~ ul.mol-bullets-with-font") then
      article.subtitle = nil
    end
    if not doc:select_one("div.articleTopicsRow a") then
      article.tags = {}
    end
  end,
}
