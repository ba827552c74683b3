"""The layouts of 2024–2026 plans (issue #14): labelled parts, Phụ lục tables in Word files
with merged cells, tables in document order, parts that are not tasks, Mục tiêu targets."""

import io

import pytest

from agencies.registry import AgencyRegistry
from importer.labels import read_labels
from importer.parser import parse_directive
from importer.reading import text_from_docx

pytestmark = pytest.mark.django_db

# The layout quoted in issue #14, under a plan's heading.
LABELLED = """KẾ HOẠCH
Thực hiện chuyển đổi số năm 2025
Thực hiện chỉ đạo của Chính phủ, UBND tỉnh ban hành Kế hoạch như sau:
1. Hoàn thiện thể chế
a) Nhiệm vụ: Rà soát, hoàn thiện quy định về chuyển đổi số của tỉnh.
b) Cơ quan thực hiện: Đơn vị chủ trì: Sở Khoa học và Công nghệ. Đơn vị phối hợp: Các sở, ban, ngành.
c) Thời gian thực hiện: Hoàn thành trong năm 2025.
"""


def _parse(text):
    return parse_directive(text, registry=AgencyRegistry.load())


def test_labelled_parts_are_one_task_with_lead_partners_and_deadline(registry_loaded):
    # when
    tasks = _parse(LABELLED).directive["tasks"]
    # then: one task, not three (content, agency line, time line)
    assert len(tasks) == 1
    task = tasks[0]
    assert task["content"].startswith("Rà soát, hoàn thiện quy định về chuyển đổi số")
    assert task["lead"] == ["Sở Khoa học và Công nghệ"]
    assert task["coordinating"] == ["các sở, ban, ngành"]
    assert (task["deadline_kind"], task["due"], task["due_text"]) == ("date", "2025-12-31", "Hoàn thành trong năm 2025")


def test_labelled_parts_in_another_order_on_one_line_keep_the_output(registry_loaded):
    text = """KẾ HOẠCH
Cải cách hành chính năm 2025
1. Xây dựng cơ sở dữ liệu hồ sơ công chức; Thời hạn hoàn thành: Quý III/2025; Cơ quan phối hợp: Sở Tài chính; Cơ quan chủ trì: Sở Nội vụ; Sản phẩm: Cơ sở dữ liệu được vận hành.
2. Số hóa hồ sơ đất đai
- Tiến độ thực hiện: 2025–2026
- Đơn vị chủ trì: Sở Nông nghiệp và Môi trường
"""
    tasks = _parse(text).directive["tasks"]
    assert [t["ref"] for t in tasks] == ["1", "2"]
    first, second = tasks
    assert first["content"] == "Xây dựng cơ sở dữ liệu hồ sơ công chức"
    assert (first["lead"], first["coordinating"]) == (["Sở Nội vụ"], ["Sở Tài chính"])
    assert (first["deadline_kind"], first["due"]) == ("quarter", "2025-09-30")
    assert first["output"] == "Cơ sở dữ liệu được vận hành"
    # a range keeps its end date and its text
    assert second["lead"] == ["Sở Nông nghiệp và Môi trường"]
    assert (second["due"], second["due_text"]) == ("2026-12-31", "2025–2026")
    assert "output" not in second


def test_labels_inside_a_sentence_are_not_parts():
    assert read_labels("Tổ chức thực hiện các nhiệm vụ: tuyên truyền, tập huấn") is None
    assert read_labels("Sở Tài chính chủ trì, phối hợp với Sở Nội vụ") is None


def _docx(build) -> bytes:
    import docx

    document = docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _phu_luc(document):
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Thực hiện chuyển đổi số năm 2025")
    document.add_paragraph("Thực hiện chỉ đạo của Chính phủ, UBND tỉnh ban hành Kế hoạch như sau:")
    document.add_paragraph("1. Sở Nội vụ chủ trì rà soát thủ tục hành chính, hoàn thành trước ngày 30/6/2025.")
    document.add_paragraph("PHỤ LỤC NHIỆM VỤ")
    table = document.add_table(rows=5, cols=6)
    header = ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành", "Sản phẩm"]
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    # a group heading merged across the whole row
    group = table.cell(1, 0).merge(table.cell(1, 5))
    group.text = "Nhóm nhiệm vụ về dữ liệu"
    rows = [
        ("1", "Số hóa hồ sơ đất đai", "Báo cáo kết quả"),
        ("2", "Xây dựng kho dữ liệu dùng chung", "Kho dữ liệu"),
        ("3", "Kết nối dữ liệu với các xã, phường", "Văn bản hướng dẫn"),
    ]
    for index, (number, content, output) in enumerate(rows, start=2):
        table.cell(index, 0).text = number
        table.cell(index, 1).text = content
        table.cell(index, 5).text = output
    # lead and deadline written once, merged down the three rows
    lead = table.cell(2, 2).merge(table.cell(4, 2))
    lead.text = "Sở Khoa học và Công nghệ"
    table.cell(2, 3).text = "Sở Tài chính"
    table.cell(3, 3).text = "Sở Nội vụ"
    deadline = table.cell(2, 4).merge(table.cell(4, 4))
    deadline.text = "Quý IV/2025"
    document.add_paragraph("TỔ CHỨC THỰC HIỆN")


def test_docx_phu_luc_with_merged_cells_gives_one_task_per_row_with_the_merged_values(registry_loaded):
    # given: a Word plan whose Phụ lục merges the lead and deadline cells down three rows
    text = text_from_docx(_docx(_phu_luc))
    # then: the table is read where it stands, between its heading and the next paragraph
    lines = text.splitlines()
    assert lines.index("PHỤ LỤC NHIỆM VỤ") < next(i for i, line in enumerate(lines) if "Số hóa hồ sơ" in line)
    assert lines[-1] == "TỔ CHỨC THỰC HIỆN"
    # when
    directive = _parse(text).directive
    table_tasks = [t for t in directive["tasks"] if t["ref"].startswith("PL")]
    # then: one task per row, each with the merged lead and deadline, its own partner and product
    assert [t["content"] for t in table_tasks] == [
        "Số hóa hồ sơ đất đai",
        "Xây dựng kho dữ liệu dùng chung",
        "Kết nối dữ liệu với các xã, phường",
    ]
    assert all(t["lead"] == ["Sở Khoa học và Công nghệ"] for t in table_tasks)
    assert all((t["deadline_kind"], t["due"]) == ("quarter", "2025-12-31") for t in table_tasks)
    assert [t["coordinating"] for t in table_tasks] == [["Sở Tài chính"], ["Sở Nội vụ"], []]
    assert [t["output"] for t in table_tasks] == ["Báo cáo kết quả", "Kho dữ liệu", "Văn bản hướng dẫn"]
    # the merged group row is a section, not a task
    group = next(s for s in directive["sections"] if s["title"] == "Nhóm nhiệm vụ về dữ liệu")
    assert {t["section"] for t in table_tasks} == {group["ref"]}
    # and the numbered task before the table is still there
    assert any(t["content"].startswith("Sở Nội vụ chủ trì rà soát") for t in directive["tasks"])


NOT_TASKS = """KẾ HOẠCH
Cải cách hành chính năm 2025
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Nâng cao chất lượng phục vụ người dân, doanh nghiệp.
2. Mục tiêu
- Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn đạt 95%.
- 100% cơ quan nhà nước kết nối liên thông văn bản điện tử trong năm 2025.
- Chỉ số năng lực cạnh tranh cấp tỉnh (PCI) đạt 7,2 điểm.
II. NHIỆM VỤ
1. Sở Nội vụ chủ trì, phối hợp với Sở Tư pháp rà soát thủ tục, hoàn thành trước ngày 30/6/2025.
2. Kinh phí thực hiện Kế hoạch được bố trí từ nguồn ngân sách tỉnh năm 2025.
3. Kinh phí: Sở Tài chính tham mưu bố trí kinh phí thực hiện Kế hoạch.
III. TỔ CHỨC THỰC HIỆN
Các sở, ban, ngành, UBND các xã, phường căn cứ Kế hoạch này triển khai thực hiện; định kỳ hằng quý trước ngày 15 của tháng cuối quý báo cáo kết quả về Sở Nội vụ để tổng hợp.
Nơi nhận:
- Như trên;
- Lưu: VT.
"""


def test_objectives_general_duty_funding_and_recipients_are_not_tasks(registry_loaded):
    directive = _parse(NOT_TASKS).directive
    contents = [t["content"] for t in directive["tasks"]]
    # then: the work of a named agency only, funding only where an agency is given work
    assert len(contents) == 2
    assert contents[0].startswith("Sở Nội vụ chủ trì")
    assert "Sở Tài chính tham mưu bố trí kinh phí" in contents[1]
    # the Tổ chức thực hiện paragraph still gives its reporting regime
    assert [(r["period"], r["day"]) for r in directive["reporting_rules"]] == [("quarterly", 15)]


def test_numeric_targets_of_muc_tieu_are_proposed_as_indicators(registry_loaded):
    indicators = _parse(NOT_TASKS).directive["indicators"]
    assert [(i["unit"], i["target"], i["target_year"]) for i in indicators] == [
        ("%", "95", 2025),
        ("%", "100", 2025),
        ("điểm", "7.2", 2025),
    ]
    assert indicators[2]["target_text"] == "đạt 7,2 điểm"
    assert {i["group"] for i in indicators} == {"MUC_TIEU"}


def test_pdf_table_is_read_where_it_stands_with_a_cell_merged_down(registry_loaded):
    # given: a PDF (made by WeasyPrint) whose Phụ lục merges the lead cell down two rows
    from weasyprint import HTML

    from importer.reading import text_from_pdf

    cell = 'style="border:1px solid #000"'
    html = (
        "<p>KẾ HOẠCH</p><p>Số hóa năm 2025</p><p>PHỤ LỤC NHIỆM VỤ</p>"
        f'<table style="border-collapse:collapse"><tr><td {cell}>STT</td><td {cell}>Nhiệm vụ</td>'
        f"<td {cell}>Cơ quan chủ trì</td><td {cell}>Thời gian</td></tr>"
        f"<tr><td {cell}>1</td><td {cell}>Số hóa hồ sơ</td><td rowspan='2' {cell}>Sở Nội vụ</td>"
        f"<td {cell}>Quý II/2025</td></tr>"
        f"<tr><td {cell}>2</td><td {cell}>Kết nối dữ liệu</td><td {cell}>Năm 2025</td></tr></table>"
        "<p>TỔ CHỨC THỰC HIỆN</p>"
    )
    text = text_from_pdf(HTML(string=html).write_pdf())
    # then: heading, rows, closing in that order, the merged lead in both rows
    lines = text.splitlines()
    assert lines.index("PHỤ LỤC NHIỆM VỤ") < lines.index("| 1 | Số hóa hồ sơ | Sở Nội vụ | Quý II/2025 |")
    assert lines[-1] == "TỔ CHỨC THỰC HIỆN"
    tasks = [t for t in _parse(text).directive["tasks"] if t["ref"].startswith("PL")]
    assert [(t["lead"], t["due"]) for t in tasks] == [(["Sở Nội vụ"], "2025-06-30"), (["Sở Nội vụ"], "2025-12-31")]
