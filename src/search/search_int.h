/*
** search_int.h: internals shared by the files of src/search/.
*/
#ifndef MDFC_SEARCH_INT_H
#define MDFC_SEARCH_INT_H

#include "mdfc/search.h"

/* Levels as written (of a normalized layer: the source and converted
   directives) as a mapping; false when they do not fit one (point.c). */
bool search_mapping_from_levels(const IrLevel *lvs, uint32_t nlevels, bool normalized, MdfMapping *out);

/* The layer `base` (shape only) with m's levels and directives, in
   ctx's arena; NULL on OOM or a mapping too large. */
IrLayer *search_build_layer(MdfCtx *ctx, const IrLayer *base, const MdfMapping *m);

/* Starting points from the standard dataflows at their default parameters
   for `layer` (families.c): up to `max` mappings into out; returns the
   count.  Runs the front end in a context of its own made with `opt`. */
uint32_t search_family_seeds(const MdfOptions *opt, const IrLayer *layer, MdfMapping *out, uint32_t max);

/* The layer's header as .mdf: `Type: T; Stride { ... } Dimensions { ... } `
   (report.c). */
void search_print_shape(const IrLayer *l, MdfBuf *b);

#endif
