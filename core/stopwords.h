/* stopwords.h - common function words, for telling prose from chrome.
 *
 * Running text is full of short function words ("the", "und", "que",
 * "и", "yang"); menus, labels, bylines and link lists have few. jusText
 * uses that density to classify short paragraphs; the generic extractor
 * does too. The lists are small and cover English, German, French,
 * Spanish, Portuguese, Italian, Dutch, Russian and Indonesian; scripts
 * written without spaces (Chinese, Japanese) and Korean are counted by
 * characters instead (see cjk below).
 */
#ifndef GISA_STOPWORDS_H
#define GISA_STOPWORDS_H

#include <stddef.h>

typedef struct gisa_wordstats {
	unsigned words;  /* runs of letters and digits */
	unsigned stops;  /* words that are function words (any language) */
	unsigned cjk;    /* Han, kana and Hangul characters */
	unsigned letters;/* letters and digits, all scripts */
} gisa_wordstats;

/* gisa_wordstats_of - count s[0..n) (UTF-8; invalid bytes are not letters)
 * into *ws, which is zeroed first. Never fails. */
void gisa_wordstats_of(const char *s, size_t n, gisa_wordstats *ws);

/* gisa_is_stopword - whether the lowercase word w[0..n) is on one of the
 * lists. */
int gisa_is_stopword(const char *w, size_t n);

#endif
