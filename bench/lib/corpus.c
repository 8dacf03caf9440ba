/* corpus.c - loading benchmark pages and measuring (see corpus.h). */
#include "corpus.h"
#include "io.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

const char *bench_shared(const char *rel)
{
	static char buf[4096];
	const char *sh = getenv("GISA_SHARED");
	struct stat st;

	snprintf(buf, sizeof buf, "%s/%s", sh ? sh : "../shared", rel);
	return stat(buf, &st) == 0 ? buf : NULL;
}

static int is_page(const char *name, size_t *stem)
{
	size_t n = strlen(name);
	if (n > 8 && strcmp(name + n - 8, ".html.gz") == 0) {
		*stem = n - 8;
		return 1;
	}
	if (n > 5 && strcmp(name + n - 5, ".html") == 0) {
		*stem = n - 5;
		return 1;
	}
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const bench_page *)a)->name,
		      ((const bench_page *)b)->name);
}

int bench_corpus_load(const char *dir, bench_corpus *c)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4096];
	size_t stem;

	memset(c, 0, sizeof *c);
	if (!d) {
		fprintf(stderr, "bench: cannot open %s\n", dir);
		return -1;
	}
	while ((e = readdir(d))) {
		if (!is_page(e->d_name, &stem))
			continue;
		bench_page p = { strndup(e->d_name, stem), NULL, 0 };
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (gisa_read_input(path, 0, &p.data, &p.len) < 0) {
			fprintf(stderr, "bench: cannot read %s\n", path);
			free(p.name);
			continue;
		}
		c->pages = realloc(c->pages, (c->n + 1) * sizeof *c->pages);
		c->pages[c->n++] = p;
		c->bytes += p.len;
	}
	closedir(d);
	qsort(c->pages, c->n, sizeof *c->pages, by_name);
	return 0;
}

void bench_corpus_free(bench_corpus *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->pages[i].name);
		free(c->pages[i].data);
	}
	free(c->pages);
	memset(c, 0, sizeof *c);
}

static double clock_s(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double bench_cpu(void)
{
	return clock_s(CLOCK_THREAD_CPUTIME_ID);
}

double bench_wall(void)
{
	return clock_s(CLOCK_MONOTONIC);
}

double bench_peak_rss_mb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_maxrss / 1024.0;
}
