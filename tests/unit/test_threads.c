/*
** test_threads.c: the threading rule of ctx.h, "one MdfCtx per thread".
** Several threads each compile the same input in their own context and
** sweep every layer with their own evaluators (core API), and through their
** own session (session.h); every thread's figures must equal the ones a
** single thread computes first.  Built with -fsanitize=thread
** (-DMDFC_SANITIZE_THREAD=ON, `make test-tsan`, run by .ci/run) this is the
** ThreadSanitizer check: any data race between the contexts fails it.
*/
#include <pthread.h>
#include <string.h>
#include "mdfc/cost.h"
#include "mdfc/mdfc.h"
#include "mdfc/session.h"
#include "unit.h"

const char *SUITE = "threads";

enum { NTHREADS = 4, NPES = 6, MAXL = 8 };
static const int64_t pes[NPES] = {16, 32, 64, 168, 256, 1024};

typedef struct Figures {
	bool ok;                            /* compiled and every point evaluated */
	uint32_t nlayers;
	int64_t runtime[MAXL][NPES];
	double energy[MAXL][NPES];
	double session[MAXL][NPES][MDF_NFIGURES];
} Figures;

#define INPUT MDFC_SOURCE_DIR "/examples/quickstart/stdlib.mdf"

static void
core_api(Figures *f)
{
	MdfOptions o;
	memset(&o, 0, sizeof o);
	o.stdlib_dir = MDFC_SOURCE_DIR "/stdlib";
	MdfCtx *ctx = mdf_ctx_new(&o);
	if (!ctx)
		return;
	uint32_t file = mdf_ctx_read_file(ctx, INPUT, INPUT, span_none());
	IrModule *m = file == SPAN_NOFILE ? NULL : mdf_front(ctx, file);
	IrHw hw;
	ir_hw_defaults(&hw);
	bool amb, miss;
	const IrHw *a = ir_module_accel(m, NULL, &amb, &miss);
	if (a)
		ir_hw_overlay(&hw, a);
	if (m && mdf_passes(ctx, m, &hw) && m->nnetworks == 1 && m->networks[0].nlayers <= MAXL) {
		f->ok = true;
		f->nlayers = m->networks[0].nlayers;
		MdfCostOpts co = {0};
		for (uint32_t l = 0; l < f->nlayers; l++) {
			MdfCostEval *ev = mdf_cost_eval_new(ctx, &m->networks[0].layers[l], &co);
			for (int p = 0; p < NPES; p++) {
				MdfLayerCost c;
				hw.num_pes = pes[p];
				if (!ev || !mdf_cost_eval(ev, &hw, &c, NULL) || !c.ok) {
					f->ok = false;
					continue;
				}
				f->runtime[l][p] = c.runtime;
				f->energy[l][p] = c.energy_nj;
			}
		}
	}
	mdf_ctx_free(ctx);
}

static void
session_api(Figures *f)
{
	MdfSession *s = mdf_session_new();
	if (!s || !mdf_session_stdlib_dir(s, MDFC_SOURCE_DIR "/stdlib") || mdf_session_compile_file(s, INPUT) != 0) {
		f->ok = false;
		mdf_session_free(s);
		return;
	}
	const char *field = "num_pes";
	for (uint32_t l = 0; l < f->nlayers && l < mdf_session_nlayers(s, 0); l++)
		for (int p = 0; p < NPES; p++) {
			double v = (double)pes[p];
			if (!mdf_session_eval(s, 0, l, 1, &field, &v, f->session[l][p], MDF_NFIGURES))
				f->ok = false;
		}
	mdf_session_free(s);
}

static void *
work(void *arg)
{
	Figures *f = arg;
	core_api(f);
	session_api(f);
	return NULL;
}

static void
test_contexts_in_parallel(void)
{
	static Figures ref, got[NTHREADS];
	memset(&ref, 0, sizeof ref);
	work(&ref);
	CU_ASSERT_TRUE_FATAL(ref.ok);
	CU_ASSERT_EQUAL(ref.nlayers, 2);
	/* the sweep moves: more PEs, fewer cycles on the first layer */
	CU_ASSERT(ref.runtime[0][0] > ref.runtime[0][NPES - 1]);
	/* the session's first figure is the runtime the core API computed */
	CU_ASSERT_EQUAL((int64_t)ref.session[1][2][0], ref.runtime[1][2]);

	pthread_t t[NTHREADS];
	memset(got, 0, sizeof got);
	for (int i = 0; i < NTHREADS; i++)
		CU_ASSERT_EQUAL_FATAL(pthread_create(&t[i], NULL, work, &got[i]), 0);
	for (int i = 0; i < NTHREADS; i++)
		pthread_join(t[i], NULL);
	for (int i = 0; i < NTHREADS; i++) {
		CU_ASSERT_TRUE(got[i].ok);
		CU_ASSERT_EQUAL(got[i].nlayers, ref.nlayers);
		CU_ASSERT(memcmp(got[i].runtime, ref.runtime, sizeof ref.runtime) == 0);
		CU_ASSERT(memcmp(got[i].energy, ref.energy, sizeof ref.energy) == 0);
		CU_ASSERT(memcmp(got[i].session, ref.session, sizeof ref.session) == 0);
	}
}

CU_TestInfo TESTS[] = {
	{"one context per thread: same figures as one thread", test_contexts_in_parallel},
	CU_TEST_INFO_NULL,
};
