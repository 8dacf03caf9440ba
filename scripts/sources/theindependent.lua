-- The Independent (www.independent.co.uk). Three headlines per story:
-- the h1 the page shows, a shorter social one (og:title, twitter:title)
-- and the search headline, which the NewsArticle JSON-LD gives as
-- "headline" and <title> repeats with " | The Independent" appended. The
-- record takes the search headline, the one the article's schema.org
-- record states; it is read from <title>, where it is plain text (the
-- JSON-LD needs decoding and <title> has the same words). Without that
-- suffix <title> is not trusted and og:title serves.
--
-- Layout (2024, styled-components: class names are build hashes):
-- header#articleHeader holds the section links, the h1, the standfirst as
-- the h2 right after it, the author link (a[href^="/author/"]) and the
-- date; the story is article div#main > p. Under it, nav.topics ("More
-- about") lists the story's topics; the keywords meta repeats them with
-- the CMS's own tags ("Internal").
return {
  name = "theindependent",
  domains = { "independent.co.uk" },

  title = function(doc)
    local t = doc:xpath_value("string(/html/head/title)") or ""
    return string.match(t, "^%s*(.-)%s+|%s+The Independent") or
      doc:meta("og:title") or doc:text_of("#articleHeader h1")
  end,
  -- the standfirst is written <h2><p>...</p></h2>; an HTML parser
  -- closes the h2 at the <p>, so the text ends up in the p after it
  subtitle = { "#articleHeader h1 + h2", "#articleHeader h1 + h2:empty + p" },
  tags = "nav.topics a",
}
