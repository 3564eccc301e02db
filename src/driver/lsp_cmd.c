/*
** lsp_cmd.c: the driver of `mdfc --lsp` (placeholder until the server lands).
*/
#include <stdio.h>
#include "driver_cmds.h"

int
run_lsp(const DriverOpts *o, const MdfOptions *mo)
{
	(void)o;
	(void)mo;
	fprintf(stderr, "mdfc: error: --lsp is not built in\n");
	return 2;
}
