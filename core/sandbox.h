/* sandbox.h - one locked-down Lua state with memory, instruction and time
 * budgets (the machinery under rules.h; see there for the policy).
 *
 * The state holds the safe libraries, the gisa API (luadom.h) and the
 * prelude (scripts/lib/NAME.lua, embedded at build time), after which its
 * globals and library tables are read-only. Budgets: memory for the
 * state's whole life; instructions and wall-clock time from one
 * gisa_sandbox_begin() to the next. When a budget runs out the state is
 * "killed": every following VM instruction raises the limit error again,
 * so no pcall inside the script can swallow it, and the owner should
 * free the state once the call returns.
 */
#ifndef GISA_SANDBOX_H
#define GISA_SANDBOX_H

#include <stddef.h>
#include <lua.h>

#include "rules.h"

/* Why a state was killed. */
enum { GISA_SB_ALIVE, GISA_SB_INSTR, GISA_SB_TIME, GISA_SB_MEM };

/* Instructions between two runs of the count hook: the granularity of the
 * instruction budget and of the clock checks. */
#define GISA_SB_HOOK_PERIOD 1000

typedef struct gisa_sandbox {
	lua_State *L;
	size_t mem;          /* bytes the state holds now */
	size_t mem_peak;
	size_t mem_limit;
	size_t mem_request;  /* the allocation that crossed the limit */
	int mem_retry;       /* the last request was refused once */
	long instr;          /* instructions since gisa_sandbox_begin */
	long instr_limit;
	double t0;           /* monotonic seconds at gisa_sandbox_begin */
	double time_limit;
	int killed;          /* GISA_SB_* */
	char near[80];       /* "FILE:LINE" at the last hook run, for limits
			      * reached where Lua gives no place (memory) */
	void *dom;           /* luadom.c's per-state data */
	gisa_strv *log;      /* where gisa.log() writes (NULL: nowhere) */
} gisa_sandbox;

/* gisa_sandbox_new - a new sandbox with the prelude loaded. Returns 0;
 * GISA_ENOMEM; or GISA_ERULE with the prelude's error in err (a bug in
 * scripts/lib, or a memory limit too small to hold it). */
int gisa_sandbox_new(const gisa_rules_opts *o, gisa_sandbox **out,
		     char *err, size_t errlen);

/* gisa_sandbox_free - close the state (NULL is fine). */
void gisa_sandbox_free(gisa_sandbox *sb);

/* gisa_sandbox_begin - start a new unit of work (a page, a file load):
 * reset the instruction count and the clock. */
void gisa_sandbox_begin(gisa_sandbox *sb);

/* gisa_sandbox_call - lua_pcall(L, nargs, nres) with a traceback handler.
 * Returns 0 (results on the stack) or GISA_ERULE with the message and
 * traceback in err ("FILE:LINE: message\nstack traceback:..."; a limit
 * is named as such), the stack popped to below the function. */
int gisa_sandbox_call(gisa_sandbox *sb, int nargs, int nres, char *err,
		      size_t errlen);

/* gisa_sandbox_internal - push the prelude's internal table (the
 * functions C calls: compile, run), or nil. */
void gisa_sandbox_internal(gisa_sandbox *sb);

/* gisa_sandbox_of - the sandbox owning L (any of its threads). */
gisa_sandbox *gisa_sandbox_of(lua_State *L);

/* gisa_sandbox_charge - count n units of work done outside the VM (pattern
 * steps, table shifts) against the instruction budget, and check the
 * clock; raises the limit error (does not return) when a budget is spent
 * or the state was already killed. */
void gisa_sandbox_charge(lua_State *L, long n);

/* gisa_sandbox_now - monotonic seconds. */
double gisa_sandbox_now(void);

#endif
