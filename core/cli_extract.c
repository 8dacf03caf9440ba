/* cli_extract.c - `gisa extract`: pages in, article records out.
 *
 * With several inputs, pages are extracted by a pool of worker threads
 * and printed in input order. Workers run at most WINDOW pages ahead of
 * the printer, so memory stays bounded however many inputs there are.
 */
#include "buf.h"
#include "cli.h"
#include "error.h"
#include "extract.h"
#include "io.h"
#include "record.h"
#include "rules.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum format { FMT_AUTO, FMT_JSON, FMT_JSONL };

struct job {
	const char *path;
	char *json;   /* the serialized record, or NULL on failure */
	char *error;  /* the failure message */
	int done;
};

struct pool {
	struct job *jobs;
	size_t n, next, printed, window;
	size_t shown; /* records printed (for the JSON array's commas) */
	gisa_extract_opts opts;
	const char *dirs[64];  /* --rules DIR..., after the bundled rules */
	size_t ndirs;
	size_t json_flags;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

static char *failure(const char *path, const char *what)
{
	gisa_buf b = GISA_BUF_INIT;
	if (gisa_buf_printf(&b, "%s: %s", path, what) < 0)
		return NULL;
	return gisa_buf_detach(&b);
}

/* Extract one input into job->json or job->error. */
static void run_job(struct job *job, const gisa_extract_opts *opts,
		    size_t json_flags)
{
	gisa_article a = GISA_ARTICLE_INIT;
	char *data = NULL;
	size_t len;
	json_t *obj = NULL;
	int rc;

	rc = gisa_read_input(job->path, 0, &data, &len);
	if (rc < 0) {
		job->error = failure(job->path, rc == GISA_EIO ?
				     strerror(errno) : gisa_strerror(rc));
		return;
	}
	rc = gisa_extract(data, len, opts, &a);
	if (rc == 0)
		rc = gisa_record_to_json(&a, &obj);
	if (rc == 0 && !(job->json = json_dumps(obj, json_flags)))
		rc = GISA_ENOMEM;
	if (rc < 0)
		job->error = failure(job->path, gisa_strerror(rc));
	json_decref(obj);
	gisa_article_clear(&a);
	free(data);
}

static void *worker(void *arg)
{
	struct pool *p = arg;
	gisa_extract_opts opts = p->opts;

	/* Errors were already reported by the main thread's registry. */
	gisa_cli_open_rules("extract", p->dirs, p->ndirs,
			    GISA_CLI_RULES_BUILTIN | GISA_CLI_RULES_QUIET,
			    &opts.rules);
	for (;;) {
		pthread_mutex_lock(&p->mu);
		while (p->next < p->n && p->next >= p->printed + p->window)
			pthread_cond_wait(&p->cv, &p->mu);
		if (p->next >= p->n) {
			pthread_mutex_unlock(&p->mu);
			gisa_rules_close(opts.rules);
			return NULL;
		}
		struct job *job = &p->jobs[p->next++];
		pthread_mutex_unlock(&p->mu);

		run_job(job, &opts, p->json_flags);

		pthread_mutex_lock(&p->mu);
		job->done = 1;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
	}
}

/* Print job i once it is done; returns 1 if it failed. */
static int print_job(struct pool *p, size_t i, enum format fmt)
{
	struct job *job = &p->jobs[i];
	int failed = 0;

	pthread_mutex_lock(&p->mu);
	while (!job->done)
		pthread_cond_wait(&p->cv, &p->mu);
	pthread_mutex_unlock(&p->mu);
	if (job->json) {
		if (fmt == FMT_JSON && p->n > 1)
			fputs(p->shown ? ",\n" : "[\n", stdout);
		fputs(job->json, stdout);
		if (fmt != FMT_JSON || p->n == 1)
			fputc('\n', stdout);
		p->shown++;
	} else {
		fprintf(stderr, "gisa: %s\n",
			job->error ? job->error : "out of memory");
		failed = 1;
	}
	free(job->json);
	free(job->error);
	job->json = job->error = NULL;
	pthread_mutex_lock(&p->mu);
	p->printed++;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	return failed;
}

static int run_pool(struct pool *p, long jobs, enum format fmt)
{
	pthread_t *threads;
	long started = 0;
	int failed = 0;

	if (jobs > (long)p->n)
		jobs = (long)p->n;
	threads = calloc((size_t)jobs, sizeof *threads);
	for (; threads && started < jobs; started++)
		if (pthread_create(&threads[started], NULL, worker, p) != 0)
			break;
	if (started == 0) { /* no threads to be had: do the work here */
		for (size_t i = 0; i < p->n; i++) {
			run_job(&p->jobs[i], &p->opts, p->json_flags);
			p->jobs[i].done = 1;
		}
	}
	for (size_t i = 0; i < p->n; i++)
		failed |= print_job(p, i, fmt);
	if (fmt == FMT_JSON && p->n > 1)
		fputs(p->shown ? "\n]\n" : "[]\n", stdout);
	for (long t = 0; t < started; t++)
		pthread_join(threads[t], NULL);
	free(threads);
	return failed;
}

/* The main thread's registry: reports rules that fail to load, checks
 * --rule, and serves when no worker thread could start. */
static int open_main_rules(struct pool *p)
{
	gisa_cli_open_rules("extract", p->dirs, p->ndirs,
			    GISA_CLI_RULES_BUILTIN, &p->opts.rules);
	if (p->opts.rule && !(p->opts.rules &&
			      gisa_rules_file(p->opts.rules, p->opts.rule))) {
		fprintf(stderr, "gisa extract: no rule named '%s'\n",
			p->opts.rule);
		gisa_rules_close(p->opts.rules);
		return -1;
	}
	return 0;
}

static long default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? n : 1;
}

int gisa_cmd_extract(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "url", required_argument, 0, 'u' },
		{ "format", required_argument, 0, 'f' },
		{ "charset", required_argument, 0, 'c' },
		{ "jobs", required_argument, 0, 'j' },
		{ "rule", required_argument, 0, 'r' },
		{ "rules", required_argument, 0, 'R' },
		{ "help", no_argument, 0, 'h' },
		{ 0, 0, 0, 0 } };
	struct pool p = { .mu = PTHREAD_MUTEX_INITIALIZER,
			  .cv = PTHREAD_COND_INITIALIZER };
	enum format fmt = FMT_AUTO;
	long jobs = default_jobs();
	int c, failed;

	optind = 1;
	while ((c = getopt_long(argc, argv, "u:f:c:j:r:R:h", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'u': p.opts.url = optarg; break;
		case 'r': p.opts.rule = optarg; break;
		case 'R':
			if (p.ndirs == sizeof p.dirs / sizeof p.dirs[0])
				return gisa_cli_usage("extract",
					"too many --rules directories");
			p.dirs[p.ndirs++] = optarg;
			break;
		case 'c': p.opts.charset = optarg; break;
		case 'f':
			if (!strcmp(optarg, "json"))
				fmt = FMT_JSON;
			else if (!strcmp(optarg, "jsonl"))
				fmt = FMT_JSONL;
			else
				return gisa_cli_usage("extract",
					"--format must be json or jsonl");
			break;
		case 'j':
			jobs = strtol(optarg, NULL, 10);
			if (jobs < 1 || jobs > 256)
				return gisa_cli_usage("extract",
					"--jobs must be 1..256");
			break;
		case 'h': return gisa_cli_help("extract");
		default: return gisa_cli_usage("extract", NULL);
		}
	}
	p.n = (size_t)(argc - optind);
	if (!p.n)
		return gisa_cli_usage("extract", "no input given");
	if (p.opts.url && p.n > 1)
		return gisa_cli_usage("extract", "--url needs a single input");
	if (fmt == FMT_AUTO)
		fmt = p.n == 1 ? FMT_JSON : FMT_JSONL;
	p.json_flags = JSON_PRESERVE_ORDER |
		       (fmt == FMT_JSON ? JSON_INDENT(2) : JSON_COMPACT);
	if (open_main_rules(&p) < 0)
		return GISA_EXIT_USAGE;
	p.window = (size_t)jobs * 4;
	p.jobs = calloc(p.n, sizeof *p.jobs);
	if (!p.jobs) {
		fprintf(stderr, "gisa: out of memory\n");
		return GISA_EXIT_FAILED;
	}
	for (size_t i = 0; i < p.n; i++)
		p.jobs[i].path = argv[optind + (int)i];
	failed = run_pool(&p, jobs, fmt);
	gisa_rules_close(p.opts.rules);
	free(p.jobs);
	return failed ? GISA_EXIT_FAILED : GISA_EXIT_OK;
}
