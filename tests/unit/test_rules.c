/* test_rules.c - the rule registry and runtime: loading, overriding,
 * matching URLs, each kind of field spec, the fixup, explain data, the
 * node API, and state reuse across pages.
 */
#include "error.h"
#include "explain.h"
#include "html.h"
#include "rules.h"
#include "test.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[256];

static void put(const char *rel, const char *text)
{
	t_write_file(root, rel, text);
}

static const char *at(const char *rel)
{
	static char path[16][512]; /* a few live at once */
	static int i;

	i = (i + 1) % 16;
	snprintf(path[i], sizeof path[i], "%s/%s", root, rel);
	return path[i];
}

static void rm_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[768];

	if (!d)
		return;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.') {
			if (snprintf(path, sizeof path, "%s/%s", dir,
				     e->d_name) >= (int)sizeof path)
				continue; /* not one of ours */
			rm_tree(path);
			unlink(path);
		}
	closedir(d);
	rmdir(dir);
}

static const char PAGE[] =
	"<html lang='en'><head><title>T</title>"
	"<meta property='og:title' content='Meta title | Site'>"
	"<meta property='article:published_time' content='2024-01-15T09:30:00Z'>"
	"<meta name='keywords' content='a, b'>"
	"<link rel='canonical' href='https://news.example.com/a/1'>"
	"</head><body>"
	"<h1 class='t'>The  <b>headline</b></h1>"
	"<p class='by'>By Jane Doe and John Roe</p>"
	"<p class='by'>Reuters</p>"
	"<time datetime='2024-01-16T08:00:00+09:00'>Jan 16</time>"
	"<span class='d'>입력 2024.01.15 09:30 수정 2024.01.15 18:45</span>"
	"<div class='story' id='s'>"
	"<p>First paragraph.</p>"
	"<figure><img data-src='/i/a.jpg'><figcaption>A caption</figcaption>"
	"</figure>"
	"<div class='ad'>Buy now</div>"
	"<p>Second paragraph.<br>(END)</p>"
	"<p>kim@example.com</p>"
	"</div>"
	"<ul class='tags'><li><a>#one</a></li><li><a>two</a></li>"
	"<li><a>#one</a></li></ul>"
	"</body></html>";

static gisa_doc *page(void)
{
	gisa_doc *doc = NULL;

	gisa_html_parse(PAGE, sizeof PAGE - 1, "https://news.example.com/a/1",
			&doc);
	return doc;
}

static gisa_rules *open_one(const char *name, const char *text)
{
	const char *dirs[] = { at("one") };
	gisa_strv errors = GISA_STRV_INIT;
	gisa_rules *r = NULL;
	char file[300];

	rm_tree(at("one"));
	mkdir(at("one"), 0755);
	snprintf(file, sizeof file, "one/%s.lua", name);
	put(file, text);
	T_INTEQ(gisa_rules_open(dirs, 1, NULL, &r, &errors), 0);
	for (size_t i = 0; i < errors.n; i++)
		T_OKF(0, "load error: %s", errors.v[i]);
	gisa_strv_clear(&errors);
	return r;
}

/* Apply rule text to PAGE; a (cleared first) gets the result. */
static int run(const char *text, gisa_article *a, gisa_explain *ex,
	       char *err, size_t errlen)
{
	gisa_rules *r = open_one("t", text);
	gisa_doc *doc = page();
	int rc = gisa_rules_apply(r, "t", doc, a, ex, err, errlen);

	gisa_doc_free(doc);
	gisa_rules_close(r);
	return rc;
}

static void test_registry(void)
{
	gisa_strv errors = GISA_STRV_INIT, list = GISA_STRV_INIT;
	const char *dirs[3];
	gisa_rules *r;

	t_context("registry");
	mkdir(at("d1"), 0755);
	mkdir(at("d2"), 0755);
	dirs[0] = at("d1");
	dirs[1] = at("d2");
	dirs[2] = at("missing");
	put("d1/alpha.lua", "return { domains = 'alpha.com', feeds = "
	    "{ 'https://alpha.com/rss' }, timezone = 'Asia/Seoul', "
	    "clean = { '^%(END%)$' }, title = 'h1' }");
	put("d1/beta.lua", "return { name = 'beta', domains = { 'beta.org', "
	    "'news.example.com/a' }, sitemaps = 'https://beta.org/s.xml', "
	    "title = 'h2' }");
	put("d1/broken.lua", "return { title = }");
	put("d1/notes.txt", "not a rule");
	put("d2/beta2.lua", "return { name = 'beta', domains = 'beta.net', "
	    "title = '.t' }");
	put("d2/gamma.lua", "return { domains = { 'example.com' }, "
	    "body = 'p' }");
	T_INTEQ(gisa_rules_open(dirs, 3, NULL, &r, &errors), 0);
	T_INTEQ(gisa_rules_count(r), 3);
	T_STREQ(gisa_rules_name(r, 0), "alpha");
	T_STREQ(gisa_rules_name(r, 1), "beta");
	T_STREQ(gisa_rules_name(r, 2), "gamma");
	T_OK(gisa_rules_name(r, 3) == NULL);
	/* the later directory wins for beta */
	T_STREQ(gisa_rules_file(r, "beta"), at("d2/beta2.lua"));
	T_INTEQ(errors.n, 2);
	if (errors.n == 2) {
		T_OKF(strstr(errors.v[0], "broken.lua:1:") != NULL, "%s",
		      errors.v[0]);
		T_OKF(strstr(errors.v[1], "missing") != NULL, "%s",
		      errors.v[1]);
	}
	T_STREQ(gisa_rules_timezone(r, "alpha"), "Asia/Seoul");
	T_OK(gisa_rules_timezone(r, "gamma") == NULL);
	T_INTEQ(gisa_rules_clean(r, "alpha")->n, 1);
	T_OK(gisa_rules_clean(r, "nope") == NULL);
	T_INTEQ(gisa_rules_feeds(r, "alpha", &list), 1);
	T_STREQ(list.v[0], "https://alpha.com/rss");
	T_INTEQ(gisa_rules_feeds(r, "nope", &list), GISA_ENOTFOUND);
	gisa_strv_clear(&list);
	T_INTEQ(gisa_rules_domains(r, "beta", &list), 1);
	T_STREQ(list.v[0], "beta.net");
	gisa_strv_clear(&list);
	T_INTEQ(gisa_rules_sitemaps(r, "beta", &list), 0);
	gisa_strv_clear(&list);

	/* matching */
	T_STREQ(gisa_rules_match(r, "https://alpha.com/x"), "alpha");
	T_STREQ(gisa_rules_match(r, "https://www.ALPHA.com:8080/x"), "alpha");
	T_STREQ(gisa_rules_match(r, "http://user:pw@m.alpha.com"), "alpha");
	T_OK(gisa_rules_match(r, "https://notalpha.com/") == NULL);
	T_OK(gisa_rules_match(r, "https://alpha.com.evil.net/") == NULL);
	T_STREQ(gisa_rules_match(r, "https://beta.net/"), "beta");
	T_STREQ(gisa_rules_match(r, "https://news.example.com/a/1"), "gamma");
	T_OK(gisa_rules_match(r, "not a url") == NULL);
	T_OK(gisa_rules_match(r, "") == NULL);
	T_OK(gisa_rules_match(r, NULL) == NULL);
	gisa_rules_close(r);
	gisa_strv_clear(&errors);

	/* a path prefix is a longer match than the bare domain */
	put("d1/beta.lua", "return { name = 'beta', domains = { "
	    "'news.example.com/a' }, title = 'h2' }");
	{
		const char *one[] = { at("d1"), at("d2") };
		const char *why;
		rm_tree(at("d2"));
		mkdir(at("d2"), 0755);
		put("d2/gamma.lua", "return { domains = { 'example.com' } }");
		T_INTEQ(gisa_rules_open(one, 2, NULL, &r, NULL), 0);
		T_STREQ(gisa_rules_match_why(r, "https://news.example.com/a/1",
					     &why), "beta");
		T_OKF(why && strstr(why, "news.example.com/a"), "%s", why);
		T_STREQ(gisa_rules_match(r, "https://news.example.com/b/1"),
			"gamma");
		T_STREQ(gisa_rules_match(r, "https://news.example.com/ab"),
			"beta"); /* a plain prefix, as documented */
		gisa_rules_close(r);
	}
	/* no directories at all */
	T_INTEQ(gisa_rules_open(NULL, 0, NULL, &r, NULL), 0);
	T_INTEQ(gisa_rules_count(r), 0);
	T_OK(gisa_rules_match(r, "https://alpha.com/") == NULL);
	gisa_rules_close(r);
	t_context(NULL);
}

static void test_fields(void)
{
	gisa_article a = GISA_ARTICLE_INIT;
	gisa_explain ex = GISA_EXPLAIN_INIT;
	char err[2048];
	const gisa_explain_field *f;

	t_context("fields");
	a.title = strdup("from meta");
	a.origin[GISA_F_TITLE] = "meta:og";
	a.section = strdup("Meta section");
	a.origin[GISA_F_SECTION] = "meta:og";
	gisa_strv_push(&a.authors, "https://facebook.com/page");
	T_INTEQ(run("return {\n"
		    "  timezone = 'Asia/Seoul',\n"
		    "  title = { 'h1.missing', 'h1.t' },\n"
		    "  authors = 'p.by',\n"
		    "  published = 'time',\n"
		    "  modified = { 'span.d', label = '수정' },\n"
		    "  tags = '.tags a',\n"
		    "  language = { value = 'en' },\n"
		    "  canonical_url = 'link[rel=canonical]',\n"
		    "  body = { '#s', drop = { 'figure', '.ad' } },\n"
		    "  images = { '#s figure' },\n"
		    "  clean = { '^%(END%)$', '@example%.com$' },\n"
		    "  dateline = false,\n"
		    "}\n", &a, &ex, err, sizeof err), 0);
	T_STREQ(err, "");
	T_STREQ(a.title, "The headline");
	T_STREQ(a.origin[GISA_F_TITLE], "rule:selector");
	T_INTEQ(a.authors.n, 2); /* "Reuters" is an agency: left out */
	if (a.authors.n == 2) {
		T_STREQ(a.authors.v[0], "Jane Doe");
		T_STREQ(a.authors.v[1], "John Roe");
	}
	T_STREQ(a.published, "2024-01-16T08:00:00+09:00");
	T_STREQ(a.modified, "2024-01-15T18:45:00+09:00");
	T_INTEQ(a.tags.n, 2);
	if (a.tags.n == 2) {
		T_STREQ(a.tags.v[0], "one");
		T_STREQ(a.tags.v[1], "two");
	}
	T_STREQ(a.language, "en");
	T_STREQ(a.origin[GISA_F_LANGUAGE], "rule:value");
	T_STREQ(a.canonical_url, "https://news.example.com/a/1");
	T_INTEQ(a.paragraphs.n, 2);
	if (a.paragraphs.n == 2) {
		T_STREQ(a.paragraphs.v[0], "First paragraph.");
		T_STREQ(a.paragraphs.v[1], "Second paragraph.");
	}
	T_INTEQ(a.n_images, 1);
	if (a.n_images == 1) {
		T_STREQ(a.images[0].url, "https://news.example.com/i/a.jpg");
		T_STREQ(a.images[0].caption, "A caption");
	}
	/* not given by the rule: stays from meta */
	T_STREQ(a.section, "Meta section");
	T_STREQ(a.origin[GISA_F_SECTION], "meta:og");
	T_STREQ(a.source, "t");
	T_STREQ(a.extractor, "rule:t");

	/* explain */
	T_STREQ(ex.rule, "t");
	f = gisa_explain_field_find(&ex, "title");
	T_OK(f != NULL);
	if (f) {
		T_STREQ(f->selector, "h1.t");
		T_INTEQ(f->nodes, 1);
		T_STREQ(f->value, "The headline");
		T_STREQ(f->origin, "rule:selector");
		T_INTEQ(f->tried.n, 1);
		if (f->tried.n)
			T_STREQ(f->tried.v[0], "h1.missing (0 nodes)");
	}
	f = gisa_explain_field_find(&ex, "body");
	T_OK(f && f->removed.n == 4);
	if (f && f->removed.n == 4) {
		T_STREQ(f->removed.v[0], "drop figure: A caption");
		T_STREQ(f->removed.v[1], "drop .ad: Buy now");
		T_STREQ(f->removed.v[2], "clean ^%(END%)$: (END)");
		T_STREQ(f->removed.v[3], "clean @example%.com$: "
			"kim@example.com");
	}
	f = gisa_explain_field_find(&ex, "authors");
	T_OK(f && f->nodes == 2);
	T_OK(ex.n_stages >= 1 && ex.instructions >= 0 && ex.lua_bytes > 0);
	gisa_explain_clear(&ex);
	gisa_article_clear(&a);

	/* false clears what meta gave */
	gisa_strv_push(&a.authors, "https://facebook.com/page");
	a.origin[GISA_F_AUTHORS] = "meta:og";
	T_INTEQ(run("return { authors = false }", &a, NULL, err, sizeof err),
		0);
	T_INTEQ(a.authors.n, 0);
	T_OK(a.origin[GISA_F_AUTHORS] == NULL);
	gisa_article_clear(&a);

	/* so does a fixup that empties a list or a text field */
	gisa_strv_push(&a.authors, "Meta Person");
	a.origin[GISA_F_AUTHORS] = "meta:name";
	gisa_article_add_image(&a, "https://x.org/logo.jpg", NULL);
	a.subtitle = strdup("Meta deck");
	T_INTEQ(run("return { fixup = function(art)\n"
		    "  art.authors = {}; art.images = {}; art.subtitle = nil\n"
		    "end }", &a, NULL, err, sizeof err), 0);
	T_STREQ(err, "");
	T_INTEQ(a.authors.n, 0);
	T_OK(a.origin[GISA_F_AUTHORS] == NULL);
	T_INTEQ(a.n_images, 0);
	T_OK(a.subtitle == NULL);
	gisa_article_clear(&a);
	t_context(NULL);
}

static void test_options(void)
{
	gisa_article a = GISA_ARTICLE_INIT;
	gisa_explain ex = GISA_EXPLAIN_INIT;
	char err[2048];

	t_context("options");
	T_INTEQ(run("return {\n"
		    "  title = { '//h1', match = '^The%s+(%a+)' },\n"
		    "  subtitle = { 'p.by', all = true, join = ' / ' },\n"
		    "  section = { 'h1', parse = function(s) return s:upper() end },\n"
		    "  dateline = { '#s', attr = 'id' },\n"
		    "  published = { 'span.d', tz = '+05:00' },\n"
		    "  modified = { 'h1' },\n"
		    "  tags = { 'meta[name=keywords]', parse = function(s) "
		    "return gisa.split(s, ',') end },\n"
		    "}\n", &a, &ex, err, sizeof err), 0);
	T_STREQ(err, "");
	T_STREQ(a.title, "headline");
	T_STREQ(a.origin[GISA_F_TITLE], "rule:xpath");
	T_STREQ(a.subtitle, "By Jane Doe and John Roe / Reuters");
	T_STREQ(a.section, "THE HEADLINE");
	T_STREQ(a.dateline, "s");
	T_STREQ(a.published, "2024-01-15T09:30:00+05:00");
	T_OK(a.modified == NULL); /* no date in "The headline" */
	{
		const gisa_explain_field *f =
			gisa_explain_field_find(&ex, "modified");
		T_OK(f && f->notes.n == 1 &&
		     strstr(f->notes.v[0], "no date in 'The headline'"));
	}
	T_INTEQ(a.tags.n, 2);
	gisa_explain_clear(&ex);
	gisa_article_clear(&a);

	/* functions and the fixup, which sees meta values */
	a.title = strdup("Meta title | Site");
	T_INTEQ(run("return {\n"
		    "  subtitle = function(doc, art) return doc:text_of('h1') .. '!' end,\n"
		    "  authors = function(doc) return { 'A', 'B', 'A' } end,\n"
		    "  body = function(doc) return 'one\\n\\ntwo\\n \\nthree' end,\n"
		    "  images = function() return { 'https://x.org/1.jpg', "
		    "{ url = 'https://x.org/2.jpg', caption = 'c' } } end,\n"
		    "  published = function(doc) return doc:meta("
		    "'article:published_time') end,\n"
		    "  fixup = function(art, doc)\n"
		    "    art.title = art.title:gsub(' | Site$', '')\n"
		    "    art.section = doc:url()\n"
		    "    table.insert(art.paragraphs, 'four')\n"
		    "    print('fixup ran', #art.paragraphs)\n"
		    "  end,\n"
		    "}\n", &a, &ex, err, sizeof err), 0);
	T_STREQ(err, "");
	T_STREQ(a.title, "Meta title");
	T_STREQ(a.origin[GISA_F_TITLE], "rule:fixup");
	T_STREQ(a.subtitle, "The headline!");
	T_STREQ(a.origin[GISA_F_SUBTITLE], "rule:function");
	T_INTEQ(a.authors.n, 2);
	T_INTEQ(a.paragraphs.n, 4);
	if (a.paragraphs.n == 4)
		T_STREQ(a.paragraphs.v[3], "four");
	T_STREQ(a.origin[GISA_F_BODY], "rule:fixup");
	T_INTEQ(a.n_images, 2);
	T_STREQ(a.published, "2024-01-15T09:30:00+00:00");
	T_STREQ(a.section, "https://news.example.com/a/1");
	T_INTEQ(ex.log.n, 1);
	if (ex.log.n)
		T_STREQ(ex.log.v[0], "fixup ran\t4");
	gisa_explain_clear(&ex);
	gisa_article_clear(&a);
	t_context(NULL);
}

/* The record's tags are the NULL-ended list want, in order. */
static void check_tags(const gisa_article *a, const char *const *want)
{
	size_t n = 0;

	for (; want[n]; n++)
		if (n < a->tags.n)
			T_STREQ(a->tags.v[n], want[n]);
	T_INTEQ(a->tags.n, n);
}

/* The node API, exercised from a fixup that writes what it saw into
 * the record's tags. */
static void test_node_api(void)
{
	gisa_article a = GISA_ARTICLE_INIT;
	char err[2048];
	static const char *const want[] = {
		"tag=div", "id=s", "children=5", "first=p", "next=figure",
		"prev=nil", "parent=body", "closest=div", "matches=true",
		"contains=true", "contains2=false", "html=<p>First paragraph.</p>",
		"inner=First paragraph.", "attrs=s,story", "xpath=2",
		"xvalue=2", "xtext=First paragraph.", "paras=5",
		"paras-ex=4", "text=First paragraph. Buy now Second paragraph. "
		"(END) kim@example.com", "meta=Meta title | Site",
		"url=https://news.example.com/a/1", "root=html",
		"tostring=<div id=s class=story>", "eq=true",
		"after-remove=2", "selects-after=0,0,0,1",
		"host=news.example.com",
		"norm=https://x.org/a?b=1", "resolve=https://x.org/c/d",
		"byline=Hong Gildong", "dateline=SEOUL, March 14 (Yonhap)",
		NULL };

	t_context("node api");
	T_INTEQ(run("return { fixup = function(a, doc)\n"
		    "  local t = {}\n"
		    "  local function add(k, v) t[#t + 1] = k .. '=' .. tostring(v) end\n"
		    "  local s = doc:select_one('div.story')\n"
		    "  add('tag', s:tag()); add('id', s:attr('id'))\n"
		    "  add('children', #s:children())\n"
		    "  local p = s:children()[1]\n"
		    "  add('first', p:tag()); add('next', p:next():tag())\n"
		    "  add('prev', p:prev()); add('parent', s:parent():tag())\n"
		    "  add('closest', p:closest('div'):tag())\n"
		    "  add('matches', s:matches('#s.story'))\n"
		    "  add('contains', s:contains(p)); add('contains2', p:contains(s))\n"
		    "  add('html', p:html()); add('inner', p:inner_html())\n"
		    "  local at = s:attrs(); add('attrs', at.id .. ',' .. at.class)\n"
		    "  add('xpath', #doc:xpath('//div[@id=\"s\"]/p[position()<3]'))\n"
		    "  add('xvalue', doc:xpath_value('count(//figure) + 1'))\n"
		    "  add('xtext', s:xpath('./p/text()')[1])\n"
		    "  add('paras', #s:paragraphs())\n"
		    "  add('paras-ex', #s:paragraphs(s:select('.ad')))\n"
		    "  add('text', s:text(s:select('figure')))\n"
		    "  add('meta', doc:meta('og:title')); add('url', doc:url())\n"
		    "  add('root', doc:root():tag()); add('tostring', tostring(s))\n"
		    "  add('eq', doc:select_one('#s') == s)\n"
		    "  s:select_one('.ad'):remove(); s:select_one('figure'):remove()\n"
		    "  add('after-remove', #s:paragraphs() - 1)\n"
		    "  add('selects-after', #doc:select('figure') .. ',' ..\n"
		    "      #s:select('.ad') .. ',' .. tostring(#doc:select('div.story figure')) ..\n"
		    "      ',' .. #doc:select('div.story'))\n"
		    "  add('host', gisa.url_host('https://News.Example.com:8/x'))\n"
		    "  add('norm', gisa.url_normalize('HTTPS://X.org:443/a?b=1&utm_source=z#f'))\n"
		    "  add('resolve', gisa.url_resolve('https://x.org/c/e', 'd'))\n"
		    "  add('byline', gisa.byline('By Hong Gildong, Staff Writer')[1])\n"
		    "  add('dateline', (gisa.dateline('SEOUL, March 14 (Yonhap) -- Text')))\n"
		    "  a.tags = t\n"
		    "end }\n", &a, NULL, err, sizeof err), 0);
	T_STREQ(err, "");
	check_tags(&a, want);
	gisa_article_clear(&a);
	t_context(NULL);
}

/* doc:jsonld(type) and gisa.jsonld_decode: every script's objects, in
 * page order, arrays and @graph looked into, entities decoded, scripts
 * that are not JSON skipped. */
static void test_jsonld(void)
{
	static const char html[] =
		"<html><head>"
		"<script type='application/ld+json'>{\"@type\":\"WebPage\","
		"\"name\":\"Home\"}</script>"
		"<script type='application/ld+json'>not json at all</script>"
		"<script type='application/ld+json'>[{\"@context\":\"x\","
		"\"@graph\":[{\"@type\":[\"NewsArticle\",\"Thing\"],"
		"\"headline\":\"King&#8217;s  speech\",\"wordCount\":12,"
		"\"isFree\":true,\"author\":[{\"name\":\"A\"},"
		"{\"name\":\"B\"}]}]},{\"@type\":"
		"\"http://schema.org/NewsArticle\",\"headline\":\"Two\"}]"
		"</script></head><body><p>x</p></body></html>";
	gisa_rules *r = open_one("t", "return { fixup = function(a, doc)\n"
		"  local all, news = doc:jsonld(), doc:jsonld('NewsArticle')\n"
		"  local n = news[1]\n"
		"  a.tags = { tostring(#all), tostring(#news), n.headline, tostring(n.wordCount), tostring(n.isFree),\n"
		"    n.author[2].name, news[2].headline, all[1].name,\n"
		"    tostring(gisa.jsonld_decode('{')), tostring(#doc:jsonld('Recipe')) }\n"
		"end }\n");
	static const char *const want[] = { "3", "2", "King\xE2\x80\x99s speech",
		"12", "true", "B", "Two", "Home", "nil", "0", NULL };
	gisa_article a = GISA_ARTICLE_INIT;
	gisa_doc *doc = NULL;
	char err[1024];

	t_context("jsonld");
	T_INTEQ(gisa_html_parse(html, sizeof html - 1, NULL, &doc), 0);
	T_INTEQ(gisa_rules_apply(r, "t", doc, &a, NULL, err, sizeof err), 0);
	T_STREQ(err, "");
	check_tags(&a, want);
	gisa_article_clear(&a);
	gisa_doc_free(doc);
	gisa_rules_close(r);
	t_context(NULL);
}

/* drop never changes the page; remove() does, and the removed nodes are
 * freed when the page is released (ASan checks the rest). */
static void test_doc_changes(void)
{
	gisa_rules *r = open_one("t", "return { body = { '#s', drop = "
				 "'.ad' }, title = function(doc) "
				 "doc:select_one('figure'):remove() "
				 "return 'x' end }");
	gisa_doc *doc = page();
	gisa_article a = GISA_ARTICLE_INIT;
	char err[1024];
	xmlChar *all;

	t_context("doc changes");
	T_INTEQ(gisa_rules_apply(r, "t", doc, &a, NULL, err, sizeof err), 0);
	all = xmlNodeGetContent(gisa_html_root(doc));
	T_OK(strstr((char *)all, "Buy now") != NULL);
	T_OK(strstr((char *)all, "A caption") == NULL);
	T_OK(!strstr((char *)all, "hidden"));
	xmlFree(all);
	T_OK(xmlHasProp(doc->xml->children->next, (const xmlChar *)"hidden")
	     == NULL);
	gisa_article_clear(&a);
	gisa_doc_free(doc);
	gisa_rules_close(r);
	t_context(NULL);
}

/* One state per rule, reused across pages; a limit resets it. */
static void test_state_reuse(void)
{
	gisa_rules_opts o = { 0, 200000, 0 };
	const char *dirs[] = { at("reuse") };
	gisa_rules *r;
	char err[1024];
	long instr = -1;
	size_t mem = 0;

	t_context("state reuse");
	mkdir(at("reuse"), 0755);
	put("reuse/count.lua", "local n = 0\n"
	    "return { title = function(doc)\n"
	    "  n = n + 1\n"
	    "  if doc:text_of('h1') == 'loop' then while true do end end\n"
	    "  return 'page ' .. n\n"
	    "end }\n");
	T_INTEQ(gisa_rules_open(dirs, 1, &o, &r, NULL), 0);
	for (int i = 1; i <= 4; i++) {
		gisa_doc *doc = NULL;
		gisa_article a = GISA_ARTICLE_INIT;
		char want[32];
		const char *html = i == 3 ? "<h1>loop</h1>" : "<h1>x</h1>";
		int rc;

		gisa_html_parse(html, strlen(html), NULL, &doc);
		rc = gisa_rules_apply(r, "count", doc, &a, NULL, err,
				      sizeof err);
		if (i == 3) {
			T_INTEQ(rc, GISA_ERULE);
			T_OK(strstr(err, "instruction budget") != NULL);
		} else {
			/* page 4 runs in a new state: the count restarts */
			snprintf(want, sizeof want, "page %d", i == 4 ? 1 : i);
			T_INTEQ(rc, 0);
			T_STREQ(a.title, want);
		}
		gisa_article_clear(&a);
		gisa_doc_free(doc);
	}
	T_INTEQ(gisa_rules_stats(r, "count", &instr, &mem), 0);
	T_OK(instr >= 0 && mem > 0);
	T_INTEQ(gisa_rules_stats(r, "nope", NULL, NULL), GISA_ENOTFOUND);
	{
		gisa_doc *doc = page();
		gisa_article a = GISA_ARTICLE_INIT;
		T_INTEQ(gisa_rules_apply(r, "nope", doc, &a, NULL, err,
					 sizeof err), GISA_ENOTFOUND);
		T_STREQ(err, "no rule named 'nope'");
		T_INTEQ(gisa_rules_apply(r, "count", doc, &a, NULL, NULL, 0),
			0);
		gisa_article_clear(&a);
		gisa_doc_free(doc);
	}
	gisa_rules_close(r);
	t_context(NULL);
}

static const char SECTION[] =
	"<html><body><nav><a href='/'>Home</a><a href='/world/'>World</a>"
	"</nav><ul class='list'>"
	"<li><a href='/a/1.html'>One</a></li>"
	"<li><a href='a/2.html?utm_source=x'>Two</a></li>"
	"<li><a href='https://NEWS.example.com/a/1.html#c'>One again</a></li>"
	"<li><a href='javascript:void(0)'>Not a page</a></li>"
	"</ul></body></html>";

/* discover(doc) on a section page: URLs resolved, normalized, without
 * repeats; junk skipped and counted; a cap; errors and limits reported
 * with the file and line; sections and discover go together. */
static void test_discover(void)
{
	gisa_rules_opts o = { 0, 200000, 0 };
	const char *dirs[] = { at("disc") };
	gisa_strv errors = GISA_STRV_INIT, urls = GISA_STRV_INIT;
	gisa_rules_discovered info;
	gisa_doc *doc = NULL;
	gisa_rules *r;
	char err[1024];

	t_context("discover");
	mkdir(at("disc"), 0755);
	put("disc/good.lua", "return { domains = 'news.example.com',\n"
	    "  sections = { 'https://news.example.com/world/' },\n"
	    "  schedule = '15m',\n"
	    "  discover = function(doc)\n"
	    "    local out = {}\n"
	    "    for _, a in ipairs(doc:select('ul.list a')) do\n"
	    "      out[#out + 1] = a:attr('href')\n"
	    "    end\n"
	    "    return out\n"
	    "  end }\n");
	put("disc/junk.lua", "return { sections = 'https://x.org/s',\n"
	    "  discover = function(doc)\n"
	    "    local out = { 1, true, {}, 'https://x.org/ok', x = 'y' }\n"
	    "    for i = 1, 1500 do out[#out + 1] = '/n/' .. i end\n"
	    "    return out\n"
	    "  end }\n");
	put("disc/raises.lua", "return { sections = 'https://x.org/s',\n"
	    "  discover = function(doc)\n"
	    "    error('no list here')\n"
	    "  end }\n");
	put("disc/loops.lua", "return { sections = 'https://x.org/s',\n"
	    "  discover = function(doc) while true do end end }\n");
	put("disc/notalist.lua", "return { sections = 'https://x.org/s',\n"
	    "  discover = function(doc) return 'https://x.org/1' end }\n");
	put("disc/nofn.lua", "return { sections = 'https://x.org/s' }\n");
	put("disc/nosec.lua", "return { discover = function() end }\n");
	put("disc/badurl.lua", "return { sections = 'world/index',\n"
	    "  discover = function() end }\n");
	put("disc/badsched.lua", "return { schedule = 'soon' }\n");
	T_INTEQ(gisa_rules_open(dirs, 1, &o, &r, &errors), 0);
	T_INTEQ(gisa_rules_count(r), 5);
	T_INTEQ(errors.n, 4);
	for (size_t i = 0; i < errors.n; i++) {
		const char *e = errors.v[i];
		T_OKF((strstr(e, "badsched.lua") && strstr(e, "schedule: "
		       "expected a duration")) ||
		      (strstr(e, "badurl.lua") && strstr(e, "sections[1]: "
		       "expected an http(s) URL")) ||
		      (strstr(e, "nofn.lua") && strstr(e, "sections: give "
		       "discover")) ||
		      (strstr(e, "nosec.lua") && strstr(e, "discover: no "
		       "section pages")), "%s", e);
	}
	T_INTEQ(gisa_rules_schedule(r, "good"), 900);
	T_INTEQ(gisa_rules_schedule(r, "junk"), 0);
	T_INTEQ(gisa_rules_schedule(r, "nope"), GISA_ENOTFOUND);
	T_INTEQ(gisa_rules_sections(r, "good", &urls), 1);
	T_STREQ(urls.n ? urls.v[0] : NULL, "https://news.example.com/world/");
	gisa_strv_clear(&urls);

	gisa_html_parse(SECTION, sizeof SECTION - 1,
			"https://news.example.com/world/", &doc);
	T_INTEQ(gisa_rules_discover(r, "good", doc, &urls, &info, err,
				    sizeof err), 2);
	T_STREQ(urls.n > 0 ? urls.v[0] : NULL,
		"https://news.example.com/a/1.html");
	T_STREQ(urls.n > 1 ? urls.v[1] : NULL,
		"https://news.example.com/world/a/2.html");
	T_INTEQ((int)info.junk, 1); /* javascript: */
	T_INTEQ((int)info.over, 0);
	gisa_strv_clear(&urls);

	T_INTEQ(gisa_rules_discover(r, "junk", doc, &urls, &info, err,
				    sizeof err), GISA_RULES_DISCOVER_MAX);
	T_STREQ(urls.n ? urls.v[0] : NULL, "https://x.org/ok");
	T_INTEQ((int)info.junk, 4); /* 1, true, {} and the key x */
	T_INTEQ((int)info.over, 1501 - GISA_RULES_DISCOVER_MAX);
	gisa_strv_clear(&urls);

	T_INTEQ(gisa_rules_discover(r, "raises", doc, &urls, NULL, err,
				    sizeof err), GISA_ERULE);
	T_OKF(strstr(err, "raises.lua:3: no list here"), "%s", err);
	T_INTEQ(gisa_rules_discover(r, "loops", doc, &urls, NULL, err,
				    sizeof err), GISA_ERULE);
	T_OKF(strstr(err, "instruction budget"), "%s", err);
	T_INTEQ(gisa_rules_discover(r, "notalist", doc, &urls, NULL, err,
				    sizeof err), GISA_ERULE);
	T_OKF(strstr(err, "notalist.lua:2: discover returned string"), "%s",
	      err);
	T_INTEQ(urls.n, 0);
	T_INTEQ(gisa_rules_discover(r, "nope", doc, &urls, NULL, err,
				    sizeof err), GISA_ENOTFOUND);
	/* the state killed by the loop is made afresh */
	T_INTEQ(gisa_rules_discover(r, "loops", doc, &urls, NULL, err,
				    sizeof err), GISA_ERULE);
	gisa_doc_free(doc);
	gisa_rules_close(r);
	gisa_strv_clear(&errors);
	gisa_strv_clear(&urls);
	t_context(NULL);
}

/* The shipped rules load cleanly. */
static void test_shipped(void)
{
	const char *dirs[] = { t_path("scripts/sources") };
	gisa_strv errors = GISA_STRV_INIT;
	gisa_rules *r;

	t_context("shipped rules");
	T_INTEQ(gisa_rules_open(dirs, 1, NULL, &r, &errors), 0);
	for (size_t i = 0; i < errors.n; i++)
		T_OKF(0, "%s", errors.v[i]);
	T_OK(gisa_rules_count(r) >= 2);
	T_STREQ(gisa_rules_match(r, "https://en.yna.co.kr/view/AEN1"),
		"yonhap-en");
	{ /* by the page's own canonical link, or by the URL given */
		size_t len;
		char *html = t_read_file(t_path("tests/fixtures/yonhap-en/"
						"ferry-exports.html"), &len);
		gisa_doc *doc = NULL;
		const char *why;
		T_OK(html && gisa_html_parse(html, len, NULL, &doc) == 0);
		T_STREQ(gisa_rules_for_page(r, NULL, doc, &why), "yonhap-en");
		T_OKF(why && strstr(why, "canonical URL https://en.yna.co.kr/"),
		      "%s", why);
		T_STREQ(gisa_rules_for_page(r, "https://news.example.com/x",
					    doc, NULL), "example");
		T_OK(gisa_rules_for_page(r, "https://nowhere.org/", doc, &why)
		     == NULL && why == NULL);
		gisa_doc_free(doc);
		free(html);
	}
	gisa_rules_close(r);
	gisa_strv_clear(&errors);
	t_context(NULL);
}

/* clean patterns outside extraction: the same lines go as from a page's
 * body; the removed lines come back; a limit leaves the text as it was. */
static void test_clean_body(void)
{
	static const char *const text[] = { "First paragraph.",
		"Second paragraph.\n(END)", "kim@example.com", "(END)" };
	gisa_rules *r = open_one("c", "return { body = { 'div.story', "
				 "drop = { 'figure', '.ad' } }, "
				 "clean = { '^%(END%)$', '@example%.com$' } }");
	gisa_article a = GISA_ARTICLE_INIT;
	gisa_strv paras = GISA_STRV_INIT, gone = GISA_STRV_INIT;
	gisa_doc *doc = page();
	char err[2048], *got, *want;

	t_context("clean body");
	for (size_t i = 0; i < 4; i++)
		gisa_strv_push(&paras, text[i]);
	T_INTEQ(gisa_rules_clean_body(r, "c", &paras, &gone, err, sizeof err),
		0);
	T_STREQ(err, "");
	got = gisa_strv_join(&paras, "|");
	T_STREQ(got, "First paragraph.|Second paragraph.");
	free(got);
	got = gisa_strv_join(&gone, "|");
	T_STREQ(got, "(END)|kim@example.com|(END)");
	free(got);
	/* the page's body through the rule: the same paragraphs */
	T_INTEQ(gisa_rules_apply(r, "c", doc, &a, NULL, err, sizeof err), 0);
	got = gisa_strv_join(&a.paragraphs, "|");
	want = gisa_strv_join(&paras, "|");
	T_STREQ(got, want);
	free(got);
	free(want);
	T_INTEQ(gisa_rules_clean_body(r, "nope", &paras, NULL, err,
				      sizeof err), GISA_ENOTFOUND);
	T_OK(strstr(err, "no rule named 'nope'") != NULL);
	gisa_article_clear(&a);
	gisa_doc_free(doc);
	gisa_rules_close(r);
	gisa_strv_clear(&gone);

	/* no patterns: nothing changes (and no state is needed) */
	r = open_one("n", "return { title = 'h1' }");
	T_INTEQ(gisa_rules_clean_body(r, "n", &paras, NULL, NULL, 0), 0);
	T_INTEQ(paras.n, 2);
	gisa_rules_close(r);

	/* a pattern that backtracks past the budget: an error, the text as
	 * it was, and the next call runs in a fresh state */
	r = open_one("slow", "return { clean = { '^(.-)(.-)(.-)(.-)z$' } }");
	{
		char *line = malloc(4001);
		memset(line, 'a', 4000);
		line[4000] = '\0';
		gisa_strv_push(&paras, line);
		free(line);
	}
	T_INTEQ(gisa_rules_clean_body(r, "slow", &paras, NULL, err,
				      sizeof err), GISA_ERULE);
	T_OK(strstr(err, "rule slow: ") && strstr(err, "budget"));
	T_INTEQ(paras.n, 3);
	free(paras.v[--paras.n]);
	T_INTEQ(gisa_rules_clean_body(r, "slow", &paras, NULL, err,
				      sizeof err), 0);
	T_INTEQ(paras.n, 2);
	gisa_rules_close(r);
	gisa_strv_clear(&paras);
	t_context(NULL);
}

int main(void)
{
	snprintf(root, sizeof root, "%s/rules-test-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(root)) {
		perror("mkdtemp");
		return 1;
	}
	test_registry();
	test_fields();
	test_options();
	test_node_api();
	test_jsonld();
	test_doc_changes();
	test_state_reuse();
	test_clean_body();
	test_discover();
	test_shipped();
	rm_tree(root);
	return t_done();
}
