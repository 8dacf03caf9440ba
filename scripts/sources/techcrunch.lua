-- TechCrunch (techcrunch.com), a WordPress site. og:title is the
-- headline as the editor typed it, with the site's " | TechCrunch"
-- appended; the theme's h1.wp-block-post-title and the NewsArticle
-- JSON-LD pass it through WordPress's typographic filter (straight
-- quotes become curly ones: 'family' -> ‘family’). The record takes
-- og:title without the site name (" – TechCrunch" in the 2019 theme),
-- the h1 when there is no og:title.
--
-- Layout (2024 block theme): div.single-post-hero (primary category
-- link, h1, author card div.wp-block-tc23-author-card-name, time
-- [datetime], featured image), then div.entry-content.wp-block-post-content
-- whose first paragraph is p#speakable-summary. No standfirst is shown.
-- The 2025 theme keeps the h1 and the entry content; the writers move to
-- a list (div.wp-block-techcrunch-post-authors-list), short posts get an
-- "In Brief" row above the image, and an event promo
-- (div.wp-block-techcrunch-event-cta) may sit among the paragraphs.
return {
  name = "techcrunch",
  domains = { "techcrunch.com" },

  title = { 'meta[property="og:title"]', "h1.wp-block-post-title", "h1",
    parse = function(s)
      s = string.gsub(s, "%s+|%s+TechCrunch$", "")
      return (string.gsub(s, "%s+–%s+TechCrunch$", ""))
    end },
  -- the description is a summary the page does not show
  subtitle = false,
}
