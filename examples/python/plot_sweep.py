#!/usr/bin/python3
"""Sweep the PE count of a network with the Python module and plot runtime
and energy against it (matplotlib, Debian's python3-matplotlib).

    /usr/bin/python3 plot_sweep.py [NETWORK.mdf] [OUT.png]

Default network: the stdlib's VGG-16.  One compile; every point is an
in-process evaluation of each layer (mdfc.Result.sweep), not a process.
Without matplotlib it prints the table only.
"""
import os
import sys

import mdfc

PES = [64, 96, 128, 192, 256, 384, 512, 768, 1024]


def sweep_network(path, pes=PES):
    """Per PE count: (runtime in cycles, energy in nJ) summed over the
    network's layers; None for a count some layer cannot use."""
    r = mdfc.compile_file(path)
    if not r.ok:
        sys.exit("%s:\n%s" % (path, r.diagnostics_text()))
    totals = {p: [0, 0.0] for p in pes}
    for _, layer in r.layer_names():
        for row in r.sweep(layer, "num_pes", pes):
            t = totals[row["num_pes"]]
            if t is None:
                continue
            if not row["ok"]:
                totals[row["num_pes"]] = None
                continue
            t[0] += row["runtime_cycles"]
            t[1] += row["energy_nj"]
    return {p: (tuple(t) if t else None) for p, t in totals.items()}


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    path = argv[1] if len(argv) > 1 else os.path.join(here, "..", "..", "stdlib", "networks", "vgg16.mdf")
    out = argv[2] if len(argv) > 2 else "sweep.png"
    totals = sweep_network(path)
    print("%8s %16s %14s" % ("PEs", "cycles", "energy (nJ)"))
    for p, t in totals.items():
        print("%8d %16s %14s" % (p, t[0] if t else "-", "%.1f" % t[1] if t else "-"))
    try:
        import matplotlib
        matplotlib.use(os.environ.get("MPLBACKEND", "Agg"))
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed (apt-get install python3-matplotlib): no plot")
        return 0
    pts = [(p, t) for p, t in totals.items() if t]
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot([p for p, _ in pts], [t[0] for _, t in pts], "o-", label="runtime (cycles)")
    ax.set_xscale("log", base=2)
    ax.set_xlabel("PEs")
    ax.set_ylabel("cycles")
    ax2 = ax.twinx()
    ax2.plot([p for p, _ in pts], [t[1] for _, t in pts], "s--", color="tab:red", label="energy (nJ)")
    ax2.set_ylabel("nJ")
    ax.set_title(os.path.basename(path) + ": PE sweep")
    fig.tight_layout()
    fig.savefig(out)
    print("wrote", out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
