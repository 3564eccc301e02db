/*
** breakdown.c: why a layer takes the time and energy it takes
** (docs/cost-model.md §3.1-3.2), with MdfCostOpts.breakdown.
**
**   - The runtime split into compute, NoC ingress stall, NoC egress stall
**     and off-chip stall, case by case: a case's delay is its compute
**     delay (below the top, the sub-tile's runtime, itself split the same
**     way), plus what it waits beyond it on the NoC (the all-Init case:
**     its whole ingress; the others: max(ingress, egress) - compute when
**     positive, charged to the larger of the two), plus, at the top, what
**     the off-chip floor adds.  The four add up to the runtime exactly.
**   - The bound: the largest component, with the top-level case that
**     contributes most to it.
**   - The bandwidth needs: the NoC bandwidth from which the runtime no
**     longer drops (with unlimited off-chip bandwidth, so that it is a
**     property of the mapping, not of the off-chip bandwidth given), found
**     by bisection over phase B (the runtime does not increase with the
**     bandwidth); the off-chip bandwidth from which the off-chip floor
**     stays below every top-level case's NoC delay with an unlimited NoC
**     (closed form).
**   - The energy per level (L1, L2, NoC, off-chip) and tensor, from the
**     layer's counters, and the MACs'.
*/
#include <stdio.h>
#include <string.h>
#include "mdfc/cost.h"
#include "cost/cost_int.h"

const char *const mdf_cost_time_names[COST__NTIME] = {
	"compute", "noc_ingress_stall", "noc_egress_stall", "offchip_stall"};
const char *const mdf_cost_energy_names[COST__NELEVELS] = {"l1", "l2", "noc", "offchip"};

static void tile_split(MdfCostEval *ev, int32_t ti, int64_t out[3]);

/* The components of a case's compute delay tau: all compute at the
   innermost level, else the slower sub-tile's components. */
static void
tau_split(MdfCostEval *ev, const CmRec *r, bool last, int64_t tau, int64_t s[3])
{
	s[0] = tau;
	s[1] = s[2] = 0;
	if (last)
		return;
	int best = -1;
	int64_t bt = -1;
	for (int k = 0; k < 2; k++)
		if (r->sub[k] >= 0) {
			int64_t rt = cm_tile_runtime(ev, r->sub[k]);
			if (rt > bt) {
				bt = rt;
				best = k;
			}
		}
	if (best >= 0)
		tile_split(ev, r->sub[best], s);
}

/* A case's delay (cm_case_delay) split: tau's components plus the NoC
   wait beyond tau.  s[0] + s[1] + s[2] == the case's delay. */
static void
case_split(MdfCostEval *ev, const CmRec *r, bool last, int64_t s[3], int64_t *tau_out,
	   int64_t *din, int64_t *dout)
{
	int64_t tau = cm_rec_tau(ev, r, last);
	int64_t delay = cm_case_delay(ev, r, tau, din, dout);
	tau_split(ev, r, last, tau, s);
	int64_t wait = delay - tau;
	if (wait > 0)
		s[r->all_init || *din >= *dout ? 1 : 2] += wait;
	*tau_out = tau;
}

static void
tile_split(MdfCostEval *ev, int32_t ti, int64_t out[3])
{
	CmTile *T = &ev->tiles[ti];
	if (T->split_epoch != ev->epoch) {
		bool last = T->level + 1 == ev->nlev;
		int64_t sum[3] = {0, 0, 0};
		const CmRec *recs = cm_tile_recs(ev, T);
		for (uint32_t k = 0; k < T->nrec; k++) {
			int64_t s[3], tau, din, dout;
			case_split(ev, &recs[k], last, s, &tau, &din, &dout);
			int64_t mn = mul(ev, recs[k].m, recs[k].n);
			for (int j = 0; j < 3; j++)
				sum[j] = add(ev, sum[j], mul(ev, mn, s[j]));
		}
		memcpy(T->split, sum, sizeof sum);
		T->split_epoch = ev->epoch;
	}
	memcpy(out, T->split, sizeof T->split);
}

/* Off-chip floor of every top-level case (eval.c, top_phase_b). */
static int64_t
off_floor(const MdfCostEval *ev, int64_t offchip_bw)
{
	const CmRes *res = &ev->tiles[0].res;
	int64_t upin = res->up[COST_INPUT] + res->up[COST_WEIGHT], upout = res->up[COST_OUTPUT];
	return max64(upin / offchip_bw / 2, upout / offchip_bw / 2);
}

/* Switch phase B to NoC bandwidth bw (a new epoch: every tile's runtime
   is recomputed). */
static void
set_bw(MdfCostEval *ev, int64_t bw)
{
	ev->noc_bw = bw;
	ev->inv_bw = 1.0 / (double)bw;
	ev->epoch++;
}

/* Sum over the top-level cases of occurrences x NoC-side delay (no
   off-chip floor), and the least such delay. */
static int64_t
noc_runtime(MdfCostEval *ev, int64_t *least)
{
	const CmTile *T = &ev->tiles[0];
	const CmRec *recs = cm_tile_recs(ev, T);
	bool last = ev->nlev == 1;
	int64_t rt = 0, lo = INT64_MAX;
	for (uint32_t k = 0; k < T->nrec; k++) {
		int64_t din, dout, tau = cm_rec_tau(ev, &recs[k], last);
		int64_t d = cm_case_delay(ev, &recs[k], tau, &din, &dout);
		rt = add(ev, rt, mul(ev, mul(ev, recs[k].m, recs[k].n), d));
		lo = min64(lo, d);
	}
	if (least)
		*least = lo;
	return rt;
}

/* The runtime at the top: every case at least `floor`. */
static int64_t
floored_runtime(MdfCostEval *ev, int64_t floor_)
{
	const CmTile *T = &ev->tiles[0];
	const CmRec *recs = cm_tile_recs(ev, T);
	bool last = ev->nlev == 1;
	int64_t rt = 0;
	for (uint32_t k = 0; k < T->nrec; k++) {
		int64_t din, dout, tau = cm_rec_tau(ev, &recs[k], last);
		int64_t d = max64(floor_, cm_case_delay(ev, &recs[k], tau, &din, &dout));
		rt = add(ev, rt, mul(ev, mul(ev, recs[k].m, recs[k].n), d));
	}
	return rt;
}

/* The needs (§3.1).  Leaves the NoC parameters as they were. */
static void
needs(MdfCostEval *ev, MdfLayerCost *o)
{
	int64_t bw0 = ev->noc_bw;
	int64_t hi = 1;
	for (uint32_t i = 0; i < ev->nrecs; i++)
		hi = max64(hi, max64(ev->recs[i].ingress, ev->recs[i].egress));
	for (uint32_t i = 0; i < ev->tiles[0].nrec; i++) {
		const CmRec *r = &cm_tile_recs(ev, &ev->tiles[0])[i];
		hi = max64(hi, max64(r->ingress, r->egress));
	}
	/* With a bandwidth of hi every transfer is one send: the runtime
	   under an unlimited NoC. */
	int64_t least;
	set_bw(ev, hi);
	int64_t target = noc_runtime(ev, &least);
	int64_t lo = 0;                 /* invariant: noc_runtime(lo) > target, or lo == 0 */
	while (hi - lo > 1) {
		int64_t mid = lo + (hi - lo) / 2;
		set_bw(ev, mid);
		int64_t rt = noc_runtime(ev, NULL);
		if (rt == target && !ev->overflow)
			hi = mid;
		else
			lo = mid;       /* longer, or too long to count */
		ev->overflow = false;
	}
	o->noc_bw_need = hi;
	/* What provisioning each need would save at the other bandwidth as
	   given: the NoC need with the off-chip floor, the off-chip need
	   (no case waits on it) with the NoC as given. */
	set_bw(ev, hi);
	o->noc_bw_saving = o->runtime - floored_runtime(ev, off_floor(ev, ev->offchip_bw));
	set_bw(ev, bw0);
	o->offchip_bw_saving = o->runtime - noc_runtime(ev, NULL);
	/* Off-chip: floor(floor(U / b) / 2) <= least  <=>  b > U / (2 least + 2). */
	const CmRes *res = &ev->tiles[0].res;
	int64_t ups[2] = {add(ev, res->up[COST_INPUT], res->up[COST_WEIGHT]), res->up[COST_OUTPUT]};
	int64_t den = add(ev, mul(ev, 2, least), 2);
	o->offchip_bw_need = 1;
	for (int k = 0; k < 2; k++)
		o->offchip_bw_need = max64(o->offchip_bw_need, ups[k] / den + 1);
}

/* The runtime components, the bound and the needs (after phase B at the
   given hardware), and the energy split (after the counters). */
void
cm_breakdown(MdfCostEval *ev, const IrHw *hw, MdfLayerCost *o)
{
	const CmTile *T = &ev->tiles[0];
	const CmRec *recs = cm_tile_recs(ev, T);
	bool last = ev->nlev == 1;
	bool outer = ev->overflow;
	ev->overflow = false;
	int64_t floor_ = off_floor(ev, ev->offchip_bw);
	/* per component, the case contributing most: its contribution, and
	   its split, ingress and egress delays */
	int64_t best[COST__NTIME], step[COST__NTIME][COST__NTIME + 2];
	for (int j = 0; j < COST__NTIME; j++) {
		o->time[j] = 0;
		best[j] = -1;
	}
	for (uint32_t k = 0; k < T->nrec; k++) {
		int64_t s[4], tau, din, dout;
		case_split(ev, &recs[k], last, s, &tau, &din, &dout);
		int64_t d = s[0] + s[1] + s[2];
		s[3] = floor_ > d ? floor_ - d : 0;
		int64_t mn = mul(ev, recs[k].m, recs[k].n);
		for (int j = 0; j < COST__NTIME; j++) {
			int64_t c = mul(ev, mn, s[j]);
			o->time[j] = add(ev, o->time[j], c);
			if (c > best[j]) {
				best[j] = c;
				memcpy(step[j], s, sizeof s);
				step[j][4] = din;
				step[j][5] = dout;
			}
		}
	}
	int b = 0;
	for (int j = 1; j < COST__NTIME; j++)
		if (o->time[j] > o->time[b])
			b = j;
	o->bound = b;
	if (best[b] >= 0) {
		const int64_t *s = step[b];
		o->bound_step = s[0] + s[1] + s[2] + s[3];
		o->bound_compute = s[0];
		o->bound_ingress = s[4];
		o->bound_egress = s[5];
	}
	needs(ev, o);
	/* Energy (nJ): accesses and moved elements times their energy in MAC
	   units times a MAC's energy. */
	double e = hw->e_mac_nj;
	o->energy_mac = (double)o->macs * e;
	o->energy_total = o->energy_mac;
	for (int t = 0; t < COST__NTENSORS; t++) {
		const MdfTensorCost *tc = &o->t[t];
		bool out = t == COST_OUTPUT;
		double v[COST__NELEVELS] = {
			hw->e_l1 * ((double)tc->l1_read + (double)tc->l1_write),
			hw->e_l2 * ((double)tc->l2_read + (double)tc->l2_write),
			hw->e_noc * (double)(out ? tc->l2_write : tc->l2_read),
			hw->e_offchip * (double)(out ? tc->l2_read : tc->l2_write)};
		for (int l = 0; l < COST__NELEVELS; l++) {
			o->energy_split[l][t] = v[l] * e;
			o->energy_total += v[l] * e;
		}
	}
	o->has_breakdown = !ev->overflow;
	ev->overflow = outer;
}

void
mdf_cost_bound_text(const MdfLayerCost *c, char *buf, size_t n)
{
	if (n == 0)
		return;
	buf[0] = 0;
	if (!c->ok || !c->has_breakdown)
		return;
	static const char *const kind[COST__NTIME] = {
		"compute", "NoC ingress", "NoC egress", "off-chip"};
	if (c->bound == COST_T_COMPUTE && c->bound_step == c->bound_compute)
		snprintf(buf, n, "compute-bound: %lld cycles per step (NoC ingress %lld, egress %lld)",
			 (long long)c->bound_step, (long long)c->bound_ingress, (long long)c->bound_egress);
	else if (c->bound == COST_T_COMPUTE)    /* the step waits inside a lower level */
		snprintf(buf, n, "compute-bound: %lld cycles per step, compute %lld (NoC ingress %lld, egress %lld)",
			 (long long)c->bound_step, (long long)c->bound_compute,
			 (long long)c->bound_ingress, (long long)c->bound_egress);
	else
		snprintf(buf, n, "%s-bound: %lld cycles per step, compute %lld", kind[c->bound],
			 (long long)c->bound_step, (long long)c->bound_compute);
}
