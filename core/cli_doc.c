/* cli_doc.c - `gisa select` and `gisa text`: look inside one page. */
#include "cli.h"
#include "error.h"
#include "extract.h"
#include "html.h"
#include "io.h"
#include "select.h"
#include "text.h"

#include <errno.h>
#include <getopt.h>
#include <libxml/HTMLtree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int gisa_cli_load_doc(const char *path, const char *charset, const char *url,
		      gisa_doc **doc)
{
	char *data;
	size_t len;
	int rc = gisa_read_input(path, 0, &data, &len);

	if (rc < 0) {
		fprintf(stderr, "gisa: %s: %s\n", path, rc == GISA_EIO ?
			strerror(errno) : gisa_strerror(rc));
		return rc;
	}
	rc = gisa_page_parse(data, len, charset, url, doc, NULL);
	free(data);
	if (rc < 0)
		fprintf(stderr, "gisa: %s: %s\n", path, gisa_strerror(rc));
	return rc;
}

static void print_node(xmlNodePtr n, int html)
{
	if (html) {
		xmlBufferPtr buf = xmlBufferCreate();
		if (buf && htmlNodeDump(buf, n->doc, n) >= 0)
			printf("%s\n", (const char *)xmlBufferContent(buf));
		xmlBufferFree(buf);
		return;
	}
	char *s = gisa_text_inline(n);
	printf("%s\n", s ? s : "");
	free(s);
}

/* Print each match of expr in doc; returns 0 or a negative code. */
static int select_in(gisa_doc *doc, const char *expr, int xpath, int html,
		     const char *path)
{
	gisa_nodes nodes = GISA_NODES_INIT;
	char err[256] = "";
	int rc;

	if (xpath) {
		rc = gisa_xpath(doc->xml, NULL, expr, &nodes, err, sizeof err);
		if (rc == GISA_ESELECTOR) { /* a number, string or boolean? */
			char *value = NULL;
			if (gisa_xpath_string(doc->xml, NULL, expr, &value,
					      NULL, 0) == 0) {
				printf("%s\n", value);
				rc = 0;
			}
			free(value);
		}
	} else {
		rc = gisa_select_css(expr, (xmlNodePtr)doc->xml, &nodes,
				     err, sizeof err);
	}
	if (rc < 0)
		fprintf(stderr, "gisa: %s: %s\n",
			rc == GISA_ESELECTOR ? expr : path,
			*err ? err : gisa_strerror(rc));
	for (size_t i = 0; i < nodes.n; i++)
		print_node(nodes.v[i], html);
	gisa_nodes_clear(&nodes);
	return rc < 0 ? rc : 0;
}

int gisa_cmd_select(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "xpath", no_argument, 0, 'x' },
		{ "html", no_argument, 0, 'H' },
		{ "charset", required_argument, 0, 'c' },
		{ "help", no_argument, 0, 'h' },
		{ 0, 0, 0, 0 } };
	int xpath = 0, html = 0, c, failed = 0;
	const char *charset = NULL;

	optind = 1;
	while ((c = getopt_long(argc, argv, "xHc:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'x': xpath = 1; break;
		case 'H': html = 1; break;
		case 'c': charset = optarg; break;
		case 'h': return gisa_cli_help("select");
		default: return gisa_cli_usage("select", NULL);
		}
	}
	if (argc - optind < 2)
		return gisa_cli_usage("select", "need an expression and a file");
	for (int i = optind + 1; i < argc; i++) {
		gisa_doc *doc = NULL;
		int rc = gisa_cli_load_doc(argv[i], charset, NULL, &doc);
		if (rc == 0)
			rc = select_in(doc, argv[optind], xpath, html, argv[i]);
		gisa_doc_free(doc);
		if (rc == GISA_ESELECTOR)
			return GISA_EXIT_USAGE;
		failed |= rc < 0;
	}
	return failed ? GISA_EXIT_FAILED : GISA_EXIT_OK;
}

int gisa_cmd_text(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "charset", required_argument, 0, 'c' },
		{ "help", no_argument, 0, 'h' },
		{ 0, 0, 0, 0 } };
	const char *charset = NULL;
	int c, failed = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "c:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'c': charset = optarg; break;
		case 'h': return gisa_cli_help("text");
		default: return gisa_cli_usage("text", NULL);
		}
	}
	if (optind >= argc)
		return gisa_cli_usage("text", "no input given");
	for (int i = optind; i < argc; i++) {
		gisa_doc *doc = NULL;
		char *s = NULL;
		if (gisa_cli_load_doc(argv[i], charset, NULL, &doc) == 0)
			s = gisa_text((xmlNodePtr)doc->xml);
		if (s)
			printf("%s%s\n", i > optind ? "\n" : "", s);
		failed |= !s;
		free(s);
		gisa_doc_free(doc);
	}
	return failed ? GISA_EXIT_FAILED : GISA_EXIT_OK;
}
