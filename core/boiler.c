/* boiler.c - what a paragraph is, when it is not the article (see
 * boiler.h).
 *
 * Each paragraph is folded (NFKC, case-folded) and cut into words once;
 * the checks below are word patterns (ustr.h) over that, checks on the
 * original text for symbols that folding loses (©, ⓒ, ▲, brackets), and
 * the paragraph's shape. Order matters: an end mark or a copyright footer
 * is recognized before anything that would only call it noise, because
 * it also tells normalize.c that the trailer starts there.
 *
 * Every pattern list is a family of forms ("we use cookies", "wir
 * verwenden cookies", "쿠키를 사용"), not a site's sentence. Patterns that
 * could occur in news prose are only trusted in short paragraphs (the
 * weight limits below) or together with a second signal.
 */
#include "boiler.h"
#include "byline.h"
#include "error.h"
#include "ustr.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#define MAX_WORDS 512 /* words looked at per paragraph */

struct para {
	const char *s;    /* original */
	size_t len;
	char *f;          /* folded */
	gisa_tok *t;      /* words of f */
	size_t nt;
	gisa_shape sh;
	gisa_u8_text ut;  /* f and t, prepared for pattern lists */
};

/* ---- shape ----------------------------------------------------------- */

static int is_closer(uint32_t cp)
{
	return cp == ')' || cp == ']' || cp == '}' || cp == '"' || cp == '\'' ||
	       cp == 0x201D || cp == 0x2019 || cp == 0xBB || cp == 0x300D ||
	       cp == 0x300F || cp == 0x3011 || cp == 0x3009 || cp == 0x300B ||
	       cp == 0xFF09 || cp == 0x201C || cp == ' ' || cp == '*' ||
	       cp == '_';
}

static int is_terminal(uint32_t cp)
{
	return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026 ||
	       cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0xFF0E ||
	       cp == 0xFF61;
}

/* Pictographs (U+1F300-U+1FAFF: emoji, with their skin tones) and the
 * joiners that build them up: informal writing ends a sentence with one
 * ("... to the world 🙂") where a stop would be. */
static int is_emoji(uint32_t cp)
{
	return (cp >= 0x1F300 && cp <= 0x1FAFF) || cp == 0xFE0F ||
	       cp == 0x200D;
}

static int starts_bullet(const char *p)
{
	static const char *const marks[] = {
		"- ", "* ", "\xE2\x80\xA2", "\xC2\xB7 ", "\xE2\x96\xAA",
		"\xE2\x97\xA6", "\xE2\x97\x8B", "\xE2\x97\x8F", "\xE2\x96\xA0",
		"\xE2\x96\xA1", "\xE2\x97\x86", "\xE2\x97\x87", "\xE2\x80\x93 ",
		"\xE2\x80\x94 ", "\xE2\x96\xB6 ", NULL };
	size_t d = 0;

	for (const char *const *m = marks; *m; m++)
		if (strncmp(p, *m, strlen(*m)) == 0)
			return 1;
	while (p[d] >= '0' && p[d] <= '9' && d < 3)
		d++;
	if (d && (p[d] == '.' || p[d] == ')') && p[d + 1] == ' ')
		return 1;
	return p[0] == '(' && p[1] && p[2] == ')' && p[3] == ' ';
}

/* "... inner city. DM", "... a little time left. ♦": a sentence, then
 * a sign-off of up to four capitals or symbols. */
static int signed_off(const char *p, size_t n)
{
	size_t w = n, chars = 0;
	uint32_t cp;

	while (w > 0 && p[w - 1] != ' ')
		w--;
	if (w < 2)
		return 0;
	for (size_t i = w; i < n; chars++) {
		i += gisa_u8_next(p + i, n - i, &cp);
		if (gisa_u8_lower(cp) || (cp >= '0' && cp <= '9'))
			return 0;
	}
	if (chars > 4)
		return 0;
	gisa_u8_last(p, w - 1, &cp);
	return is_terminal(cp);
}

/* The length of p[0..n) without a footnote mark at its end: "...
 * Monday.[1]" ends a sentence. */
static size_t footnote_cut(const char *p, size_t n)
{
	size_t d = 0;

	while (n && p[n - 1] == ' ')
		n--;
	if (n < 3 || p[n - 1] != ']')
		return n;
	while (d < 3 && n - 2 - d > 0 && p[n - 2 - d] >= '0' &&
	       p[n - 2 - d] <= '9')
		d++;
	return d && p[n - 2 - d] == '[' ? n - 2 - d : n;
}

void gisa_boiler_shape(const char *p, gisa_shape *sh)
{
	size_t n = strlen(p), i = 0, ideo = 0;
	int in_word = 0, emoji = 0;
	uint32_t cp = 0;

	memset(sh, 0, sizeof *sh);
	while (i < n) {
		if ((unsigned char)p[i] < 0x80) { /* most text: no decoding */
			cp = (unsigned char)p[i++];
			if (((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') ||
			    (cp >= '0' && cp <= '9') || cp == '\'' ||
			    cp == '@') {
				sh->weight += !in_word;
				in_word = 1;
			} else if (cp == ' ' || cp == '\n' || cp == '\t') {
				in_word = 0;
			}
			continue;
		}
		i += gisa_u8_next(p + i, n - i, &cp);
		if (gisa_u8_ideo(cp)) {
			ideo++;
			in_word = 0;
		} else if (gisa_u8_alnum(cp) || cp == '\'' || cp == '@') {
			sh->weight += !in_word;
			in_word = 1;
		} else if (cp == ' ' || cp == '\n' || cp == '\t') {
			in_word = 0;
		}
	}
	sh->weight += (int)((ideo + 1) / 2);
	n = footnote_cut(p, n);
	while (n) {
		size_t k = gisa_u8_last(p, n, &cp);
		if (is_emoji(cp))
			emoji = 1;
		else if (!is_closer(cp))
			break;
		n -= k;
	}
	if (n) {
		sh->sentence = is_terminal(cp) || signed_off(p, n) ||
			       (emoji && sh->weight >= 4 &&
				gisa_u8_alnum(cp));
		sh->lead_in = cp == ':' || cp == 0xFF1A;
	}
	sh->bullet = starts_bullet(p);
}

/* ---- helpers --------------------------------------------------------- */

static int pat(const struct para *p, const char *pattern)
{
	return gisa_u8_pattern(p->f, p->t, p->nt, pattern);
}

static int any(const struct para *p, const char *const *list)
{
	return gisa_u8_text_match(&p->ut, list, 0);
}

static int has(const struct para *p, const char *lit)
{
	return strstr(p->s, lit) != NULL;
}

static int starts(const char *s, const char *lit)
{
	while (*s == ' ')
		s++;
	return strncmp(s, lit, strlen(lit)) == 0;
}

static int tok_is(const struct para *p, size_t i, const char *w)
{
	return i < p->nt && p->t[i].len == strlen(w) &&
	       memcmp(p->f + p->t[i].off, w, p->t[i].len) == 0;
}

static int tok_digits(const struct para *p, size_t i)
{
	for (size_t k = 0; k < p->t[i].len; k++) {
		char c = p->f[p->t[i].off + k];
		if (c < '0' || c > '9')
			return 0;
	}
	return 1;
}

/* The first character of f after word i, spaces skipped. */
static char after_tok(const struct para *p, size_t i)
{
	const char *q = p->f + p->t[i].off + p->t[i].len;
	while (*q == ' ')
		q++;
	return *q;
}

/* ---- word lists for "every word is one of these" checks -------------- */

/* Interface words: a short paragraph made only of these (and glue words)
 * is chrome. Hangul and Latin entries are whole words; entries with
 * ideographs may be glued together ("分享到微信"). */
static const char *const ui_words[] = {
	/* en */
	"share", "shared", "sharing", "print", "printer", "email", "mail",
	"tweet", "facebook", "twitter", "linkedin", "whatsapp", "telegram",
	"reddit", "pinterest", "tumblr", "flipboard", "messenger", "kakao",
	"kakaotalk", "kakaostory", "wechat", "weibo", "qq", "copy", "copied",
	"link", "url", "subscribe", "subscribed", "subscription",
	"unsubscribe", "login", "logout", "signin", "signup", "register",
	"comment", "comments", "reply", "replies", "like", "likes",
	"bookmark", "bookmarks", "save", "saved", "font", "fontsize", "zoom",
	"listen", "audio", "play", "pause", "close", "menu", "search", "home",
	"icon", "image", "images", "button", "help", "social", "show", "hide",
	"view", "gift", "lock", "dictionary", "translate", "translation",
	"next", "previous", "prev", "back", "top", "scroll", "report",
	"feedback", "send", "click", "tap", "follow", "newsletter",
	"newsletters", "app", "apps", "download", "rss", "feed", "sms",
	"embed", "toggle", "expand", "collapse", "skip", "navigation",
	"cookie", "cookies", "settings", "accept", "reject", "decline",
	"agree", "privacy", "policy", "terms", "consent", "preferences",
	"manage", "ok", "continue", "advertisement", "ads", "sponsored",
	"more", "less", "log", "sign", "size", "reset", "enlarge", "reduce",
	"larger", "smaller", "contact", "sitemap", "impressum", "x",
	"watchlist", "portfolio", "add", "remove",
	/* de fr es it pt nl */
	"teilen", "drucken", "kommentare", "kommentar", "kommentieren",
	"anmelden", "abmelden", "registrieren", "abonnieren", "merken",
	"vorlesen", "schriftgrosse", "kopieren", "zuruck", "weiter",
	"schliessen", "suche", "startseite", "mehr", "akzeptieren",
	"ablehnen", "einstellungen", "datenschutz", "partager", "imprimer",
	"commentaires", "commentaire", "commenter", "connexion", "abonner",
	"abonnez", "inscrire", "inscription", "enregistrer", "sauvegarder",
	"copier", "lien", "fermer", "rechercher", "accueil", "ecouter",
	"écouter", "accepter", "refuser", "paramètres", "confidentialité",
	"compartir", "imprimir", "comentarios", "comentario", "comentar",
	"sesión", "iniciar", "suscríbete", "suscribirse", "registrarse",
	"guardar", "copiar", "enlace", "cerrar", "buscar", "inicio",
	"escuchar", "aceptar", "rechazar", "configuración", "privacidad",
	"condividi", "stampa", "commenti", "commenta", "accedi", "iscriviti",
	"abbonati", "salva", "copia", "chiudi", "cerca", "accetta",
	"rifiuta", "compartilhar", "partilhar", "comentários", "entrar",
	"salvar", "fechar", "aceitar", "recusar", "delen", "afdrukken",
	"reageren", "inloggen", "accepteren", "weigeren",
	/* ko */
	"공유", "공유하기", "인쇄", "인쇄하기", "프린트", "스크랩", "스크랩하기",
	"글자크기", "글씨크기", "글자", "글씨", "크기", "크게", "작게", "댓글",
	"댓글쓰기", "좋아요", "싫어요", "구독", "구독하기", "로그인", "로그아웃",
	"회원가입", "페이스북", "트위터", "카카오톡", "카카오스토리", "카톡",
	"밴드", "네이버", "블로그", "링크", "복사", "링크복사", "닫기", "메뉴",
	"검색", "이메일", "메일", "북마크", "저장", "기사저장", "목록", "이전",
	"다음", "맨위로", "추천", "추천하기", "신고", "번역", "듣기", "기사듣기",
	"본문듣기", "음성", "보기", "더보기", "펼치기", "접기", "엑스", "텔레그램",
	"기사공유", "글자크기조절", "조절", "설정", "초기화", "프린트하기",
	"기사스크랩", "후속기사", "원해요", "공유하기", "페이스북으로", "트위터로",
	"카카오톡으로", "공감", "기사보내기", "보내기", "쪽지", "제보", "닫기",
	"확인", "동의", "거부", "허용", "취소", "응원해요", "훈훈해요", "슬퍼요",
	"화나요", "놀랐어요", "추천해요", "궁금해요", "후속", "팬이에요",
	"감동이에요", "최고예요", "웃겨요",
	/* zh ja */
	"分享", "分享到", "分享至", "打印", "评论", "評論", "登录", "登入", "注册",
	"註冊", "订阅", "訂閱", "微信", "微博", "收藏", "点赞", "點讚", "转发",
	"轉發", "复制链接", "複製連結", "链接", "連結", "字号", "字體", "字体",
	"返回", "顶部", "頂部", "上一页", "下一页", "关闭", "關閉", "扫一扫",
	"二维码", "朋友圈", "空间", "印刷", "シェア", "ツイート", "コメント",
	"ログイン", "登録", "購読", "ブックマーク", "保存", "文字サイズ", "拡大",
	"縮小", "閉じる", "メニュー", "検索", "リンクをコピー", "コピー", "いいね",
	"共有", "送る", "戻る", "前へ", "次へ", "举报", "舉報", "手机看",
	"手機看", "展开", "收起", "大字", "小字", "ポスト", "はてな", "ブクマ",
	"フォロー", "印刷する", "送信", "拡散", "标准", "大", "中", "小",
	"知道了", "我知道了", "同意", "接受", "拒绝", "拒絕",
	NULL };

/* Glue: allowed around interface words, never enough alone. */
static const char *const glue_words[] = {
	"this", "to", "on", "via", "the", "and", "or", "of", "a", "in", "up",
	"from",
	"out", "us", "here", "it", "all", "our", "your", "with", "for", "by",
	"now", "me", "my", "page", "article", "story", "text", "is", "as",
	"der", "die", "das", "den", "dem", "per", "auf", "zu", "und", "oder",
	"artikel", "le", "la", "les", "de", "des", "du", "sur", "par", "ce",
	"cet", "cette", "et", "ou", "article", "el", "los", "las", "en",
	"por", "este", "esta", "y", "o", "con", "il", "lo", "di", "su",
	"questo", "e", "os", "as", "em", "no", "na", "het", "een", "op",
	"alle", "tout", "todo", "todas", "todos", "tutti", "tutto", "allen",
	"이", "기사", "기사를", "하기", "창", "본문", "이", "을", "를", "新闻",
	"新聞", "文章", "本文", "記事", "到", "至", "给", "給", "を", "の", "へ",
	"で", "する", "阅读", "閱讀", "更多", "查看", "全文", "原文", "原文を",
	"読む", "朋友", "好友",
	NULL };

/* Date and time words: a short paragraph made of these and numbers is a
 * time stamp ("Updated 10:31 AM UTC", "입력 2023.11.09 10:31"). */
static const char *const date_words[] = {
	"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
	"sept", "oct", "nov", "dec", "january", "february", "march", "april",
	"june", "july", "august", "september", "october", "november",
	"december", "mon", "tue", "tues", "wed", "thu", "thur", "thurs",
	"fri", "sat", "sun", "monday", "tuesday", "wednesday", "thursday",
	"friday", "saturday", "sunday", "am", "pm", "a", "m", "p", "utc",
	"gmt", "kst", "est", "edt", "pst", "pdt", "cet", "cest", "bst", "jst",
	"et", "ct", "mt", "pt", "cst", "cdt", "mst", "mdt", "hkt", "sgt",
	"ist", "aest", "aedt", "wib",
	"updated", "update", "published", "posted", "last", "modified",
	"on", "at", "ago", "hours", "hour", "hrs", "hr", "minutes", "minute",
	"min", "mins", "read", "h", "s", "sec", "seconds", "days", "day",
	"yesterday", "today", "just", "now", "th", "st", "nd", "rd", "time",
	"date", "first", "and", "edited",
	"aktualisiert", "veröffentlicht", "am", "um", "uhr", "stand",
	"januar", "februar", "märz", "mai", "juni", "juli", "oktober",
	"dezember", "publié", "mis", "à", "jour", "le", "janvier", "février",
	"mars", "avril", "juin", "juillet", "août", "septembre", "octobre",
	"novembre", "décembre", "actualizado", "publicado", "el", "de",
	"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
	"agosto", "septiembre", "octubre", "noviembre", "diciembre", "las",
	"hace", "horas", "minutos", "pubblicato", "aggiornato", "atualizado",
	"입력", "수정", "송고", "기사입력", "최종수정", "업데이트", "승인", "발행",
	"등록", "오전", "오후", "년", "월", "일", "시", "분", "초", "전", "시간",
	"분전", "시간전", "일전", "입력시간", "수정시간", "更新", "发布", "發布",
	"发布时间", "發布時間", "时间", "時間", "年", "月", "日", "时", "時", "分",
	"秒", "公開", "更新日", "公開日", "投稿日", "配信", "最終更新", "前",
	"更新日時", "配信日時", "日時", "星期", "周",
	NULL };

static const char *const ad_words[] = {
	"advertisement", "advertisements", "advert", "advertising", "ad",
	"ads", "adv", "sponsored", "sponsor", "promoted", "promotion",
	"anzeige", "werbung", "publicité", "publicidad", "pubblicità",
	"publicidade", "reclame", "광고", "广告", "廣告", "広告", "스폰서", "pr",
	"partner", "content", "paid", "post", "feature", NULL };

static int in_words(const char *w, size_t n, const char *const *list)
{
	for (; *list; list++)
		if ((!n || **list == *w) && strlen(*list) == n &&
		    memcmp(w, *list, n) == 0)
			return 1;
	return 0;
}

/* Whether an ideograph word is made entirely of list entries (longest
 * entry first at each position). */
static int ideo_covered(const char *w, size_t n, const char *const *list)
{
	size_t i = 0;

	while (i < n) {
		size_t best = 0;
		for (const char *const *e = list; *e; e++) {
			size_t el = strlen(*e);
			if (el > best && el <= n - i && memcmp(w + i, *e, el) == 0)
				best = el;
		}
		if (!best)
			return 0;
		i += best;
	}
	return 1;
}

static int word_has_ideo(const char *w, size_t n)
{
	uint32_t cp;

	for (size_t i = 0; i < n;) {
		i += gisa_u8_next(w + i, n - i, &cp);
		if (gisa_u8_ideo(cp))
			return 1;
	}
	return 0;
}

static int word_in(const char *w, size_t n, const char *const *list)
{
	if (in_words(w, n, list))
		return 1;
	return word_has_ideo(w, n) && ideo_covered(w, n, list);
}

/* Whether an ideograph word is made of interface words and glue, with at
 * least one interface word ("ツイートする", "分享到朋友圈"). */
static int ideo_chrome(const char *w, size_t n)
{
	size_t i = 0;
	int strong = 0;

	while (i < n) {
		size_t best = 0;
		int ui = 0;
		for (const char *const *e = ui_words; *e; e++) {
			size_t el = strlen(*e);
			if (el > best && el <= n - i && !memcmp(w + i, *e, el)) {
				best = el;
				ui = 1;
			}
		}
		for (const char *const *e = glue_words; *e; e++) {
			size_t el = strlen(*e);
			if (el > best && el <= n - i && !memcmp(w + i, *e, el)) {
				best = el;
				ui = 0;
			}
		}
		if (!best)
			return 0;
		strong |= ui;
		i += best;
	}
	return strong;
}

/* Every word is an interface word or glue or a number, and at least one
 * is an interface word. */
static int chrome_words(const struct para *p)
{
	int strong = 0;

	if (!p->nt || p->sh.weight > 12)
		return 0;
	for (size_t i = 0; i < p->nt; i++) {
		const char *w = p->f + p->t[i].off;
		size_t n = p->t[i].len;
		if (in_words(w, n, ui_words) ||
		    (word_has_ideo(w, n) && ideo_chrome(w, n)))
			strong++;
		else if (!word_in(w, n, glue_words) && !tok_digits(p, i))
			return 0;
	}
	return strong > 0;
}

/* A word with its digits taken away: "2023년" -> "년". */
static int date_word(const char *w, size_t n)
{
	char buf[64];
	size_t k = 0;

	for (size_t i = 0; i < n && k < sizeof buf - 1; i++)
		if (w[i] < '0' || w[i] > '9')
			buf[k++] = w[i];
	if (!k)
		return 1;
	buf[k] = '\0';
	return word_in(buf, k, date_words);
}

static int time_stamp(const struct para *p)
{
	int digits = 0;

	if (!p->nt || p->nt > 16 || p->sh.weight > 16)
		return 0;
	for (size_t i = 0; i < p->nt; i++) {
		const char *w = p->f + p->t[i].off;
		if (!date_word(w, p->t[i].len))
			return 0;
		digits += strpbrk(w, "0123456789") &&
			  (size_t)(strpbrk(w, "0123456789") - w) < p->t[i].len;
	}
	return digits > 0;
}

static int ad_marker(const struct para *p)
{
	static const char *const pats[] = {
		"story continues below", "article continues below",
		"continue reading below", "scroll to continue",
		"scroll down to continue", "content continues below",
		"report this ad", "ad feedback", "기사 계속", "아래로 스크롤",
		"^advertisement", "^sponsored content", "^paid content",
		"^anzeige", "^werbung", "^publicité", "^publicidad", NULL };

	if (!p->nt || p->sh.weight > 14)
		return 0;
	if (any(p, pats))
		return 1;
	if (p->nt > 6)
		return 0;
	for (size_t i = 0; i < p->nt; i++)
		if (!word_in(p->f + p->t[i].off, p->t[i].len, ad_words) &&
		    !tok_digits(p, i))
			return 0;
	/* "PR", "Post" or "Feature" alone are headings, not markers */
	return !(p->nt == 1 && (tok_is(p, 0, "pr") || tok_is(p, 0, "post") ||
				tok_is(p, 0, "feature") ||
				tok_is(p, 0, "content") ||
				tok_is(p, 0, "partner") ||
				tok_is(p, 0, "paid") ||
				tok_is(p, 0, "promotion")));
}

/* ---- end marks, notes, copyright, legal text -------------------------- */

static int end_mark(const struct para *p)
{
	static const char *const marks[] = {
		"(end)", "[end]", "-end-", "--end--", "- end -", "(ends)",
		"(끝)", "[끝]", "<끝>", "-끝-", "(完)", "【完】", "[完]", "(了)",
		"(fin)", "-fin-", "-30-", "# # #", "###", NULL };
	char buf[32];
	size_t k = 0;

	for (const char *q = p->f; *q && k < sizeof buf - 1; q++)
		if (*q != ' ')
			buf[k++] = *q;
	buf[k] = '\0';
	if (strlen(p->f) > 24)
		return 0;
	for (const char *const *m = marks; *m; m++) {
		char mm[32];
		size_t j = 0;
		for (const char *q = *m; *q && j < sizeof mm - 1; q++)
			if (*q != ' ')
				mm[j++] = *q;
		mm[j] = '\0';
		if (strcmp(buf, mm) == 0)
			return 1;
	}
	return 0;
}

static int editor_note(const struct para *p)
{
	return starts(p->f, "(attn") || starts(p->f, "(eds:") ||
	       starts(p->f, "(eds ") || starts(p->f, "(editors:") ||
	       starts(p->f, "(editors note") ||
	       starts(p->f, "(editor's note");
}

static int disclaimer_head(const struct para *p)
{
	static const char *const pats[] = {
		"^disclaimer", "^haftungsausschluss", "^avertissement",
		"^aviso legal", "^descargo de responsabilidad",
		"^esclusione di responsabilità", "^risk warning",
		"^risk disclosure", "^免责声明", "^免責聲明", "^免責事項",
		"^면책 조항", "^면책조항", "^투자 유의", NULL };

	return any(p, pats) && (p->nt < 2 || after_tok(p, 0) != '\0');
}

static int copyright_sign(const struct para *p)
{
	return has(p, "\xC2\xA9") || has(p, "\xE2\x93\x92") ||
	       has(p, "\xE2\x93\x92") || pat(p, "copyright") ||
	       strstr(p->f, "(c)") != NULL;
}

/* "All Rights Reserved", "무단 전재 및 재배포 금지", "版权所有". */
static int copyright_footer(const struct para *p)
{
	static const char *const strong[] = {
		"all rights reserved", "alle rechte vorbehalten",
		"tous droits réservés", "todos los derechos reservados",
		"tutti i diritti riservati", "todos os direitos reservados",
		"alle rechten voorbehouden", "some rights reserved", NULL };
	static const char *const cjk[] = {
		"저작권자", "무단 전재", "무단전재", "재배포 금지", "재배포금지",
		"무단 복제", "무단복제", "版权所有", "版權所有", "禁止转载",
		"禁止轉載", "不得转载", "不得轉載", "無断転載", "無断複製",
		"転載禁止", "著作権", NULL };
	/* reuse terms, trusted next to a copyright sign */
	static const char *const terms[] = {
		"may not be published", "may not be reproduced",
		"may not be redistributed", "may not be reprinted",
		"from being redistributed", "without permission",
		"without prior permission", "without written permission",
		"without consent", "reproduction prohibited",
		"reproduction in whole or in part", NULL };
	int hits = 0;

	if (p->sh.weight > 60)
		return 0;
	if (p->sh.weight <= 40 && any(p, strong))
		return 1;
	if (copyright_sign(p) && any(p, terms))
		return 1;
	if (p->sh.weight > 40)
		return 0;
	for (const char *const *c = cjk; *c && p->ut.high; c++)
		hits += strstr(p->f, *c) != NULL;
	return hits >= 2 || (hits && (copyright_sign(p) || !p->sh.sentence));
}

/* "Our Standards: The Trust Principles", "Editorial guidelines": the
 * link to a publisher's standards that closes many articles. */
static int standards_line(const struct para *p)
{
	static const char *const pats[] = {
		"our standards", "trust principles", "editorial standards",
		"editorial guidelines", "editorial policy", "ethics policy",
		"corrections policy", NULL };

	return p->sh.weight <= 12 && any(p, pats);
}

/* "© 2023 Foo", "Copyright 2023", "ⓒ뉴스1": a credit or copyright line,
 * short. */
static int copyright_line(const struct para *p)
{
	if (starts(p->s, "\xC2\xA9") || starts(p->s, "\xE2\x93\x92"))
		return p->sh.weight <= 80;
	if (p->sh.weight > 30)
		return 0;
	if (has(p, "\xC2\xA9") || has(p, "\xE2\x93\x92"))
		return 1;
	for (size_t i = 0; i < p->nt; i++) {
		if (tok_is(p, i, "copyright")) {
			char c = after_tok(p, i);
			if (c == ':' || c == '(' || (c >= '0' && c <= '9') ||
			    tok_is(p, i + 1, "by") || i + 1 == p->nt)
				return 1;
		}
	}
	return starts(p->f, "(c)") && p->sh.weight <= 12;
}

/* Legal boilerplate addressed to the reader: a liability phrase plus
 * the site or its information plus "you" (or the site naming itself). */
static int legalese(const struct para *p)
{
	static const char *const liability[] = {
		"not be held responsible", "not be responsible",
		"not be liable", "not held liable", "accept no liability",
		"accept any liability", "not accept liability", "no liability",
		"no responsibility", "does not constitute", "not intended as",
		"investment advice", "financial advice", "informational purposes",
		"information purposes", "at your own risk", "not be used for trading",
		"real time data", "should not rely on", "do not rely on",
		"not necessarily accurate", "trading decisions",
		"not necessarily real time", "not appropriate for trading",
		"not meant for trading", "indicative only",
		"for trading purposes",
		"keine haftung", "übernehmen keine",
		"tenu responsable", "no se hace responsable", NULL };
	static const char *const subject[] = {
		"this site", "this website", "the website", "this information",
		"the information", "this material", "this content", "the data",
		"these data", "this data", "diese website", "ce site",
		"este sitio", NULL };
	static const char *const you[] = { "you", "your", "sie", "vous",
					   "usted", NULL };
	/* the site speaking of itself needs no "you": "... will not accept
	 * any liability for ... data contained within this website" */
	static const char *const itself[] = {
		"contained * this website", "contained * this site",
		"provided * this website", "provided * this site",
		"reliance on the information", "reliance on this", NULL };
	int you_hit = 0;

	if (p->sh.weight > 150 || !any(p, liability) || !any(p, subject))
		return 0;
	for (size_t i = 0; i < p->nt && !you_hit; i++)
		you_hit = word_in(p->f + p->t[i].off, p->t[i].len, you);
	return you_hit || any(p, itself);
}

/* ---- cookie banners --------------------------------------------------- */

/* Consent banners: a cookie word plus one of these. */
static const char *const cookie_pats[] = {
	/* en */
	"we use cookies", "we * use cookies", "we and our partners",
	"this site uses", "this website uses", "our site uses",
	"our website uses", "this site * cookies",
	"this website * cookies", "our use of cookies",
	"use of cookies", "accept all cookies", "accept cookies",
	"accept all", "reject all", "cookie settings", "cookie policy",
	"cookie preferences", "cookie notice", "cookie consent",
	"manage cookies", "manage consent", "manage preferences",
	"by continuing", "by clicking", "by using this", "you agree to",
	"you consent to", "consent to the use", "agree to the use",
	/* de */
	"wir verwenden cookies", "wir nutzen cookies",
	"diese website verwendet", "diese website nutzt",
	"diese seite verwendet", "diese seite nutzt",
	"alle akzeptieren", "cookie einstellungen", "cookies zu",
	"stimmen sie", "einwilligung",
	/* fr */
	"nous utilisons des cookies", "ce site utilise",
	"ce site web utilise", "notre site utilise", "tout accepter",
	"en poursuivant", "en continuant", "vous acceptez",
	"paramétrer les cookies", "gérer les cookies",
	"accepter les cookies",
	/* es */
	"utilizamos cookies", "usamos cookies", "este sitio utiliza",
	"este sitio web utiliza", "esta web utiliza", "este sitio usa",
	"si continúa navegando", "al continuar navegando",
	"aceptar todas", "aceptar cookies", "política de cookies",
	"configuración de cookies", "acepta el uso", "aceptas el uso",
	/* it pt nl */
	"utilizziamo i cookie", "utilizziamo cookie", "usiamo i cookie",
	"questo sito utilizza", "questo sito usa", "accetta tutti",
	"informativa sui cookie", "utilizamos cookies",
	"este site utiliza", "este site usa", "aceitar todos",
	"wij gebruiken cookies", "we gebruiken cookies",
	"deze website gebruikt", "deze site gebruikt",
	"alle cookies accepteren",
	/* ko ja zh */
	"쿠키를 사용합니다", "쿠키를 사용하", "쿠키 사용에 동의", "쿠키 설정",
	"쿠키 정책", "쿠키를 허용", "모두 허용", "모두 동의", "본 사이트",
	"당사는", "当サイト", "本サイト", "を使用しています", "を利用しています",
	"同意する", "同意します", "すべて許可", "すべて同意", "cookie設定",
	"クッキー設定", "本网站", "本網站", "本站使用", "我们使用", "我們使用",
	"接受所有", "全部接受", "同意并继续", "继续浏览", "繼續瀏覽", NULL };

static int cookie_banner(const struct para *p)
{
	if (p->sh.weight > 150)
		return 0;
	if (!strstr(p->f, "cookie") && !strstr(p->f, "쿠키") &&
	    !strstr(p->f, "クッキー") && !strstr(p->f, "小型文字檔"))
		return 0;
	return any(p, cookie_pats);
}

/* ---- captions --------------------------------------------------------- */

static const char *const caption_cues[] = {
	"photo", "photos", "file photo", "this photo", "in this picture",
	"pictured", "l to r", "l r", "from left", "left", "right", "center",
	"centre", "pose", "poses", "posing", "is seen", "are seen",
	"seen in this", "captured", "screenshot", "courtesy", "provided by",
	"looks on", "look on", "waves", "smiles", "photograph", "image",
	"사진", "제공", "촬영", "하고 있다", "포즈를 취", "写真", "照片", "图为",
	"圖為", NULL };

/* test(p) for s folded and cut into words; 0 when out of memory. */
static int ask(const char *s, int (*test)(const struct para *))
{
	struct para p = { s, strlen(s), NULL, NULL, 0, { 0 }, { 0 } };
	int hit = 0, n;

	if (!(p.f = gisa_u8_fold(s, p.len)))
		return 0;
	n = gisa_u8_tokens(p.f, MAX_WORDS, &p.t);
	if (n >= 0) {
		p.nt = (size_t)n;
		gisa_u8_text_init(&p.ut, p.f, p.t, p.nt);
		gisa_boiler_shape(s, &p.sh);
		hit = test(&p);
	}
	free(p.t);
	free(p.f);
	return hit;
}

static int caption_cue(const struct para *p)
{
	return any(p, caption_cues) != 0;
}

int gisa_boiler_caption_cue(const char *s)
{
	return ask(s, caption_cue);
}

int gisa_boiler_reader_note(const char *s)
{
	static const char *const labels[] = { "편집자", "editor's note",
					      "editor\xE2\x80\x99s note",
					      "editors' note", "editors note",
					      "note to readers", NULL };

	for (;;) {
		if (*s == '[' || *s == '(' || *s == '<' || *s == ' ')
			s++;
		else if (!strncmp(s, "\xE3\x80\x90", 3)) /* 【 */
			s += 3;
		else
			break;
	}
	for (const char *const *l = labels; *l; l++)
		if (!strncasecmp(s, *l, strlen(*l)))
			return 1;
	return 0;
}

int gisa_boiler_time_stamp(const char *s)
{
	return ask(s, time_stamp);
}

/* The bracketed credit that ends many captions: "[YONHAP]", "[JOONGANG
 * PHOTO]", "[EPA/YONHAP]", "[연합뉴스 자료사진]", "[국방부 제공]",
 * "[중앙포토]", "[일러스트=김지윤]". */
static int credit_bracket(const struct para *p)
{
	static const char *const ko[] = { "사진", "제공", "촬영", "자료",
					  "연합뉴스", "뉴시스", "뉴스1", "캡처",
					  "그래픽", "출처", "포토", "일러스트",
					  "이미지", "셔터스톡", "=", NULL };
	const char *s = p->s, *open;
	size_t n = p->len, upper = 0, lower = 0;
	uint32_t cp;

	while (n && (s[n - 1] == ' ' || s[n - 1] == '\n'))
		n--;
	if (!n || s[n - 1] != ']')
		return 0;
	for (open = s + n - 1; open > s && *open != '['; open--)
		;
	if (*open != '[' || (size_t)(s + n - open) > 64 || s + n - open < 4)
		return 0;
	for (const char *q = open + 1; q < s + n - 1;) {
		q += gisa_u8_next(q, (size_t)(s + n - 1 - q), &cp);
		upper += gisa_u8_upper(cp);
		lower += gisa_u8_lower(cp);
	}
	if (upper >= 2 && !lower)
		return 1;
	{
		char buf[64];
		size_t bl = (size_t)(s + n - open) - 2;
		memcpy(buf, open + 1, bl);
		buf[bl] = '\0';
		if (gisa_byline_agency(buf))
			return 1; /* "[Yonhap]" */
	}
	for (const char *const *k = ko; *k; k++) {
		const char *hit = strstr(open, *k);
		if (hit && hit < s + n)
			return 1;
	}
	return 0;
}

/* Photographer credits: "REUTERS/Name", "(AP Photo/Name)", "AFP via
 * Getty Images", "Yonhap/...". */
static int photo_credit(const struct para *p)
{
	static const char *const pats[] = {
		"ap photo", "afp via getty", "getty images", "photo not for sale",
		"purchase licensing rights", "file photo", "pool photo",
		"epa efe", "photo by", "photo credit", "image credit",
		"image source", "xinhua photo", NULL };
	static const char *const slash[] = { "REUTERS/", "Reuters/", "AFP/",
					     "EPA/", "Yonhap/", "YONHAP/",
					     "Xinhua/", "Kyodo/", NULL };

	for (const char *const *sl = slash; *sl; sl++) {
		const char *h = strstr(p->s, *sl);
		if (h && gisa_u8_upper((unsigned char)h[strlen(*sl)]))
			return 1;
	}
	return p->sh.weight <= 80 && any(p, pats);
}

static int photo_lead(const struct para *p)
{
	static const char *const words[] = {
		"photo", "photos", "photograph", "image", "picture", "pictured",
		"foto", "fotos", "bild", "caption", "illustration", "graphic",
		"screenshot", "credit", "사진", "写真", "图片", "圖片", "照片",
		"资料图", "資料圖", "图", "圖", NULL };
	char c;

	if (!p->nt || !word_in(p->f + p->t[0].off, p->t[0].len, words))
		return 0;
	/* "Photo: ...", "사진=...", "(Photo)": the word is a label */
	c = after_tok(p, 0);
	return c == ':' || c == '=' || c == '|' || c == '/' || c == ')' ||
	       c == ']' || (c == '-' && p->sh.weight <= 60);
}

/* A gallery counter: "1 of 5", "[2/5]". */
static int gallery(const struct para *p)
{
	if (p->nt >= 3 && tok_digits(p, 0) && tok_is(p, 1, "of") &&
	    tok_digits(p, 2) && p->t[0].off < 2)
		return 1;
	return p->s[0] == '[' && p->nt >= 2 && tok_digits(p, 0) &&
	       tok_digits(p, 1) && p->f[p->t[0].off + p->t[0].len] == '/';
}

/* Korean wire photo captions end "... 2023.11.9 name@yna.co.kr". */
static int dated_email_tail(const struct para *p)
{
	const char *s = p->s, *w2, *w1;
	size_t n = p->len, d = 0, dots = 0;

	while (n && s[n - 1] == ' ')
		n--;
	w2 = s + n;
	while (w2 > s && w2[-1] != ' ')
		w2--;
	if (!memchr(w2, '@', (size_t)(s + n - w2)) || w2 == s)
		return 0;
	w1 = w2 - 1;
	while (w1 > s && w1[-1] != ' ')
		w1--;
	for (const char *q = w1; q < w2 - 1; q++) {
		if (*q == '.')
			dots++;
		else if (*q >= '0' && *q <= '9')
			d++;
		else
			return 0;
	}
	return dots == 2 && d >= 6;
}

size_t gisa_boiler_credit_tail(const char *s)
{
	size_t n = strlen(s), len;
	const char *w;
	char buf[48];
	uint32_t cp;

	while (n && s[n - 1] == ' ')
		n--;
	w = s + n;
	while (w > s && w[-1] != ' ')
		w--;
	if (w - s < 3 || (size_t)(s + n - w) >= sizeof buf)
		return 0;
	len = (size_t)(s + n - w);
	if (*w == '(' || *w == '[') {
		if (s[n - 1] != ')' && s[n - 1] != ']')
			return 0;
		memcpy(buf, w + 1, len - 2);
		buf[len - 2] = '\0';
	} else {
		memcpy(buf, w, len);
		buf[len] = '\0';
	}
	if (!gisa_byline_agency(buf))
		return 0;
	gisa_u8_last(s, (size_t)(w - 1 - s), &cp);
	if (!is_terminal(cp) && cp != '"' && cp != 0x201D)
		return 0;
	return (size_t)(w - 1 - s);
}

/* "(사진=연합뉴스)", "(국방부 제공)" closing a paragraph. */
static int photo_paren_tail(const struct para *p)
{
	const char *s = p->s, *open;
	size_t n = p->len;

	if (n < 4 || s[n - 1] != ')' || !(open = strrchr(s, '(')) ||
	    s + n - open > 64)
		return 0;
	return (strstr(open, "사진") && strchr(open, '=')) ||
	       strstr(open, "제공)") || strstr(open, "촬영");
}

/* "Buses wait at a depot in Seoul. (Seoul Metropolitan Government)": one
 * short sentence, then the name of whoever supplied the picture in
 * brackets, capitalized (a known agency there is left to
 * gisa_boiler_credit_tail, which knows the story's last paragraph). */
static int credited_sentence(const struct para *p)
{
	static const char *const small[] = { "of", "and", "the", "for", "&",
					     NULL };
	const char *s = p->s, *open;
	size_t n = p->len, words = 0;
	char close, inner[64];
	uint32_t cp;

	if (p->sh.weight > 40 || n < 8)
		return 0;
	close = s[n - 1];
	if ((close != ')' && close != ']') ||
	    !(open = strrchr(s, close == ')' ? '(' : '[')) || open < s + 3 ||
	    open[-1] != ' ' || (size_t)(s + n - open) - 2 >= sizeof inner)
		return 0;
	gisa_u8_last(s, (size_t)(open - 1 - s), &cp);
	if (!is_terminal(cp))
		return 0;
	for (const char *q = s; q < open - 2; q++)
		if (strchr(".!?", *q) && q[1] == ' ')
			return 0; /* more than one sentence */
	memcpy(inner, open + 1, (size_t)(s + n - open) - 2);
	inner[s + n - open - 2] = '\0';
	if (gisa_byline_agency(inner))
		return 0;
	for (const char *w = inner; *w;) {
		size_t wl = strcspn(w, " ");
		if (wl && (++words > 6 || (!gisa_u8_upper((unsigned char)*w) &&
					   !in_words(w, wl, small))))
			return 0;
		w += wl + (w[wl] == ' ');
	}
	/* "... is promising. (More)": a link, not a credit */
	for (char *q = inner; *q; q++)
		*q = (char)tolower((unsigned char)*q);
	return words > 1 || (words == 1 &&
			     !in_words(inner, strlen(inner), ui_words) &&
			     !in_words(inner, strlen(inner), date_words));
}

/* "... 모습. /연합뉴스", "... /뉴스1": a caption's credit after a slash. */
static int slash_credit(const struct para *p)
{
	const char *sl = strrchr(p->s, '/');

	return sl && sl > p->s && sl[-1] == ' ' && sl[1] &&
	       !strchr(sl, ' ') && strlen(sl) <= 24;
}

/* A line opening with "▲" or "↑": an English wire caption ("▲ This photo
 * ... (Yonhap)"); in Korean text the mark also opens list items ("▲ 청년
 * 월세 지원 연장") and an interview's answers, so there it needs a
 * caption's cue or credit. */
static int arrow_caption(const struct para *p)
{
	if (!starts(p->s, "\xE2\x96\xB2") && !starts(p->s, "\xE2\x86\x91"))
		return 0;
	if (!p->ut.high || !gisa_u8_has(p->s, gisa_u8_hangul))
		return 1;
	return any(p, caption_cues) || credit_bracket(p) ||
	       photo_paren_tail(p) || dated_email_tail(p) || slash_credit(p) ||
	       pat(p, "모습$");
}

static int caption(const struct para *p)
{
	if (arrow_caption(p))
		return 1;
	if (photo_credit(p) || gallery(p) || dated_email_tail(p))
		return 1;
	if (credit_bracket(p) && p->sh.weight <= 80)
		return 1;
	if (p->sh.weight <= 80 && gisa_boiler_credit_tail(p->s) &&
	    any(p, caption_cues))
		return 1;
	if (p->sh.weight <= 80 && photo_paren_tail(p))
		return 1;
	if (credited_sentence(p))
		return 1;
	return photo_lead(p);
}

/* ---- bylines, credits, agencies --------------------------------------- */

static int credit(const struct para *p, gisa_strv *names)
{
	static const char *const pats[] = {
		"^reporting by", "^additional reporting", "^writing by",
		"^editing by", "^edited by", "^compiled by",
		"^reporting and writing", "^translated by", "^graphics by",
		"^research by", "^with reporting by", "^with additional",
		"^contributing", "^contributors", "^field level media$",
		"^reported by", NULL };
	/* contributors are credited, not authors */
	static const char *const contrib[] = {
		"contributed to this report", "contributed to this story",
		"contributed reporting", "contributed to this article", NULL };
	/* a long sign-off names many reporters; its later roles show it */
	static const char *const signoff_roles[] = { "editing by", "writing by",
					     "edited by", NULL };
	int rc;

	if (p->sh.weight > 60 && (p->sh.weight > 200 || !any(p, signoff_roles)))
		return 0;
	if (p->sh.weight <= 40 && any(p, contrib))
		return 1;
	if (!any(p, pats))
		return 0;
	if (names && (rc = gisa_byline_parse(p->s, names)) < 0)
		return rc;
	return 1;
}

static int email_line(const struct para *p, gisa_strv *names)
{
	int rest = 0, mail = 0, rc;

	/* words of the original: count e-mail addresses and the rest */
	for (const char *q = p->s; *q;) {
		size_t n = strcspn(q, " \n\t");
		if (n) {
			const char *at = memchr(q, '@', n);
			if (at && at > q && memchr(at, '.', n - (size_t)(at - q)))
				mail++;
			else
				rest++;
		}
		q += n;
		while (*q == ' ' || *q == '\n' || *q == '\t')
			q++;
	}
	if (!mail || rest > 8 || (p->sh.sentence && rest > 5))
		return 0;
	if (names && (rc = gisa_byline_parse(p->s, names)) < 0)
		return rc;
	return 1;
}

/* "Yonhap", "— Reuters", "(AFP)", "/AP". */
static int agency_line(const struct para *p, gisa_strv *names)
{
	char buf[64];
	const char *s = p->s;
	size_t n = p->len;

	if (p->sh.weight > 4 || n >= sizeof buf)
		return 0;
	while (n && strchr(" -/()[]*.", *s)) {
		s++;
		n--;
	}
	if (!strncmp(s, "\xE2\x80\x94", 3) || !strncmp(s, "\xE2\x80\x93", 3)) {
		s += 3;
		n -= 3;
	}
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (!gisa_byline_agency(buf))
		return 0;
	if (names && gisa_byline_parse(buf, names) < 0)
		return GISA_ENOMEM;
	return 1;
}

/* ---- related links ---------------------------------------------------- */

static const char *const related_heads[] = {
	/* en */
	"^related", "^related articles", "^related stories",
	"^related article", "^related story", "^related link",
	"^topics", "^tags", "^keywords", "^filed under", "^more about",
	"^related news", "^related coverage", "^related content",
	"^related topics", "^related links", "^related posts",
	"^read more", "^read also", "^also read", "^read next",
	"^see also", "^more on this", "^more from", "^more stories",
	"^more news", "^recommended", "^you may also like",
	"^you might also like", "^you may be interested",
	"^you might be interested", "^don't miss", "^most read",
	"^most viewed", "^most popular", "^most shared", "^trending",
	"^top stories", "^latest news", "^latest stories", "^latest",
	"^next article", "^previous article", "^next story",
	"^previous story", "^up next", "^editor's picks", "^editors picks",
	"^in other news", "^further reading", "^popular", "^keep reading",
	"^explore more", "^other articles", "^more in", "^what to read next",
	/* de fr es it pt nl */
	"^mehr zum thema", "^das könnte sie auch interessieren",
	"^auch interessant", "^weitere artikel", "^meistgelesen",
	"^lesen sie auch", "^mehr lesen", "^verwandte artikel",
	"^nächster artikel", "^vorheriger artikel", "^à lire aussi",
	"^a lire aussi", "^lire aussi", "^sur le même sujet",
	"^articles liés", "^articles similaires", "^les plus lus",
	"^à voir aussi", "^voir aussi", "^article suivant",
	"^article précédent", "^te puede interesar",
	"^también te puede interesar", "^noticias relacionadas",
	"^artículos relacionados", "^lo más leído", "^lo más visto",
	"^lee también", "^más noticias", "^siguiente noticia",
	"^noticia anterior", "^te recomendamos", "^leggi anche",
	"^articoli correlati", "^potrebbe interessarti", "^i più letti",
	"^ti potrebbe interessare", "^articolo successivo", "^leia também",
	"^notícias relacionadas", "^mais lidas", "^veja também",
	"^mais lidos", "^próxima notícia", "^lees ook", "^meer nieuws",
	"^gerelateerde artikelen", "^meest gelezen",
	/* ko */
	"^관련기사", "^관련 기사", "^관련뉴스", "^관련 뉴스", "^다른기사",
	"^다른 기사", "^기자의 다른기사", "^기자의 다른 기사", "^많이 본 뉴스",
	"^많이 본 기사", "^많이본뉴스", "^많이본 뉴스", "^가장 많이 본",
	"^주요뉴스", "^주요 뉴스", "^이 시각 주요뉴스", "^추천 기사", "^추천기사",
	"^인기 기사", "^인기기사", "^최신 기사", "^최신기사", "^최신뉴스",
	"^실시간 뉴스", "^이전 기사", "^이전기사", "^다음 기사", "^다음기사",
	"기자의 다른기사", "기자의 다른 기사", "다른기사 보기", "다른 기사 보기",
	"^함께 보면 좋은", "^함께 본 기사", "^이 기사와 함께", "^핫이슈",
	"^포토뉴스", "^랭킹뉴스", "^오늘의 주요", "^관련 영상", "^관련영상",
	"^태그", "^키워드", "^관련 태그", "^관련태그",
	/* zh */
	"^相关文章", "^相关新闻", "^相关阅读", "^相关报道", "^相关推荐",
	"^相关链接", "^相關新聞", "^相關文章", "^相關閱讀", "^相關報導",
	"^延伸阅读", "^延伸閱讀", "^推荐阅读", "^推薦閱讀", "^热门文章",
	"^熱門文章", "^热门新闻", "^热点新闻", "^猜你喜欢", "^上一篇",
	"^下一篇", "^上一条", "^下一条", "^更多新闻", "^更多阅读",
	"^精彩推荐", "^点击排行", "^最新文章", "^最新新闻", "^往期回顾",
	"^热读", "^編輯推薦", "^编辑推荐", "^标签", "^標籤", "^关键词",
	/* ja */
	"^関連記事", "^関連ニュース", "^関連リンク", "^次の記事", "^前の記事",
	"^おすすめ記事", "^オススメ記事", "^人気記事", "^アクセスランキング",
	"^あわせて読みたい", "^合わせて読みたい", "^こちらもおすすめ",
	"^こちらも読まれています", "^最新記事", "^注目記事", "^もっと見る",
	"^タグ", "^キーワード",
	NULL };

static size_t head_words(const char *head)
{
	size_t words = 1;

	if (word_has_ideo(head, strlen(head)))
		return 1; /* glued to what follows */
	for (const char *q = head; *q; q++)
		words += *q == ' ';
	return words;
}

static int related(const struct para *p)
{
	const char *head = NULL;
	size_t words = 0;
	int ideo;

	if (p->sh.weight > 30)
		return 0;
	/* the longest heading that matches: "Related articles", not
	 * "Related" */
	for (int m = 0; (m = gisa_u8_text_match(&p->ut, related_heads, m));) {
		const char *h = related_heads[m - 1];
		const char *body = h + (*h == '^');
		size_t hw = head_words(body);
		if (!head || hw > words ||
		    (hw == words && strlen(body) > strlen(head))) {
			head = body;
			words = hw;
		}
	}
	if (!head)
		return 0;
	ideo = word_has_ideo(head, strlen(head));
	/* a bare heading ("Related articles", "관련기사", "Most read (5)") */
	if (!p->sh.sentence && (p->nt == words || (p->nt == words + 1 &&
						   tok_digits(p, words))))
		return 1;
	if (p->sh.weight > 30 || (p->sh.sentence && p->sh.weight > 12))
		return 0;
	/* a heading with one link: "Read more: ...", "下一篇：..." */
	if (words <= p->nt && after_tok(p, words - 1) == ':')
		return 2;
	/* scripts that glue the link to the heading: "▶ 관련기사 ...",
	 * "相关阅读 ..." */
	return (ideo || strstr(head, "관련")) && !p->sh.sentence &&
	       p->sh.weight <= 25 ? 2 : 0;
}

/* ---- login, comments, promotions -------------------------------------- */

/* Login, comment and promotion sentences, in short paragraphs. */
static const char *const interface_pats[] = {
	/* login and comments */
	"^log in to", "^log in with", "^log in or", "^log in$",
	"^login to", "^login with", "^login$", "^sign in to",
	"^sign in with", "^sign in or", "^sign in$", "^sign up for",
	"^sign up to", "^sign up now", "^sign up$", "please log in",
	"please sign in", "please login", "must be logged in",
	"must be signed in", "log in to comment", "sign in to comment",
	"to write comments", "to post comments", "to post a comment",
	"to leave a comment", "comments are closed", "comment policy",
	"community guidelines", "comment guidelines",
	"commenting guidelines", "commenting policy", "be the first to comment",
	"no comments yet", "join the conversation", "join the discussion",
	"leave a reply", "leave a comment", "post a comment",
	"add a comment", "view comments", "show comments",
	"load comments", "read comments", "already have an account",
	"create an account", "create a free account", "forgot password",
	"forgot your password", "로그인 후", "로그인이 필요", "로그인하시면",
	"로그인 하시면", "댓글을 작성하려면", "댓글 작성", "첫 댓글",
	"댓글을 남겨", "댓글 운영", "댓글운영", "댓글 정책", "댓글정책",
	"登录后", "登錄後", "请登录", "請登入", "发表评论", "發表評論",
	"暂无评论", "暫無評論", "我要评论", "网友评论", "ログインして",
	"ログインが必要", "ログインすると", "コメントを書く", "会員登録",
	"melden sie sich an", "müssen angemeldet", "kommentar schreiben",
	"kommentare sind geschlossen", "jetzt registrieren",
	"connectez vous", "vous devez être connecté",
	"laisser un commentaire", "ajouter un commentaire",
	"réagir à cet article", "créer un compte", "inicia sesión",
	"inicie sesión", "debes iniciar sesión", "deja un comentario",
	"deje un comentario", "escribe un comentario",
	"comentarios cerrados", "lascia un commento", "faça login",
	"deixe um comentário", "deixe seu comentário",
	/* promotions */
	"sign up for our", "sign up to our", "sign up for the",
	"subscribe to our", "subscribe to the", "subscribe now",
	"^subscribe", "follow us on", "download our app",
	"download the app", "get the app", "join our whatsapp",
	"join our telegram", "join our channel", "click here", "tap here",
	"^read more", "^continue reading", "already a subscriber",
	"become a member", "become a subscriber", "support our journalism",
	"support independent journalism", "support quality journalism",
	"free articles", "unlimited access", "send us your tips",
	"got a tip", "have a news tip", "for more news", "get the latest",
	"stay up to date", "stay informed", "listen to this article",
	"listen to the article", "min read", "minute read",
	"minutes read", "reading time", "reuse this content",
	"republish this article", "licensing rights", "send feedback",
	"report an error", "^skip to main", "^skip to content",
	"^skip navigation", "^learn more about", "^learn more$",
	"report a correction", "saved items", "saved articles",
	"saved stories", "see saved", "in your saved", "to your saved",
	"save for later", "save this article", "save this story",
	"save article", "thank you for reading", "thanks for reading",
	"enable javascript", "javascript is disabled",
	"was this article helpful", "was this story helpful",
	"did you find this article", "did you like this article",
	"were you satisfied with this article", "rate this article",
	"rate this story", "^follow along", "^follow our live",
	"appeared first on", "^source link$", "^original source$",
	"^write your thoughts", "^share your thoughts",
	"^이 기사에 대해", "섹션으로 분류", "기사 섹션 분류",
	"^follow live", "latest updates below$", "live updates below$",
	"live coverage below$", "기사 어떠셨나요", "기사가 마음에 드셨",
	"기사가 도움이 되셨", "기사를 추천",
	/* consent buttons, left behind by a banner */
	"^got it$", "^ok got it$", "^okay got it$", "^i agree$", "^i accept$",
	"^accept and close$", "^agree and close$", "^alles klar$",
	"^verstanden$", "^einverstanden$", "^compris$", "^j'accepte$",
	"^entendido$", "^acepto$", "제보는", "기사제보", "기사 제보", "구독하기",
	"네이버에서", "채널 추가", "카카오톡 채널", "유튜브 구독", "무료 구독",
	"앱 다운로드", "뉴스레터", "关注我们", "关注公众号", "扫码关注",
	"下载客户端", "点击下载", "欢迎关注", "长按", "長按", "公众号",
	"フォローする", "友だち追加", "アプリで読む", "無料登録", "メルマガ",
	"folgen sie uns", "abonnieren sie", "jetzt abonnieren",
	"newsletter abonnieren", "zum newsletter", "^weiterlesen",
	"suivez nous", "abonnez vous", "inscrivez vous",
	"téléchargez l'application", "^lire la suite", "síguenos",
	"suscríbete", "descarga la app", "descarga nuestra",
	"^sigue leyendo", "^leer más", "seguici", "iscriviti",
	"^continua a leggere", "siga nos", "^assine", "^continue lendo",
	"^leia mais", NULL };

static int interface_sentence(const struct para *p)
{
	return p->sh.weight <= 40 && any(p, interface_pats);
}

/* Notices the publisher puts in the article's column, longer than the
 * interface lines: ad-blocker pleas, affiliate disclosures, calls for
 * readers' stories, newsletter consent. Phrases an article does not use
 * about itself. */
static int publisher_notice(const struct para *p)
{
	static const char *const notices[] = {
		"ad blocker is enabled", "adblocker is enabled",
		"disable your ad blocker", "disable your adblocker",
		"turn off your ad blocker", "using an ad blocker",
		"contains affiliate links", "we may earn a commission",
		"we may earn commission", "we earn a commission",
		"may receive a commission", "^got a story",
		"^for more stories like this", NULL };
	static const char *const call[] = {
		"get in touch", "email us", "e mail us", "contact us",
		"send us", "tell us", NULL };
	static const char *const consent[] = {
		"offers", "newsletter*", "unsubscribe", "opt out",
		"at any time", "partners", "sign up", "subscrib*", NULL };

	/* a note on how the article itself was made: "This article was
	 * translated ... with the help of generative AI tools" */
	static const char *const self[] = {
		"^this article", "^this story", "^this piece", "^this content",
		"^the article was", "^dieser artikel", "^cet article",
		"^este artículo", "^questo articolo", "^이 기사는",
		"^본 기사는", "^本文", "^この記事は", NULL };
	/* "This article was published in The Korea Herald, a member of
	 * ...": where the article ran first */
	static const char *const ran[] = {
		"published in", "first published", "originally published",
		"first appeared", "originally appeared", "appeared in",
		"republished", "is reproduced", "reprinted", "media partner",
		"content partner", "news partner", NULL };
	static const char *const made[] = {
		"generative ai", "ai tools", "ai tool", "help of ai",
		"using ai", "by ai", "ai generated", "ai assisted",
		"help of artificial", "using artificial", "translated by",
		"translated from", "translated with", "translated using",
		"originally written in", "übersetzt", "traduit", "traducido",
		"tradotto", "번역", "인공지능", "ai를", "ai로", "翻译", "翻譯",
		"翻訳", "人工智能", NULL };

	if (p->sh.weight > 80)
		return 0;
	if (any(p, notices) ||
	    (any(p, self) && (any(p, made) || (p->sh.weight <= 40 &&
					       any(p, ran)))))
		return 1;
	/* "Seen it happen? Get in touch at news@example.com" */
	if (has(p, "@") && p->sh.weight <= 40 && any(p, call))
		return 1;
	return (pat(p, "our privacy policy") || pat(p, "our privacy notice")) &&
	       any(p, consent);
}

/* A comment-box counter: "(0/250자)", "0/500 characters". */
static int char_counter(const struct para *p)
{
	static const char *const units[] = { "자", "字", "文字", "characters",
					     "chars", "zeichen", "caractères",
					     "caracteres", ")", NULL };
	const char *s = p->s;

	if (p->sh.weight > 15 || p->sh.sentence)
		return 0;
	for (; *s; s++) {
		const char *q = s, *u;
		if (*s < '0' || *s > '9' || (s > p->s && s[-1] >= '0' &&
					    s[-1] <= '9'))
			continue;
		while (*q >= '0' && *q <= '9')
			q++;
		if (*q != '/' || q[1] < '0' || q[1] > '9')
			continue;
		u = q + 1;
		while (*u >= '0' && *u <= '9')
			u++;
		while (*u == ' ')
			u++;
		if (*s == '0' && q == s + 1)
			return 1; /* "0/250" */
		for (const char *const *k = units; *k; k++)
			if (!strncmp(u, *k, strlen(*k)) &&
			    (**k == ')' ? s > p->s && s[-1] == '(' : 1))
				return 1;
	}
	return 0;
}

/* ---- navigation ------------------------------------------------------- */

static int breadcrumb(const struct para *p)
{
	static const char *const seps[] = { ">", "\xE2\x80\xBA", "\xC2\xBB",
					    "\xEF\xBC\x9E", "\xE2\x86\x92",
					    "|", "\xE2\x96\xB8", NULL };
	static const char *const home[] = { "^home", "^홈", "^首页", "^首頁",
					    "^ホーム", "^startseite",
					    "^accueil", "^inicio", NULL };
	int count = 0;

	if (p->sh.sentence || p->sh.weight > 15)
		return 0;
	for (const char *const *s = seps; *s; s++)
		for (const char *q = p->s; (q = strstr(q, *s)); q += strlen(*s))
			count++;
	return count >= 2 || (count == 1 && any(p, home));
}

/* "Source: Reuters", "来源：新华社", "责任编辑：张三", "출처:" */
static int label_line(const struct para *p)
{
	static const char *const labels[] = {
		"^source", "^sources", "^quelle", "^fuente", "^fonte",
		"^editor", "^출처", "^편집", "^来源", "^來源", "^责任编辑",
		"^責任編輯", "^编辑", "^編輯", "^出处", "^校对", "^审核", "^审校",
		NULL };

	if (p->sh.weight > 14 || !p->nt || !any(p, labels))
		return 0;
	char c = after_tok(p, 0);
	return c == ':' || c == '=';
}

/* ---- the classifier --------------------------------------------------- */

static int fragment(const struct para *p)
{
	size_t chars = 0;

	if (!p->nt)
		return 1;
	if (p->nt > 1 || word_has_ideo(p->f, strlen(p->f)))
		return 0;
	for (size_t i = 0; i < p->t[0].len;) {
		uint32_t cp;
		i += gisa_u8_next(p->f + p->t[0].off + i, p->t[0].len - i, &cp);
		chars++;
	}
	/* "s" left over from an icon; "No." is an answer */
	return chars <= 2 && !p->sh.sentence;
}

static int classify(struct para *p, gisa_strv *names)
{
	int rc;

	if (end_mark(p))
		return GISA_P_END;
	if (fragment(p))
		return GISA_P_NOISE;
	if (editor_note(p))
		return GISA_P_EDNOTE;
	if (disclaimer_head(p))
		return GISA_P_END;
	if (copyright_footer(p) || standards_line(p))
		return GISA_P_FOOTER;
	if (cookie_banner(p) || legalese(p))
		return GISA_P_NOISE;
	if (caption(p))
		return GISA_P_CAPTION;
	if (copyright_line(p))
		return GISA_P_NOISE;
	if ((rc = credit(p, names)))
		return rc < 0 ? rc : GISA_P_CREDIT;
	if (p->sh.weight <= 20 && (rc = gisa_byline_match(p->s, names)))
		return rc < 0 ? rc : GISA_P_BYLINE;
	if ((rc = email_line(p, names)))
		return rc < 0 ? rc : GISA_P_BYLINE;
	if ((rc = agency_line(p, names)))
		return rc < 0 ? rc : GISA_P_AGENCY;
	if ((rc = related(p)))
		return rc == 1 ? GISA_P_RELATED : GISA_P_LINK;
	if (ad_marker(p) || interface_sentence(p) || publisher_notice(p) ||
	    char_counter(p) || chrome_words(p) || time_stamp(p) ||
	    breadcrumb(p) || label_line(p))
		return GISA_P_NOISE;
	return GISA_P_BODY;
}

int gisa_boiler_kind(const char *s, gisa_strv *names)
{
	gisa_shape sh;

	return gisa_boiler_classify(s, names, &sh);
}

int gisa_boiler_classify(const char *s, gisa_strv *names, gisa_shape *sh)
{
	struct para p = { s, strlen(s), NULL, NULL, 0, { 0 }, { 0 } };
	gisa_strv scratch = GISA_STRV_INIT;
	int n, kind;

	if (!names)
		names = &scratch;
	if (!(p.f = gisa_u8_fold(s, p.len)))
		return GISA_ENOMEM;
	n = gisa_u8_tokens(p.f, MAX_WORDS, &p.t);
	if (n < 0) {
		free(p.f);
		return n;
	}
	p.nt = (size_t)n;
	gisa_u8_text_init(&p.ut, p.f, p.t, p.nt);
	gisa_boiler_shape(s, &p.sh);
	*sh = p.sh;
	kind = classify(&p, names);
	gisa_strv_clear(&scratch);
	free(p.t);
	free(p.f);
	return kind;
}

/* ---- whole lines of chrome (for generic.c) ----------------------------
 *
 * The lists are phrases seen on news sites in the languages gisa meets
 * most; each is compared with the folded paragraph whole (exact), at its
 * start (prefix) or anywhere (contains). The lists are short on purpose:
 * a false match costs a real paragraph, so only phrases that never open
 * or make up article prose are here. */

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

/* The first byte is compared inline: most entries differ there. A
 * prefix ending in an ASCII letter ends a word: "subscribe" is not the
 * start of "subscribers to the service ..." (other scripts attach
 * particles, so their prefixes match inside words). */
static int starts_with(const char *s, const char *p)
{
	size_t n = strlen(p);

	if (n && *s != *p)
		return 0;
	if (strncmp(s, p, n))
		return 0;
	return !n || !isalpha((unsigned char)p[n - 1]) ||
	       !isalpha((unsigned char)s[n]);
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

/* Whether the folded line buf is one of exact, starts with one of prefix
 * or contains one of contains (each list may be NULL). */
static int listed(const char *buf, const char *const *exact,
		  const char *const *prefix, const char *const *contains)
{
	for (const char *const *p = exact; p && *p; p++)
		if (same(buf, *p))
			return 1;
	for (const char *const *p = prefix; p && *p; p++)
		if (starts_with(buf, *p))
			return 1;
	for (const char *const *p = contains; p && *p; p++)
		if (strstr(buf, *p))
			return 1;
	return 0;
}

int gisa_chrome_line(const char *text)
{
	char buf[256];

	if (strlen(text) > 200)
		return 0;
	fold(text, buf, sizeof buf);
	return listed(buf, junk_exact, junk_prefix, junk_contains);
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
	"originally published", "first published", "this article first",
	"this story first", "this article is republished", "republished from",
	"republished with", "copyright ", "join ", "download the",
	"mit material von", "mit informationen von", "com informações",
	"con información de", "avec afp", "avec reuters", NULL };
static const char *const tail_contains[] = {
	"contributed to this report", "contributed reporting",
	"contributed to this story", "all rights reserved",
	"may not be published, broadcast", NULL };

/* Words that say what an author is, in a bio line. */
static const char *const roles[] = {
	"professor", "lecturer", "researcher", "fellow", "journalist",
	"reporter", "correspondent", "editor", "writer", "author",
	"columnist", "contributor", "student", "analyst", "economist",
	"historian", "scientist", "consultant", "commentator", "freelance",
	NULL };

/* "Jane Roe is a senior researcher at ...": up to four capitalised words,
 * "is a" or "is an", and a role within the next dozen words. */
static int bio_line(const char *text)
{
	const char *s = text, *e;
	int names = 0;

	while (*s == ' ')
		s++;
	while (names < 5 && (unsigned char)*s >= 'A' && *s <= 'Z') {
		while (*s && *s != ' ' && *s != '\n')
			s++;
		while (*s == ' ' || *s == '\n')
			s++;
		names++;
	}
	if (!names || names > 4 || (strncmp(s, "is a", 4) &&
				    strncmp(s, "Is a", 4)))
		return 0;
	s += 4;
	if (*s == 'n')
		s++;
	if (*s != ' ')
		return 0;
	for (e = s; *e && e - s < 80 && *e != '.'; e++)
		;
	for (const char *const *r = roles; *r; r++) {
		const char *h = strstr(s, *r);
		if (h && h < e)
			return 1;
	}
	return 0;
}

int gisa_chrome_tail(const char *text)
{
	char buf[512];

	if (strlen(text) > 400)
		return 0;
	if (bio_line(text))
		return 1;
	fold(text, buf, sizeof buf);
	return listed(buf, NULL, tail_prefix, tail_contains);
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

int gisa_chrome_summary_label(const char *text)
{
	static const char *const exact[] = {
		"key points", "key takeaways", "takeaways", "highlights",
		"story highlights", "at a glance", "in brief", "summary",
		"article summary", "tl;dr", "tldr", NULL };
	char buf[64];

	if (strlen(text) > 40)
		return 0;
	fold(text, buf, sizeof buf);
	for (const char *const *p = exact; *p; p++)
		if (!strcmp(buf, *p))
			return 1;
	return 0;
}
