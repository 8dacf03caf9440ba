/* testserver.h - start and stop tests/fetch/server.py, read its log.
 *
 * Header-only (static functions) so that both the fetch test and
 * bench/fetch.c can use it. The server runs in its own process on
 * 127.0.0.1 with an ephemeral port and exits by itself after its lifetime;
 * ts_stop() ends it earlier. The request log is JSON Lines (see server.py).
 */
#ifndef GISA_TESTSERVER_H
#define GISA_TESTSERVER_H

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef struct ts_server {
	pid_t pid;
	int port;
	char dir[64];
	char log[128];
} ts_server;

/* One logged request. */
typedef struct ts_req {
	double t;   /* arrival, seconds (server's monotonic clock) */
	char host[128];
	char path[512];
	char ua[256];
	char ae[128];
	char cookie[128];
} ts_req;

static inline void ts_sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

/* ts_start - run python3 script (server.py) for at most lifetime_s
 * seconds. Returns 0, or -1 with a reason in why (python3 missing, the
 * server did not come up within 20 s). */
static inline int ts_start(ts_server *s, const char *script, int lifetime_s,
		    const char **why)
{
	char portfile[128], life[16];
	int status;

	memset(s, 0, sizeof *s);
	snprintf(s->dir, sizeof s->dir, "/tmp/gisa-fetch-XXXXXX");
	if (!mkdtemp(s->dir)) {
		*why = "cannot create a temporary folder";
		return -1;
	}
	snprintf(portfile, sizeof portfile, "%s/port", s->dir);
	snprintf(s->log, sizeof s->log, "%s/requests.jsonl", s->dir);
	snprintf(life, sizeof life, "%d", lifetime_s);
	s->pid = fork();
	if (s->pid < 0) {
		*why = "fork failed";
		return -1;
	}
	if (s->pid == 0) {
		/* The server dies with us (a crashed test must not leave
		 * it holding ctest's output pipe), and writes elsewhere. */
		char out[160];
		int fd;
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		snprintf(out, sizeof out, "%s/server.out", s->dir);
		fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
			close(fd);
		}
		execlp("python3", "python3", script, "--port-file", portfile,
		       "--log", s->log, "--lifetime", life, (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 400; i++) {
		FILE *f = fopen(portfile, "r");
		if (f) {
			int ok = fscanf(f, "%d", &s->port) == 1;
			fclose(f);
			if (ok && s->port > 0)
				return 0;
		}
		if (waitpid(s->pid, &status, WNOHANG) == s->pid) {
			s->pid = 0;
			*why = WIFEXITED(status) && WEXITSTATUS(status) == 127 ?
			       "python3 not found" : "the test server exited";
			return -1;
		}
		ts_sleep_ms(50);
	}
	*why = "the test server did not start in 20 s";
	return -1;
}

static inline void ts_stop(ts_server *s)
{
	char path[160];

	if (s->pid > 0) {
		kill(s->pid, SIGTERM);
		waitpid(s->pid, NULL, 0);
		s->pid = 0;
	}
	if (!s->dir[0])
		return;
	snprintf(path, sizeof path, "%s/port", s->dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/server.out", s->dir);
	unlink(path);
	unlink(s->log);
	rmdir(s->dir);
	s->dir[0] = '\0';
}

static inline void ts_copy(char *dst, size_t n, json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	snprintf(dst, n, "%s", v ? v : "");
}

/* ts_log - the requests logged so far, malloc'd array; *n gets the count.
 * The caller frees the array. */
static inline ts_req *ts_log(const ts_server *s, size_t *n)
{
	FILE *f = fopen(s->log, "r");
	ts_req *v = NULL;
	size_t cap = 0;
	char line[8192];

	*n = 0;
	if (!f)
		return NULL;
	while (fgets(line, sizeof line, f)) {
		json_t *o = json_loads(line, 0, NULL);
		if (!o)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			v = realloc(v, cap * sizeof *v);
		}
		ts_req *r = &v[(*n)++];
		r->t = json_number_value(json_object_get(o, "t"));
		ts_copy(r->host, sizeof r->host, o, "host");
		ts_copy(r->path, sizeof r->path, o, "path");
		ts_copy(r->ua, sizeof r->ua, o, "ua");
		ts_copy(r->ae, sizeof r->ae, o, "ae");
		ts_copy(r->cookie, sizeof r->cookie, o, "cookie");
		json_decref(o);
	}
	fclose(f);
	return v;
}

/* ts_count - logged requests to host whose path starts with prefix. */
static inline size_t ts_count(const ts_req *v, size_t n, const char *host,
		       const char *prefix)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].host, host) &&
		    !strncmp(v[i].path, prefix, strlen(prefix)))
			c++;
	return c;
}

/* ts_min_gap - the shortest time between two consecutive requests to
 * host (the log is in arrival order), or 1e9 with fewer than two. */
static inline double ts_min_gap(const ts_req *v, size_t n, const char *host,
			 size_t *count)
{
	double last = -1, gap = 1e9;

	*count = 0;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(v[i].host, host))
			continue;
		if (last >= 0 && v[i].t - last < gap)
			gap = v[i].t - last;
		last = v[i].t;
		(*count)++;
	}
	return gap;
}

#endif
