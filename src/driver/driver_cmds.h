/*
** driver_cmds.h: driver modes that do not compile: --format and --lsp.
** Each returns the exit status (0 ok, 1 input errors, 2 usage or I/O, 3 internal).
*/
#ifndef MDFC_DRIVER_CMDS_H
#define MDFC_DRIVER_CMDS_H

#include "mdfc/ctx.h"
#include "options.h"

int run_format(const DriverOpts *o, const MdfOptions *mo);   /* format_cmd.c */
int run_lsp(const DriverOpts *o, const MdfOptions *mo);      /* lsp_cmd.c */

#endif
