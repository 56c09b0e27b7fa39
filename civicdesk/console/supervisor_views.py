"""The supervisor view: live city-wide figures, each a link to the work queue listing exactly its requests.

The page and its metrics fragment (refreshed every minute by `console/supervisor.js`) are for supervisors
and administrators only. Charts are inline SVG drawn here, each beside the table that carries its figures.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from civicdesk.console import metrics
from civicdesk.console.forms import AGE_BAND_CHOICES
from civicdesk.console.permissions import can_supervise, require
from civicdesk.console.services import AGE_BANDS
from civicdesk.console.views import staff_only

CHART_WIDTH = 640
LABEL_WIDTH = 200
BAR_HEIGHT = 18
ROW_GAP = 10
# USWDS colours, light to dark, so stacked segments (younger to older) read as a scale.
PALETTE = ("#97d4ea", "#00bde3", "#0076d6", "#162e51")


def _require_supervisor(request: HttpRequest) -> None:
    require(can_supervise(request.user), _("The supervisor view is for supervisors and administrators."))


@staff_only
def supervisor(request: HttpRequest) -> HttpResponse:
    _require_supervisor(request)
    return render(request, "console/supervisor.html", _context())


@staff_only
def supervisor_metrics(request: HttpRequest) -> HttpResponse:
    """The figures alone, for the page's minute-by-minute refresh."""
    _require_supervisor(request)
    return render(request, "console/supervisor_metrics.html", _context())


def queue_link(**filters: Any) -> str:
    """The work queue filtered to exactly what a figure counted (state "any" and "done" list closed work too)."""
    return f"{reverse('console:queue')}?{urlencode(filters)}"


def _context() -> dict[str, Any]:
    figures = metrics.supervisor_metrics(timezone.now())
    band_labels = dict(AGE_BAND_CHOICES)
    bands = [(band, str(band_labels[band])) for band in AGE_BANDS]
    departments = [_department_row(row) for row in figures.departments]
    services = [_service_row(row) for row in figures.services]
    return {
        "m": figures,
        "bands": bands,
        "departments": departments,
        "department_totals": {
            "bands": [(figures_sum(figures.departments, band), queue_link(age_band=band)) for band in AGE_BANDS],
            "open": (figures.totals["open"], queue_link()),
            "overdue": (figures.totals["overdue"], queue_link(due="overdue")),
            "near_due": (figures.totals["near_due"], queue_link(due="near_due")),
        },
        "department_chart": _bar_chart(
            "chart-departments", _("Open requests by department and age"),
            [(row.name or _("Not routed"), [(label, row.bands[band]) for band, label in bands])
             for row in figures.departments],
            stacked=True,
        ),
        "services": services,
        "service_chart": _bar_chart(
            "chart-services", _("Median days to close against the SLA allowance, per service type"),
            [(row.name, [(_("Median time to close"), _days(row.median_to_close)),
                         (_("SLA allowance (median)"), _days(row.median_allowed))])
             for row in figures.services],
            unit=_("days"),
        ),
        "channels": [
            {"row": row, "today_url": queue_link(state="any", channel=row.channel, received="today"),
             "week_url": queue_link(state="any", channel=row.channel, received="7d")}
            for row in figures.channels
        ],
        "channel_chart": _bar_chart(
            "chart-channels", _("Requests received by channel"),
            [(row.label, [(_("Today"), row.today), (_("Last 7 days"), row.last_7_days)]) for row in figures.channels],
        ),
        "contact_chart": _bar_chart(
            "chart-contacts", _("Information-only contacts and requests, last 7 days"),
            [(_("Requests received"), [(_("Last 7 days"), figures.totals["received_7_days"])]),
             (_("Information-only contacts"), [(_("Last 7 days"), figures.information_only["last_7_days"])])],
        ),
        "links": {
            "open": queue_link(),
            "overdue": queue_link(due="overdue"),
            "near_due": queue_link(due="near_due"),
            "closed_today": queue_link(closed="today"),
            "closed_30": queue_link(closed="30d"),
            "received_30": queue_link(state="any", received="30d"),
            "on_time_30": queue_link(closed="30d", sla="met"),
            "received_today": queue_link(state="any", received="today"),
            "received_7": queue_link(state="any", received="7d"),
        },
        "percent": {
            "rate": _percent(figures.closure.rate),
            "on_time": _percent(figures.closure.on_time_share),
        },
    }


def figures_sum(rows: Sequence[metrics.DepartmentLoad], band: str) -> int:
    return sum(row.bands[band] for row in rows)


def _department_row(row: metrics.DepartmentLoad) -> dict[str, Any]:
    """A department's figures with their links; requests not routed to a department have no queue to link to."""
    def link(**filters: Any) -> str:
        return queue_link(department=row.department_id, **filters) if row.department_id is not None else ""

    return {
        "name": row.name or _("Not routed"),
        "bands": [(row.bands[band], link(age_band=band)) for band in AGE_BANDS],
        "open": (row.open, link()),
        "overdue": (row.overdue, link(due="overdue")),
        "near_due": (row.near_due, link(due="near_due")),
    }


def _service_row(row: metrics.ServiceTiming) -> dict[str, Any]:
    return {
        "row": row,
        "closed_url": queue_link(service=row.service_id, closed="30d"),
        "on_time_url": queue_link(service=row.service_id, closed="30d", sla="met"),
        "median_to_close": duration_text(row.median_to_close),
        "median_allowed": duration_text(row.median_allowed) if row.median_allowed is not None else "—",
        "on_time": _percent(row.on_time_share),
    }


def duration_text(value: timedelta) -> str:
    """"5.5 hours" under two days, "3.2 days" from then on."""
    hours = value.total_seconds() / 3600
    if hours < 48:
        return _("%(hours).1f hours") % {"hours": hours}
    return _("%(days).1f days") % {"days": hours / 24}


def _days(value: timedelta | None) -> float:
    return value.total_seconds() / 86400 if value is not None else 0.0


def _percent(share: float | None) -> str:
    return f"{share * 100:.0f}%" if share is not None else "—"


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    colour: str
    text: str  # read by screen readers and shown on hover


def _bar_chart(chart_id: str, title: str, rows: list[tuple[str, list[tuple[str, float]]]], *,
               stacked: bool = False, unit: str = "") -> dict[str, Any]:
    """Horizontal bars, one row per label: series side by side, or stacked when `stacked`."""
    series = [name for name, _value in rows[0][1]] if rows else []
    totals = [sum(value for _name, value in values) if stacked else max((v for _n, v in values), default=0)
              for _label, values in rows]
    largest = max(totals, default=0) or 1
    scale = (CHART_WIDTH - LABEL_WIDTH - 60) / largest
    row_height = BAR_HEIGHT * (1 if stacked else len(series)) + ROW_GAP
    labels, bars, values_shown = [], [], []
    for index, (label, values) in enumerate(rows):
        top = index * row_height
        labels.append({"text": label, "y": top + (row_height - ROW_GAP) / 2 + 5})
        left = float(LABEL_WIDTH)
        for position, (name, value) in enumerate(values):
            y = top if stacked else top + position * BAR_HEIGHT
            shown = f"{value:.1f}" if unit else f"{value:g}"
            bars.append(Bar(left, y, value * scale, PALETTE[position % len(PALETTE)],
                            f"{label} · {name}: {shown} {unit}".strip()))
            if stacked:
                left += value * scale
            else:
                values_shown.append({"text": shown, "x": left + value * scale + 4, "y": y + BAR_HEIGHT - 5})
        if stacked:
            values_shown.append({"text": f"{totals[index]:g}", "x": left + 4, "y": top + BAR_HEIGHT - 5})
    return {
        "id": chart_id, "title": title, "width": CHART_WIDTH, "height": max(len(rows) * row_height, row_height),
        "label_x": LABEL_WIDTH - 8, "labels": labels, "bars": bars, "bar_height": BAR_HEIGHT - 2,
        "values": values_shown,
        "legend": [(name, PALETTE[position % len(PALETTE)]) for position, name in enumerate(series)],
    }
