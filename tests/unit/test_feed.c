/* test_feed.c - RSS, RDF, Atom, sitemaps, gzip, limits and XML bombs. */
#include "error.h"
#include "feed.h"
#include "buf.h"
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <zlib.h>

static const char *code_name(int rc)
{
	switch (rc) {
	case GISA_EINVAL: return "EINVAL";
	case GISA_ELIMIT: return "ELIMIT";
	case GISA_EPARSE: return "EPARSE";
	case GISA_ENOMEM: return "ENOMEM";
	default: return "?";
	}
}

/* summary - the feed as the case files write it. */
static void summary(const gisa_feed *f, gisa_buf *b)
{
	gisa_buf_printf(b, "type=%s skipped=%zu dupes=%zu dropped=%zu "
			"recovered=%d", gisa_feed_type_name(f->type),
			f->skipped, f->dupes, f->dropped, f->recovered);
	for (size_t i = 0; i < f->n; i++) {
		const gisa_feed_entry *e = &f->entries[i];
		gisa_buf_printf(b, "\n%s %s | %s | %s | %s",
				e->kind == GISA_ENTRY_SITEMAP ? "sitemap"
							      : "article",
				e->url, e->title ? e->title : "-",
				e->published ? e->published : "-",
				e->updated ? e->updated : "-");
	}
}

static void run_case(const t_case *c)
{
	const char *xml = t_case_get(c, "xml"), *err = t_case_get(c, "error");
	const char *max = t_case_get(c, "max_entries");
	gisa_feed_limits lim = { 0, max ? (size_t)strtoul(max, NULL, 10) : 0 };
	gisa_feed f = GISA_FEED_INIT;
	gisa_buf got = GISA_BUF_INIT;
	int rc;

	t_context(c->name);
	rc = gisa_feed_parse(xml ? xml : "", xml ? strlen(xml) : 0,
			     t_case_get(c, "url"), &lim, &f);
	if (err) {
		T_STREQ(rc < 0 ? code_name(rc) : "no error", err);
		T_INTEQ(f.n, 0);
	} else {
		T_INTEQ(rc, (long)f.n);
		summary(&f, &got);
		T_STREQ(gisa_buf_cstr(&got), t_case_get(c, "want"));
	}
	gisa_feed_clear(&f);
	gisa_buf_free(&got);
	t_context(NULL);
}

/* gzip - data compressed as one gzip member, appended to out. */
static void gzip(const char *data, size_t len, gisa_buf *out)
{
	z_stream z;

	memset(&z, 0, sizeof z);
	deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 9, Z_DEFAULT_STRATEGY);
	gisa_buf_reserve(out, deflateBound(&z, len) + 64);
	z.next_in = (Bytef *)data;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)out->data + out->len;
	z.avail_out = (uInt)(out->cap - out->len - 1);
	deflate(&z, Z_FINISH);
	out->len = (size_t)((char *)z.next_out - out->data);
	deflateEnd(&z);
}

static const char sitemap[] =
	"<?xml version=\"1.0\"?>\n"
	"<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
	"<url><loc>https://example.com/gz/1</loc></url>"
	"<url><loc>https://example.com/gz/2</loc></url></urlset>";

static void test_gzip(void)
{
	gisa_buf gz = GISA_BUF_INIT;
	gisa_feed f = GISA_FEED_INIT;
	gisa_feed_limits lim = { 0, 0 };

	t_context("gzipped sitemap");
	gzip(sitemap, strlen(sitemap), &gz);
	T_INTEQ(gisa_feed_parse(gz.data, gz.len, "https://example.com/s.xml.gz",
				NULL, &f), 2);
	T_OK(f.gzipped);
	T_STREQ(f.n ? f.entries[1].url : NULL, "https://example.com/gz/2");
	gisa_feed_clear(&f);

	t_context("corrupt gzip");
	gz.data[gz.len / 2] ^= 0x55;
	gz.data[gz.len / 2 + 1] ^= 0x55;
	T_INTEQ(gisa_feed_parse(gz.data, gz.len, "https://example.com/s.gz",
				NULL, &f), GISA_EPARSE);
	t_context("truncated gzip");
	gisa_buf_truncate(&gz, 0);
	gzip(sitemap, strlen(sitemap), &gz);
	T_INTEQ(gisa_feed_parse(gz.data, gz.len - 10,
				"https://example.com/s.gz", NULL, &f),
		GISA_EPARSE);

	t_context("gzip bomb capped");
	{
		size_t big = 16u << 20;
		char *zeros = calloc(1, big);
		gisa_buf_truncate(&gz, 0);
		gzip(zeros, big, &gz);
		free(zeros);
		lim.max_bytes = 1u << 20;
		T_OK(gz.len < lim.max_bytes);
		T_INTEQ(gisa_feed_parse(gz.data, gz.len,
					"https://example.com/s.gz", &lim, &f),
			GISA_ELIMIT);
		T_INTEQ(f.n, 0);
	}
	gisa_buf_free(&gz);
	t_context(NULL);
}

static long maxrss_kb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static void test_bombs(void)
{
	gisa_buf b = GISA_BUF_INIT;
	gisa_feed f = GISA_FEED_INIT;
	long before = maxrss_kb();

	t_context("billion laughs");
	gisa_buf_puts(&b, "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n"
		      "<!ENTITY lol \"lol\">\n");
	for (int i = 1; i <= 9; i++) {
		gisa_buf_printf(&b, "<!ENTITY lol%d \"", i);
		for (int j = 0; j < 10; j++)
			gisa_buf_printf(&b, "&lol%s;", i == 1 ? "" :
					(char[]){ (char)('0' + i - 1), 0 });
		gisa_buf_puts(&b, "\">\n");
	}
	gisa_buf_puts(&b, "]>\n<rss><channel><item><title>&lol9;</title>"
		      "<link>https://example.com/1</link></item></channel>"
		      "</rss>");
	T_INTEQ(gisa_feed_parse(b.data, b.len, "https://example.com/rss",
				NULL, &f), GISA_EPARSE);

	t_context("quadratic blow-up");
	gisa_buf_truncate(&b, 0);
	gisa_buf_puts(&b, "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n"
		      "<!ENTITY a \"");
	for (int i = 0; i < 50000; i++)
		gisa_buf_putc(&b, 'a');
	gisa_buf_puts(&b, "\">]>\n<rss><channel><item><title>");
	for (int i = 0; i < 50000; i++)
		gisa_buf_puts(&b, "&a;");
	gisa_buf_puts(&b, "</title></item></channel></rss>");
	T_INTEQ(gisa_feed_parse(b.data, b.len, "https://example.com/rss",
				NULL, &f), GISA_EPARSE);

	t_context("parameter entity");
	gisa_buf_truncate(&b, 0);
	gisa_buf_puts(&b, "<!DOCTYPE rss [<!ENTITY % p \"x\"> %p;]>"
		      "<rss><channel/></rss>");
	T_INTEQ(gisa_feed_parse(b.data, b.len, "https://example.com/rss",
				NULL, &f), GISA_EPARSE);
	/* Expanded, the first two would need gigabytes; refused, a few MB. */
	T_OKF(maxrss_kb() - before < 64 * 1024, "peak RSS grew by %ld kB",
	      maxrss_kb() - before);
	gisa_buf_free(&b);
	t_context(NULL);
}

/* big_sitemap - a urlset of n entries, each URL distinct. */
static void big_sitemap(gisa_buf *b, size_t n)
{
	gisa_buf_puts(b, "<urlset xmlns=\"http://www.sitemaps.org/schemas/"
		      "sitemap/0.9\">\n");
	for (size_t i = 0; i < n; i++)
		gisa_buf_printf(b, "<url><loc>https://example.com/a/%zu</loc>"
				"<lastmod>2019-08-20</lastmod></url>\n", i);
	gisa_buf_puts(b, "</urlset>\n");
}

static void test_huge(void)
{
	gisa_buf b = GISA_BUF_INIT;
	gisa_feed f = GISA_FEED_INIT;
	gisa_feed_limits lim = { 0, 0 };

	t_context("huge sitemap capped at the protocol's 50,000");
	big_sitemap(&b, GISA_FEED_MAX_ENTRIES + 1000);
	T_INTEQ(gisa_feed_parse(b.data, b.len, "https://example.com/big.xml",
				NULL, &f), GISA_FEED_MAX_ENTRIES);
	T_INTEQ(f.dropped, 1000);
	T_STREQ(f.n ? f.entries[f.n - 1].url : NULL,
		"https://example.com/a/49999");
	gisa_feed_clear(&f);

	t_context("input over the byte limit");
	lim.max_bytes = b.len - 1;
	T_INTEQ(gisa_feed_parse(b.data, b.len, "https://example.com/big.xml",
				&lim, &f), GISA_ELIMIT);
	gisa_buf_free(&b);
	t_context(NULL);
}

static void test_euc_kr(void)
{
	/* "한국" in EUC-KR is C7 D1 B1 B9 */
	static const char doc[] =
		"<?xml version=\"1.0\" encoding=\"EUC-KR\"?>"
		"<rss version=\"2.0\"><channel><item><title>\xC7\xD1\xB1\xB9"
		"</title><link>http://example.co.kr/1</link></item>"
		"</channel></rss>";
	gisa_feed f = GISA_FEED_INIT;

	t_context("EUC-KR feed");
	T_INTEQ(gisa_feed_parse(doc, sizeof doc - 1, "http://example.co.kr/",
				NULL, &f), 1);
	T_STREQ(f.n ? f.entries[0].title : NULL, "한국");
	gisa_feed_clear(&f);
	T_INTEQ(gisa_feed_parse(NULL, 0, "http://example.co.kr/", NULL, &f),
		GISA_EINVAL);
	t_context(NULL);
}

int main(void)
{
	t_casefile cf = { 0 };

	if (t_cases_load_dir(t_path("tests/data/feed"), &cf) < 25) {
		fprintf(stderr, "expected at least 25 feed cases\n");
		return 1;
	}
	for (size_t i = 0; i < cf.n; i++)
		run_case(&cf.cases[i]);
	t_cases_free(&cf);
	test_bombs();
	test_gzip();
	test_huge();
	test_euc_kr();
	return t_done();
}
