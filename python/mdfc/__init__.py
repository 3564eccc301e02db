"""mdfc from Python: compile dataflow descriptions, read the cost model's
figures, run sweeps, read diagnostics.

Standard library only: ctypes over libmdfc (include/mdfc/session.h).

    import mdfc
    r = mdfc.compile_file("net.mdf", defines={"K": 64}, hw={"num_pes": 256})
    r.ok                       # False when the input has errors
    r.diagnostics              # [Diagnostic(code='E0510', severity='error', ...)]
    r.report()                 # the dict of `mdfc --emit=json`
    r.layers()                 # its layer objects, each with "network"
    r.evaluate("conv1", num_pes=64)               # one layer, other hardware
    r.sweep("conv1", "num_pes", [16, 32, 64])      # fast: no process per point

A Result owns one libmdfc context: use it from one thread at a time (one
Result per thread).  docs/python.md describes the module.
"""

import ctypes
import json
import os
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

__all__ = ["compile_file", "compile_string", "Result", "Diagnostic", "Position", "Range",
           "MdfcError", "HW_FIELDS", "version"]

# Hardware fields, as the CLI's flags and the Accelerator block name them.
HW_FIELDS = ("num_pes", "l1_size", "l2_size", "noc_bw", "noc_latency", "offchip_bw",
             "simd_lanes", "e_mac_nj", "e_l1", "e_l2")
_SOVERSION = "0"


class MdfcError(Exception):
    """A call the library refused: bad option, unknown layer or field."""


def _paths():
    """Where the installed module finds libmdfc and the stdlib (written by
    cmake --install); None in the source tree."""
    try:
        from . import _install  # type: ignore
    except ImportError:
        return None, None
    here = os.path.dirname(os.path.abspath(__file__))
    prefix = os.path.normpath(os.path.join(here, _install.PREFIX_FROM_MODULE))
    return (os.path.join(prefix, _install.LIBDIR, "libmdfc.so." + _install.SOVERSION),
            os.path.join(prefix, _install.DATADIR, "mdfc", "stdlib"))


def _load():
    lib_path, stdlib = _paths()
    cands = [os.environ.get("MDFC_LIBRARY"), lib_path, "libmdfc.so." + _SOVERSION]
    err = None
    for c in cands:
        if not c:
            continue
        try:
            return ctypes.CDLL(c), stdlib
        except OSError as e:
            err = e
    raise ImportError("mdfc: cannot load libmdfc (set MDFC_LIBRARY to libmdfc.so.%s): %s"
                      % (_SOVERSION, err))


_lib, _STDLIB = _load()
_S = ctypes.c_void_p
_str = ctypes.c_char_p


def _fn(name, restype, *argtypes):
    f = getattr(_lib, name)
    f.restype = restype
    f.argtypes = list(argtypes)
    return f


_version = _fn("mdf_version", _str)
_new = _fn("mdf_session_new", _S)
_free = _fn("mdf_session_free", None, _S)
_define = _fn("mdf_session_define", ctypes.c_bool, _S, _str, _str)
_include = _fn("mdf_session_include_dir", ctypes.c_bool, _S, _str)
_stdlib = _fn("mdf_session_stdlib_dir", ctypes.c_bool, _S, _str)
_hw = _fn("mdf_session_hw", ctypes.c_bool, _S, _str, ctypes.c_double)
_accel = _fn("mdf_session_accel", ctypes.c_bool, _S, _str)
_compat = _fn("mdf_session_compat_maestro", None, _S, ctypes.c_bool)
_compile_file = _fn("mdf_session_compile_file", ctypes.c_int, _S, _str)
_compile_string = _fn("mdf_session_compile_string", ctypes.c_int, _S, _str, _str)
_report = _fn("mdf_session_report", _str, _S, _str)
_diags = _fn("mdf_session_diagnostics", _str, _S)
_diags_text = _fn("mdf_session_diagnostics_text", _str, _S)
_error = _fn("mdf_session_error", _str, _S)
_nnetworks = _fn("mdf_session_nnetworks", ctypes.c_uint32, _S)
_network_name = _fn("mdf_session_network_name", _str, _S, ctypes.c_uint32)
_nlayers = _fn("mdf_session_nlayers", ctypes.c_uint32, _S, ctypes.c_uint32)
_layer_name = _fn("mdf_session_layer_name", _str, _S, ctypes.c_uint32, ctypes.c_uint32)
_figure_name = _fn("mdf_session_figure_name", _str, ctypes.c_uint32)
_eval = _fn("mdf_session_eval", ctypes.c_bool, _S, ctypes.c_uint32, ctypes.c_uint32, ctypes.c_size_t,
            ctypes.POINTER(_str), ctypes.POINTER(ctypes.c_double), ctypes.POINTER(ctypes.c_double),
            ctypes.c_size_t)
_sweep = _fn("mdf_session_sweep", ctypes.c_size_t, _S, ctypes.c_uint32, ctypes.c_uint32, ctypes.c_size_t,
              ctypes.POINTER(_str), ctypes.c_size_t, ctypes.POINTER(ctypes.c_double),
              ctypes.POINTER(ctypes.c_double), ctypes.c_size_t, ctypes.POINTER(ctypes.c_bool))
_search = _fn("mdf_session_search", _str, _S, _str, ctypes.c_int64, ctypes.c_uint64, ctypes.c_int)
_search_mdf = _fn("mdf_session_search_mdf", _str, _S)
_eval_json = _fn("mdf_session_eval_json", _str, _S, ctypes.c_uint32, ctypes.c_uint32, ctypes.c_size_t,
                 ctypes.POINTER(_str), ctypes.POINTER(ctypes.c_double))

# The figures of sweep(), named by their --emit=json keys.
FIGURES = tuple(_figure_name(i).decode() for i in range(64) if _figure_name(i))
_INT_FIGURES = {"runtime_cycles", "macs", "noc_bw_req_peak", "offchip_bw_req", "l1_size_req",
                "l2_size_req"}


def version() -> str:
    """libmdfc's version."""
    return _version().decode()


def _b(s) -> bytes:
    return str(s).encode()


@dataclass(frozen=True)
class Position:
    """0-based line and character (UTF-16 code units, as LSP counts)."""
    line: int
    character: int


@dataclass(frozen=True)
class Range:
    start: Position
    end: Position


_SEVERITIES = {1: "error", 2: "warning", 3: "note"}


@dataclass(frozen=True)
class Diagnostic:
    """One diagnostic: its stable code (docs/errors/CODE.md), severity,
    message, where, and related locations (notes) as (file, Range, message)."""
    code: str
    severity: str
    message: str
    file: str
    range: Range
    hint: Optional[str] = None
    related: Tuple[Tuple[str, Range, str], ...] = field(default_factory=tuple)

    def __str__(self):
        return "%s:%d:%d: %s[%s]: %s" % (self.file, self.range.start.line + 1,
                                         self.range.start.character + 1, self.severity,
                                         self.code, self.message)


def _range(r) -> Range:
    return Range(Position(r["start"]["line"], r["start"]["character"]),
                 Position(r["end"]["line"], r["end"]["character"]))


class Result:
    """One compilation and its cost report.  Created by compile_file or
    compile_string; holds a libmdfc session until it is garbage-collected
    (or close() is called)."""

    def __init__(self, session, status: int):
        self._s = session
        self.status = status
        """mdfc's exit status: 0 ok, 1 errors in the input, 2 cannot read, 3 internal."""
        self._index = {}
        for n in range(_nnetworks(session)):
            net = _network_name(session, n).decode()
            for i in range(_nlayers(session, n)):
                name = _layer_name(session, n, i).decode()
                self._index.setdefault(name, (n, i))
                self._index[(net, name)] = (n, i)
        self._fields = {}

    def close(self):
        if self._s:
            _free(self._s)
            self._s = None

    def __del__(self):
        self.close()

    def _session(self):
        if not self._s:
            raise MdfcError("this Result was closed")
        return self._s

    @property
    def ok(self) -> bool:
        return self.status == 0

    @property
    def error(self) -> str:
        """A message about the call itself (unknown accel), else ''."""
        return _error(self._session()).decode()

    @property
    def diagnostics(self) -> List[Diagnostic]:
        # one LSP-shaped object a line: the input's, then one per imported
        # file with diagnostics; the input's copies at its imports are skipped
        out = []
        for line in _diags(self._session()).decode().splitlines():
            d = json.loads(line) if line.strip() else {}
            for x in d.get("diagnostics", []):
                if x.get("atImport"):
                    continue
                rel = tuple((r["location"]["uri"], _range(r["location"]["range"]), r["message"])
                            for r in x.get("relatedInformation", []))
                out.append(Diagnostic(code=x["code"], severity=_SEVERITIES.get(x["severity"], "note"),
                                      message=x["message"], file=x.get("file", d.get("uri", "")),
                                      range=_range(x["range"]), hint=x.get("hint"), related=rel))
        return out

    def diagnostics_text(self) -> str:
        """The diagnostics as mdfc prints them."""
        return _diags_text(self._session()).decode()

    def _text(self, kind: str) -> str:
        t = _report(self._session(), kind.encode())
        if t is None:
            raise MdfcError("no %s report: the compile failed (status %d): %s"
                            % (kind, self.status, self.diagnostics_text() or self.error))
        return t.decode()

    def report(self) -> dict:
        """The figures, exactly as `mdfc --emit=json` prints them, as a dict."""
        return json.loads(self._text("json"))

    def csv(self) -> str:
        """MAESTRO's 52-column CSV (--emit=csv)."""
        return self._text("csv")

    def table(self) -> str:
        return self._text("table")

    def ir(self) -> str:
        """The normalized IR (--emit=ir)."""
        return self._text("ir")

    def layers(self) -> List[dict]:
        """Every layer's object of report(), with its network's name added."""
        out = []
        for net in self.report()["networks"]:
            for l in net["layers"]:
                out.append(dict(l, network=net["name"]))
        return out

    def layer_names(self) -> List[Tuple[str, str]]:
        """(network, layer) names, in order."""
        s = self._session()
        return [(_network_name(s, n).decode(), _layer_name(s, n, i).decode())
                for n in range(_nnetworks(s)) for i in range(_nlayers(s, n))]

    def _where(self, layer, network=None):
        key = (network, layer) if network is not None else layer
        if isinstance(layer, int) and network is None:
            names = self.layer_names()
            if not 0 <= layer < len(names):
                raise MdfcError("no layer %d (there are %d)" % (layer, len(names)))
            key = names[layer]
        if key not in self._index:
            raise MdfcError("no layer %r" % (key,))
        return self._index[key]

    @staticmethod
    def _args(hw: Mapping[str, float]):
        for k in hw:
            if k not in HW_FIELDS:
                raise MdfcError("unknown hardware field %r (one of %s)" % (k, ", ".join(HW_FIELDS)))
        n = len(hw)
        names = (_str * max(n, 1))(*[k.encode() for k in hw])
        vals = (ctypes.c_double * max(n, 1))(*[float(v) for v in hw.values()])
        return n, names, vals

    def evaluate(self, layer, network: Optional[str] = None, **hw) -> dict:
        """One layer (name, or index over all networks) under the compile's
        hardware with the given fields changed: its --emit=json object."""
        n, i = self._where(layer, network)
        cnt, names, vals = self._args(hw)
        t = _eval_json(self._session(), n, i, cnt, names, vals)
        if t is None:
            raise MdfcError("layer %r cannot be evaluated with %r: %s"
                            % (layer, hw, _error(self._session()).decode() or "not a valid layer"))
        return json.loads(t.decode())

    def sweep(self, layer, field: Optional[str] = None, values: Iterable[float] = (),
              points: Optional[Sequence[Mapping[str, float]]] = None,
              network: Optional[str] = None) -> List[dict]:
        """Evaluate one layer at many hardware points, in process (one
        compile, one evaluator, nothing allocated after the first point):
        either `field` over `values`, or `points`, a list of {field: value}.
        Returns one dict per point: the point's fields, "ok", then the
        FIGURES (keys and values as in --emit=json; None when the point is
        not valid for the layer, e.g. its Cluster sizes exceed the PE count:
        then "error" says why)."""
        if points is None:
            if field is None:
                raise MdfcError("sweep needs field and values, or points")
            points = [{field: v} for v in values]
        points = list(points)
        n, i = self._where(layer, network)
        s = self._session()
        keys = list(points[0]) if points else []
        for p in points:
            if list(p) != keys:
                raise MdfcError("every point of a sweep sets the same fields (%s), not %r" % (keys, p))
        cnt, names, _ = self._args(dict.fromkeys(keys, 0))
        npts, nf = len(points), len(FIGURES)
        vals = (ctypes.c_double * max(npts * cnt, 1))(*[float(p[k]) for p in points for k in keys])
        out = (ctypes.c_double * max(npts * nf, 1))()
        ok = (ctypes.c_bool * max(npts, 1))()
        _sweep(s, n, i, cnt, names, npts, vals, out, nf, ok)
        flat = list(out)
        oks = list(ok)
        ints = [k for k in FIGURES if k in _INT_FIGURES]
        res = []
        for j, p in enumerate(points):
            row = dict(p)
            row["ok"] = oks[j]
            if oks[j]:
                row.update(zip(FIGURES, flat[j * nf:(j + 1) * nf]))
                for k in ints:
                    row[k] = int(row[k])
            else:
                row.update((k, None) for k in FIGURES)
                one = (ctypes.c_double * nf)()
                _eval(s, n, i, cnt, names, ctypes.cast(ctypes.byref(vals, j * cnt * 8),
                                                       ctypes.POINTER(ctypes.c_double)), one, nf)
                row["error"] = _error(s).decode() or "the layer cannot be evaluated"
            res.append(row)
        return res


    def search(self, objective: str = "runtime", budget: int = 0, seed: int = 1,
               threads: int = 1) -> dict:
        """The mapping search of `mdfc --search` (docs/search.md) on every
        valid layer: its --emit=json report as a dict (per layer the given
        and the best mapping's figures and the Pareto front).  Same seed,
        same result, whatever the thread count.  best_mdf() then gives the
        winners as an .mdf file."""
        t = _search(self._session(), objective.encode(), int(budget), int(seed), int(threads))
        if t is None:
            raise MdfcError("search failed: %s" % (_error(self._session()).decode()
                                                   or self.diagnostics_text()))
        return json.loads(t.decode())

    def best_mdf(self) -> str:
        """After search(): the networks with each winning mapping written
        out, as `mdfc --search -o FILE` writes them."""
        t = _search_mdf(self._session())
        if t is None:
            raise MdfcError("no search result: call search() first")
        return t.decode()


def _session(defines, include_dirs, hw, accel, compat_maestro, stdlib_dir):
    s = _new()
    if not s:
        raise MemoryError("mdfc: out of memory")
    try:
        for k, v in (defines or {}).items():
            if not _define(s, _b(k), _b(v)):
                raise MdfcError("bad define %r=%r" % (k, v))
        for d in include_dirs or ():
            if not _include(s, _b(d)):
                raise MdfcError("bad include folder %r" % (d,))
        for k, v in (hw or {}).items():
            if k not in HW_FIELDS or not _hw(s, _b(k), float(v)):
                raise MdfcError("bad hardware field %s=%r (fields: %s)" % (k, v, ", ".join(HW_FIELDS)))
        if accel is not None:
            _accel(s, _b(accel))
        _compat(s, bool(compat_maestro))
        sd = stdlib_dir or (None if os.environ.get("MDFC_STDLIB") else _STDLIB)
        if sd and os.path.isdir(sd):
            _stdlib(s, _b(sd))
    except Exception:
        _free(s)
        raise
    return s


def compile_file(path, defines: Optional[Mapping[str, object]] = None,
                 include_dirs: Sequence[str] = (), hw: Optional[Mapping[str, float]] = None,
                 accel: Optional[str] = None, compat_maestro: bool = False,
                 stdlib_dir: Optional[str] = None) -> Result:
    """Compile an .mdf (or MAESTRO .m) file, as `mdfc [-D K=V] [-I DIR]
    [--num-pes N ...] [--accel NAME] [--compat=maestro] FILE`.  Errors in
    the input do not raise: see Result.ok and Result.diagnostics."""
    s = _session(defines, include_dirs, hw, accel, compat_maestro, stdlib_dir)
    return Result(s, _compile_file(s, os.fsencode(path)))


def compile_string(text: str, name: str = "<string>", defines: Optional[Mapping[str, object]] = None,
                   include_dirs: Sequence[str] = (), hw: Optional[Mapping[str, float]] = None,
                   accel: Optional[str] = None, compat_maestro: bool = False,
                   stdlib_dir: Optional[str] = None) -> Result:
    """Compile source text; `name` is its file name in diagnostics (and its
    folder the first place imports are looked up)."""
    s = _session(defines, include_dirs, hw, accel, compat_maestro, stdlib_dir)
    return Result(s, _compile_string(s, _b(name), text.encode()))
