/*
** volumes.c: the NoC volumes of one iteration case (docs/model-spec.md §4.6):
** what one unit (PE or sub-cluster) receives and sends in the case, from
** the directives' positions, then the tensors' traffic over the level's
** units as forms k[ka]*a + k[kb]*b + c in the unit count (P, E), which
** phase A evaluates under the level's count and the sweep cache keeps.
** Pure functions of the case (CmCase, prepared by cm_case_setup) and the
** level's sizes; overflow sets ev->overflow.
*/
#include <string.h>
#include "mdfc/cost.h"
#include "cost/cost_int.h"

#define ISEDGE(c, i) ((c)->s[i]->edge)

/* The small functions a case's volumes pass through several times per
   case (the per-unit caches, the units' shares, the forms' shapes): forced
   inline, so that each form compiles to one function reading the caches
   directly rather than a chain of calls through a UnitVolume pointer
   (about 1,000 instructions per mapping point, bench/bench_points.sh). */
#define VOL_INLINE static inline __attribute__((always_inline))

/* One unit's share of tensor t in the case: the first unit or another one,
   the last, partially filled one (ee) or a full one. */
typedef int64_t (*UnitVolume)(MdfCostEval *ev, CmCase *c, int t, bool first, bool ee);

static inline CmForm
form1(int64_t a)
{
	return (CmForm){a, 0, 0, CM_K1, CM_K0};
}

/* Fix 5: the extent the last, partially filled unit of a spatial edge
   really holds (MAESTRO uses the temporal-style edge remainder, which can
   drop a complete final window, and unique_edge, which is 0 when the
   dimension divides exactly). */
int64_t
cm_ee_len(const CmLevel *L, int i, int pos)
{
	const CmDir *d = &L->d[i];
	int64_t r = pos == POS_EDGE ? L->ee_rem : L->sdim[d->dim];
	int64_t len = min64(d->M, r - smul(L->E - 1, d->O));
	return len > 0 ? len : 0;
}

static bool
sliding_ref(const MdfCostEval *ev, int v)
{
	return ev->overlap && (v == DIM_Y || v == DIM_X);
}

/* Outputs owned by a tile of `len` rows of reference dimension v. */
static int64_t
ee_outputs(const MdfCostEval *ev, const CmLevel *L, int v, int64_t len)
{
	Dim sl = v == DIM_Y ? DIM_R : DIM_S;
	/* the window clamped to its dimension, as in mapped_volume */
	int64_t w = L->z.has[sl] ? min64(L->z.m[sl], L->sdim[sl] > 0 ? L->sdim[sl] : L->z.m[sl]) : 1;
	int64_t s = fix_stride_outputs(ev->fix) ? ev->stride[v] : 1;
	return len < w ? 0 : (len - w) / s + 1;
}

VOL_INLINE int64_t
sp_me_in(const MdfCostEval *ev, const CmCase *c, int i)
{
	const CmLevel *L = c->L;
	if (!fix_partial_unit(ev->fix))
		return L->z.me[L->d[i].dim];
	return cm_ee_len(L, i, c->s[i]->pos);
}

VOL_INLINE int64_t
sp_ue_in(const MdfCostEval *ev, const CmCase *c, int i)
{
	const CmLevel *L = c->L;
	const CmDir *d = &L->d[i];
	if (!fix_partial_unit(ev->fix))
		return L->z.ue[d->dim];
	return max64(0, cm_ee_len(L, i, c->s[i]->pos) - max64(0, d->M - d->O));
}

static int64_t
sp_me_out(const MdfCostEval *ev, const CmCase *c, int i, int a, int v)
{
	const CmLevel *L = c->L;
	if (!fix_partial_unit(ev->fix))
		return L->z.me[a];
	int64_t len = cm_ee_len(L, i, c->s[i]->pos);
	return sliding_ref(ev, v) ? ee_outputs(ev, L, v, len) : len;
}

static int64_t
sp_ue_out(const MdfCostEval *ev, const CmCase *c, int i, int a, int v)
{
	const CmLevel *L = c->L;
	const CmDir *d = &L->d[i];
	if (!fix_partial_unit(ev->fix))
		return L->z.ue[a];
	int64_t len = cm_ee_len(L, i, c->s[i]->pos);
	if (sliding_ref(ev, v))
		return ee_outputs(ev, L, v, len);
	return max64(0, len - max64(0, d->M - d->O));
}

/* ---- per-PE volumes (docs/model-spec.md §4.6) --------------------------------- */

static int64_t
pe_mapped(MdfCostEval *ev, const CmCase *c, int t, bool first, bool ee)
{
	const CmLevel *L = c->L;
	const CmSizes *z = &L->z;
	int64_t r = 1;
	for (uint32_t k = 0; k < L->ncpl[t]; k++) {
		uint32_t i = L->cpl[t][k];
		const CmDir *d = &L->d[i];
		int v = d->dim;
		if (!d->spatial) {
			r = mul(ev, r, ISEDGE(c, i) ? z->me[v] : z->m[v]);
		} else if (!first && fix_spatial_share(ev->fix)) {
			/* Fix 14: a neighbour's overlap arrives once */
			r = mul(ev, r, ee ? sp_ue_in(ev, c, (int)i) : z->u[v]);
		} else if (ISEDGE(c, i)) {
			if (L->E == 1 && (first || ee))
				r = mul(ev, r, sp_me_in(ev, c, (int)i));
			else if (L->E > 1)
				r = mul(ev, r, ee ? sp_me_in(ev, c, (int)i) : z->m[v]);
		} else {
			r = mul(ev, r, z->m[v]);
		}
	}
	return r;
}

/* Fix 25: the rows a temporal directive inside the advancing one keeps
   when it wraps from its last tile back to its first tile f (loop-nest.md
   §6, reason 1): their overlap; a loop that does not move (one position,
   or fix 13's tail-only loop, whose unit keeps the first tile) keeps the
   tile.  Where the last tile computed nothing the unit holds an earlier
   one, which overlaps the first at least as much: never optimistic. */
static int64_t
wrapped_kept(const CmCase *c, int i, int64_t f)
{
	const CmDir *d = &c->L->d[i];
	int64_t n = c->L->sdim[d->dim];
	if (!(c->initm >> i & 1u) || (c->tailm >> i & 1u) || n <= 0)
		return f;
	int64_t ch = loop_chunks(n, d->M, d->O);
	if (ch <= 1)
		return f;
	int64_t last = (ch - 1) * d->O;     /* < n: a chunk starts inside */
	return min64(f, max64(min64(d->M, n) - last, 0));
}

/* Elements one unit must receive in this case (temporal and spatial reuse). */
static int64_t
pe_ingress_calc(MdfCostEval *ev, const CmCase *c, int t, bool first, bool ee, bool inited)
{
	if (c->cstar < 0)
		return pe_mapped(ev, c, t, first, ee);
	const CmLevel *L = c->L;
	const CmSizes *z = &L->z;
	int64_t r = 1;
	bool changing = false;
	/* fix 25: the spatial factors, the temporal tile and what it shares
	   with the unit's last tile, when that is known */
	int64_t sp = 1, tile = 1, kept = 1;
	bool overlap = inited && fix_wrap_overlap(ev->fix);
	for (uint32_t k = 0; k < L->ncpl[t]; k++) {
		uint32_t i = L->cpl[t][k];
		const CmDir *d = &L->d[i];
		int v = d->dim;
		bool is_c = (int)i == c->cstar || (int)i == c->cpart;
		if (is_c)
			changing = true;
		uint8_t pos = c->s[i]->pos;
		int64_t f;
		if (overlap && d->spatial && (int)i >= c->cstar
		    && loop_chunks(L->sdim[v], d->M, d->O) > L->P)
			overlap = false;        /* a fold moved: not kept; a
						   SpatialMap of one fold never
						   moves, each unit keeps its
						   chunk (cp_nlr's C) */
		if (!d->spatial) {
			if (pos == POS_INIT)
				f = ISEDGE(c, i) ? z->me[v] : z->m[v];
			else if (ISEDGE(c, i) && fix_edge_size(ev->fix))
				/* Fix 24: an edge tile brings its own rows, less
				   those the last tile held when it advanced */
				f = is_c && !inited ? max64(min64(z->ue[v], z->me[v]), 1) : z->me[v];
			else if (is_c && !inited)
				f = max64(z->u[v], 1);
			else
				f = z->m[v];
		} else if (first) {
			f = ee ? sp_me_in(ev, c, (int)i) : z->m[v];
		} else if (fix_spatial_share(ev->fix)) {
			/* Fix 14: whatever advanced, the units of a step receive
			   their tiles together, and a neighbour's overlap arrives
			   once (multicast). */
			f = ee ? sp_ue_in(ev, c, (int)i) : z->u[v];
		} else if (pos == POS_INIT) {
			if ((int)i <= c->cstar)
				f = ee ? sp_me_in(ev, c, (int)i) : z->m[v];
			else
				f = ee ? sp_ue_in(ev, c, (int)i) : z->u[v];
		} else if (!inited && is_c) {
			f = ee ? sp_ue_in(ev, c, (int)i) : z->u[v];
		} else {
			f = ee ? sp_me_in(ev, c, (int)i) : z->m[v];
		}
		r = mul(ev, r, f);
		if (!overlap)
			continue;
		if (d->spatial) {
			sp = mul(ev, sp, f);
			continue;
		}
		tile = mul(ev, tile, f);
		kept = mul(ev, kept, is_c ? min64(f, max64(d->M - d->O, 0))
					  : (int)i > c->cstar ? wrapped_kept(c, (int)i, f) : f);
	}
	/* Fix 12: a coupled loop inside the one that advanced wrapped back to
	   its start, so the unit holds its last tile, not the one needed;
	   fix 25: it brings the elements of the new tile it does not hold */
	if (!changing && !(inited && fix_wrap_reload(ev->fix)))
		return 0;
	return overlap ? mul(ev, sp, tile - kept) : r;
}

/* The reduction extents of a unit's partial sums: the factors of the
   directives on none of the output's dimensions. */
static int64_t
red_extents(MdfCostEval *ev, const CmCase *c, bool first, bool ee)
{
	const CmLevel *L = c->L;
	const CmSizes *z = &L->z;
	int64_t r = 1;
	for (uint32_t k = 0; k < L->nredd; k++) {
		uint32_t i = L->redd[k];
		const CmDir *d = &L->d[i];
		int v = d->dim;
		if (!d->spatial) {
			r = mul(ev, r, ISEDGE(c, i) ? z->me[v] : z->m[v]);
			continue;
		}
		uint8_t pos = c->s[i]->pos;
		if (pos == POS_INIT && ISEDGE(c, i) && ee) {
			r = mul(ev, r, sp_me_in(ev, c, (int)i));
		} else if (pos == POS_INIT || pos == POS_STEADY) {
			if (first)
				r = mul(ev, r, z->m[v]);
			else if (z->u[v] != 0)
				r = mul(ev, r, z->u[v]);
		} else {        /* Edge */
			if (L->E == 1 && (first || ee))
				r = mul(ev, r, sp_me_in(ev, c, (int)i));
			else if (L->E > 1) {
				if (ee)
					r = mul(ev, r, sp_ue_in(ev, c, (int)i));
				else if (first)
					r = mul(ev, r, z->m[v]);
				else if (z->u[v] != 0)
					r = mul(ev, r, z->u[v]);
			}
		}
	}
	return r;
}

/* The factor of output directive i (the first on one of the output's
   dimensions) in a unit's output tile; 1: no factor. */
static int64_t
out_extent(const MdfCostEval *ev, const CmCase *c, uint32_t i, bool first, bool ee, bool reuse_at_edge)
{
	const CmLevel *L = c->L;
	const CmSizes *z = &L->z;
	const CmDir *d = &L->d[i];
	int v = d->dim;
	int a = out_dim(ev, v);
	uint8_t pos = c->s[i]->pos;
	if (!d->spatial) {
		if (pos == POS_INIT)
			return ISEDGE(c, i) ? z->me[a] : z->m[a];
		return pos == POS_STEADY ? z->m[a] : z->me[a];
	}
	if (pos == POS_INIT && ISEDGE(c, i) && ee) {
		if (L->E == 1)
			return sp_me_out(ev, c, (int)i, a, v);
		if (L->E > 1)
			return reuse_at_edge ? sp_ue_out(ev, c, (int)i, a, v) : sp_me_out(ev, c, (int)i, a, v);
		return 1;
	}
	if (pos == POS_INIT || pos == POS_STEADY)
		return first ? z->m[a] : z->u[a] != 0 ? z->u[a] : 1;
	if (L->E == 1 && (first || ee))
		/* MAESTRO reads the input-coordinate entry here. */
		return fix_partial_unit(ev->fix) ? sp_me_out(ev, c, (int)i, a, v) : z->me[v];
	if (L->E > 1) {
		if (ee)
			return sp_ue_out(ev, c, (int)i, a, v);
		return first ? z->m[a] : z->u[a] != 0 ? z->u[a] : 1;
	}
	return 1;
}

/* Multiplies r[0] and, with two, r[1] by the output tile's extents, each
   product factor by factor in directive order, as if alone.  Returns
   whether the tile is empty: with a stride, the edge tile of a window
   dimension can hold no whole window, and MAESTRO's M - R + 1 goes to zero
   or below.  Default mode counts only outputs that exist
   (fix_clip_outputs): such a tile computes nothing, even when two negative
   extents would multiply to a positive count (R = S = 11, stride 4,
   Y = X = 29 gave 26 output positions instead of 25).  Compat mode
   multiplies as MAESTRO does. */
static bool
out_extents(MdfCostEval *ev, const CmCase *c, bool first, bool ee, bool reuse_at_edge, int64_t *r, bool two)
{
	const CmLevel *L = c->L;
	bool dead = false;
	for (uint32_t k = 0; k < L->noutd; k++) {
		int64_t f = out_extent(ev, c, L->outd[k], first, ee, reuse_at_edge);
		if (f <= 0 && fix_clip_outputs(ev->fix))
			dead = true;
		r[0] = mul(ev, r[0], f);
		if (two)
			r[1] = mul(ev, r[1], f);
	}
	return dead;
}

/* Output tile of one unit, optionally times the reduction extents (the
   partial sums it computes).  Mirrors GetPEEgressVolume. */
int64_t
cm_pe_egress_calc(MdfCostEval *ev, const CmCase *c, bool partial, bool first, bool ee, bool reuse_at_edge)
{
	int64_t r = partial ? red_extents(ev, c, first, ee) : 1;
	return out_extents(ev, c, first, ee, reuse_at_edge, &r, false) ? 0 : r;
}

/* The same per-unit volume is asked for several times per case (traffic,
   L1 writes, MACs, partial sums): compute each once.  `inited` is a
   function of the case and tensor, so it is not part of the key. */
VOL_INLINE int64_t
pe_ingress(MdfCostEval *ev, CmCase *c, int t, bool first, bool ee, bool inited)
{
	unsigned key = (unsigned)first | (unsigned)ee << 1;
	if (!(c->in_valid[t] & (1u << key))) {
		c->in_cache[t][key] = pe_ingress_calc(ev, c, t, first, ee, inited);
		c->in_valid[t] |= (uint8_t)(1u << key);
	}
	return c->in_cache[t][key];
}

VOL_INLINE unsigned
eg_key(bool partial, bool first, bool ee, bool reuse_at_edge)
{
	return (unsigned)partial | (unsigned)first << 1 | (unsigned)ee << 2 | (unsigned)reuse_at_edge << 3;
}

VOL_INLINE int64_t
pe_egress(MdfCostEval *ev, CmCase *c, bool partial, bool first, bool ee, bool reuse_at_edge)
{
	unsigned key = eg_key(partial, first, ee, reuse_at_edge);
	if (!(c->eg_valid & (1u << key))) {
		c->eg_cache[key] = cm_pe_egress_calc(ev, c, partial, first, ee, reuse_at_edge);
		c->eg_valid |= (uint16_t)(1u << key);
	}
	return c->eg_cache[key];
}

/* ---- spatial combination (GetSpatial*Traffic, *SpatialMappingSize) ------- */


/* What a case's spatial maps (sp: a mask of them) look like; `last' is
   the one whose state says whether the last unit is partial. */
static inline SpInfo
sp_info(const CmCase *c, uint16_t sp, uint16_t edgem, int last)
{
	SpInfo s = {sp != 0, (sp & edgem) != 0, false};
	if (last >= 0)
		s.has_ee = c->s[last]->ee;
	return s;
}

VOL_INLINE int64_t
unit_ingress(MdfCostEval *ev, CmCase *c, int t, bool first, bool ee)
{
	return pe_ingress(ev, c, t, first, ee, c->inited[t]);
}

/* Fix 11: whether a unit's output tile in this case is a new one.  Its
   outputs then leave once (when the unit later moves on from them); a case
   that keeps the tile (only loops that do not decide the output advanced,
   and no inner loop that does wrapped) sends nothing.  Counting each tile
   when it arrives rather than when it leaves gives the same sum per unit.
   The outputs a unit owns depend on its R (S) tile as well as on its Y (X)
   tile (docs/loop-nest.md §1, ownership), so a window loop counts too. */
static bool
out_tile_new(const CmCase *c)
{
	const CmLevel *L = c->L;
	if (c->cstar < 0 || (L->decm >> c->cstar & 1u))
		return true;
	/* a loop inside the one that advanced that decides the tile wrapped */
	return (c->initm & L->decm & ~c->tailm & ~((2u << c->cstar) - 1u)) != 0;
}

VOL_INLINE int64_t
unit_egress(MdfCostEval *ev, CmCase *c, int t, bool first, bool ee)
{
	(void)t;
	if (fix_output_stationary(ev->fix) && !out_tile_new(c))
		return 0;
	return pe_egress(ev, c, false, first, ee, true);
}

/* Fix 21: whether the output's only SpatialMap on the level is the
   reference end of a co-indexed pair (Y with R, X with S, both spatial:
   unit p takes chunk p of both, docs/ir.md §4) with equal offsets.  Unit
   p then holds rows [a + pO, ...) and taps [b + pO, ...): a - b is the
   same for every unit, so every unit's owned outputs start at the same
   one, and what the units send in a step is the most one of them owns
   (spatial reduction), not their sum. */
static bool
shared_outputs(const MdfCostEval *ev, const CmLevel *L)
{
	if (!fix_shared_outputs(ev->fix) || !ev->overlap || L->nspc[COST_OUTPUT] != 1)
		return false;
	const CmDir *d = &L->d[L->spc[COST_OUTPUT][0]];
	if (d->dim != DIM_Y && d->dim != DIM_X)
		return false;
	int j = L->dir_of[d->dim == DIM_Y ? DIM_R : DIM_S];
	return j >= 0 && L->d[j].spatial && L->d[j].O == d->O;
}

/* The first unit's output tile (the output's traffic) and its partial sums
   (the critical path) multiply the same output extents: one pass over them
   fills both (pe_egress's cache, at the start of a case). */
static void
first_unit_egress(MdfCostEval *ev, CmCase *c, bool ee)
{
	unsigned ke = eg_key(false, true, ee, true), kp = eg_key(true, true, ee, true);
	if ((c->eg_valid >> ke | c->eg_valid >> kp) & 1u)
		return;
	int64_t r[2] = {1, red_extents(ev, c, true, ee)};
	bool dead = out_extents(ev, c, true, ee, true, r, true);
	c->eg_cache[ke] = dead ? 0 : r[0];
	c->eg_cache[kp] = dead ? 0 : r[1];
	c->eg_valid |= (uint16_t)(1u << ke | 1u << kp);
}

/* One unit's partial sums: the first unit (the last, partial one when it is
   the only one), another full one, the partial last one. */
VOL_INLINE int64_t
unit_psums(MdfCostEval *ev, CmCase *c, int t, bool first, bool ee)
{
	(void)t;
	if (first)
		return pe_egress(ev, c, true, true, ee, true);
	return ee ? pe_egress(ev, c, true, false, true, false) : pe_egress(ev, c, true, true, false, true);
}

/* The scalars of the level's unit count that the forms multiply by. */
void
cm_unit_scales(const CmLevel *L, int64_t k[CM_K__N])
{
	k[CM_K0] = 0;
	k[CM_K1] = 1;
	k[CM_KP] = L->P;
	k[CM_KP1] = L->P - 1;
	k[CM_KE] = L->E;
	k[CM_KE1] = L->E - 1;
	k[CM_KFULL] = max64(L->E - 1, 0);      /* full units besides the first */
	k[CM_KFULL_EE] = max64(L->E - 2, 0);   /* ... when the last is partial */
}


/* At a spatial edge: the first unit's share (the partial last unit's when
   E is 1), plus the other full units' and the partial last unit's. */
VOL_INLINE CmForm
edge_form(MdfCostEval *ev, CmCase *c, int t, bool has_ee, UnitVolume vol)
{
	const CmLevel *L = c->L;
	CmForm f = form1(vol(ev, c, t, true, L->E == 1 && has_ee));
	if (L->E > 1) {
		f.b = vol(ev, c, t, false, false);
		f.kb = has_ee ? CM_KFULL_EE : CM_KFULL;
		if (has_ee)
			f.c = vol(ev, c, t, false, true);
	}
	return f;
}

/* NoC traffic of tensor t for the case, from the units' shares (docs/model-spec.md
   §4.6): a tensor the spatial dimension does not index is multicast (counted
   once); otherwise the first unit's share plus the others' (spatial reuse),
   with the active units and the partially filled last unit at an edge. */
VOL_INLINE CmForm
traffic_form(MdfCostEval *ev, CmCase *c, int t, UnitVolume vol)
{
	SpInfo s = c->sp[t];
	if (!s.mapped)
		return form1(vol(ev, c, t, true, false));
	if (!s.edge) {
		CmForm f = form1(vol(ev, c, t, true, false));
		f.b = vol(ev, c, t, false, false);
		f.kb = CM_KP1;
		return f;
	}
	return edge_form(ev, c, t, s.has_ee, vol);
}

/* Fix 2: elements written into the units' buffers (every active unit keeps
   its own copy: no multicast, no neighbour sharing). */
CmForm
cm_l1w_form(MdfCostEval *ev, CmCase *c, int t)
{
	const CmLevel *L = c->L;
	const CmState *sp = c->s[L->sp];
	bool inited = c->inited[t];
	CmForm f = form1(pe_ingress(ev, c, t, true, ISEDGE(c, L->sp) && L->E == 1 && sp->ee, inited));
	if (!ISEDGE(c, L->sp)) {
		f.ka = CM_KP;
	} else if (L->E != 1) {
		f.ka = sp->ee ? CM_KE1 : CM_KE;
		if (sp->ee)
			f.c = pe_ingress(ev, c, t, true, true, inited);
	}
	return f;
}

/* Partial sums on the critical path (one unit). */
int64_t
cm_crit_psums(MdfCostEval *ev, CmCase *c)
{
	const CmLevel *L = c->L;
	SpInfo s = c->sp[COST_OUTPUT];
	if (!s.mapped || !s.edge)
		return pe_egress(ev, c, true, true, false, true);
	return pe_egress(ev, c, true, true, L->E == 1 && s.has_ee, true);
}

/* MACs of the case over all units (GetOutputTensorSpatialMappingSize with
   partial sums). */
CmForm
cm_macs_form(MdfCostEval *ev, CmCase *c)
{
	SpInfo s = c->sp_all;
	if (s.mapped && s.edge)
		return edge_form(ev, c, COST_OUTPUT, s.has_ee, unit_psums);
	CmForm f = form1(unit_psums(ev, c, COST_OUTPUT, true, false));
	f.ka = CM_KP;
	return f;
}

/* Sub-tile dimensions handed to the level below (ConstructSubClusterDimension). */
void
cm_sub_dims(const MdfCostEval *ev, const CmCase *c, bool ee, int64_t out[DIM__COUNT])
{
	const CmLevel *L = c->L;
	const CmSizes *z = &L->z;
	memset(out, 0, sizeof(int64_t) * DIM__COUNT);
	for (uint32_t i = 0; i < L->nd; i++) {
		const CmDir *d = &L->d[i];
		int v = d->dim;
		uint8_t pos = c->s[i]->pos;
		int64_t sz;
		if (!d->spatial)
			sz = ISEDGE(c, i) ? z->me[v] : z->m[v];
		else if (pos == POS_STEADY)
			sz = z->m[v];
		else if (pos == POS_EDGE || ISEDGE(c, i))
			sz = (L->E == 1 || ee) ? sp_me_in(ev, c, (int)i) : z->m[v];
		else
			sz = z->m[v];
		out[v] = sz;
	}
	(void)ev;
}


/* What the volume functions read of a case, once per case: the innermost
   directive not at Init (c->s set), the spatial views, the
   volume caches. */
void
cm_case_setup(const MdfCostEval *ev, CmCase *c)
{
	const CmLevel *L = c->L;
	unsigned notinit = 0, initm = 0, edgem = 0;
	for (uint32_t i = 0; i < L->nd; i++) {
		unsigned b = cm_state_bits(c->s[i]);
		notinit |= (b & 1u) << i;
		initm |= (b >> 1 & 1u) << i;
		edgem |= (b >> 2 & 1u) << i;
	}
	cm_case_setup_masks(ev, c, notinit, initm, edgem);
}

/* The same from the masks of the directives not at Init, at Init and not
   unrolled, at an edge (bit i: directive i; cm_state_bits). */
void
cm_case_setup_masks(const MdfCostEval *ev, CmCase *c, unsigned notinit, unsigned initm, unsigned edgem)
{
	const CmLevel *L = c->L;
	int lo = -1, hi = -1;
	bool paired = cm_coindexed(ev, L, &lo, &hi);
	if (paired) {
		/* fix 22: the later of a co-indexed pair has no loop of its own
		   (docs/loop-nest.md §1): it advances and wraps with the first */
		if (lo > hi) {
			int t = lo;
			lo = hi, hi = t;
		}
		notinit &= ~(1u << hi);
		initm = (initm & ~(1u << hi)) | (initm >> lo & 1u) << hi;
	}
	c->cstar = notinit ? 31 - __builtin_clz(notinit) : -1;
	c->cpart = paired && c->cstar == lo ? hi : -1;
	c->initm = (uint16_t)initm;
	c->tailm = L->tailm;
	for (int t = 0; t < COST__NTENSORS; t++)
		c->sp[t] = sp_info(c, L->spcm[t], (uint16_t)edgem, L->spl[t]);
	c->sp_all = sp_info(c, L->spcm[COST_OUTPUT] | L->spallm, (uint16_t)edgem, L->spl_all);
	/* Fix 12: a coupled loop inside the one that advanced, at Init and
	   not unrolled (nor a tail-only loop: fix 13), wrapped back */
	unsigned inner = c->cstar >= 0 ? ~((2u << c->cstar) - 1u) : 0;
	for (int t = 0; t < 2; t++) {
		c->inited[t] = (L->cplm[t] & initm & ~(unsigned)c->tailm & inner) != 0;
		c->in_valid[t] = 0;
	}
	c->eg_valid = 0;
}

/* The forms every case has (the output's traffic, the MACs, the partial
   sums that decide whether it computes) and its flags; the input and L1
   write forms (in, l1w) are left for the caller to fill as it needs them. */
void
cm_case_form(MdfCostEval *ev, CmCase *c, CmCaseForm *f)
{
	const CmLevel *L = c->L;
	f->nt = 0;
	f->sub[0] = f->sub[1] = -1;
	f->all_init = c->cstar < 0;
	f->sp_edge = ISEDGE(c, L->sp);
	f->split = f->full_first = false;
	/* both read by the output's traffic (unless it sends nothing) and by
	   cm_crit_psums, with the same partial last unit */
	SpInfo s = c->sp[COST_OUTPUT];
	if (!fix_output_stationary(ev->fix) || out_tile_new(c))
		first_unit_egress(ev, c, s.mapped && s.edge && L->E == 1 && s.has_ee);
	f->eg = cm_out_form(ev, c);
	f->macs = cm_macs_form(ev, c);
	f->psums = cm_crit_psums(ev, c);
}

/* The NoC traffic forms of a case: an input tensor's (t < 2), the output's. */
CmForm
cm_in_form(MdfCostEval *ev, CmCase *c, int t)
{
	return traffic_form(ev, c, t, unit_ingress);
}

CmForm
cm_out_form(MdfCostEval *ev, CmCase *c)
{
	if (!shared_outputs(ev, c->L))
		return traffic_form(ev, c, COST_OUTPUT, unit_egress);
	/* fix 21: the union of the units' owned outputs, which share their
	   first one, is the most one unit owns: a full unit's, or the
	   partial last unit's when it owns more (a shorter window chunk) */
	const CmLevel *L = c->L;
	SpInfo s = c->sp[COST_OUTPUT];
	bool ee = s.edge && s.has_ee;
	int64_t v = unit_egress(ev, c, COST_OUTPUT, true, ee && L->E == 1);
	if (ee && L->E > 1)
		v = max64(v, unit_egress(ev, c, COST_OUTPUT, false, true));
	return form1(v);
}
