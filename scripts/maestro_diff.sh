#!/bin/sh
# maestro_diff.sh: differential test of `mdfc --compat=maestro --emit=csv`
# against a MAESTRO binary, over many hardware configurations.
#
# A developer tool, not part of the test suite: it needs a MAESTRO binary
# (maestro-project/maestro built with scons; nothing here builds it) and
# python3.
#
#   sh scripts/maestro_diff.sh MAESTRO_BIN [options]
#
#   --mdfc PATH      mdfc to test (default: build/mdfc here, else in the repository)
#   --ref DIR        MAESTRO reference folder with mapping/*.m, validation/*.m
#                    (default: ../shared/reference/maestro beside the repository)
#   --configs A,B    configurations to run (names below; default: all)
#   --hwcfg SPEC     a custom configuration instead, e.g.
#                    pes=16,bw=8,lat=1,l1=512,l2=108000,off=50,simd=1,mode=hw
#   --files REGEX    only mapping files whose name matches REGEX
#   --maps GLOB      use these mapping files instead of the reference ones
#                    (e.g. generated variants: '/tmp/fuzz/maps/*.m')
#   --one FILE.m     compare one mapping file (e.g. a single layer) and print
#                    both rows column by column (use with one config)
#   -j N             parallel jobs (default 2)
#   --out DIR        work and result folder (default /tmp/maestro-diff)
#   --list-configs   print the configurations and exit
#
# For each (configuration, mapping file) it runs
#   MAESTRO --HW_file=hw.m --Mapping_file=NAME.m --num_simd_lanes=S
#           --print_res=false --print_res_csv_file=true --print_log_file=false
# (mode=flags: --num_pes --noc_bw_cstr --noc_hop_latency --l1_size_cstr
#  --l2_size_cstr --offchip_bw_cstr --num_simd_lanes instead of a HW file;
#  the HW file's NoC_NumHops is MAESTRO's NoC latency) and
#   mdfc NAME.m --num-pes P --noc-bw B --noc-latency L --l1-size .. --l2-size ..
#        --offchip-bw O --simd-lanes S --compat=maestro --emit=csv
# (mode=hwboth: both read the same hardware file, mdfc with --hw hw.m
#  --simd-lanes S; a key given as None is left out of the file, to test
#  each tool's defaults for a missing key)
# If MAESTRO crashes on the file (or writes fewer rows than layers), or mdfc
# rejects it (mdfc rejects a whole file for one bad layer), that tool is rerun
# on each layer alone (the file split into one-layer files). Layers MAESTRO
# crashes on and layers mdfc rejects are counted and skipped.
#
# Comparison, per layer row and CSV column: integer columns exactly; real
# columns as printed (6 significant digits; a difference of one unit in the
# 6th digit is counted apart as "last digit"); the energy columns 5, 7, 21
# (energy, throughput per energy, Ops/J) against MAESTRO's formula fed with
# the row's own counters (mdfc's fix 1, on in compat mode; MAESTRO's CSV takes
# the L1 term from the previous layer), to 1e-5 relative.
#
# Output: a per-column table and mismatch classes (column, file, config) on
# stdout; OUT/mismatches.csv has every differing cell, OUT/skipped.csv every
# skipped layer; OUT/work/CONFIG/FILE/ keeps the inputs and both CSVs.
# Exit status: 0 no cell differs, 1 some cell differs, 2 usage error.
#
# Run time: all 17 configurations x the 43 reference inputs (31195 layer
# rows) take about 3.5 minutes with -j 2 (MAESTRO -O0 build).
#
# Differences to expect (docs/fidelity.md §4): fix 3 on strided layers;
# fixes 6, 8 and 9 on inputs outside the reference set; with mode=hwboth and
# a key missing from the hardware file, MAESTRO's reset of that key
# (docs/cli.md).
MDFC_ROOT=$(cd "$(dirname "$0")/.." && pwd)
export MDFC_ROOT
exec python3 - "$@" <<'PYEOF'
import sys, os, re, shutil, subprocess, glob, csv, math
from concurrent.futures import ThreadPoolExecutor

CONFIGS = [
    # name          pes   bw         lat l1     l2        off    simd mode
    ("ref256",      256,  1000,      1,  100,   3000,     50,    1, "hw"),
    ("p16_bw8",     16,   8,         1,  512,   108000,   50,    1, "hw"),
    ("p64_bw32_l0", 64,   32,        0,  100,   3000,     50,    1, "hw"),
    ("p100_bw64_l3",100,  64,        3,  512,   108000,   10,    1, "hw"),
    ("eyeriss168",  168,  14,        1,  5120,  1024000,  70000, 1, "flags"),
    ("p1024_l0",    1024, 1000,      0,  100,   3000,     1000,  1, "hw"),
    ("p250_simd2",  250,  64,        1,  512,   108000,   50,    2, "hw"),
    ("p97_simd4",   97,   32,        3,  100,   3000,     7,     4, "hw"),
    ("p500_bw8_l0", 500,  8,         0,  512,   108000,   50,    1, "flags"),
    ("p1000_bw256", 1000, 256,       2,  512,   108000,   3,     1, "hw"),
    ("p7_bw16",     7,    16,        1,  512,   108000,   50,    1, "hw"),
    ("p256_bw1",    256,  1,         1,  512,   108000,   1,     3, "hw"),
    ("p2048_bwinf", 2048, 1000000000,0,  5120,  1024000,  70000, 1, "flags"),
    ("p130_bw5_l5", 130,  5,         5,  64,    2000,     20,    1, "hw"),
    # both tools read the same hardware file (mdfc: --hw); None = key left out
    ("hwfile_p64_l2",  64,  32,      2,  512,   108000,   50,    1, "hwboth"),
    ("hwfile_nooff",   256, 64,      1,  512,   108000,   None,  1, "hwboth"),
    ("hwfile_nohops",  256, 64,      None, 512, 108000,   50,    1, "hwboth"),
]
KEYS = ("pes", "bw", "lat", "l1", "l2", "off", "simd", "mode")

# 0-based CSV columns
STR_COLS = {0, 1}
ENERGY_COLS = {4, 6, 20}
REAL_COLS = {5, 7, 8, 10, 16, 17, 22, 23, 24, 25, 30, 35, 40, 50, 51}
NCOLS = 52
SHORT = ["network", "layer", "num_pes", "runtime", "energy", "throughput",
         "tput_per_energy", "area", "power", "noc_bw_req", "avg_bw_req",
         "peak_bw_req", "vector_width", "offchip_bw_req", "l2_size_req",
         "l1_size_req", "mcast_weight", "mcast_input", "num_input_elems",
         "num_weight_elems", "ops_per_j", "num_macs", "pe_power", "l1_power",
         "l2_power", "noc_power"]
for t in ("input", "filter", "output"):
    SHORT += [t + "_l1_rd", t + "_l1_wr", t + "_l2_rd", t + "_l2_wr", t + "_reuse"]
SHORT += ["ingress_min", "ingress_max", "ingress_avg", "egress_min", "egress_max",
          "egress_avg", "compute_min", "compute_max", "compute_avg",
          "avg_util_pes", "arith_intensity"]
assert len(SHORT) == NCOLS

def die(msg):
    sys.stderr.write("maestro_diff: " + msg + "\n")
    sys.exit(2)

args = sys.argv[1:]
if not args or args[0] in ("-h", "--help"):
    sys.stdout.write("usage: maestro_diff.sh MAESTRO_BIN [--mdfc PATH] [--ref DIR] "
                     "[--configs A,B] [--hwcfg SPEC] [--files REGEX] [--maps GLOB] [--one FILE.m] "
                     "[-j N] [--out DIR] [--list-configs]\n")
    sys.exit(0 if args else 2)
here = os.getcwd()
maestro = os.path.abspath(args.pop(0))
root = os.environ.get("MDFC_ROOT", here)
opt = {"mdfc": None, "ref": os.path.join(root, "..", "shared", "reference", "maestro"), "configs": None,
       "hwcfg": None, "files": None, "one": None, "maps": None, "j": "2", "out": "/tmp/maestro-diff"}
list_only = False
while args:
    a = args.pop(0)
    if a == "--list-configs":
        list_only = True
        continue
    k = {"--mdfc": "mdfc", "--ref": "ref", "--configs": "configs", "--hwcfg": "hwcfg",
         "--files": "files", "--one": "one", "--maps": "maps", "-j": "j", "--out": "out"}.get(a)
    if k is None or not args:
        die("bad option " + a)
    opt[k] = args.pop(0)
if list_only:
    print("name pes noc_bw noc_latency l1 l2 offchip simd maestro_input")
    for c in CONFIGS:
        print(*("-" if v is None else v for v in c))
    sys.exit(0)
if not os.access(maestro, os.X_OK):
    die("MAESTRO binary %s is not executable" % maestro)
mdfc = opt["mdfc"]
if mdfc is None:
    for d in (here, root):
        b = os.path.join(d, "build", "mdfc")
        if os.access(b, os.X_OK):
            mdfc = b
            break
if not mdfc or not os.access(mdfc, os.X_OK):
    die("no mdfc binary; pass --mdfc PATH")
mdfc = os.path.abspath(mdfc)
out = os.path.abspath(opt["out"])
jobs_n = int(opt["j"])

if opt["hwcfg"]:
    d = dict(pes=256, bw=1000, lat=1, l1=100, l2=3000, off=50, simd=1, mode="hw")
    for kv in opt["hwcfg"].split(","):
        k, _, v = kv.partition("=")
        if k not in KEYS:
            die("bad --hwcfg key " + k)
        d[k] = v if k == "mode" else int(v)
    configs = [("custom",) + tuple(d[k] for k in KEYS)]
elif opt["configs"]:
    want = opt["configs"].split(",")
    configs = [c for c in CONFIGS if c[0] in want]
    if len(configs) != len(want):
        die("unknown configuration in " + opt["configs"])
else:
    configs = CONFIGS

if opt["one"]:
    files = [os.path.abspath(opt["one"])]
elif opt["maps"]:
    files = sorted(glob.glob(opt["maps"]))
    if opt["files"]:
        files = [f for f in files if re.search(opt["files"], os.path.basename(f))]
else:
    files = sorted(glob.glob(os.path.join(opt["ref"], "mapping", "*.m")) +
                   glob.glob(os.path.join(opt["ref"], "validation", "*.m")))
    if opt["files"]:
        files = [f for f in files if re.search(opt["files"], os.path.basename(f))]
if not files:
    die("no mapping files")

# ---- splitting a MAESTRO mapping file into one-layer files ----------------

def strip_comments(text):
    return "\n".join(l.split("//", 1)[0] for l in text.split("\n"))

def split_layers(text):
    """-> (prefix, [(name, block)]): the text before the first layer (constants,
    `Network X {`) and each `Layer NAME { ... }` block of the network."""
    t = strip_comments(text)
    depth = 0
    i = 0
    prefix_end = None
    layers = []
    while i < len(t):
        c = t[i]
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif depth == 1 and t.startswith("Layer", i) and (i == 0 or not (t[i-1].isalnum() or t[i-1] == "_")):
            m = re.match(r"Layer\s+([A-Za-z0-9_\-\.]+)\s*\{", t[i:])
            if m:
                if prefix_end is None:
                    prefix_end = i
                j = i + m.end()
                d = 1
                while j < len(t) and d:
                    if t[j] == "{":
                        d += 1
                    elif t[j] == "}":
                        d -= 1
                    j += 1
                layers.append((m.group(1), t[i:j]))
                i = j
                continue
        i += 1
    return (t[:prefix_end] if prefix_end is not None else ""), layers

# ---- running the tools ------------------------------------------------------

def read_csv_rows(path):
    if not os.path.exists(path):
        return None
    rows = []
    with open(path) as f:
        lines = f.read().split("\n")
    for l in lines[1:]:
        if l.strip():
            rows.append([x.strip() for x in l.split(",")])
    return rows

def run(cmd, cwd, timeout=300):
    try:
        p = subprocess.run(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout)
        return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        return "timeout", "", ""

def maestro_cmd(cfg, name):
    _, pes, bw, lat, l1, l2, off, simd, mode = cfg
    base = [maestro, "--Mapping_file=%s.m" % name, "--print_res=false",
            "--print_res_csv_file=true", "--print_log_file=false",
            "--num_simd_lanes=%d" % simd]
    if mode in ("hw", "hwboth"):
        return base + ["--HW_file=hw.m"]
    return base + ["--num_pes=%d" % pes, "--noc_bw_cstr=%d" % bw, "--noc_hop_latency=%d" % lat,
                   "--noc_hops=1", "--l1_size_cstr=%d" % l1, "--l2_size_cstr=%d" % l2,
                   "--offchip_bw_cstr=%d" % off]

def mdfc_cmd(cfg, name):
    _, pes, bw, lat, l1, l2, off, simd, mode = cfg
    if mode == "hwboth":
        return [mdfc, name + ".m", "--hw", "hw.m", "--simd-lanes", str(simd),
                "--compat=maestro", "--emit=csv", "--color=never"]
    return [mdfc, name + ".m", "--num-pes", str(pes), "--noc-bw", str(bw), "--noc-latency", str(lat),
            "--l1-size", str(l1), "--l2-size", str(l2), "--offchip-bw", str(off),
            "--simd-lanes", str(simd), "--compat=maestro", "--emit=csv", "--color=never"]

def write_hw(d, cfg):
    _, pes, bw, lat, l1, l2, off, simd, mode = cfg
    with open(os.path.join(d, "hw.m"), "w") as f:
        for k, v in (("num_pes", pes), ("l1_size_cstr", l1), ("l2_size_cstr", l2),
                     ("noc_bw_cstr", bw), ("NoC_NumHops", lat), ("offchip_bw_cstr", off)):
            if v is not None:
                f.write("%s: %d\n" % (k, v))

def run_maestro(cfg, d, name):
    csvp = os.path.join(d, name + ".csv")
    if os.path.exists(csvp):
        os.remove(csvp)          # MAESTRO appends to its CSV
    rc, so, se = run(maestro_cmd(cfg, name), d)
    with open(os.path.join(d, name + ".maestro.log"), "w") as f:
        f.write(so[-20000:] + se[-20000:])
    rows = read_csv_rows(csvp)
    msg = ""
    for l in (so + se).split("\n"):
        if "rror" in l:
            msg = l.strip()[:200]
            break
    return rc, rows, msg

def run_mdfc(cfg, d, name):
    rc, so, se = run(mdfc_cmd(cfg, name), d)
    with open(os.path.join(d, name + ".mdfc.csv"), "w") as f:
        f.write(so)
    with open(os.path.join(d, name + ".mdfc.err"), "w") as f:
        f.write(se)
    rows = [[x.strip() for x in l.split(",")] for l in so.split("\n")[1:] if l.strip()]
    m = re.search(r"error\[(E\d+)\]: ([^\n]*)", se)
    return rc, rows, (m.group(1) + " " + m.group(2)[:160]) if m else se.strip()[:200]

def job(cfg, path):
    """-> dict(layers=[names], maestro=[row or (None, why)], mdfc=[row or (None, why)])"""
    base = re.sub(r"[^A-Za-z0-9_]", "_", os.path.splitext(os.path.basename(path))[0])
    d = os.path.join(out, "work", cfg[0], base)
    if os.path.isdir(d):
        shutil.rmtree(d)
    os.makedirs(d)
    text = open(path).read()
    prefix, layers = split_layers(text)
    names = [n for n, _ in layers]
    strided = []
    for _, blk in layers:
        m = re.search(r"Stride\s*\{([^}]*)\}", blk)
        st = [int(v) for v in re.findall(r":\s*(\d+)", m.group(1))] if m else []
        strided.append(any(v > 1 for v in st))
    n = len(layers)
    with open(os.path.join(d, base + ".m"), "w") as f:
        f.write(strip_comments(text))
    write_hw(d, cfg)
    res = {"layers": names, "strided": strided, "maestro": None, "mdfc": None, "cfg": cfg[0], "file": base}

    ld = None
    def layer_files():
        nonlocal ld
        if ld is None:
            ld = os.path.join(d, "layers")
            os.makedirs(ld)
            write_hw(ld, cfg)
            for i, (ln, blk) in enumerate(layers):
                with open(os.path.join(ld, "L%03d.m" % i), "w") as f:
                    f.write(prefix + blk + "\n}\n")
        return ld

    # each tool on the whole file, else (a crash, a rejection) layer by layer
    for who, run in (("maestro", run_maestro), ("mdfc", run_mdfc)):
        rc, rows, msg = run(cfg, d, base)
        if rc == 0 and rows is not None and len(rows) == n:
            res[who] = rows
            res[who + "_how"] = "file"
            continue
        res[who + "_how"] = "per-layer"
        lst = []
        for i in range(n):
            rc, rows, msg = run(cfg, layer_files(), "L%03d" % i)
            if rc == 0 and rows and len(rows) == 1:
                lst.append(rows[0])
            else:
                lst.append((None, "rc=%s %s" % (rc, msg)))
        res[who] = lst
    return res

# ---- comparing ---------------------------------------------------------------

def num(s):
    s = s.strip()
    if s in ("nan", "-nan"):
        return float("nan")
    try:
        return float(s)
    except ValueError:
        return None

def own_energy(r):
    """MAESTRO's CSV energy formula with the row's own counters (nJ)."""
    c = lambda i: int(r[i])
    l2 = c(28) + c(29) + c(33) + c(34) + c(39)
    l1 = c(26) + c(27) + c(31) + c(32) + c(36) + c(37)
    e = 0.0
    for v in (c(28), c(29), c(33), c(34), c(39)):
        e += v * 18.61
    for v in (c(26), c(27), c(31), c(32), c(36), c(37)):
        e += v * 1.68
    e *= 0.00023
    macs, rt = c(21), c(3)
    tpe = macs / rt / e * 1e9 if rt and e else float("nan")
    opj = macs / e * 1e9 if e else float("nan")
    return {4: e, 6: tpe, 20: opj}

def cmp_cell(col, a, b, mrow):
    """-> 'eq' | 'last' | 'diff'  (a: MAESTRO's cell, b: mdfc's)"""
    if col in ENERGY_COLS:
        try:
            ref = own_energy(mrow)[col]
        except (ValueError, ZeroDivisionError):
            return "eq" if a == b else "diff"
        y = num(b)
        if y is None:
            return "diff"
        if math.isnan(ref) or math.isnan(y):
            return "eq" if (math.isnan(ref) and math.isnan(y)) else "diff"
        return "eq" if abs(ref - y) <= 1e-5 * max(abs(ref), abs(y)) else "diff"
    if a == b:
        return "eq"
    if col in STR_COLS:
        return "diff"
    x, y = num(a), num(b)
    if x is None or y is None:
        return "diff"
    if math.isnan(x) and math.isnan(y):
        return "eq"
    if col not in REAL_COLS:
        return "eq" if x == y else "diff"
    if x == y:
        return "eq"
    if math.isinf(x) or math.isinf(y) or math.isnan(x) or math.isnan(y):
        return "diff"
    return "last" if abs(x - y) <= 1.01e-5 * max(abs(x), abs(y)) else "diff"

def short_why(w):
    """'rc=255 [Error] Invalid mapping at line 15 in L003.m. Tile size ...' -> shorter"""
    m = re.match(r"rc=(\S+)\s*(.*)", w)
    if not m:
        return w
    rc, msg = m.groups()
    e = re.match(r"(E\d+)", msg)
    if e:
        return "rc=%s %s" % (rc, e.group(1))
    msg = re.sub(r"line number: \d+ in \S+\. ", "", msg)
    msg = re.sub(r"\(\d+\)", "(n)", msg)
    return ("rc=%s %s" % (rc, msg)).strip()[:110]

def main():
    os.makedirs(out, exist_ok=True)
    tasks = [(c, f) for c in configs for f in files]
    results = []
    with ThreadPoolExecutor(max_workers=jobs_n) as ex:
        futs = [ex.submit(job, c, f) for c, f in tasks]
        for k, fu in enumerate(futs):
            results.append(fu.result())
            if sys.stderr.isatty():
                sys.stderr.write("\r%d/%d runs" % (k + 1, len(futs)))
    if sys.stderr.isatty():
        sys.stderr.write("\n")

    per_col = [[0, 0, 0] for _ in range(NCOLS)]   # eq, last, diff
    compared = 0
    skipped = {"maestro": 0, "mdfc": 0, "both": 0}
    rows_total = 0
    how = {"maestro per-layer": 0, "mdfc per-layer": 0}
    classes = {}
    mism = open(os.path.join(out, "mismatches.csv"), "w")
    mism.write("config,file,layer_idx,layer,strided,col,column,maestro,mdfc\n")
    skipf = open(os.path.join(out, "skipped.csv"), "w")
    skipf.write("config,file,layer_idx,layer,who,why\n")
    row_ok = 0
    row_eq = 0
    reasons = {}
    for r in results:
        how["maestro per-layer"] += r["maestro_how"] == "per-layer"
        how["mdfc per-layer"] += r["mdfc_how"] == "per-layer"
        for i, name in enumerate(r["layers"]):
            rows_total += 1
            a, b = r["maestro"][i], r["mdfc"][i]
            ma, mb = isinstance(a, tuple), isinstance(b, tuple)
            if ma or mb:
                who = "both" if ma and mb else ("maestro" if ma else "mdfc")
                skipped[who] += 1
                why = " | ".join(x[1] for x in (a, b) if isinstance(x, tuple))
                key = (who, " | ".join(short_why(x[1]) for x in (a, b) if isinstance(x, tuple)))
                reasons[key] = reasons.get(key, 0) + 1
                skipf.write('%s,%s,%d,%s,%s,"%s"\n' % (r["cfg"], r["file"], i, name, who, why.replace('"', "'")))
                continue
            compared += 1
            if len(a) != NCOLS or len(b) != NCOLS:
                mism.write("%s,%s,%d,%s,-,ncols,%d,%d\n" % (r["cfg"], r["file"], i, name, len(a), len(b)))
                continue
            allok = True
            alleq = True
            for col in range(NCOLS):
                k = cmp_cell(col, a[col], b[col], a)
                per_col[col][{"eq": 0, "last": 1, "diff": 2}[k]] += 1
                if k == "diff":
                    alleq = False
                    allok = allok and col == 1
                    shown_a = a[col]
                    if col in ENERGY_COLS:
                        try:
                            shown_a = "%s(own:%.6g)" % (a[col], own_energy(a)[col])
                        except Exception:
                            pass
                    mism.write("%s,%s,%d,%s,%d,%d,%s,%s,%s\n" % (r["cfg"], r["file"], i, name, r["strided"][i], col + 1,
                                                             SHORT[col], shown_a, b[col]))
                    key = (col, r["file"], r["cfg"], "strided" if r["strided"][i] else "unit-stride")
                    cl = classes.setdefault(key, [0, None])
                    cl[0] += 1
                    try:
                        macs = int(a[21])
                    except ValueError:
                        macs = 0
                    if cl[1] is None or macs < cl[1][0]:
                        cl[1] = (macs, i, name, shown_a, b[col])
            row_ok += allok
            row_eq += alleq
    mism.close()
    skipf.close()

    print("MAESTRO: %s" % maestro)
    print("mdfc:    %s" % mdfc)
    print("configurations: %s" % ", ".join(c[0] for c in configs))
    print("runs (file x config): %d; MAESTRO needed per-layer runs on %d, mdfc on %d"
          % (len(results), how["maestro per-layer"], how["mdfc per-layer"]))
    print("layer rows: %d; compared %d; skipped %d (MAESTRO failed %d, mdfc rejected %d, both %d)"
          % (rows_total, compared, sum(skipped.values()), skipped["maestro"], skipped["mdfc"], skipped["both"]))
    print("rows equal in every column: %d / %d; in every column but the layer name (col 2): %d"
          % (row_eq, compared, row_ok))
    print("skipped layers by reason (who: MAESTRO | mdfc):")
    for (who, why), cnt in sorted(reasons.items(), key=lambda kv: -kv[1]):
        print("  %5d %-7s %s" % (cnt, who, why))
    print()
    print("%-4s %-18s %8s %8s %8s" % ("col", "column", "equal", "lastdig", "differ"))
    for col in range(NCOLS):
        e, l, d_ = per_col[col]
        tag = " (own-counter energy)" if col in ENERGY_COLS else ""
        print("%-4d %-18s %8d %8d %8d%s" % (col + 1, SHORT[col], e, l, d_, tag))
    print()
    print("mismatch classes (column, file, config): rows; smallest example (MACs, layer: MAESTRO vs mdfc)")
    for (col, f, c, st), (cnt, ex) in sorted(classes.items()):
        print("  %d %-16s %-22s %-14s %-11s %5d  %s[%d] %s: %s vs %s" % (col + 1, SHORT[col], f, c, st, cnt, ex[2], ex[1], ex[0], ex[3], ex[4]))
    print()
    print("details: %s/mismatches.csv, %s/skipped.csv, %s/work/" % (out, out, out))

    if opt["one"]:
        for r in results:
            for i, name in enumerate(r["layers"]):
                a, b = r["maestro"][i], r["mdfc"][i]
                print("\n== %s %s[%d] %s" % (r["cfg"], r["file"], i, name))
                if isinstance(a, tuple) or isinstance(b, tuple):
                    print("  MAESTRO:", a if isinstance(a, tuple) else "ok")
                    print("  mdfc:   ", b if isinstance(b, tuple) else "ok")
                    continue
                for col in range(min(len(a), len(b))):
                    k = cmp_cell(col, a[col], b[col], a)
                    print("  %s %2d %-18s %-16s %-16s" % ({"eq": " ", "last": "~", "diff": "*"}[k], col + 1, SHORT[col], a[col], b[col]))
    return 1 if classes else 0

sys.exit(main())
PYEOF
