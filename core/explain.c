/* explain.c - the explain record (see explain.h). */
#include "explain.h"
#include "error.h"

#include <stdlib.h>
#include <string.h>

int gisa_explain_set(char **slot, const char *s)
{
	char *copy = NULL;

	if (s && !(copy = strdup(s)))
		return GISA_ENOMEM;
	free(*slot);
	*slot = copy;
	return 0;
}

const gisa_explain_field *gisa_explain_field_find(const gisa_explain *ex,
						  const char *name)
{
	for (size_t i = 0; i < ex->n_fields; i++)
		if (strcmp(ex->fields[i].field, name) == 0)
			return &ex->fields[i];
	return NULL;
}

gisa_explain_field *gisa_explain_field_get(gisa_explain *ex,
					   const char *name)
{
	gisa_explain_field *f;

	f = (gisa_explain_field *)gisa_explain_field_find(ex, name);
	if (f)
		return f;
	f = realloc(ex->fields, (ex->n_fields + 1) * sizeof *f);
	if (!f)
		return NULL;
	ex->fields = f;
	f += ex->n_fields;
	memset(f, 0, sizeof *f);
	f->nodes = -1;
	if (!(f->field = strdup(name)))
		return NULL;
	ex->n_fields++;
	return f;
}

int gisa_explain_time(gisa_explain *ex, const char *name, double ms)
{
	gisa_explain_stage *s;

	for (size_t i = 0; i < ex->n_stages; i++)
		if (strcmp(ex->stages[i].name, name) == 0) {
			ex->stages[i].ms += ms;
			return 0;
		}
	s = realloc(ex->stages, (ex->n_stages + 1) * sizeof *s);
	if (!s)
		return GISA_ENOMEM;
	ex->stages = s;
	if (!(s[ex->n_stages].name = strdup(name)))
		return GISA_ENOMEM;
	s[ex->n_stages++].ms = ms;
	return 0;
}

static void field_clear(gisa_explain_field *f)
{
	free(f->field);
	free(f->origin);
	free(f->selector);
	free(f->value);
	gisa_strv_clear(&f->tried);
	gisa_strv_clear(&f->removed);
	gisa_strv_clear(&f->notes);
}

void gisa_explain_clear(gisa_explain *ex)
{
	for (size_t i = 0; i < ex->n_fields; i++)
		field_clear(&ex->fields[i]);
	free(ex->fields);
	for (size_t i = 0; i < ex->n_stages; i++)
		free(ex->stages[i].name);
	free(ex->stages);
	free(ex->rule);
	free(ex->why);
	gisa_strv_clear(&ex->log);
	memset(ex, 0, sizeof *ex);
	ex->instructions = -1;
}
