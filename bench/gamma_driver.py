#!/usr/bin/python3
"""gamma_driver.py: one GAMMA search on one layer, for bench/gamma_compare.sh.

GAMMA (maestro-project/gamma) is a genetic-algorithm mapper that scores each
candidate by running the MAESTRO binary.  This driver is not part of mdfc and
contains no GAMMA code: it imports GAMMA from a checkout given on the command
line and calls it the way GAMMA's own `main.py --singlelayer N` does (same
GAMMA object, same default cost-model constraint `maestro_cstr`, which keeps
R and S tiles full, same `run()` arguments).  What it adds:

  - a seed for `random` and `numpy.random` (GAMMA's genetic operators draw
    from both in this process), so a run is repeatable;
  - a count of the candidates GAMMA hands to MAESTRO, and the wall time;
  - the winner written with GAMMA's own `write_maestro` to --winner;
  - MAESTRO run once more on that file with the flags GAMMA uses, and its
    CSV row read back (runtime, energy, MAC count, buffer needs);
  - the layer's true MAC count, computed here.

It prints one JSON object on stdout.  Run it with Debian's python3 (GAMMA
needs python3-numpy and python3-pandas).  docs/gamma-comparison.md says how
the figures are used.
"""
import argparse
import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

UNLIMITED = 2 ** 30     # what GAMMA passes to MAESTRO for "no constraint"


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--gamma-root', required=True)
    p.add_argument('--maestro', required=True, help='MAESTRO binary')
    p.add_argument('--model', required=True, help='GAMMA data/model/<MODEL>.csv')
    p.add_argument('--layer', type=int, required=True, help='1-based row of the model CSV')
    p.add_argument('--pes', type=int, required=True)
    p.add_argument('--l1', type=int, required=True)
    p.add_argument('--l2', type=int, required=True)
    p.add_argument('--noc-bw', type=int, required=True)
    p.add_argument('--pop', type=int, default=20)
    p.add_argument('--gens', type=int, default=100)
    p.add_argument('--seed', type=int, default=1)
    p.add_argument('--factor', action='store_true', help="GAMMA's --use_factor: divisor tiles only")
    p.add_argument('--winner', required=True, help='where to write the winning mapping (.m)')
    return p.parse_args()


def maestro_flags(a):
    return ['--full_buffer=false', '--noc_bw_cstr=%d' % a.noc_bw, '--noc_hops=1',
            '--noc_hop_latency=1', '--offchip_bw_cstr=%d' % UNLIMITED,
            '--noc_mc_support=true', '--num_pes=%d' % a.pes, '--num_simd_lanes=1',
            '--l1_size_cstr=%d' % a.l1, '--l2_size_cstr=%d' % a.l2,
            '--print_res=false', '--print_res_csv_file=true', '--print_log_file=false',
            '--print_design_space=false', '--msg_print_lv=0']


def rerun_maestro(a, mfile):
    """MAESTRO on the winner; its CSV row as a dict (names stripped)."""
    d = tempfile.mkdtemp(prefix='gamma_rerun_')
    try:
        # MAESTRO names the CSV after the mapping file: give it a bare name
        shutil.copy(mfile, os.path.join(d, 'winner.m'))
        subprocess.run([a.maestro, '--Mapping_file=winner.m'] + maestro_flags(a),
                       cwd=d, capture_output=True, check=False)
        with open(os.path.join(d, 'winner.csv'), newline='') as f:
            rows = list(csv.reader(f))
        return {k.strip(): v.strip() for k, v in zip(rows[0], rows[1])}
    finally:
        shutil.rmtree(d, ignore_errors=True)


def main():
    a = parse_args()
    root = os.path.abspath(a.gamma_root)
    a.maestro = os.path.abspath(a.maestro)
    winner = os.path.abspath(a.winner)
    for sub in ('src/GAMMA', 'src', '.'):
        sys.path.insert(0, os.path.join(root, sub))
    os.environ.setdefault('MPLBACKEND', 'Agg')
    import importlib
    import numpy as np
    import gamma
    from utils import Constraint, put_into_actual_cstr

    random.seed(a.seed)
    np.random.seed(a.seed)
    with open(os.path.join(root, 'data', 'model', a.model + '.csv'), newline='') as f:
        rows = list(csv.reader(f))
    dims = [int(v) for v in rows[a.layer]]          # row 0 is the header K,C,Y,X,R,S,T
    K, C, Y, X, R, S, T = dims

    cm = importlib.import_module('data.mapping_cstr.advanced_cstr.costmodel_cstr.maestro_cstr')
    cstr = Constraint(num_pe=a.pes)
    put_into_actual_cstr(cm.mapping_cstr, cstr)

    seen = {'n': 0, 'rejected': 0, 'distinct': set()}
    evaluate = gamma.GAMMA.evaluate

    def counting_evaluate(self, pool, population, cur_gen=-1):
        seen['n'] += len(population)
        seen['distinct'].update(repr(ind) for ind in population)
        out = evaluate(self, pool, population, cur_gen)
        seen['rejected'] += int(np.sum(~np.isfinite(self.fitness[:len(population), 0])))
        return out
    gamma.GAMMA.evaluate = counting_evaluate

    fitness = ['latency', 'energy']
    work = tempfile.mkdtemp(prefix='gamma_work_')   # GAMMA writes scratch .m/.csv into cwd
    cwd = os.getcwd()
    os.chdir(work)
    try:
        env = gamma.GAMMA(dimension=np.array(dims), num_pe=a.pes, fitness=fitness, par_RS=False,
                          l1_size=a.l1, l2_size=a.l2, NocBW=a.noc_bw, offchipBW=-1,
                          slevel_min=2, slevel_max=2, fixedCluster=0, log_level=1, map_cstr=cstr)
        env._executable = a.maestro
        env.reset_dimension(fitness=fitness, constraints={'area': -1e6}, dimension=np.array(dims))
        env.reset_hw_parm(num_pe=a.pes, l1_size=a.l1, l2_size=a.l2, pe_limit=-1,
                          area_pebuf_only=False, external_area_model=True)
        t0 = time.time()
        chkpt, _ = env.run(np.array(dims), stage_idx=0, num_population=a.pop,
                           prev_stage_value=None, num_generations=a.gens, best_sol_1st=None,
                           init_pop=None, bias=None, uni_base=True, use_factor=a.factor,
                           use_pleteau=False)
        wall = time.time() - t0
        best = chkpt['best_sol']
        reward = [float(v) for v in chkpt['best_reward']]
        base = winner[:-2] if winner.endswith('.m') else winner
        env.write_maestro(best, m_file=base)
    finally:
        os.chdir(cwd)
        shutil.rmtree(work, ignore_errors=True)

    row = rerun_maestro(a, base + '.m')
    oy, ox = Y - R + 1, X - S + 1          # GAMMA's Y, X are input sizes, stride 1
    true_macs = (C if T == 2 else K * C) * oy * ox * R * S
    lat = float(row['Runtime (Cycles)'])
    macs = float(row['Num MACs'])
    out = {
        'model': a.model, 'layer': a.layer, 'K': K, 'C': C, 'Y': Y, 'X': X, 'R': R, 'S': S,
        'type': 'DSCONV' if T == 2 else 'CONV', 'pes': a.pes, 'l1': a.l1, 'l2': a.l2,
        'noc_bw': a.noc_bw, 'factor': int(a.factor), 'seed': a.seed, 'pop': a.pop,
        'gens': a.gens, 'evaluated': seen['n'], 'distinct': len(seen['distinct']),
        'rejected': seen['rejected'], 'wall_s': round(wall, 2),
        'per_s': round(seen['n'] / wall, 1) if wall > 0 else 0,
        'gamma_latency': -reward[0], 'gamma_energy_nj': -reward[1],
        'maestro_latency': lat, 'maestro_energy_nj': float(row['Activity count-based Energy (nJ)']),
        'maestro_macs': macs, 'true_macs': true_macs,
        'bound': -(-true_macs // a.pes),
        'maestro_l1': float(row['L1 SRAM Size Req (Bytes)']),
        'maestro_l2': float(row['L2 SRAM Size Req (Bytes)']),
        'real': int(macs == true_macs and lat * a.pes >= true_macs),
        'solution': repr(best),
    }
    print(json.dumps(out))


if __name__ == '__main__':
    main()
