-- The Standard, formerly the Evening Standard (www.standard.co.uk).
-- The page's h1 and its NewsArticle JSON-LD carry the long web headline
-- ("... at Cobham in battling win over Tottenham"); og:title and
-- twitter:title carry the story's short headline, the one the share
-- links under the headline quote too. The record takes the short one.
--
-- Layout (2024, styled-components: class names are build hashes, so
-- only structure is used): article > ... > h1, then the standfirst as the
-- div right after the h1, the lead picture, a Byline block
-- (data-island-hydration-component="Byline"), then the story.
return {
  name = "eveningstandard",
  domains = { "standard.co.uk" },

  title = { 'meta[property="og:title"]', 'meta[name="twitter:title"]',
    'meta[property="twitter:title"]', "article h1" },
  -- a text block: share bars and bylines there are nested divs
  subtitle = "article h1 + div:not(:has(div))",
}
