"""The quality report as one self-contained HTML page: tables and inline
SVG charts, with the standard library alone and nothing fetched when the
page opens. Every text from the report is escaped."""

import datetime
from html import escape

from .enums import Evaluated, Kind, Verdict
from .quality import on_time_rate

_STYLE = """
body{font-family:sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:1em 0}
th,td{border:1px solid #bbb;padding:.3em .6em;text-align:left}
td.n{text-align:right}
.met{color:#17692b}.missed{color:#a11}.no_data{color:#777}
svg{display:block;margin:.5em 0 1.5em}
"""
_VERDICTS = {Verdict.MET: "met", Verdict.MISSED: "missed", Verdict.NO_DATA: "no data"}
_BAR_WIDTH, _LABEL_WIDTH, _ROW = 320, 260, 22


def _percent(share):
    """A share of 1 as text; a dash for none."""
    return "—" if share is None else "%.1f %%" % (share * 100)


def _ppm(value):
    return None if value is None else value / 1000000


def _duration(stats):
    if not stats["count"]:
        return "—"
    minutes = stats["median"] // 60
    return "%d h %02d min" % (minutes // 60, minutes % 60)


def _score(value):
    return "—" if value is None else "%.1f" % value


def _kind(k):
    return k.name.lower() if isinstance(k, Kind) else str(k)


def _table(head, rows, numeric_from=1):
    """An HTML table; cells from column ``numeric_from`` on are right-aligned.
    A cell is text, or (text, css class)."""
    out = ["<table><tr>%s</tr>" % "".join("<th>%s</th>" % escape(h) for h in head)]
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            text, css = cell if isinstance(cell, tuple) else (cell, "n" if i >= numeric_from else "")
            attr = ' class="%s"' % escape(css) if css else ""
            cells.append("<td%s>%s</td>" % (attr, escape(str(text))))
        out.append("<tr>%s</tr>" % "".join(cells))
    out.append("</table>")
    return "\n".join(out)


def _chart(title, rows, maximum, fmt, target=None):
    """A horizontal bar chart as inline SVG: ``rows`` of (label, value or
    None), bars scaled to ``maximum``, values written by ``fmt``, and an
    optional target line."""
    height = _ROW * max(len(rows), 1) + 16
    width = _LABEL_WIDTH + _BAR_WIDTH + 90
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" role="img" aria-label="%s">'
        % (width, height, escape(title)),
        "<title>%s</title>" % escape(title),
    ]
    if not rows:
        parts.append('<text x="4" y="16" font-size="12">no data</text>')
    for i, (label, value) in enumerate(rows):
        y = 4 + i * _ROW
        parts.append(
            '<text x="%d" y="%d" font-size="12" text-anchor="end">%s</text>'
            % (_LABEL_WIDTH - 6, y + 14, escape(label))
        )
        length = 0 if value is None or not maximum else max(0.0, min(value / maximum, 1.0)) * _BAR_WIDTH
        parts.append(
            '<rect x="%d" y="%d" width="%.1f" height="%d" fill="#3b6ea5"/>' % (_LABEL_WIDTH, y, length, _ROW - 6)
        )
        parts.append(
            '<text x="%.1f" y="%d" font-size="12">%s</text>'
            % (_LABEL_WIDTH + length + 4, y + 14, escape("no data" if value is None else fmt(value)))
        )
    if target is not None and maximum:
        x = _LABEL_WIDTH + min(target / maximum, 1.0) * _BAR_WIDTH
        parts.append(
            '<line x1="%.1f" y1="0" x2="%.1f" y2="%d" stroke="#a11" stroke-dasharray="4 3"/>' % (x, x, height)
        )
    parts.append("</svg>")
    return "\n".join(parts)


def _section(title, body):
    return "<h2>%s</h2>\n%s" % (escape(title), body)


def _figures(ind):
    """The figures of one indicators dict, for the overview and per kind."""
    return [
        ind["cases"],
        ind["finished"],
        ind["breaches"],
        ind["escalations"],
        _percent(on_time_rate(ind["limits"])),
        _score(ind["satisfaction_mean"]),
        ind["satisfaction_count"],
        _duration(ind["respond_wall"]),
        _duration(ind["handle_wall"]),
    ]


_FIGURE_NAMES = [
    "cases",
    "finished",
    "breaches",
    "escalations",
    "on-time rate",
    "satisfaction (mean score)",
    "satisfaction scores",
    "median response",
    "median handling",
]


def render(report):
    """The page of ``report`` as str."""
    start, end, now = report.period
    tz = datetime.timezone(datetime.timedelta(seconds=report._report().utc_offset))

    def day(t):
        return datetime.datetime.fromtimestamp(t, tz).strftime("%Y-%m-%d")

    period = "all time" if start is None else "%s to %s (end excluded)" % (day(start), day(end))
    overview, kinds, evaluations = report.overview, report.kinds, report.evaluations
    weeks = report.weekly()
    satisfaction_target = next(
        (e["target"] / 10000 for e in evaluations if e["what"] == Evaluated.SATISFACTION), None
    )

    overview_rows = [[name, value] for name, value in zip(_FIGURE_NAMES, _figures(overview))]
    overview_rows += [
        ["availability", _percent(_ppm(overview["availability"]))],
        ["fault rate", _percent(_ppm(overview["fault_rate"]))],
    ]
    kind_rows = [[_kind(k)] + _figures(ind) for k, ind in kinds.items()]
    evaluation_rows = []
    for e in evaluations:
        verdict = _VERDICTS.get(e["verdict"], str(e["verdict"]))
        evaluation_rows.append(
            [e["key"], _percent(_ppm(e["value"])), _percent(_ppm(e["target"])), (verdict, verdict.replace(" ", "_"))]
        )

    limits = overview["limits"]
    breaches = [(lim["limit"], lim["late"] + lim["overdue"]) for lim in limits]
    charts = [
        ("On-time rate per limit", [(lim["limit"], on_time_rate([lim])) for lim in limits], 1, _percent, None),
        ("Breaches per limit", breaches, max([b for _, b in breaches] + [1]), str, None),
        ("Satisfaction (mean score) per kind",
         [("all", overview["satisfaction_mean"])] + [(_kind(k), ind["satisfaction_mean"]) for k, ind in kinds.items()],
         100, _score, satisfaction_target),
        ("On-time rate per week", [(day(w["from"]), w["on_time_rate"]) for w in weeks], 1, _percent, None),
        ("Satisfaction (mean score) per week", [(day(w["from"]), w["satisfaction_mean"]) for w in weeks],
         100, _score, satisfaction_target),
    ]

    body = [
        "<h1>Quality report</h1>",
        "<p>Period: %s; figures taken at %s.</p>"
        % (escape(period), escape(datetime.datetime.fromtimestamp(now, tz).isoformat())),
        _section("Overview", _table(["figure", "value"], overview_rows)),
        _section("Per kind", _table(["kind"] + _FIGURE_NAMES, kind_rows)),
        _section("Evaluation against targets", _table(["indicator", "value", "target", "verdict"], evaluation_rows)),
    ]
    body += [_section(chart[0], _chart(*chart)) for chart in charts]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>Quality report: %s</title><style>%s</style></head>\n<body>\n%s\n</body></html>\n"
        % (escape(period), _STYLE, "\n".join(body))
    )


def write_html(report, destination):
    """Write the page of ``report`` to a path or a text file."""
    page = render(report)
    if hasattr(destination, "write"):
        destination.write(page)
        return
    with open(destination, "w", encoding="utf-8") as f:
        f.write(page)
