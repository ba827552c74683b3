"""The text of an uploaded directive: Word (.docx), PDF with a text layer, or plain text."""

import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from langson_portal.uploads import DOCX, office_document_type

MAX_BYTES = 10 * 1024 * 1024


class UnreadableFile(ValueError):
    pass


def _table_lines(rows: list[list[str]]) -> list[str]:
    """A table as text: one line per row between "|", each cell once ("| 1 | Nội dung | Sở Y tế |")."""
    return ["| " + " | ".join(cells) + " |" for cells in rows if any(cells)]


def _docx_rows(table) -> list[list[str]]:
    """Rows of a Word table, one text per grid column: a cell merged down several rows is
    read in each row it spans, a cell merged across columns in each column it covers
    (python-docx gives the same cell again), so every row lines up with the heading row
    and a row merged across the whole table (a group heading) repeats one text."""
    return [[" ".join(cell.text.split()) for cell in row.cells] for row in table.rows]


def text_from_docx(data: bytes, name: str = "văn bản.docx") -> str:
    """Paragraphs and tables in the order the document has them (a Phụ lục table stays
    where it stands, after its heading). The file is parsed only once the upload rules
    (langson_portal/uploads.py) have found it a Word document within the ZIP limits."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        kind = office_document_type(data, name=name)
    except ValidationError as refused:
        raise UnreadableFile(" ".join(refused.messages)) from None
    if kind != DOCX:
        raise UnreadableFile(_("Không đọc được tệp “%(name)s”: tệp hỏng hoặc sai định dạng.") % {"name": name})
    document = docx.Document(io.BytesIO(data))
    lines = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            lines.extend(_table_lines(_docx_rows(Table(child, document))))
    return "\n".join(lines)


def _pdf_rows(table: list[list]) -> list[list[str]]:
    """Rows of a PDF table. pdfplumber leaves a cell merged down several rows empty (None) in
    the rows below its first: those rows take the value above."""
    rows, above = [], []
    for index, row in enumerate(table):
        cells = []
        for column, cell in enumerate(row):
            if cell is None and index > 1 and column < len(above):
                cells.append(above[column])
            else:
                cells.append(" ".join((cell or "").split()))
        rows.append(cells)
        above = cells
    return rows


def text_from_pdf(data: bytes) -> str:
    """The text layer page by page, each table where it stands on its page."""
    import pdfplumber

    lines = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            tables = sorted(page.find_tables(), key=lambda t: t.bbox[1])
            x0, top, x1, bottom = page.bbox
            for table in tables:
                if table.bbox[1] > top:
                    lines.append(page.crop((x0, top, x1, table.bbox[1])).extract_text() or "")
                lines.extend(_table_lines(_pdf_rows(table.extract())))
                top = max(top, table.bbox[3])
            if top < bottom:
                lines.append(page.crop((x0, top, x1, bottom)).extract_text() or "")
    text = "\n".join(lines)
    if not text.strip():
        raise UnreadableFile(_("Tệp PDF không có lớp chữ (bản quét ảnh); hãy dán nội dung văn bản."))
    return text


def text_from_upload(name: str, data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise UnreadableFile(_("Tệp quá lớn (tối đa 10 MB)."))
    lower = name.lower()
    try:
        if lower.endswith(".docx"):
            return text_from_docx(data, name)
        if lower.endswith(".pdf"):
            return text_from_pdf(data)
        if lower.endswith(".txt"):
            for encoding in ("utf-8-sig", "utf-16", "cp1258"):
                try:
                    return data.decode(encoding)
                except UnicodeDecodeError:
                    continue
            raise UnreadableFile(_("Không đọc được bảng mã của tệp văn bản (cần UTF-8)."))
    except UnreadableFile:
        raise
    except Exception as error:  # a broken file of the right extension
        raise UnreadableFile(
            _("Không đọc được tệp “%(name)s”: tệp hỏng hoặc sai định dạng.") % {"name": name}
        ) from error
    raise UnreadableFile(_("Chỉ nhận tệp .docx, .pdf (có lớp chữ) hoặc .txt."))
