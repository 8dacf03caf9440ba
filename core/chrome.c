/* chrome.c - paragraphs of page chrome (see chrome.h).
 *
 * The lists are phrases seen on news sites in the languages gisa meets
 * most; each is compared with the folded paragraph whole (exact), at its
 * start (prefix) or anywhere (contains). The lists are short on purpose:
 * a false match costs a real paragraph, so only phrases that never open
 * or make up article prose are here.
 */
#include "chrome.h"

#include <string.h>
#include <utf8proc.h>

/* Lines that are chrome whatever their surroundings, whole or as a
 * prefix; compared lowercase, without surrounding punctuation. */
static const char *const junk_exact[] = {
	"advertisement", "advertisements", "advertising", "sponsored",
	"sponsored content", "ad", "share", "share this", "share this article",
	"share this story", "share on facebook", "share on twitter", "tweet",
	"email", "print", "comments", "comment", "leave a comment",
	"read more", "read next", "related", "related articles",
	"related stories", "related content", "related posts", "more stories",
	"recommended", "recommended for you", "you may also like",
	"you might also like", "most popular", "most read", "trending",
	"trending now", "top stories", "latest news", "loading", "close",
	"menu", "search", "subscribe", "sign up", "log in", "login",
	"skip to content", "back to top", "next article", "previous article",
	"continue reading", "story continues below",
	"story continues below advertisement", "article continues below",
	"continue reading below", "scroll to continue", "image", "photo",
	"video", "watch", "listen", "click here", "see also", "also read",
	"read also", "tags", "topics", "filed under", "follow us",
	"getty images", "publicidade", "publicidad", "anzeige", "werbung",
	"publicité", "pubblicità", "advertentie", "реклама", "iklan", "광고",
	"leia também", "leia mais", "veja também", "lesen sie auch",
	"mehr zum thema", "lire aussi", "à lire aussi", "lee también",
	"leer más", "leggi anche", "baca juga", "читайте также", "관련기사",
	"관련 기사", "compartilhe", "compartir", "teilen", "partager",
	"condividi", "bagikan", "поделиться", "공유하기", NULL };
static const char *const junk_prefix[] = {
	"read more:", "read more about", "read more at", "read also:",
	"related:", "see also:", "also read:", "more:", "watch:", "listen:",
	"photo:", "photos:", "image:", "images:", "credit:", "photo credit",
	"image credit", "picture:", "(photo", "copyright", "©", "sign up for",
	"subscribe to", "click here", "follow us on", "like us on facebook",
	"posted by", "written by", "leia também:", "leia mais:", "foto:",
	"fotos:", "bild:", "lesen sie auch:", "lire aussi :", "lire aussi:",
	"lee también:", "leggi anche:", "baca juga:", "читайте также:",
	"фото:", "사진=", "[사진", "▶", "☞", NULL };
static const char *const junk_contains[] = {
	"all rights reserved", "무단 전재", "무단전재", "재배포 금지",
	"저작권자", "getty images", "/ap photo", "(ap photo", "ap photo/",
	"/afp", "afp/", "/reuters", "reuters/", "/getty",
	"subscribe to continue", "to continue reading", "log in to read",
	"sign in to read", "subscribers only", "ad blocker", "adblock",
	"enable javascript", "javascript is disabled", NULL };

/* The first byte is compared inline: most entries differ there. */
static int starts_with(const char *s, const char *p)
{
	return (!*p || *s == *p) && strncmp(s, p, strlen(p)) == 0;
}

static int same(const char *s, const char *p)
{
	return *s == *p && strcmp(s, p) == 0;
}

/* Punctuation and spaces of any script, except the brackets and the
 * copyright sign some patterns start with. */
static int is_edge(utf8proc_int32_t c)
{
	if (c == '(' || c == '[' || c == 0xA9)
		return 0;
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PD:
	case UTF8PROC_CATEGORY_PS: case UTF8PROC_CATEGORY_PE:
	case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF:
	case UTF8PROC_CATEGORY_PO: case UTF8PROC_CATEGORY_ZS:
	case UTF8PROC_CATEGORY_CC:
		return 1;
	default:
		return 0;
	}
}

/* A lowercase copy of text (all scripts) in buf, without the punctuation
 * and spaces around it. Returns the length. */
static size_t fold(const char *text, char *buf, size_t cap)
{
	const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)text;
	size_t n = 0, keep = 0;
	int started = 0;

	while (*s && n + 4 < cap) {
		utf8proc_int32_t c = *s;
		utf8proc_ssize_t len = 1;
		int edge;
		if (c < 0x80) {
			/* ASCII letters and digits: no lookups */
			int alnum = (c >= '0' && c <= '9') ||
				    ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
			edge = !alnum && is_edge(c);
		} else {
			len = utf8proc_iterate(s, -1, &c);
			if (len < 1) {  /* invalid: keep the byte as it is */
				buf[n++] = (char)*s++;
				keep = n;
				started = 1;
				continue;
			}
			edge = is_edge(c);
		}
		s += len;
		if (edge) {
			if (!started)
				continue;
		} else {
			started = 1;
		}
		if (c < 0x80)
			buf[n++] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
		else
			n += (size_t)utf8proc_encode_char(utf8proc_tolower(c),
				(utf8proc_uint8_t *)buf + n);
		if (!edge)
			keep = n;
	}
	buf[keep] = 0;
	return keep;
}

int gisa_chrome_line(const char *text)
{
	char buf[256];

	if (strlen(text) > 200)
		return 0;
	fold(text, buf, sizeof buf);
	for (const char *const *p = junk_exact; *p; p++)
		if (same(buf, *p))
			return 1;
	for (const char *const *p = junk_prefix; *p; p++)
		if (starts_with(buf, *p))
			return 1;
	for (const char *const *p = junk_contains; *p; p++)
		if (strstr(buf, *p))
			return 1;
	return 0;
}

/* Lines that end articles without being part of them: credits, contact
 * lines, calls to follow or subscribe. Only looked for in the last few
 * paragraphs, where they sit. */
static const char *const tail_prefix[] = {
	"follow ", "email ", "e-mail ", "write to ", "contact ", "reach ",
	"sign up", "subscribe", "get the latest", "reporting by",
	"(reporting by", "additional reporting", "editing by",
	"(editing by", "writing by", "compiled by", "have a tip",
	"if you enjoyed", "don't miss", "don’t miss", "like us on",
	"more ap ", "listen to ", "this story has been", "this article was",
	"originally published", "copyright ", "join ", "download the",
	"mit material von", "mit informationen von", "com informações",
	"con información de", "avec afp", "avec reuters", NULL };
static const char *const tail_contains[] = {
	"contributed to this report", "contributed reporting",
	"contributed to this story", "all rights reserved",
	"may not be published, broadcast", NULL };

int gisa_chrome_tail(const char *text)
{
	char buf[512];

	if (strlen(text) > 400)
		return 0;
	fold(text, buf, sizeof buf);
	for (const char *const *p = tail_prefix; *p; p++)
		if (starts_with(buf, *p))
			return 1;
	for (const char *const *p = tail_contains; *p; p++)
		if (strstr(buf, *p))
			return 1;
	return 0;
}

/* A short line after which only boilerplate follows: "About Acme Inc."
 * in a press release, "Media contact", "Tags". */
int gisa_chrome_marker(const char *text)
{
	static const char *const exact[] = {
		"media contact", "media contacts", "press contact",
		"press contacts", "contact", "contacts", "for more information",
		"tags", "about the author", "about the authors", "share this",
		"related", "disclaimer", NULL };
	char buf[128];
	size_t n, words = 1;

	if (strlen(text) > 60)
		return 0;
	n = fold(text, buf, sizeof buf);
	for (const char *const *p = exact; *p; p++)
		if (same(buf, *p))
			return 1;
	for (size_t i = 0; i < n; i++)
		words += buf[i] == ' ';
	return starts_with(buf, "about ") && words <= 5;
}
