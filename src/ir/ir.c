/*
** ir.c: names of dimensions and layer types, hardware defaults, level sizes.
*/
#include <string.h>
#include "mdfc/checked.h"
#include "mdfc/ir.h"

const char *const ir_dim_names[DIM__COUNT] = {
#define IR_DIM(name, spelling, token) spelling,
#include "mdfc/dims.def"
#undef IR_DIM
};

const char *const ir_dim_tokens[DIM__COUNT] = {
#define IR_DIM(name, spelling, token) token,
#include "mdfc/dims.def"
#undef IR_DIM
};

const char *
ir_dim_name(Dim d)
{
	return d < DIM__COUNT ? ir_dim_names[d] : "?";
}

/* The index of name in names[0..n), or -1. */
static int
name_index(const char *const *names, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

bool
ir_dim_lookup(const char *name, Dim *out)
{
	int i = name_index(ir_dim_names, DIM__COUNT, name);
	if (i >= 0)
		*out = (Dim)i;
	return i >= 0;
}

const char *const ir_layer_type_names[LT__COUNT] = {
#define IR_LAYER_TYPE(name, spelling, input, weight, output, sliding, batch, batch_w) spelling,
#include "mdfc/layer_types.def"
#undef IR_LAYER_TYPE
};

#define B(d) (1u << DIM_##d)
static const struct {
	uint32_t input, weight, output, batch;
	bool sliding, batch_w;
} type_vars[LT__COUNT] = {
#define IR_LAYER_TYPE(name, spelling, input, weight, output, sliding, batch, batch_w) \
	{input, weight, output, batch, sliding, batch_w},
#include "mdfc/layer_types.def"
#undef IR_LAYER_TYPE
};

void
ir_layer_vars(const IrLayer *l, IrLayerVars *v)
{
	LayerType t = (unsigned)l->type < LT__COUNT ? l->type : LT_CONV;
	/* the batch joins the input and the output when declared, the weight
	   too where the table says so (GEMM's heads G; GEMM's N is its own
	   dimension) */
	uint32_t n = 0;
	for (uint32_t b = type_vars[t].batch; b; b &= b - 1) {
		unsigned d = (unsigned)__builtin_ctz(b);      /* each batch dimension */
		if (l->dim[d] != 0)
			n |= 1u << d;
	}
	v->input = type_vars[t].input | n;
	v->weight = type_vars[t].weight | (type_vars[t].batch_w ? n : 0);
	v->output = type_vars[t].output | n;
	v->conv = type_vars[t].sliding;
	/* MobileNet files declare K: 1 for DSCONV and Resnet50_nlr maps it */
	v->extra = (t == LT_DSCONV || t == LT_POOL) && l->dim[DIM_K] != 0 ? B(K) : 0;
	v->need = v->input | v->weight | v->output;
	if (t == LT_FC)
		v->need &= ~(B(R) | B(S) | B(Y) | B(X));
	v->allowed = v->need | v->extra;
	if (t == LT_FC)
		v->allowed |= B(R) | B(S) | B(Y) | B(X);
	if (v->conv)
		v->allowed |= B(YP) | B(XP);
}
#undef B

const char *
ir_layer_type_name(LayerType t)
{
	return t < LT__COUNT ? ir_layer_type_names[t] : "?";
}

bool
ir_layer_type_lookup(const char *name, LayerType *out)
{
	int i = name_index(ir_layer_type_names, LT__COUNT, name);
	if (i >= 0)
		*out = (LayerType)i;
	return i >= 0;
}

void
ir_hw_defaults(IrHw *hw)
{
	memset(hw, 0, sizeof *hw);
#define HW_INT(NAME, MEMBER, KEY, MAESTRO_KEY, FLAG, MIN_KEY, MIN_SET, DEFAULT) hw->MEMBER = DEFAULT;
#define HW_REAL(NAME, MEMBER, KEY, API_KEY, FROM_KEY, DEFAULT) hw->MEMBER = DEFAULT;
#include "mdfc/hw_fields.def"
#undef HW_INT
#undef HW_REAL
	hw->span.file = UINT32_MAX;
}

int64_t *
ir_hw_int_field(IrHw *hw, int field)
{
	switch (field) {
#define HW_INT(NAME, MEMBER, KEY, MAESTRO_KEY, FLAG, MIN_KEY, MIN_SET, DEFAULT) \
	case HW_##NAME: return &hw->MEMBER;
#define HW_REAL(NAME, MEMBER, KEY, API_KEY, FROM_KEY, DEFAULT)
#include "mdfc/hw_fields.def"
#undef HW_INT
#undef HW_REAL
	default: return NULL;
	}
}

int64_t
ir_hw_int(const IrHw *hw, int field)
{
	switch (field) {
#define HW_INT(NAME, MEMBER, KEY, MAESTRO_KEY, FLAG, MIN_KEY, MIN_SET, DEFAULT) \
	case HW_##NAME: return hw->MEMBER;
#define HW_REAL(NAME, MEMBER, KEY, API_KEY, FROM_KEY, DEFAULT)
#include "mdfc/hw_fields.def"
#undef HW_INT
#undef HW_REAL
	default: return 0;
	}
}

void
ir_hw_store(IrHw *hw, int field, int64_t n, double r)
{
	switch (field) {
#define HW_INT(NAME, MEMBER, KEY, MAESTRO_KEY, FLAG, MIN_KEY, MIN_SET, DEFAULT) \
	case HW_##NAME: hw->MEMBER = n; break;
#define HW_REAL(NAME, MEMBER, KEY, API_KEY, FROM_KEY, DEFAULT) \
	case HW_##NAME: hw->MEMBER = r; break;
#include "mdfc/hw_fields.def"
#undef HW_INT
#undef HW_REAL
	}
}

const IrHw *
ir_module_accel(const IrModule *m, const char *name, bool *ambiguous, bool *missing)
{
	*ambiguous = *missing = false;
	if (!m || m->naccels == 0)
		return NULL;
	if (name) {
		for (uint32_t i = 0; i < m->naccels; i++)
			if (m->accels[i].name && strcmp(m->accels[i].name, name) == 0)
				return &m->accels[i];
		*missing = true;
		return NULL;
	}
	if (m->naccels > 1) {
		*ambiguous = true;
		return NULL;
	}
	return &m->accels[0];
}

void
ir_hw_overlay(IrHw *dst, const IrHw *src)
{
	if (src->name)
		dst->name = src->name;
	for (int f = 0; f < HW__COUNT; f++) {
		if (!(src->set & (1u << f)))
			continue;
		switch (f) {
#define HW_INT(NAME, MEMBER, KEY, MAESTRO_KEY, FLAG, MIN_KEY, MIN_SET, DEFAULT) \
		case HW_##NAME: dst->MEMBER = src->MEMBER; break;
#define HW_REAL(NAME, MEMBER, KEY, API_KEY, FROM_KEY, DEFAULT) \
		case HW_##NAME: dst->MEMBER = src->MEMBER; break;
#include "mdfc/hw_fields.def"
#undef HW_INT
#undef HW_REAL
		}
		dst->field_span[f] = src->field_span[f];
		dst->set |= 1u << f;
	}
}

int64_t
ir_level_units(const IrLayer *l, uint32_t i, int64_t num_pes)
{
	if (i >= l->nlevels)
		return 0;
	if (i > 0)
		return l->levels[i].cluster_size;
	int64_t prod = 1;
	for (uint32_t k = 1; k < l->nlevels; k++)
		if (!ck_mul(prod, l->levels[k].cluster_size, &prod))
			return 0;
	return prod > 0 ? num_pes / prod : 0;
}

/* The MACs the layer's definition asks for, whatever the mapping: every
   output element times its reduction.  Reads the top level's table, so the
   layer must be normalized (TRCONV's Y, X are then the dilated extents and
   its stride 1).  Output rows are (Y - R) / stride + 1, the true count, not
   MAESTRO's Y - R + 1. */
bool
ir_layer_macs(const IrLayer *l, int64_t *out)
{
	if (!l->normalized || l->nlevels == 0 || l->type >= LT__COUNT)
		return false;
	/* every dimension of the three tensors once (an absent batch is 1),
	   the sliding Y and X as the output's rows and columns below */
	IrLayerVars v;
	ir_layer_vars(l, &v);
	uint32_t vars = (v.input | v.weight | v.output) & ~((1u << DIM_Y) | (1u << DIM_X));
	const int64_t *D = l->levels[0].dims;
	int64_t macs = 1;
	for (int d = 0; d < DIM__COUNT; d++) {
		if (!(vars & (1u << d)))
			continue;
		int64_t n = D[d];
		if (n < 0 || !ck_mul(macs, n > 0 ? n : 1, &macs))
			return false;
	}
	if (v.conv) {
		static const Dim in[2] = {DIM_Y, DIM_X}, flt[2] = {DIM_R, DIM_S};
		for (int i = 0; i < 2; i++) {
			int64_t y = D[in[i]] > 0 ? D[in[i]] : 1, r = D[flt[i]] > 0 ? D[flt[i]] : 1;
			int64_t s = l->stride[in[i]] > 0 ? l->stride[in[i]] : 1;
			if (y < r || !ck_mul(macs, (y - r) / s + 1, &macs))
				return false;
		}
	}
	*out = macs;
	return true;
}

int64_t
ir_map_tiles(int64_t n, int64_t m, int64_t o)
{
	if (n <= m)
		return 1;
	int64_t a = 1 + (n - m) / o + ((n - m) % o != 0), b = n / o + (n % o != 0);
	return a < b ? a : b;
}
