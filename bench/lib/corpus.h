/* corpus.h - what every benchmark needs: pages loaded into memory (so no
 * I/O is timed), CPU clocks and peak RSS. */
#ifndef GISA_BENCH_CORPUS_H
#define GISA_BENCH_CORPUS_H

#include <stddef.h>

typedef struct bench_page {
	char *name;   /* file name without directory and .html/.html.gz */
	char *data;   /* the page, inflated, NUL-terminated */
	size_t len;
} bench_page;

typedef struct bench_corpus {
	bench_page *pages;
	size_t n;
	size_t bytes;
} bench_corpus;

/* bench_shared - $GISA_SHARED/rel or ../shared/rel; NULL when absent. */
const char *bench_shared(const char *rel);
/* bench_corpus_load - every *.html and *.html.gz file in dir, sorted by
 * name. Returns 0, or -1 with a message on stderr. */
int bench_corpus_load(const char *dir, bench_corpus *c);
void bench_corpus_free(bench_corpus *c);
/* bench_cpu - this thread's CPU time in seconds. */
double bench_cpu(void);
/* bench_wall - monotonic wall-clock seconds. */
double bench_wall(void);
/* bench_peak_rss_mb - the process's peak resident set size in MiB. */
double bench_peak_rss_mb(void);

#endif
