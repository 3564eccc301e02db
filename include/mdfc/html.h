/*
** html.h: the self-contained HTML report (--emit=html, docs/report.md).
**
** One file, inline CSS and SVG, no script, no font, nothing fetched (a
** Content-Security-Policy forbids it): the accelerator and network
** summaries; per network stacked bars of each layer's runtime components
** and energy components, its utilization, its buffer needs against the
** capacities and its bound, each chart with a text table beside it; per
** layer a drill-down (its mapping, its readable loop nest, a space-time
** picture of the top level's first steps) and, after a --search, the
** Pareto front of runtime against energy.  Every name from the input is
** HTML-escaped.  Byte-deterministic.
*/
#ifndef MDFC_HTML_H
#define MDFC_HTML_H

#include "mdfc/buf.h"
#include "mdfc/cost.h"
#include "mdfc/ir.h"
#include "mdfc/search.h"

/* The report of module m costed into mc (with MdfCostOpts.breakdown for
   the runtime and energy components) on hw.  search: a --search result
   whose Pareto fronts are drawn, or NULL. */
void mdf_report_html(const IrModule *m, const MdfModuleCost *mc, const IrHw *hw, const MdfCostOpts *opts,
		     const MdfModuleSearch *search, MdfBuf *out);

/* Text as HTML character data or attribute value: & < > " ' escaped. */
void mdf_html_escape(MdfBuf *b, const char *s);

#endif
