#!/usr/bin/python3
"""gamma_table.py: the comparison table of bench/gamma_compare.sh.

  gamma_table.py SRC OUT REGEX < run-list

SRC holds GAMMA's side (<tag>.json from bench/gamma_driver.py), OUT mdfc's
(<tag>.mdfc.json, <tag>.xcheck.*, <tag>.search.*, <tag>.best.*).  Prints a
Markdown table, a summary, every check on the search that failed, and every
GAMMA winner that mdfc's default mode costs below MACs/PEs or whose
--crosscheck fails (model bugs).  Standard library only.
"""
import json
import os
import re
import sys


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def text(path):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return None


def first_layer(doc):
    """The one layer of an mdfc --emit=json document (cost or search)."""
    try:
        return doc['networks'][0]['layers'][0]
    except (TypeError, KeyError, IndexError):
        return None


def n(v):
    return '{:,}'.format(int(v))


def verdict(g):
    why = []
    if g['maestro_macs'] != g['true_macs']:
        why.append('MAESTRO counts {} MACs of {}'.format(n(g['maestro_macs']), n(g['true_macs'])))
    if g['maestro_latency'] * g['pes'] < g['true_macs']:
        why.append('below MACs/PEs')
    return ('real', '') if not why else ('impossible', '; '.join(why))


def xcheck(out, stem):
    rc = text(os.path.join(out, stem + '.rc'))
    body = text(os.path.join(out, stem + '.txt')) or ''
    m = re.search(r'(\d+) layers? checked, (\d+) failed, (\d+) skipped', body)
    if rc is None or not m:
        return '-'
    if m.group(3) != '0':
        return 'skipped'
    return 'passes' if rc == '0' and m.group(2) == '0' else 'FAILS'


def main():
    src, out, only = sys.argv[1], sys.argv[2], sys.argv[3]
    rows, problems, model = [], [], []
    summary = {'runs': 0, 'real': 0, 'searched': 0, 'below': 0, 'real_matched': 0, 'speed': []}
    for line in sys.stdin:
        f = line.split()
        if len(f) < 5 or not re.search(only, f[0]):
            continue
        tag = f[0]
        g = load(os.path.join(src, tag + '.json'))
        if g is None:
            continue
        bound = g['bound']
        kind, why = verdict(g)
        shape = '{} {}x{} {}x{} R{}'.format(g['type'], g['K'], g['C'], g['Y'], g['X'], g['R'])
        gam = '{} ({}{})'.format(n(g['maestro_latency']), kind, ': ' + why if why else '')
        gtime = '{:.1f} s, {} ({}/s)'.format(g['wall_s'], n(g['evaluated']), g['per_s'])

        d = first_layer(load(os.path.join(out, tag + '.mdfc.json')))
        over = []
        if d is None or not d.get('ok', True):
            d = None
            err = text(os.path.join(out, tag + '.mdfc.err')) or '?'
            codes = sorted(set(re.findall(r'error\[(E\d+)\]', err)))
            mine = 'rejected ({})'.format(', '.join(codes) or err.split('\n')[0])
        else:
            over = [k for k, v in d.get('over_capacity', {}).items() if v and k in ('l1', 'l2')]
            mine = n(d['runtime_cycles'])
            if d['macs'] != g['true_macs']:
                mine += ', MACs ' + n(d['macs'])
            if d['runtime_cycles'] < bound:
                mine += ', BELOW bound'
                model.append('{}: mdfc default mode gives GAMMA\'s winner {} cycles, below MACs/PEs = {}'
                             .format(tag, n(d['runtime_cycles']), n(bound)))
            if over:
                mine += ', needs more ' + '/'.join(x.upper() for x in over)
        gx = xcheck(out, tag + '.xcheck')
        mine += '; crosscheck ' + gx
        if gx == 'FAILS':
            model.append('{}: --crosscheck of GAMMA\'s winner fails (see {}.xcheck.txt)'.format(tag, tag))

        s = first_layer(load(os.path.join(out, tag + '.search.json')))
        st = load(os.path.join(out, tag + '.search.time'))
        speed = '-'
        if s is None or not s.get('best'):
            srch, stime, ratio = '-', '-', '-'
            if st is not None:
                srch = 'no result (exit {})'.format(st['rc'])
                problems.append('{}: mdfc --search gave no winner (exit {})'.format(tag, st['rc']))
        else:
            best = s['best']['runtime_cycles']
            srch = n(best)
            if best < bound:
                srch += ' BELOW bound'
                problems.append('{}: mdfc --search reports {} cycles, below MACs/PEs = {}'
                                .format(tag, n(best), n(bound)))
            if s['best'].get('macs', g['true_macs']) != g['true_macs']:
                problems.append('{}: mdfc --search winner counts {} MACs of {}'
                                .format(tag, n(s['best']['macs']), n(g['true_macs'])))
            b = first_layer(load(os.path.join(out, tag + '.best.json')))
            if b is None or b['runtime_cycles'] != best:
                problems.append('{}: -o best.mdf does not reproduce {} cycles ({})'
                                .format(tag, n(best), n(b['runtime_cycles']) if b else 'no result'))
            bx = xcheck(out, tag + '.best.xcheck')
            srch += '; crosscheck ' + bx
            if bx != 'passes':
                problems.append('{}: --crosscheck of the written winner: {} (see {}.best.xcheck.txt)'
                                .format(tag, bx, tag))
            stime = '{:.2f} s, {}'.format(st['wall_s'], n(s.get('evaluated', 0)))
            speed = '{:,.0f}x'.format(g['wall_s'] / max(st['wall_s'], 1e-3))
            summary['searched'] += 1
            summary['below'] += best < bound
            summary['speed'].append(g['wall_s'] / max(st['wall_s'], 1e-3))
            ratio = '{:.3f}'.format(best / bound)
            if kind == 'real':
                ratio += ' ({:.3f} of GAMMA)'.format(best / g['maestro_latency'])
                summary['real_matched'] += best <= g['maestro_latency']
                if best > g['maestro_latency']:
                    problems.append('{}: mdfc --search {} cycles, worse than GAMMA\'s real winner {}'
                                    .format(tag, n(best), n(g['maestro_latency'])))
            if d is not None and d['runtime_cycles'] >= bound and best > d['runtime_cycles'] \
                    and d['macs'] == g['true_macs'] and not over:
                problems.append('{}: mdfc --search {} cycles, worse than mdfc\'s figure for GAMMA\'s '
                                'winner {}'.format(tag, n(best), n(d['runtime_cycles'])))
        summary['runs'] += 1
        summary['real'] += kind == 'real'
        rows.append([tag, shape, str(g['pes']), gam, gtime, mine, n(bound), srch, stime, ratio, speed])

    head = ['run', 'layer (K x C, Y x X input, R)', 'PEs', 'GAMMA winner, MAESTRO cycles',
            'GAMMA time, candidates', 'mdfc default mode on GAMMA\'s winner', 'MACs/PEs bound',
            'mdfc --search winner', 'mdfc time, points', 'search / bound',
            'GAMMA time / mdfc time']
    print('| ' + ' | '.join(head) + ' |')
    print('|' + '---|' * len(head))
    for r in rows:
        print('| ' + ' | '.join(r) + ' |')
    print()
    sp = sorted(summary['speed'])
    print('{} runs; GAMMA\'s winner real in {}. mdfc --search on {}: below the bound on {}, '
          'matches or beats GAMMA\'s real winner on {} of {}{}.'.format(
              summary['runs'], summary['real'], summary['searched'], summary['below'],
              summary['real_matched'], summary['real'],
              '; GAMMA time / mdfc time {:,.0f}x to {:,.0f}x (median {:,.0f}x)'.format(
                  sp[0], sp[-1], (sp[(len(sp) - 1) // 2] + sp[len(sp) // 2]) / 2) if sp else ''))
    print('Search checks failed: {}'.format(len(problems)))
    for p in problems:
        print('- ' + p)
    print('Cost model too optimistic on GAMMA\'s winners: {}'.format(len(model)))
    for p in model:
        print('- ' + p)


if __name__ == '__main__':
    main()
