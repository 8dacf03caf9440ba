-- The Gateway Pundit (www.thegatewaypundit.com), a WordPress site
-- (GeneratePress theme). og:title is the headline as the editor typed
-- it, followed by the site and the writer: " | The Gateway Pundit | by
-- NAME" (2023), " * The Gateway Pundit * by NAME" (2026). The theme's
-- h1.entry-title and the Article JSON-LD pass the headline through
-- WordPress's typographic filter (Kohberger's -> Kohberger’s). The
-- record takes og:title without that tail, the h1 when there is none.
--
-- Layout: article > div.inside-article > header.entry-header (h1, span
-- .byline .author-name, time.entry-date[datetime]), then
-- div.entry-content[itemprop=text] with share buttons (div.essb_links)
-- among the paragraphs. No standfirst. Posts without a category are
-- filed in WordPress's "Uncategorized" (no section: the core drops it);
-- modified times before the publication are the site's own (scheduled
-- posts).

-- "Headline | The Gateway Pundit | by Name" -> "Headline"
local function headline(s)
  s = string.gsub(s, "%s+[|*]%s+The Gateway Pundit%s+[|*]%s+by%s.*$", "")
  return (string.gsub(s, "%s+[|*]%s+The Gateway Pundit$", ""))
end

return {
  name = "thegatewaypundit",
  domains = { "thegatewaypundit.com" },

  title = { 'meta[property="og:title"]', "h1.entry-title", parse = headline },
  -- the description is the opening lines (with a photo caption in
  -- front), not a deck
  subtitle = false,
}
