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

-- The headline of the NewsArticle JSON-LD record, or nil.
local function newsarticle_headline(doc)
  for _, o in ipairs(doc:jsonld("NewsArticle")) do
    if type(o.headline) == "string" and o.headline ~= "" then return o.headline end
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
