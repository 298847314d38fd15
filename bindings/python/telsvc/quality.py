"""Quality indicators (§5.2) and the quality report (§5.4).

Both measure the cases the context holds in memory: load the store first
(:meth:`Context.load`). A slice selects cases by keyword:

- ``kind``: a :class:`Kind` (every kind when None);
- ``klass``: the class within the kind: a request's :class:`Priority`, a
  complaint's :class:`ComplaintSeverity`, an incident's
  :class:`IncidentGrade` (a name needs ``kind``);
- ``category``: a :class:`ComplaintCategory`; ``channel``: a
  :class:`Channel`; ``service_type``: a str, exactly;
- ``from_``, ``to``: the period of receipt (all time when both None);
- ``now``: the instant the figures are taken at (the context's clock);
- ``units``: units of service in operation, for availability;
- ``outages``: the period's outages, each a dict (or tuple) of start,
  end (None while still down), units and service_type.
"""

import ctypes
import json

WEEK = 7 * 24 * 3600

from . import _ffi
from ._handle import Owned, State, buffer_text, enum_arg, finalize, int_arg, text_arg, text_result, time_arg
from ._lib import api
from .analysis import Rows
from .enums import (
    Channel,
    ComplaintCategory,
    ComplaintSeverity,
    Evaluated,
    IncidentGrade,
    Kind,
    Param,
    Priority,
    ProblemClass,
    ProblemGrade,
    Verdict,
    coerce,
)

_CLASSES = {Kind.REQUEST: Priority, Kind.COMPLAINT: ComplaintSeverity, Kind.INCIDENT: IncidentGrade}
_OUTAGE_FIELDS = ("start", "end", "units", "service_type")
_IMPROVEMENT_FIELDS = ("problem", "problem_class", "cause", "measure", "owner", "due", "done", "verified",
                       "effect")


def _make_slice(kind=None, klass=None, category=None, channel=None, service_type=None, from_=None,
                to=None, now=None, units=0, outages=()):
    """A telsvc_slice; it keeps its outage array alive itself."""
    s = _ffi.Slice(version=_ffi.SLICE_VERSION)
    s.kind = enum_arg(kind, Kind, "kind", optional=True)
    if isinstance(klass, str):
        if s.kind not in _CLASSES:
            raise ValueError("klass: a class name needs a kind")
        s.klass = enum_arg(klass, _CLASSES[s.kind], "klass")
    else:
        s.klass = 0 if klass is None else int_arg(klass, "klass")
    s.category = enum_arg(category, ComplaintCategory, "category", optional=True)
    s.channel = enum_arg(channel, Channel, "channel", optional=True)
    s.service_type = text_arg(service_type, "service_type", optional=True)
    setattr(s, "from", time_arg(from_, "from_"))
    s.to = time_arg(to, "to")
    s.now = time_arg(now, "now")
    s.units = int_arg(units, "units")
    rows = [_outage(o) for o in outages]
    if rows:
        s.outages = (_ffi.Outage * len(rows))(*rows)
        s.outage_count = len(rows)
    return s


def _outage(value):
    fields = dict(zip(_OUTAGE_FIELDS, value)) if isinstance(value, (tuple, list)) else dict(value)
    unknown = set(fields) - set(_OUTAGE_FIELDS)
    if unknown:
        raise TypeError("outage: unknown field %s" % ", ".join(sorted(unknown)))
    end = fields.get("end")
    return _ffi.Outage(
        start=time_arg(fields.get("start"), "outage start", False),
        end=_ffi.NEVER if end is None else time_arg(end, "outage end", False),
        units=int_arg(fields.get("units", 0), "outage units"),
        service_type=text_arg(fields.get("service_type"), "outage service_type", optional=True),
    )


def _stats(s):
    return {"count": s.count, "mean": s.mean, "median": s.median, "p90": s.p90}


def _ppm(value):
    return None if value < 0 else value


def indicators_dict(ind, kind=None):
    """A telsvc_indicators as a dict, with the names of the JSON report:
    durations in seconds, satisfaction_mean in points, availability and
    fault_rate in parts per million (None when not given)."""
    classes = _CLASSES.get(kind)
    if classes is None:
        by_class = {i: ind.by_class[i] for i in range(1, len(ind.by_class))}
    else:
        by_class = {c.name.lower(): ind.by_class[c] for c in classes if c < len(ind.by_class)}
    return {
        "cases": ind.cases,
        "finished": ind.finished,
        "respond_wall": _stats(ind.respond_wall),
        "respond_business": _stats(ind.respond_business),
        "handle_wall": _stats(ind.handle_wall),
        "handle_business": _stats(ind.handle_business),
        "satisfaction_count": ind.satisfaction_count,
        "satisfaction_mean": ind.satisfaction_mean / 100 if ind.satisfaction_count else None,
        "satisfied": ind.satisfied,
        "breaches": ind.breaches,
        "escalations": ind.escalations,
        "reviews_pending": ind.reviews_pending,
        "outages": ind.outages,
        "downtime": ind.downtime,
        "availability": _ppm(ind.availability),
        "fault_rate": _ppm(ind.fault_rate),
        "complaints_by_category": {c.name.lower(): ind.complaints_by_category[c] for c in ComplaintCategory},
        "problems_by_grade": {g.name.lower(): ind.problems_by_grade[g] for g in ProblemGrade},
        "by_class": by_class,
        "limits": [
            {
                "limit": text_result(api.telsvc_param_key(lim.limit)),
                "on_time": lim.on_time,
                "late": lim.late,
                "overdue": lim.overdue,
                "pending": lim.pending,
                "escalated": lim.escalated,
            }
            for lim in ind.limits[: ind.limit_count]
        ],
    }


def indicators(context, **slice_args):
    """The indicators of §5.2 for a slice (see the module's doc), as a dict."""
    s = _make_slice(**slice_args)
    out = _ffi.Indicators(version=_ffi.INDICATORS_VERSION)
    api.telsvc_indicators_compute(ctypes.byref(out), context._handle(), ctypes.byref(s))
    return indicators_dict(out, coerce(Kind, s.kind) if s.kind else None)


def on_time_rate(limits):
    """The on-time rate of limit rows (``indicators(...)["limits"]``):
    on time / (on time + late + overdue), None when none was due."""
    due = sum(lim["on_time"] + lim["late"] + lim["overdue"] for lim in limits)
    return sum(lim["on_time"] for lim in limits) / due if due else None


def weekly(context, from_, to, **slice_args):
    """The indicators of each week of ``[from_, to)`` (the last week may be
    shorter), as :class:`Rows` of dicts: from, to, cases, breaches,
    on_time_rate (0 to 1, None when nothing was due), satisfaction_count
    and satisfaction_mean (points, None without scores)."""
    start, end = time_arg(from_, "from_", False), time_arg(to, "to", False)
    if end <= start:
        raise ValueError("weekly: to must come after from_")
    rows = Rows()
    for week in range(start, end, WEEK):
        stop = min(week + WEEK, end)
        ind = indicators(context, from_=week, to=stop, **slice_args)
        rows.append(
            {
                "from": week,
                "to": stop,
                "cases": ind["cases"],
                "breaches": ind["breaches"],
                "on_time_rate": on_time_rate(ind["limits"]),
                "satisfaction_count": ind["satisfaction_count"],
                "satisfaction_mean": ind["satisfaction_mean"],
            }
        )
    return rows


def _improvement(value):
    fields = dict(value)
    unknown = set(fields) - set(_IMPROVEMENT_FIELDS)
    if unknown:
        raise TypeError("improvement: unknown field %s" % ", ".join(sorted(unknown)))
    item = _ffi.Improvement()
    for name in ("problem", "cause", "measure", "owner", "effect"):
        setattr(item, name, text_arg(fields.get(name), "improvement " + name, optional=True))
    item.problem_class = enum_arg(fields.get("problem_class"), ProblemClass, "problem_class", optional=True)
    for name in ("due", "done", "verified"):
        when = fields.get(name)
        setattr(item, name, _ffi.NEVER if when is None else time_arg(when, "improvement " + name, False))
    return item


def report(context, improvements=(), **slice_args):
    """The quality report of §5.4 for a slice (see the module's doc), with
    the host's improvement items (§5.3): dicts of problem, problem_class,
    cause, measure, owner, due, done, verified, effect."""
    items = [_improvement(i) for i in improvements]
    opts = _ffi.ReportOptions(version=_ffi.REPORT_OPTIONS_VERSION, slice=ctypes.pointer(_make_slice(**slice_args)))
    if items:
        opts.improvements = (_ffi.Improvement * len(items))(*items)
        opts.improvement_count = len(items)
    out = ctypes.POINTER(_ffi.Report)()
    try:
        api.telsvc_report_compute(ctypes.byref(out), context._handle(), ctypes.byref(opts))
    except BaseException:
        if out:
            api.telsvc_report_free(out)
        raise
    return Report._wrap(context, out, slice_args)


class Report(Owned):
    """The quality report (telsvc_report), allocated by the library. It
    keeps its context alive and is closed with it; close it sooner with
    :meth:`close` or a ``with`` block."""

    def __init__(self, *args, **kwargs):
        raise TypeError("reports come from Context.report()")

    @classmethod
    def _wrap(cls, context, pointer, slice_args):
        self = cls.__new__(cls)
        self._context = context
        self._slice_args = slice_args  # for the weekly figures of to_html()
        self._st = State("report", pointer, api.telsvc_report_free, context._st)
        self._finalizer = finalize(self, self._st)
        return self

    def __repr__(self):
        return "<telsvc.Report%s>" % (" closed" if self.closed else "")

    def _report(self):
        return self._st.require().contents

    def to_json(self):
        """The report as the library's JSON document (docs/report.md)."""
        return buffer_text(self._context._handle(), api.telsvc_report_json, self._st.require())

    def to_dict(self):
        """The JSON document, parsed."""
        return json.loads(self.to_json())

    def to_csv(self):
        """The report as CSV (RFC 4180), one figure a row."""
        return buffer_text(self._context._handle(), api.telsvc_report_csv, self._st.require())

    def to_html(self, destination):
        """Write the report as one self-contained HTML page (tables and
        inline SVG charts, no external resources) to ``destination``: a
        path or a text file."""
        from .html_report import write_html  # built on this module

        write_html(self, destination)

    def weekly(self):
        """:func:`weekly` over the report's period and slice, taken at its
        now; empty for a report of all time."""
        start, end, now = self.period
        if start is None or not end:
            return Rows()
        args = {k: v for k, v in self._slice_args.items() if k not in ("from_", "to", "now")}
        return weekly(self._context, start, end, now=now, **args)

    @property
    def period(self):
        """(from, to, now): from and to are None for all time."""
        r = self._report()
        start, end = getattr(r, "from"), r.to
        if start == 0 and end == 0:
            return None, None, r.now
        return start, end, r.now

    @property
    def overview(self):
        """The indicators over every kind, as :func:`indicators` gives them."""
        return indicators_dict(self._report().overview)

    @property
    def kinds(self):
        """{Kind: indicators} for each kind of case."""
        r = self._report()
        return {coerce(Kind, k): indicators_dict(r.kinds[k], coerce(Kind, k)) for k in range(1, r.kind_count)}

    @property
    def evaluations(self):
        """Each indicator against its target: dicts of what, param, key,
        value and target (ppm; value None without data) and verdict."""
        r = self._report()
        out = []
        for e in r.evaluations[: r.evaluation_count]:
            out.append(
                {
                    "what": coerce(Evaluated, e.what),
                    "param": coerce(Param, e.param),
                    "key": text_result(api.telsvc_param_key(e.param)),
                    "value": _ppm(e.value),
                    "target": e.target,
                    "verdict": coerce(Verdict, e.verdict),
                }
            )
        return out
