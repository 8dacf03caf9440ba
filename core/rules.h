/* rules.h - the rule registry and the Lua sandbox rules run in.
 *
 * A rule is one Lua 5.4 file returning a table (docs/writing-rules.md).
 * gisa_rules_open() reads every *.lua file of the given directories once,
 * evaluates each in a throw-away sandbox to learn its name, domains, feeds,
 * time zone and clean patterns, and keeps the file's bytes. The Lua state
 * that runs a rule is created on the rule's first gisa_rules_apply() and
 * reused for the documents after it (one state per rule: rules never see
 * each other).
 *
 * The sandbox: only the base library (without dofile, loadfile, binary
 * chunks, string.dump, and collectgarbage beyond "count"/"collect"/"step"),
 * string, table, math, utf8 and coroutine; no io, os, require, package,
 * debug. Globals and library tables are read-only, the string metatable is
 * hidden, __gc metamethods are refused (finalizers run with hooks off, so a
 * looping one could not be stopped). Lua's pattern functions are replaced
 * by gisa's own implementation of the same language that counts its steps
 * against the instruction budget (Lua's own matcher cannot be interrupted).
 *
 * Limits, per rule state: memory (a counting allocator; default 64 MiB);
 * per document: an instruction budget (count hook; default
 * GISA_RULES_INSTR_DEFAULT) and a wall-clock budget (default 2 s). Once
 * one is hit the hook raises on every instruction, so a rule's own pcall
 * cannot swallow it, and the state is closed (and made afresh on the next
 * page). The process never dies because of a rule.
 *
 * A registry is NOT thread-safe: open one per thread.
 */
#ifndef GISA_RULES_H
#define GISA_RULES_H

#include <stddef.h>

#include "article.h"
#include "html.h"
#include "strv.h"

struct gisa_explain;

/* The default instruction budget per document. A declarative rule costs
 * about 4,000-12,000 VM instructions a page (bench/rules: 3,700 on average
 * over the AEB pages; the shipped rules 6,000-11,000 under explain), and a
 * fixup that walks every paragraph with a few patterns some 10^5; pattern
 * steps, table shifts and big allocations (1 unit per 64 bytes) count too.
 * 2*10^7 leaves two orders of magnitude of headroom and still stops a
 * runaway loop in about 0.1 s on this class of machine. */
#define GISA_RULES_INSTR_DEFAULT 20000000L
#define GISA_RULES_MEM_DEFAULT ((size_t)64 << 20)
#define GISA_RULES_TIME_DEFAULT 2.0

typedef struct gisa_rules gisa_rules;

typedef struct gisa_rules_opts {
	size_t mem_limit;   /* bytes per rule state; 0: 64 MiB */
	long instr_limit;   /* VM instructions per document; 0: default */
	double time_limit;  /* seconds per document; 0: 2 s */
} gisa_rules_opts;

/* gisa_rules_open - read the rules in dirs[0..ndirs) (each *.lua file, in
 * name order; a later directory overrides an earlier one rule by rule
 * name). A file that fails to load (syntax error, runtime error, a limit,
 * a bad field) is skipped and reported in errors as "FILE:LINE: message";
 * a directory that cannot be read is reported the same way. errors may be
 * NULL. o may be NULL (defaults). Returns 0 with *out owning a registry
 * (possibly empty), or GISA_ENOMEM / GISA_EINVAL (ndirs and dirs disagree)
 * with *out NULL. */
int gisa_rules_open(const char *const *dirs, size_t ndirs,
		    const gisa_rules_opts *o, gisa_rules **out,
		    gisa_strv *errors);

/* gisa_rules_count / gisa_rules_name - the loaded rules, sorted by name;
 * name(i) is NULL past the end. */
size_t gisa_rules_count(const gisa_rules *r);
const char *gisa_rules_name(const gisa_rules *r, size_t i);

/* gisa_rules_file - the path of rule name's file, or NULL. */
const char *gisa_rules_file(const gisa_rules *r, const char *name);

/* gisa_rules_match - the name of the rule serving url, or NULL. A rule's
 * domain "example.com" serves example.com and its subdomains; a domain
 * with a path, "example.com/news", serves only URLs under that path. The
 * longest match (host plus path) wins; ties go to the rule first by name.
 * The host is compared case-insensitively, the path as is. If why is not
 * NULL it receives a description of the match ("en.yna.co.kr matches
 * domain yna.co.kr") in a static per-registry buffer. */
const char *gisa_rules_match(gisa_rules *r, const char *url);
const char *gisa_rules_match_why(gisa_rules *r, const char *url,
				 const char **why);

/* gisa_rules_for_page - the rule serving a page: by url when given, else
 * by the page's own URL (<link rel=canonical>, then og:url). NULL when
 * none matches. why, when not NULL, gets a description (per-registry
 * buffer, valid until the next call) saying which URL matched and how. */
const char *gisa_rules_for_page(gisa_rules *r, const char *url,
				const gisa_doc *doc, const char **why);

/* gisa_rules_timezone - the rule's time zone ("Asia/Seoul") or NULL. */
const char *gisa_rules_timezone(const gisa_rules *r, const char *name);

/* gisa_rules_clean - the rule's text patterns removing whole paragraphs
 * (Lua patterns, see docs/writing-rules.md), or NULL for no such rule. */
const gisa_strv *gisa_rules_clean(const gisa_rules *r, const char *name);

/* gisa_rules_feeds / gisa_rules_sitemaps / gisa_rules_domains - append
 * the rule's lists to out. Return the number appended, GISA_ENOTFOUND (no
 * such rule) or GISA_ENOMEM. */
int gisa_rules_feeds(const gisa_rules *r, const char *name, gisa_strv *out);
int gisa_rules_sitemaps(const gisa_rules *r, const char *name,
			gisa_strv *out);
int gisa_rules_domains(const gisa_rules *r, const char *name,
		       gisa_strv *out);

/* gisa_rules_sections - append the rule's section pages (URLs whose
 * links its discover function reads) to out; as gisa_rules_feeds. A rule
 * lists sections if and only if it has a discover function (checked at
 * load). */
int gisa_rules_sections(const gisa_rules *r, const char *name,
			gisa_strv *out);

/* gisa_rules_schedule - the rule's schedule: the least number of seconds
 * between two discovery passes over its feeds, sitemaps and sections; 0
 * when it gives none (every run), GISA_ENOTFOUND for no such rule. */
long long gisa_rules_schedule(const gisa_rules *r, const char *name);

/* The most article URLs one section page gives (the rest are dropped
 * and counted): a section page lists tens, a runaway loop millions. */
#define GISA_RULES_DISCOVER_MAX 1000

typedef struct gisa_rules_discovered {
	size_t junk;   /* returned values that were not web URLs: skipped */
	size_t over;   /* distinct URLs beyond GISA_RULES_DISCOVER_MAX */
} gisa_rules_discovered;

/* gisa_rules_discover - run rule name's discover(doc) on a section page
 * in the rule's sandbox, with the budgets of gisa_rules_apply. The URLs it
 * returns are resolved against doc->url, normalized (urlnorm.h) and
 * appended to out without repeats, at most GISA_RULES_DISCOVER_MAX;
 * values that are not strings or not web URLs are skipped. info (may be
 * NULL) gets what was skipped and dropped. Returns the number appended;
 * GISA_ENOTFOUND (no such rule), GISA_EINVAL (it has no discover; err
 * says so), GISA_ERULE (it raised, hit a limit or returned something
 * other than a list: err as gisa_rules_apply; out untouched),
 * GISA_ENOMEM. */
int gisa_rules_discover(gisa_rules *r, const char *name, gisa_doc *doc,
			gisa_strv *out, gisa_rules_discovered *info,
			char *err, size_t errlen);

/* gisa_rules_apply - run rule name over doc and write the fields it gives
 * into a, replacing what a held for those fields; fields the rule leaves
 * empty are untouched. Sets a->source = name, a->extractor = "rule:NAME"
 * and a->origin[f] ("rule:selector", "rule:function", "rule:fixup") for
 * each field set. Dates are read in the rule's time zone. The rule's
 * `clean` patterns are applied to the body paragraphs. doc may be changed
 * by the rule (node:remove()); `drop` lists never change it.
 *
 * ex may be NULL; otherwise per-field details and the time spent are
 * added to it (explain.h).
 *
 * Returns 0; GISA_ENOTFOUND (no rule by that name; err says so);
 * GISA_ERULE when the rule failed: err gets "rule NAME: FILE:LINE:
 * message\nstack traceback..." (a runtime error, a limit, a bad value),
 * and a is left as it was. GISA_ENOMEM when C-side memory ran out. err is
 * always NUL-terminated when errlen > 0. */
int gisa_rules_apply(gisa_rules *r, const char *name, gisa_doc *doc,
		     gisa_article *a, struct gisa_explain *ex, char *err,
		     size_t errlen);

/* gisa_rules_clean_body - apply rule name's `clean` patterns to the
 * paragraphs paras, as gisa_rules_apply() does to a page's body (one
 * implementation, in the rule's sandbox and under its budgets): a
 * one-line paragraph that matches a pattern is removed; in a paragraph of
 * several lines each matching line is, and the paragraph goes when no
 * line is left. The lines removed are appended to removed (may be NULL).
 * Returns 0 (paras replaced by what is kept); GISA_ENOTFOUND (no such
 * rule; err says so); GISA_ERULE (the rule's state failed to load or hit
 * a limit; err gets "rule NAME: message", paras is unchanged);
 * GISA_EINVAL; GISA_ENOMEM. err is always NUL-terminated when errlen > 0;
 * it may be NULL. */
int gisa_rules_clean_body(gisa_rules *r, const char *name, gisa_strv *paras,
			  gisa_strv *removed, char *err, size_t errlen);

/* gisa_rules_normalize_text - gisa_normalize_text() for text that came
 * from source name (`gisa normalize --source`): the text is read
 * (gisa_normalize_read), the rule's clean patterns remove lines
 * (gisa_rules_clean_body), then gisa_normalize() runs, as in extraction.
 * When no author was found, or only agencies (a masthead, a credit line)
 * while a byline among the lines clean removed names people, bylines and
 * agency credits among those lines name them (on a page the rule's
 * `authors` reads those before clean runs). Returns what those functions
 * return. */
int gisa_rules_normalize_text(gisa_rules *r, const char *name,
			      const char *text, size_t len, const char *lang,
			      gisa_article *a, char *err, size_t errlen);

/* gisa_rules_stats - VM instructions (to within the hook's granularity)
 * and Lua bytes in use after the last gisa_rules_apply() of this rule;
 * for benchmarks and `gisa explain`. Returns GISA_ENOTFOUND or 0. */
int gisa_rules_stats(const gisa_rules *r, const char *name, long *instr,
		     size_t *mem);

void gisa_rules_close(gisa_rules *r);

#endif
