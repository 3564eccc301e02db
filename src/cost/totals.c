/*
** totals.c: mdf_cost_module, every layer of every network and the network
** totals, with the hardware warnings (W0601-W0604) and, in compat mode,
** MAESTRO's CSV quirks that span layers (fix 1: the previous layer's L1
** term in the energy).
**
** Networks repeat their blocks (Transformer_Complete: 288 layers, 7
** distinct): a layer with the same type, shape and normalized mapping as
** one evaluated before in the module gets that layer's figures without a
** second evaluation (the model reads nothing else of a layer; only layers
** evaluated without any diagnostic are reused).
*/
#include <string.h>
#include "mdfc/cost.h"
#include "mdfc/hash.h"
#include "cost/cost_int.h"

typedef struct SeenLayer {
	uint64_t hash;
	const IrLayer *layer;       /* NULL: empty slot */
	MdfLayerCost cost;          /* as mdf_cost_layer left it */
} SeenLayer;

typedef struct Seen {
	SeenLayer *slot;            /* open addressing, nslot a power of 2 */
	uint32_t nslot, used;       /* used <= nslot / 2 */
} Seen;

static void
seen_init(MdfCtx *ctx, Seen *s, uint64_t nlayers)
{
	uint32_t n = 16;
	while (n < 2 * nlayers && n < (1u << 24))
		n *= 2;
	s->slot = arena_array(ctx->arena, n, sizeof *s->slot);
	s->nslot = s->slot ? n : 0;
}

/* What the cost model reads of a layer. */
static uint64_t
layer_hash(const IrLayer *l)
{
	uint64_t h = mdf_hash_step(MDF_HASH_INIT, l->type);
	for (int d = 0; d < DIM__COUNT; d++)
		h = mdf_hash_step(mdf_hash_step(mdf_hash_step(h, l->dim[d]), l->stride[d]), l->dilation[d]);
	h = mdf_hash_step(h, l->nlevels);
	for (uint32_t i = 0; i < l->nlevels; i++) {
		const IrLevel *v = &l->levels[i];
		h = mdf_hash_step(mdf_hash_step(h, v->cluster_size), v->ndirs);
		for (int d = 0; d < DIM__COUNT; d++)
			h = mdf_hash_step(h, v->dims[d]);
		for (uint32_t k = 0; k < v->ndirs; k++) {
			const IrDirective *x = &v->dirs[k];
			h = mdf_hash_step(mdf_hash_step(mdf_hash_step(mdf_hash_step(h, x->kind), x->dim), x->size), x->offset);
		}
	}
	return h;
}

static bool
same_layer(const IrLayer *a, const IrLayer *b)
{
	if (a->type != b->type || a->nlevels != b->nlevels
	    || memcmp(a->dim, b->dim, sizeof a->dim) != 0
	    || memcmp(a->stride, b->stride, sizeof a->stride) != 0
	    || memcmp(a->dilation, b->dilation, sizeof a->dilation) != 0)
		return false;
	for (uint32_t i = 0; i < a->nlevels; i++) {
		const IrLevel *x = &a->levels[i], *y = &b->levels[i];
		if (x->cluster_size != y->cluster_size || x->ndirs != y->ndirs
		    || memcmp(x->dims, y->dims, sizeof x->dims) != 0)
			return false;
		for (uint32_t k = 0; k < x->ndirs; k++) {
			const IrDirective *p = &x->dirs[k], *q = &y->dirs[k];
			if (p->kind != q->kind || p->dim != q->dim || p->size != q->size || p->offset != q->offset)
				return false;
		}
	}
	return true;
}

/* mdf_cost_layer, or the figures of an identical layer evaluated before. */
static void
cost_once(MdfCtx *ctx, Seen *s, const IrLayer *layer, const IrHw *hw, const MdfCostOpts *opts,
	  MdfLayerCost *lc)
{
	uint64_t h = layer_hash(layer);
	uint32_t k = s->nslot ? (uint32_t)(h & (s->nslot - 1)) : 0;
	for (; s->nslot && s->slot[k].layer; k = (k + 1) & (s->nslot - 1))
		if (s->slot[k].hash == h && same_layer(s->slot[k].layer, layer)) {
			*lc = s->slot[k].cost;
			lc->name = layer->name;
			return;
		}
	size_t diags = ctx->diags.n;
	mdf_cost_layer(ctx, layer, hw, opts, lc);
	if (s->nslot && lc->ok && ctx->diags.n == diags && s->used < s->nslot / 2) {
		s->slot[k] = (SeenLayer){h, layer, *lc};
		s->used++;
	}
}

bool
mdf_cost_module(MdfCtx *ctx, const IrModule *m, const IrHw *hw,
		const MdfCostOpts *opts, MdfModuleCost *out)
{
	size_t errors0 = ctx->diags.nerrors;
	unsigned fix = cm_fixes(opts);
	memset(out, 0, sizeof *out);
	out->nnetworks = m->nnetworks;
	out->networks = arena_array(ctx->arena, m->nnetworks ? m->nnetworks : 1, sizeof *out->networks);
	if (!out->networks)
		return false;
	Seen seen = {0};
	uint64_t total = 0;
	for (uint32_t n = 0; n < m->nnetworks; n++)
		total += m->networks[n].nlayers;
	seen_init(ctx, &seen, total);
	for (uint32_t n = 0; n < m->nnetworks; n++) {
		const IrNetwork *net = &m->networks[n];
		MdfNetworkCost *nc = &out->networks[n];
		nc->name = net->name;
		nc->nlayers = net->nlayers;
		nc->layers = arena_array(ctx->arena, net->nlayers ? net->nlayers : 1, sizeof *nc->layers);
		if (!nc->layers)
			return false;
		double prev_l1 = 0;
		int64_t over_noc = 0, over_off = 0;     /* the largest needs that warn */
		for (uint32_t i = 0; i < net->nlayers; i++) {
			MdfLayerCost *lc = &nc->layers[i];
			const IrLayer *layer = &net->layers[i];
			if (layer->normalized && layer->valid)
				cost_once(ctx, &seen, layer, hw, opts, lc);
			else {
				memset(lc, 0, sizeof *lc);
				lc->name = layer->name;
				lc->type = layer->type;
			}
			lc->network = net->name;
			if (!lc->ok)
				continue;
			int64_t true_macs;
			if ((opts && opts->compat_maestro) && ir_layer_macs(layer, &true_macs) && true_macs != lc->macs)
				diag_emit(ctx, DIAG_W0605, layer->dataflow_span,
					  "layer '%s': MAESTRO's accounting (--compat=maestro) counts %lld MACs, "
					  "but the layer has %lld; default mode reports %lld",
					  layer->name ? layer->name : "", (long long)lc->macs,
					  (long long)true_macs, (long long)true_macs);
			double l1 = 0;
			for (int t = 0; t < COST__NTENSORS; t++)
				l1 += (double)lc->t[t].l1_read + (double)lc->t[t].l1_write;
			if (!fix_own_energy(fix) && lc->nlevels > 1) {
				/* MAESTRO's CSV: the L1 term of the previous layer. */
				lc->energy_nj += (prev_l1 - l1) * hw->e_l1 * hw->e_mac_nj;
				lc->throughput_per_energy = (double)((long double)lc->macs / lc->runtime / lc->energy_nj * 1e9L);
				lc->ops_per_j = (double)lc->macs / lc->energy_nj * 1e9;
			}
			prev_l1 = l1;
			nc->runtime += lc->runtime;
			nc->macs += lc->macs;
			nc->energy_nj += lc->energy_nj;
			nc->sum_l1_req += lc->l1_size_req;
			nc->sum_l2_req += lc->l2_size_req;
			nc->max_l1_req = max64(nc->max_l1_req, lc->l1_size_req);
			nc->max_l2_req = max64(nc->max_l2_req, lc->l2_size_req);
			nc->max_noc_bw = max64(nc->max_noc_bw, lc->noc_bw_peak);
			nc->max_offchip_bw = max64(nc->max_offchip_bw, lc->offchip_bw);
			if (lc->has_breakdown) {
				if (lc->over_noc_bw)
					over_noc = max64(over_noc, lc->noc_bw_need);
				if (lc->over_offchip_bw)
					over_off = max64(over_off, lc->offchip_bw_need);
				nc->max_noc_bw_need = max64(nc->max_noc_bw_need, lc->noc_bw_need);
				nc->max_offchip_bw_need = max64(nc->max_offchip_bw_need, lc->offchip_bw_need);
				for (int j = 0; j < COST__NTIME; j++)
					nc->time[j] += lc->time[j];
				nc->energy_total += lc->energy_total;
				nc->energy_mac += lc->energy_mac;
			}
		}
		/* The warnings: with the breakdown, on the needs it defines
		   (the bandwidths from which the runtime no longer drops) of the
		   layers they would speed up by 1% or more. */
		bool needs = opts && opts->breakdown;
		int64_t noc_need = needs ? over_noc : nc->max_noc_bw;
		int64_t off_need = needs ? over_off : nc->max_offchip_bw;
		Span sp = net->span;
		if (nc->max_l1_req > hw->l1_size)
			diag_emit(ctx, DIAG_W0601, sp, "network '%s' needs %lld elements of L1 per PE; the accelerator has %lld",
				  net->name ? net->name : "", (long long)nc->max_l1_req, (long long)hw->l1_size);
		if (nc->max_l2_req > hw->l2_size)
			diag_emit(ctx, DIAG_W0602, sp, "network '%s' needs %lld elements of L2; the accelerator has %lld",
				  net->name ? net->name : "", (long long)nc->max_l2_req, (long long)hw->l2_size);
		if (noc_need > hw->noc_bw)
			diag_emit(ctx, DIAG_W0603, sp, "network '%s' needs a NoC bandwidth of %lld elements/cycle; the accelerator has %lld",
				  net->name ? net->name : "", (long long)noc_need, (long long)hw->noc_bw);
		if (off_need > hw->offchip_bw)
			diag_emit(ctx, DIAG_W0604, sp, "network '%s' needs an off-chip bandwidth of %lld elements/cycle; the accelerator has %lld",
				  net->name ? net->name : "", (long long)off_need, (long long)hw->offchip_bw);
	}
	return ctx->diags.nerrors == errors0;
}
