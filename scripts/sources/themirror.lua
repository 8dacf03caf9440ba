-- The Mirror (www.mirror.co.uk), a Reach plc site. Live blogs put the
-- running label in the h1, the <title> and the LiveBlogPosting JSON-LD
-- ("UK riots LIVE: ..."); og:title carries the story's headline ("... -
-- updates" on a live blog). On ordinary articles og:title is the h1's
-- headline (twitter:title adds " - The Mirror"), so og:title serves both.
--
-- Two layouts:
-- - the Reach template (to 2024): article.article-main > div.lead-content
--   with h1.lead-content__title and the standfirst
--   p.lead-content__sub-title; the story in div.article-body, live
--   entries in div.live-event-container.
-- - the Next.js one (2025+): article#article-body holds the h1, the
--   standfirst h2[data-testid="leadtext"], the byline, then the story as
--   its own p and h3 children, with ads and promos in div boxes
--   (BoxStyles_*) and pictures in [data-testid="image-group"] between.
--   The generic extractor would start the body with the standfirst, as
--   it sits inside the article element: the rule reads the children.
return {
  name = "themirror",
  domains = { "mirror.co.uk" },

  title = { 'meta[property="og:title"]', "h1.lead-content__title", "article h1" },
  subtitle = { "p.lead-content__sub-title", '[data-testid="leadtext"]' },
  body = { "article#article-body > p, article#article-body > h3" },
}
