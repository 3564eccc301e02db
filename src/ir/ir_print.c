/*
** ir_print.c: mdf_emit_ir, the canonical text of the (normalized) IR for
** --emit=ir.  No file names, no positions, no cluster type (P and L mean
** the same), nothing that depends on how the source was spelled: two
** sources with the same meaning print byte for byte the same.  The format
** is documented in docs/ir.md.
*/
#include "mdfc/mdfc.h"

static bool
is_conv(LayerType t)
{
	return t != LT_GEMM;
}

static void
put_dims(MdfBuf *out, const int64_t *dims)
{
	bool first = true;
	for (int d = 0; d < DIM__COUNT; d++) {
		if (dims[d] == 0)
			continue;
		buf_printf(out, "%s%s=%lld", first ? "" : " ", ir_dim_name((Dim)d), (long long)dims[d]);
		first = false;
	}
	if (first)
		buf_puts(out, "(none)");
}

static void
put_directive(MdfBuf *out, const IrDirective *d)
{
	buf_printf(out, "    %s(%lld,%lld) %s", d->kind == DIR_SPATIAL ? "SpatialMap" : "TemporalMap",
		   (long long)d->size, (long long)d->offset, ir_dim_name(d->dim));
	const char *sep = " // ";
	switch (d->origin) {
	case ORIG_INHERITED:
		buf_printf(out, "%sinferred: inherited", sep);
		sep = ", ";
		break;
	case ORIG_UNROLLED:
		buf_printf(out, "%sinferred: unrolled", sep);
		sep = ", ";
		break;
	case ORIG_CONVERTED:
		buf_printf(out, "%sinferred: converted from (%lld,%lld) %s", sep,
			   (long long)d->src_size, (long long)d->src_offset, ir_dim_name(d->src_dim));
		sep = ", ";
		break;
	default:
		break;
	}
	if (d->stride_adjusted) {
		if (d->origin == ORIG_CONVERTED)
			buf_printf(out, "%sstride-adjusted", sep);
		else
			buf_printf(out, "%sstride-adjusted from (%lld,%lld)", sep,
				   (long long)d->src_size, (long long)d->src_offset);
	}
	buf_putc(out, '\n');
}

static void
put_layer(MdfBuf *out, const IrLayer *l)
{
	buf_printf(out, "  layer %s: %s\n", l->name ? l->name : "", ir_layer_type_name(l->type));
	buf_puts(out, "    dims ");
	put_dims(out, l->dim);
	buf_putc(out, '\n');
	if (is_conv(l->type))
		buf_printf(out, "    stride Y=%lld X=%lld\n",
			   (long long)(l->stride[DIM_Y] > 0 ? l->stride[DIM_Y] : 1),
			   (long long)(l->stride[DIM_X] > 0 ? l->stride[DIM_X] : 1));
	if (l->type == LT_TRCONV && l->normalized)       /* docs/ir.md 2.0: gather form */
		buf_printf(out, "    dilation Y=%lld X=%lld // transposed: the input dilated, stride 1\n",
			   (long long)(l->dilation[DIM_Y] > 0 ? l->dilation[DIM_Y] : 1),
			   (long long)(l->dilation[DIM_X] > 0 ? l->dilation[DIM_X] : 1));
	if (!l->normalized)
		buf_puts(out, "    // not normalized\n");
	else if (!l->valid)
		buf_puts(out, "    // invalid\n");
	for (uint32_t i = 0; i < l->nlevels; i++) {
		const IrLevel *lv = &l->levels[i];
		if (i == 0)
			buf_printf(out, "  level 0: units top\n");
		else
			buf_printf(out, "  level %u: units %lld\n", i, (long long)lv->cluster_size);
		if (l->normalized) {
			buf_puts(out, "    dims ");
			put_dims(out, lv->dims);
			buf_putc(out, '\n');
		}
		for (uint32_t j = 0; j < lv->ndirs; j++)
			put_directive(out, &lv->dirs[j]);
	}
}

void
mdf_emit_ir(const IrModule *m, MdfBuf *out)
{
	if (!m)
		return;
	for (uint32_t n = 0; n < m->nnetworks; n++) {
		const IrNetwork *net = &m->networks[n];
		buf_printf(out, "network %s\n", net->name ? net->name : "");
		for (uint32_t i = 0; i < net->nlayers; i++)
			put_layer(out, &net->layers[i]);
	}
}
