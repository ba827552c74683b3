"""Every CSV and XLSX the portal writes goes through here, so no cell is ever a live formula.

A note typed as `=HYPERLINK("http://…?x="&A1,"Xem")` must reach the reader as that text.
OWASP's rule for CSV: a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
gets a leading `'`. In XLSX a string is written as a string cell (openpyxl would otherwise
store a text starting with `=` as a formula), so the text stays exactly as typed.
Dates are real dates shown dd/mm/yyyy in Excel and written dd/mm/yyyy in CSV; an empty
value is an empty cell, never "None".
"""

import csv
import datetime
import html
import io
import itertools

from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.encoding import force_str
from django.utils.functional import Promise
from django.utils.html import strip_tags
from django.utils.safestring import SafeString
from django_tables2.export import TableExport
from django_tables2.rows import BoundRow
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
WIDTH_SAMPLE_ROWS = 200  # rows read to size the columns before the rest is streamed
MAX_WIDTH = 60


def csv_value(value) -> str:
    """One CSV cell: dd/mm/yyyy dates, no "None", no formula."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Echo:
    def write(self, value):
        return value


def csv_response(rows, filename: str) -> StreamingHttpResponse:
    """Rows streamed as UTF-8 with a byte-order mark, so Excel opens Vietnamese text correctly."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"
        for row in rows:
            yield writer.writerow([csv_value(v) for v in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_cell(sheet, value, *, bold: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # text as typed, even when it starts with "="
    elif isinstance(value, datetime.date):
        cell.number_format = DATE_FORMAT
    if bold:
        cell.font = Font(bold=True)
    return cell


def _display_length(value) -> int:
    if isinstance(value, datetime.date):
        return 10
    return len(str(value)) if value is not None else 0


def xlsx_table(rows, *, title: str) -> bytes:
    """A list as one sheet: bold frozen header row with an autofilter, columns sized to their
    content (from the first rows), then every row streamed (write-only, little memory)."""
    rows = iter(rows)
    header = list(next(rows, []))
    sample = [list(row) for _, row in zip(range(WIDTH_SAMPLE_ROWS), rows, strict=False)]
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    for index, name in enumerate(header, start=1):
        longest = max([_display_length(name), *(_display_length(r[index - 1]) for r in sample)])
        sheet.column_dimensions[get_column_letter(index)].width = min(MAX_WIDTH, max(8, longest + 2))
    sheet.freeze_panes = "A2"
    sheet.append([xlsx_cell(sheet, name, bold=True) for name in header])
    count = 1
    for row in itertools.chain(sample, rows):
        sheet.append([xlsx_cell(sheet, None if value == "" else value) for value in row])
        count += 1
    if header:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{count}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(rows, filename: str, title: str) -> HttpResponse:
    response = HttpResponse(xlsx_table(rows, title=title), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def workbook_texts_as_text(book) -> None:
    """For a workbook built cell by cell: every text openpyxl took for a formula becomes text."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


class ListExport(TableExport):
    """django-tables2's export of a list (`ExportMixin`), written by the functions above: CSV
    streamed with a BOM, XLSX formatted. Records stream from the database in chunks, each
    prepared by the table (`FastTable.prepare_records`); a value a column renders as HTML
    (no value_<column>) leaves as its text."""

    FORMATS = {"csv": TableExport.FORMATS["csv"], "xlsx": XLSX_TYPE}
    CHUNK = 2000

    def __init__(self, export_format, table, exclude_columns=None, dataset_kwargs=None):
        if export_format not in self.FORMATS:
            raise TypeError(f'Export format "{export_format}" is not supported.')
        self.format, self.table = export_format, table
        self.exclude_columns = set(exclude_columns or ())
        self.title = (dataset_kwargs or {}).get("title") or "Danh sách"

    @classmethod
    def is_valid_format(cls, export_format):
        return export_format in cls.FORMATS

    def rows(self):
        table = self.table
        columns = [
            c for c in table.columns.iterall() if not (c.column.exclude_from_export or c.name in self.exclude_columns)
        ]
        yield [force_str(c.header) for c in columns]
        records = table.data.data[: settings.PORTAL_EXPORT_MAX_ROWS].iterator(chunk_size=self.CHUNK)
        while chunk := list(itertools.islice(records, self.CHUNK)):
            table.prepare_records(chunk)
            for record in chunk:
                row = BoundRow(record, table=table)
                yield [_plain(row.get_cell_value(c.name)) for c in columns]

    def response(self, filename=None):
        name = (filename or "danh-sach").rsplit(".", 1)[0]
        if self.format == "csv":
            return csv_response(self.rows(), name)
        return xlsx_response(self.rows(), name, self.title)


def _plain(value):
    """A cell's value as a reader wants it: HTML a column rendered becomes its text."""
    if isinstance(value, SafeString):
        return html.unescape(strip_tags(value))
    if isinstance(value, Promise):
        return str(value)
    return value
