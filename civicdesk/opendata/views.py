"""The public open-data download. Thin: options are parsed and the export is streamed."""

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.views.decorators.http import require_GET

from civicdesk.opendata.services import BadExportOption, export_csv_lines, parse_export_options


@require_GET
def requests_csv(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """All service requests in the NYC open data layout; ?since=YYYY-MM-DD&status=open|closed&layout=legacy|2024."""
    try:
        options = parse_export_options(
            layout=request.GET.get("layout", ""), since=request.GET.get("since", ""),
            status=request.GET.get("status", ""),
        )
    except BadExportOption as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    response = StreamingHttpResponse(export_csv_lines(options), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="311-service-requests.csv"'
    return response
