#!/usr/bin/env bash
# crosscheck_targeted.sh: the always-on regression guard of issue 11 (docs/
# fidelity.md section 2b).  A short targeted phase of crosscheck_random.sh
# at a fixed seed: 40 small CONVs whose window is tiled inside a level,
# with Y and X tiles that do not divide their dimension, strides 1-3, one
# to three levels (edge tiles of non-dividing sizes at every level), each
# through --crosscheck.  Fails on any mapping whose MACs or iterations
# differ from the executed loop nest's (E0704/E0705), whose runtime is
# below the executed step bound (E0706), or whose traffic, counters or
# buffer needs are below the executed ones (W0702).  Skipped without a C
# compiler.  The longer draws stay opt-in (sh.crosscheck_random).
#
# A second draw, seed 7 with two levels (90 mappings), holds t89, a
# spatial window's partial chunk above the innermost level that the model
# over-counted before fix 3 was applied at every level (128 MACs against
# 96 executed): this guard fails on a build without that fix.
#
#   bash crosscheck_targeted.sh MDFC_BINARY
here=$(dirname "$0")
MDFC_RANDOM_MODE=targeted MDFC_RANDOM_TARGETED=40 MDFC_RANDOM_SEED=4 \
MDFC_RANDOM_LEVELS=3 MDFC_RANDOM_FAIL_BELOW=1 MDFC_RANDOM_CROSSCHECK=0 \
	bash "$here/crosscheck_random.sh" "$1"
rc=$?
[ "$rc" -eq 0 ] || exit "$rc"
MDFC_RANDOM_MODE=targeted MDFC_RANDOM_TARGETED=90 MDFC_RANDOM_SEED=7 \
MDFC_RANDOM_LEVELS=2 MDFC_RANDOM_FAIL_BELOW=1 MDFC_RANDOM_CROSSCHECK=0 \
	exec bash "$here/crosscheck_random.sh" "$1"
