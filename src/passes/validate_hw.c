/*
** validate_hw.c: the cluster structure against the accelerator: the
** Cluster sizes multiply to at most num_pes (MAESTRO divides by zero
** otherwise), warnings for PEs left idle and for more Cluster levels than
** MAESTRO can run.
*/
#include "mdfc/checked.h"
#include "mdfc/diag.h"
#include "mdfc/passes.h"

#define MAESTRO_MAX_CLUSTERS 3

bool
pass_validate_hw(PassCtx *pc, IrLayer *l)
{
	MdfCtx *ctx = pc->ctx;
	if (l->nlevels > 1 + MAESTRO_MAX_CLUSTERS)
		diag_emit(ctx, DIAG_W0503, l->levels[1 + MAESTRO_MAX_CLUSTERS].span,
			  "layer '%s' has %u Cluster levels; MAESTRO stops at %d, so its figures "
			  "cannot be compared with MAESTRO's", l->name ? l->name : "",
			  l->nlevels - 1, MAESTRO_MAX_CLUSTERS);
	if (!pc->hw || l->nlevels < 2)
		return true;
	/* A Cluster wider than what its SpatialMap can give out: Cluster(8, P)
	   with SpatialMap(1,1) C over a C tile of 4 keeps 4 of every 8 PEs
	   idle, whatever the accelerator (W0506). */
	for (uint32_t i = 1; l->normalized && i < l->nlevels; i++) {
		const IrLevel *lv = &l->levels[i];
		for (uint32_t j = 0; j < lv->ndirs; j++) {
			const IrDirective *d = &lv->dirs[j];
			if (d->kind != DIR_SPATIAL)
				continue;
			int64_t n = lv->dims[d->dim], M = d->size, O = d->offset;
			if (n <= 0 || O <= 0)
				break;
			int64_t chunks = n <= M ? 1 : 1 + ceil_div_nn(n - M, O);
			if (chunks < lv->cluster_size) {
				Diag *dg = diag_emit(ctx, DIAG_W0506, d->span,
						     "layer '%s': Cluster(%lld) over a %s tile of %lld: this SpatialMap gives "
						     "out %lld chunk%s, so %lld of the %lld units stay idle",
						     l->name ? l->name : "", (long long)lv->cluster_size, ir_dim_name(d->dim),
						     (long long)n, (long long)chunks, chunks == 1 ? "" : "s",
						     (long long)(lv->cluster_size - chunks), (long long)lv->cluster_size);
				diag_note(ctx, dg, lv->span, "the Cluster is here");
				diag_hint(ctx, dg, "a Cluster of %lld, or a larger %s tile in the level above",
					  (long long)chunks, ir_dim_name(d->dim));
			}
			break;  /* the first SpatialMap spreads over the units */
		}
	}
	int64_t pes = pc->hw->num_pes, prod = 1;
	bool over = false;
	for (uint32_t i = 1; i < l->nlevels; i++)
		if (!ck_mul(prod, l->levels[i].cluster_size, &prod)) {
			over = true;
			break;
		}
	Span at = l->levels[l->nlevels - 1].span;
	if (over || prod > pes) {
		Diag *dg;
		if (over)
			dg = diag_emit(ctx, DIAG_E0515, at, "the Cluster sizes of layer '%s' multiply to more "
				       "than 2^63, more than the %lld PEs", l->name ? l->name : "", (long long)pes);
		else
			dg = diag_emit(ctx, DIAG_E0515, at, "the Cluster sizes of layer '%s' multiply to %lld, "
				       "more than the %lld PEs", l->name ? l->name : "", (long long)prod,
				       (long long)pes);
		for (uint32_t i = 1; i + 1 < l->nlevels; i++)
			diag_note(ctx, dg, l->levels[i].span, "Cluster(%lld) here",
				  (long long)l->levels[i].cluster_size);
		if (pc->hw->field_span[HW_NUM_PES].file != SPAN_NOFILE)
			diag_note(ctx, dg, pc->hw->field_span[HW_NUM_PES], "num_pes set here");
		diag_hint(ctx, dg, "the top level spreads over num_pes / (product of Cluster sizes) "
			  "units, which would be 0");
		return true;
	}
	if (pes % prod != 0) {
		Diag *dg = diag_emit(ctx, DIAG_W0502, at, "layer '%s': %lld PEs in clusters of %lld leave "
				     "%lld PEs idle", l->name ? l->name : "", (long long)pes,
				     (long long)prod, (long long)(pes % prod));
		diag_hint(ctx, dg, "the top level has %lld units of %lld PEs each",
			  (long long)(pes / prod), (long long)prod);
	}
	return true;
}
