/* test_stopwords.c - core/stopwords.c: word and function-word counts in
 * the languages it knows, case folding, scripts without spaces. */
#include "stopwords.h"
#include "test.h"

#include <string.h>

static void check(const char *text, unsigned words, unsigned stops,
		  unsigned cjk)
{
	gisa_wordstats ws;

	t_context(text);
	gisa_wordstats_of(text, strlen(text), &ws);
	T_INTEQ(ws.words, words);
	T_INTEQ(ws.stops, stops);
	T_INTEQ(ws.cjk, cjk);
}

int main(void)
{
	check("The cat sat on the mat.", 6, 3, 0);
	check("THE Cat And THE Hat", 5, 4, 0); /* "hat" is German */
	check("Share on Facebook Twitter Email", 5, 1, 0);
	check("Die Stadt und das Land sind nicht gleich.", 8, 5, 0);
	check("Le chat est dans la maison.", 6, 4, 0);
	check("El gato está en la casa con su dueño.", 9, 6, 0);
	check("O gato não está em casa.", 6, 4, 0);
	check("В городе открылся новый мост и он большой.", 8, 3, 0);
	check("Ini adalah rumah yang besar dan indah.", 7, 4, 0);
	check("Het huis is groot en mooi.", 6, 3, 0);
	check("Il gatto è nella casa della nonna.", 7, 4, 0);
	check("2019 12,5% — ok", 4, 0, 0);
	check("한국어 문장", 0, 0, 5);
	check("東京の天気", 0, 0, 5);
	check("", 0, 0, 0);
	check("bad \xFF bytes", 2, 0, 0);
	T_OK(gisa_is_stopword("the", 3));
	T_OK(!gisa_is_stopword("The", 3)); /* callers pass lowercase */
	T_OK(!gisa_is_stopword("cat", 3));
	T_OK(gisa_is_stopword("für", strlen("für")));
	T_OK(!gisa_is_stopword("", 0));
	return t_done();
}
