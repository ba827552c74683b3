"""The text of an uploaded directive: Word (.docx), PDF with a text layer, or plain text."""

import io

from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024


class UnreadableFile(ValueError):
    pass


def text_from_docx(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:  # Phụ lục tables: one line per row, cells split by " | "
        for row in table.rows:
            cells = []
            for cell in row.cells:
                text = " ".join(cell.text.split())
                if not cells or cells[-1] != text:
                    cells.append(text)
            lines.append(" | ".join(cells))
    return "\n".join(lines)


def text_from_pdf(data: bytes) -> str:
    import pdfplumber

    pages = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            pages.append(page.extract_text() or "")
            for table in page.extract_tables():  # Phụ lục tables: one line per row, cells split by " | "
                pages.extend(" | ".join(" ".join((cell or "").split()) for cell in row) for row in table)
    text = "\n".join(pages)
    if not text.strip():
        raise UnreadableFile(_("Tệp PDF không có lớp chữ (bản quét ảnh); hãy dán nội dung văn bản."))
    return text


def text_from_upload(name: str, data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise UnreadableFile(_("Tệp quá lớn (tối đa 10 MB)."))
    lower = name.lower()
    try:
        if lower.endswith(".docx"):
            return text_from_docx(data)
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
