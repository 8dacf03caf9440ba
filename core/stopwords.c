/* stopwords.c - function-word counts (see stopwords.h).
 *
 * The lists are the most frequent function words of each language
 * (articles, pronouns, prepositions, conjunctions, auxiliaries), written
 * for gisa. They are merged into one hash set on first use: a word of
 * one language that happens to be a function word of another costs
 * little, and the extractor never needs to know the page's language.
 */
#include "stopwords.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static const char *const lists[] = {
	/* en */
	"a", "about", "after", "all", "also", "an", "and", "are", "as", "at",
	"be", "been", "but", "by", "can", "could", "did", "do", "does", "for",
	"from", "had", "has", "have", "he", "her", "him", "his", "i", "if",
	"in", "into", "is", "it", "its", "more", "no", "not", "of", "on",
	"one", "or", "our", "out", "said", "says", "she", "so", "than",
	"that", "the", "their", "them", "then", "there", "these", "they",
	"this", "those", "to", "up", "was", "we", "were", "what", "when",
	"which", "who", "will", "with", "would", "you",
	/* de */
	"aber", "als", "am", "an", "auch", "auf", "aus", "bei", "das",
	"dass", "dem", "den", "der", "des", "die", "ein", "eine", "einen",
	"einer", "er", "es", "für", "hat", "im", "ist", "mit", "nach",
	"nicht", "noch", "nur", "oder", "sich", "sie", "sind", "um", "und",
	"von", "vor", "war", "werden", "wie", "wird", "wir", "zu", "zum",
	"zur", "über",
	/* fr */
	"au", "aux", "avec", "ce", "cette", "dans", "de", "des", "du",
	"elle", "en", "est", "et", "il", "ils", "la", "le", "les", "leur",
	"mais", "ne", "nous", "ou", "par", "pas", "plus", "pour", "qui",
	"que", "sa", "se", "ses", "son", "sont", "sur", "un", "une", "vous",
	"à", "été",
	/* es */
	"al", "como", "con", "del", "el", "entre", "era", "es", "esta",
	"este", "fue", "ha", "la", "las", "lo", "los", "más", "no", "para",
	"pero", "por", "se", "sin", "sobre", "su", "sus", "también", "una",
	"y", "ya",
	/* pt */
	"ao", "as", "com", "da", "das", "do", "dos", "e", "ela", "ele",
	"em", "foi", "mais", "mas", "na", "nas", "no", "nos", "não", "o",
	"os", "pela", "pelo", "são", "sua", "seu", "um", "uma", "é", "já",
	"está",
	/* it */
	"alla", "anche", "che", "della", "dei", "di", "gli", "il", "nel",
	"nella", "non", "per", "più", "questa", "questo", "si", "sono",
	"è",
	/* nl */
	"bij", "dat", "door", "een", "heeft", "het", "hij", "ik", "is",
	"maar", "met", "naar", "niet", "nog", "ook", "op", "over", "te",
	"tot", "uit", "van", "voor", "werd", "wordt", "zijn", "ze",
	/* ru */
	"а", "бы", "был", "была", "были", "в", "для", "до", "его", "ее",
	"же", "за", "и", "из", "их", "к", "как", "на", "не", "но", "о",
	"он", "она", "они", "от", "по", "при", "с", "также", "то", "у",
	"уже", "что", "это",
	/* id */
	"ada", "adalah", "akan", "atau", "bahwa", "bisa", "dalam", "dan",
	"dari", "dengan", "di", "dia", "ia", "ini", "itu", "juga", "karena",
	"ke", "kami", "kita", "lebih", "mereka", "oleh", "pada", "para",
	"saat", "sebagai", "setelah", "sudah", "telah", "tersebut",
	"tidak", "untuk", "yang",
};

#define NWORDS (sizeof lists / sizeof lists[0])
#define SLOTS 1024 /* power of two, well above twice NWORDS */

/* An open-addressing set of the words, built once: every word of every
 * paragraph the extractor weighs is looked up. */
static const char *slot[SLOTS];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static size_t hash(const char *w, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)w[i]) * 16777619u;
	return h & (SLOTS - 1);
}

static void init(void)
{
	for (size_t i = 0; i < NWORDS; i++) {
		size_t n = strlen(lists[i]), h = hash(lists[i], n);
		while (slot[h] && strcmp(slot[h], lists[i]))
			h = (h + 1) & (SLOTS - 1);
		slot[h] = lists[i];
	}
}

int gisa_is_stopword(const char *w, size_t n)
{
	if (n == 0 || n >= 16)
		return 0;
	pthread_once(&once, init);
	for (size_t h = hash(w, n); slot[h]; h = (h + 1) & (SLOTS - 1))
		if (!strncmp(slot[h], w, n) && !slot[h][n])
			return 1;
	return 0;
}

static int is_cjk(utf8proc_int32_t c)
{
	if (c < 0x1100) /* most text, and the ranges below start there */
		return 0;
	return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x9FFF) ||
	       (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0x1100 && c <= 0x11FF) ||
	       (c >= 0xF900 && c <= 0xFAFF);
}

static int is_wordchar(utf8proc_int32_t c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		       (c >= '0' && c <= '9');
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ND:
		return 1;
	default:
		return 0;
	}
}

void gisa_wordstats_of(const char *s, size_t n, gisa_wordstats *ws)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s, *end = p + n;
	char word[32];
	size_t wlen = 0;
	int inword = 0, toolong = 0;

	memset(ws, 0, sizeof *ws);
	while (p <= end) {
		utf8proc_int32_t c = -1;
		utf8proc_ssize_t len = 1;
		if (p < end) {
			if (*p < 0x80)
				c = *p;
			else if ((len = utf8proc_iterate(p, end - p, &c)) < 1)
				len = 1, c = -1;
		}
		/* CJK characters are words of their own. */
		int wc = c >= 0 && is_wordchar(c) && !is_cjk(c);
		if (wc) {
			if (!inword) {
				inword = 1;
				wlen = 0;
				toolong = 0;
			}
			utf8proc_uint8_t enc[4];
			utf8proc_ssize_t k = 1;
			if (c < 0x80) /* most letters: no encoder call */
				enc[0] = (utf8proc_uint8_t)(c | (c <= 'Z' &&
							c >= 'A' ? 0x20 : 0));
			else
				k = utf8proc_encode_char(utf8proc_tolower(c),
							 enc);
			if (wlen + (size_t)k < sizeof word) {
				memcpy(word + wlen, enc, (size_t)k);
				wlen += (size_t)k;
			} else {
				toolong = 1;
			}
			ws->letters++;
		} else if (inword) {
			inword = 0;
			ws->words++;
			ws->stops += !toolong && gisa_is_stopword(word, wlen);
		}
		if (c >= 0 && is_cjk(c)) {
			ws->cjk++;
			ws->letters++;
		}
		if (p == end)
			break;
		p += len;
	}
}
