"""Import and export of the NYC open data "311 Service Requests" CSV.

`importing` reads a file into service requests in batches; `exporting` streams requests back out
in the same layout. Commands and views use the names below.
"""

from civicdesk.opendata.services.exporting import (
    BadExportOption,
    ExportOptions,
    export_csv_lines,
    export_rows,
    parse_export_options,
    requests_for_export,
)
from civicdesk.opendata.services.importing import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_SOURCE,
    BadHeader,
    BadRow,
    ImportReport,
    import_csv,
    read_header,
)

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_SOURCE",
    "BadExportOption",
    "BadHeader",
    "BadRow",
    "ExportOptions",
    "ImportReport",
    "export_csv_lines",
    "export_rows",
    "import_csv",
    "parse_export_options",
    "read_header",
    "requests_for_export",
]
