"""Tests of the Python module against the mdfc CLI (an independent path:
the CLI is another process, its own pipeline and printing).  Run by CTest
as python.mdfc with MDFC_LIBRARY (the built libmdfc.so), MDFC_CLI (the built
mdfc), MDFC_SOURCE (the source tree) and PYTHONPATH=python/."""

import json
import os
import subprocess
import unittest

import mdfc

CLI = os.environ.get("MDFC_CLI", "mdfc")
SRC = os.environ.get("MDFC_SOURCE", os.path.join(os.path.dirname(__file__), "..", ".."))
STDLIB_NETS = os.path.join(SRC, "stdlib", "networks")


def cli(*args):
    p = subprocess.run([CLI, *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


class TestCompile(unittest.TestCase):
    def test_stdlib_networks_equal_cli_json(self):
        """Every stdlib network: Python's figures equal `mdfc --emit=json`."""
        nets = sorted(f for f in os.listdir(STDLIB_NETS) if f.endswith(".mdf") and f != "common.mdf")
        self.assertGreaterEqual(len(nets), 5)
        for f in nets:
            path = os.path.join(STDLIB_NETS, f)
            with self.subTest(network=f):
                rc, out, _ = cli("--emit=json", path)
                r = mdfc.compile_file(path)
                self.assertEqual(r.status, rc)
                self.assertEqual(rc, 0)
                self.assertEqual(r.report(), json.loads(out))
                self.assertGreater(len(r.layers()), 1)

    def test_defines_hw_compat_equal_cli(self):
        path = os.path.join(SRC, "examples", "quickstart", "stdlib.mdf")
        rc, out, _ = cli("--emit=json", "-D", "KCP_WS_TC=32", "--num-pes", "128", "--noc-bw", "16",
                         "--compat=maestro", path)
        self.assertEqual(rc, 0)
        r = mdfc.compile_file(path, defines={"KCP_WS_TC": 32}, hw={"num_pes": 128, "noc_bw": 16},
                              compat_maestro=True)
        self.assertEqual(r.report(), json.loads(out))
        self.assertEqual(r.report()["hardware"]["num_pes"], 128)
        self.assertEqual(r.report()["mode"], "compat-maestro")
        rc, csv, _ = cli("--emit=csv", "-D", "KCP_WS_TC=32", "--num-pes", "128", "--noc-bw", "16",
                         "--compat=maestro", path)
        self.assertEqual(r.csv(), csv)

    def test_string_with_imports_and_ir(self):
        path = os.path.join(SRC, "examples", "quickstart", "conv.mdf")
        with open(path) as f:
            text = f.read()
        r = mdfc.compile_string(text, name="conv.mdf")
        self.assertTrue(r.ok)
        rc, out, _ = cli("--emit=ir", path)
        self.assertEqual(r.ir(), out)
        self.assertEqual(r.layer_names(), [("quickstart", "conv")])
        # the file's own comment: 16*8*3*3*14*14 MACs
        self.assertEqual(r.layers()[0]["macs"], 225792)


class TestDiagnostics(unittest.TestCase):
    def test_codes_and_ranges_equal_cli(self):
        path = os.path.join(SRC, "examples", "editor", "bad.mdf")
        rc, out, _ = cli("--check", "--diagnostics-format=json", path)
        want = json.loads(out)["diagnostics"]
        r = mdfc.compile_file(path)
        self.assertEqual(r.status, 1)
        self.assertEqual(rc, 1)
        self.assertFalse(r.ok)
        got = r.diagnostics
        self.assertEqual([d.code for d in got], [w["code"] for w in want])
        self.assertIn("E0510", [d.code for d in got])
        for d, w in zip(got, want):
            self.assertEqual(d.severity, {1: "error", 2: "warning", 3: "note"}[w["severity"]])
            self.assertEqual(d.message, w["message"])
            self.assertEqual((d.range.start.line, d.range.start.character),
                             (w["range"]["start"]["line"], w["range"]["start"]["character"]))
            self.assertEqual((d.range.end.line, d.range.end.character),
                             (w["range"]["end"]["line"], w["range"]["end"]["character"]))
        with self.assertRaises(mdfc.MdfcError):
            r.report()

    def test_syntax_error_located(self):
        r = mdfc.compile_string("Network n {\n  Layer l { Type: CONVV }\n}\n", name="x.mdf")
        self.assertFalse(r.ok)
        d = r.diagnostics[0]
        self.assertEqual(d.severity, "error")
        self.assertTrue(d.code.startswith("E0"))
        self.assertEqual(d.range.start.line, 1)      # 0-based: the second line
        self.assertEqual(d.file, "x.mdf")

    def test_bad_arguments_raise(self):
        with self.assertRaises(mdfc.MdfcError):
            mdfc.compile_string("", hw={"num_pe": 4})
        with self.assertRaises(mdfc.MdfcError):
            mdfc.compile_string("", hw={"num_pes": 0})
        with self.assertRaises(mdfc.MdfcError):
            mdfc.compile_string("", defines={"1x": 2})
        r = mdfc.compile_file(os.path.join(SRC, "examples", "quickstart", "conv.mdf"), accel="nosuch")
        self.assertEqual(r.status, 2)
        self.assertIn("nosuch", r.error)


class TestSweep(unittest.TestCase):
    PES = [16, 32, 64, 168, 256]

    def setUp(self):
        self.path = os.path.join(STDLIB_NETS, "alexnet.mdf")
        self.r = mdfc.compile_file(self.path)
        self.assertTrue(self.r.ok)
        self.layer = self.r.layer_names()[2][1]

    def test_points_equal_cli(self):
        rows = self.r.sweep(self.layer, "num_pes", self.PES)
        self.assertEqual([row["num_pes"] for row in rows], self.PES)
        for row in rows:
            rc, out, err = cli("--emit=json", "--num-pes", str(row["num_pes"]), self.path)
            if not row["ok"]:
                # the CLI rejects the same point: the Cluster sizes exceed the PEs
                self.assertEqual(rc, 1)
                self.assertIn("E0515", err)
                self.assertIsNone(row["runtime_cycles"])
                continue
            want = [l for l in json.loads(out)["networks"][0]["layers"] if l["name"] == self.layer][0]
            for k in mdfc.FIGURES:
                # sweep() gives full doubles; the JSON prints 10 significant digits
                self.assertEqual(float("%.10g" % row[k]), want[k], (row["num_pes"], k))
            self.assertEqual(self.r.evaluate(self.layer, num_pes=row["num_pes"]), want)
        ok = [row for row in rows if row["ok"]]
        self.assertGreaterEqual(len(ok), 3)
        self.assertGreater(ok[0]["runtime_cycles"], ok[-1]["runtime_cycles"])

    def test_points_of_several_fields(self):
        pts = [{"num_pes": 64, "noc_bw": 8}, {"num_pes": 64, "noc_bw": 1024}]
        a, b = self.r.sweep(self.layer, points=pts)
        rc, out, _ = cli("--emit=json", "--num-pes", "64", "--noc-bw", "8", self.path)
        want = [l for l in json.loads(out)["networks"][0]["layers"] if l["name"] == self.layer][0]
        self.assertEqual(a["runtime_cycles"], want["runtime_cycles"])
        self.assertGreaterEqual(a["runtime_cycles"], b["runtime_cycles"])
        with self.assertRaises(mdfc.MdfcError):
            self.r.sweep(self.layer, "num_pez", [1])
        with self.assertRaises(mdfc.MdfcError):
            self.r.sweep("no such layer", "num_pes", [1])


class TestSearch(unittest.TestCase):
    def test_search_equals_cli(self):
        path = os.path.join(SRC, "examples", "quickstart", "conv.mdf")
        args = ["--search", "--emit=json", "--budget=200", "--seed=7", "--objective=edp"]
        rc, out, err = cli(*args, path)
        self.assertEqual(rc, 0, err)
        r = mdfc.compile_file(path)
        got = r.search(objective="edp", budget=200, seed=7, threads=2)
        self.assertEqual(got, json.loads(out))
        # the winners' file compiles, and to the runtime the search reports
        best = mdfc.compile_string(r.best_mdf(), name="best.mdf")
        self.assertTrue(best.ok, best.diagnostics_text())
        want = [l["best"]["runtime_cycles"] for n in got["networks"] for l in n["layers"]]
        self.assertEqual([l["runtime_cycles"] for l in best.layers()], want)
        self.assertLess(want[0], got["networks"][0]["layers"][0]["given"]["runtime_cycles"])
        with self.assertRaises(mdfc.MdfcError):
            r.search(objective="speed")


if __name__ == "__main__":
    unittest.main()
