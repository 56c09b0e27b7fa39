import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from civicdesk.conftest import City
from civicdesk.opendata.layout import COLUMNS_2024, LEGACY_COLUMNS
from civicdesk.opendata.models import ComplaintTypeMapping, ImportedRecord
from civicdesk.opendata.services import ExportOptions, export_csv_lines
from civicdesk.opendata.tests.conftest import LEGACY_FILE
from civicdesk.opendata.tests.factories import open_data_csv, open_data_row
from civicdesk.service_requests.choices import Status
from civicdesk.service_requests.models import ServiceRequest
from civicdesk.service_requests.tests.factories import ServiceRequestFactory

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_prints_what_it_did(city: City, street_condition: ComplaintTypeMapping) -> None:
    out, _ = run("import_nyc_csv", str(LEGACY_FILE))

    assert out == (
        f"Imported 5 requests from {LEGACY_FILE} (legacy 41-column header).\n"
        "Skipped 0 rows already imported from source 'nyc-311'.\n"
        "No bad rows.\n"
    )
    assert ServiceRequest.objects.count() == 5

    out, _ = run("import_nyc_csv", str(LEGACY_FILE), "--batch-size", "2")
    assert out.splitlines()[:2] == [
        f"Imported 0 requests from {LEGACY_FILE} (legacy 41-column header).",
        "Skipped 5 rows already imported from source 'nyc-311'.",
    ]


def test_import_lists_the_first_50_bad_rows_and_the_total(city: City, tmp_path: Path) -> None:
    rows = [open_data_row(), open_data_row()]
    rows += [open_data_row({"Agency": f"AG{number}"}) for number in range(53)]
    path = tmp_path / "with-bad-rows.csv"
    path.write_text(open_data_csv(rows), encoding="utf-8")

    out, _ = run("import_nyc_csv", str(path), "--source", "nyc-test")

    lines = out.splitlines()
    assert lines[:3] == [
        f"Imported 2 requests from {path} (legacy 41-column header).",
        "Skipped 0 rows already imported from source 'nyc-test'.",
        "53 bad rows were not imported:",
    ]
    assert lines[3] == "  line 4: Agency 'AG0' matches no department code."
    assert [int(line.split()[1].rstrip(":")) for line in lines[3:-1]] == list(range(4, 54))
    assert lines[-1] == "  ... and 3 more."
    assert ImportedRecord.objects.filter(source="nyc-test").count() == 2


def test_a_missing_file_is_an_error(city: City, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"Cannot read .*nope\.csv: No such file or directory\."):
        run("import_nyc_csv", str(tmp_path / "nope.csv"))


def test_a_bad_header_is_an_error_and_nothing_is_imported(city: City, tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("id,created,type\n1,2024-01-01,pothole\n", encoding="utf-8")

    with pytest.raises(CommandError, match=r"other\.csv: The header is not the NYC 311 Service Requests layout"):
        run("import_nyc_csv", str(path))
    assert ServiceRequest.objects.count() == 0


def test_a_file_that_is_not_utf8_is_an_error(city: City, tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(open_data_csv([open_data_row({"Descriptor": "Señal caída"})]).encode("latin-1"))

    with pytest.raises(CommandError, match="is not UTF-8 text"):
        run("import_nyc_csv", str(path))
    assert ServiceRequest.objects.count() == 0


@pytest.mark.parametrize(
    ("options", "message"),
    [(["--batch-size", "0"], "--batch-size must be at least 1."), (["--source", ""], "--source must be 1 to 64")],
)
def test_import_options_are_checked(city: City, options: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run("import_nyc_csv", str(LEGACY_FILE), *options)


def test_export_writes_csv_to_stdout(city: City) -> None:
    ServiceRequestFactory.create(service=city.pothole, public_id="STD0-0UT1")

    out, err = run("export_nyc_csv")

    assert out == "".join(export_csv_lines(ExportOptions()))
    assert out.splitlines()[0] == ",".join(LEGACY_COLUMNS)
    assert out.splitlines()[1].startswith("STD0-0UT1,")
    assert err == ""


def test_export_writes_a_file_with_the_chosen_layout_and_filters(city: City, tmp_path: Path) -> None:
    ServiceRequestFactory.create(service=city.pothole, public_id="OPEN-0001")
    ServiceRequestFactory.create(service=city.pothole, public_id="DONE-0002", status=Status.CLOSED,
                                 resolution="fixed")
    path = tmp_path / "export.csv"

    out, err = run("export_nyc_csv", "--output", str(path), "--layout", "2024", "--status", "closed",
                   "--since", "2020-01-01")

    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(COLUMNS_2024)
    assert [line.split(",")[0] for line in lines[1:]] == ["DONE-0002"]
    assert out == ""
    assert err == f"Exported 1 requests to {path} (2024 44-column header).\n"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--since", "last week"], "'last week' is not a date"),
        (["--status", "pending"], "Unknown status 'pending'"),
        (["--layout", "1999"], "Unknown layout '1999'"),
        (["--output", "/no/such/folder/export.csv"], "Cannot write /no/such/folder/export.csv: No such file"),
    ],
)
def test_export_options_are_checked(city: City, options: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run("export_nyc_csv", *options)
