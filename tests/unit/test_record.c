/* test_record.c - the article record as JSON: order, omission, round
 * trip, malformed input, content hash. */
#include "error.h"
#include "record.h"
#include "test.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

static void fill(gisa_article *a)
{
	gisa_article_set(&a->url, "https://example.com/a");
	gisa_article_set(&a->title, "Title “quoted” 기사");
	gisa_strv_push(&a->authors, "Kim Eun-jung");
	gisa_strv_push(&a->authors, "Lee Ha-na");
	gisa_article_set(&a->published, "2026-03-14T10:05:00+09:00");
	gisa_strv_push(&a->tags, "Seoul");
	gisa_strv_push(&a->paragraphs, "First paragraph.");
	gisa_strv_push(&a->paragraphs, "Second one.");
	gisa_article_add_image(a, "https://example.com/i.jpg", "A caption");
	gisa_article_add_image(a, "https://example.com/i.jpg", "duplicate");
	gisa_article_add_image(a, "https://example.com/j.jpg", NULL);
	gisa_article_set(&a->extractor, "generic");
	gisa_article_warn(a, "warning %d", 1);
	a->origin[GISA_F_TITLE] = "meta:json-ld";
	a->origin[GISA_F_SECTION] = "meta:og"; /* no value: not reported */
}

static void test_to_json(void)
{
	gisa_article a = GISA_ARTICLE_INIT;
	json_t *o = NULL;
	char *s;

	fill(&a);
	T_INTEQ(gisa_record_to_json(&a, &o), 0);
	s = json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT);
	T_STREQ(s, "{\"url\":\"https://example.com/a\","
		   "\"title\":\"Title “quoted” 기사\","
		   "\"authors\":[\"Kim Eun-jung\",\"Lee Ha-na\"],"
		   "\"published\":\"2026-03-14T10:05:00+09:00\","
		   "\"tags\":[\"Seoul\"],"
		   "\"body\":\"First paragraph.\\n\\nSecond one.\","
		   "\"paragraphs\":[\"First paragraph.\",\"Second one.\"],"
		   "\"images\":[{\"url\":\"https://example.com/i.jpg\","
		   "\"caption\":\"A caption\"},"
		   "{\"url\":\"https://example.com/j.jpg\"}],"
		   "\"extractor\":\"generic\",\"warnings\":[\"warning 1\"]}");
	free(s);
	json_decref(o);

	o = gisa_record_origins(&a);
	s = json_dumps(o, JSON_COMPACT);
	T_STREQ(s, "{\"title\":\"meta:json-ld\"}");
	free(s);
	json_decref(o);
	gisa_article_clear(&a);
}

static void test_empty(void)
{
	gisa_article a = GISA_ARTICLE_INIT;
	json_t *o = NULL;
	char *s;

	gisa_article_set(&a.title, ""); /* empty means unknown */
	T_OK(a.title == NULL);
	T_INTEQ(gisa_record_to_json(&a, &o), 0);
	s = json_dumps(o, JSON_COMPACT);
	T_STREQ(s, "{}");
	free(s);
	json_decref(o);
}

static void test_round_trip(void)
{
	gisa_article a = GISA_ARTICLE_INIT, b = GISA_ARTICLE_INIT;
	json_t *o1 = NULL, *o2 = NULL;

	fill(&a);
	gisa_record_to_json(&a, &o1);
	T_INTEQ(gisa_record_from_json(o1, &b), 0);
	gisa_record_to_json(&b, &o2);
	T_OK(json_equal(o1, o2));
	T_INTEQ(b.n_images, 2);
	json_decref(o1);
	json_decref(o2);
	gisa_article_clear(&a);
	gisa_article_clear(&b);
}

static void test_body_only(void)
{
	gisa_article a = GISA_ARTICLE_INIT;
	json_t *o = json_loads("{\"body\":\"one\\n\\ntwo\\n\\n\\nthree\"}", 0, NULL);

	T_INTEQ(gisa_record_from_json(o, &a), 0);
	T_INTEQ(a.paragraphs.n, 3);
	if (a.paragraphs.n == 3)
		T_STREQ(a.paragraphs.v[2], "three");
	json_decref(o);
	gisa_article_clear(&a);
}

static void test_bad_json(void)
{
	static const char *const bad[] = {
		"[]", "{\"title\":5}", "{\"authors\":\"x\"}",
		"{\"authors\":[1]}", "{\"images\":[{\"caption\":\"c\"}]}",
		"{\"body\":[\"x\"]}", "{\"title\":\"ok\",\"tags\":{}}" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		gisa_article a = GISA_ARTICLE_INIT;
		json_t *o = json_loads(bad[i], 0, NULL);
		t_context(bad[i]);
		T_INTEQ(gisa_record_from_json(o, &a), GISA_EINVAL);
		T_OK(a.title == NULL && a.tags.n == 0); /* cleared */
		json_decref(o);
	}
	t_context(NULL);
}

static void test_hash(void)
{
	gisa_article a = GISA_ARTICLE_INIT, b = GISA_ARTICLE_INIT;
	char h1[48], h2[48];

	gisa_strv_push(&a.paragraphs, "Same  words here.");
	gisa_strv_push(&a.paragraphs, "And more.");
	gisa_strv_push(&b.paragraphs, "Same words\nhere.");
	gisa_strv_push(&b.paragraphs, "And more.");
	gisa_record_hash(&a, h1, sizeof h1);
	gisa_record_hash(&b, h2, sizeof h2);
	T_STREQ(h1, h2);
	T_INTEQ(strlen(h1), 39);
	T_OK(strncmp(h1, "xxh128:", 7) == 0);
	gisa_strv_push(&b.paragraphs, "Changed.");
	gisa_record_hash(&b, h2, sizeof h2);
	T_OK(strcmp(h1, h2) != 0);
	/* paragraph boundaries matter */
	gisa_strv_clear(&b.paragraphs);
	gisa_strv_push(&b.paragraphs, "Same words here. And more.");
	gisa_record_hash(&b, h2, sizeof h2);
	T_OK(strcmp(h1, h2) != 0);
	gisa_article_clear(&a);
	gisa_article_clear(&b);

	/* the hash is XXH3-128 of the paragraphs with each run of white
	 * space as one space (none at the end), each followed by "\n" */
	static const char *const paras[] = { " lead  and\t\ttabs \n", "x",
					     "one two", "\n\n", "end  ", NULL };
	const char *folded = " lead and tabs\nx\none two\n\nend\n";
	char want[48];
	XXH128_hash_t h = XXH3_128bits(folded, strlen(folded));
	for (const char *const *p = paras; *p; p++)
		gisa_strv_push(&a.paragraphs, *p);
	gisa_record_hash(&a, h1, sizeof h1);
	snprintf(want, sizeof want, "xxh128:%016llx%016llx",
		 (unsigned long long)h.high64, (unsigned long long)h.low64);
	T_STREQ(h1, want);
	gisa_article_clear(&a);
}

int main(void)
{
	test_to_json();
	test_empty();
	test_round_trip();
	test_body_only();
	test_bad_json();
	test_hash();
	return t_done();
}
