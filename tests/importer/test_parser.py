"""The parser on a plan it has never seen: a 2025 plan after the reorganisation."""

import io

import pytest
from django.core.management import call_command

from agencies.registry import AgencyRegistry
from importer.parser import parse_directive
from importer.reading import UnreadableFile, text_from_upload

from .conftest import SAMPLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_2025(registry_loaded):
    text = (SAMPLES / "kh-2025-chuyen-doi-so-xa-phuong.txt").read_text(encoding="utf-8")
    return parse_directive(text, registry=AgencyRegistry.load())


def _task(proposal, ref):
    return next(t for t in proposal.directive["tasks"] if t["ref"] == ref)


def test_header_of_a_2025_plan(plan_2025):
    d = plan_2025.directive
    assert (d["kind"], d["number"], d["issued_on"]) == ("ke_hoach", "215/KH-UBND", "2025-08-18")
    assert d["title"].startswith("Triển khai chuyển đổi số")
    assert (d["signer"], d["signer_title"]) == ("Nguyễn Văn Thử", "KT. CHỦ TỊCH, PHÓ CHỦ TỊCH")
    assert d["implements"] == ["57-NQ/TW", "71/NQ-CP"]
    assert d["focal_agency"] == "Sở Khoa học và Công nghệ"


def test_tasks_sections_and_objectives_of_a_2025_plan(plan_2025):
    d = plan_2025.directive
    refs = [t["ref"] for t in d["tasks"]]
    # Mục đích / Yêu cầu hold no tasks; bullets, lettered items and unbulleted items are tasks
    assert refs == [
        "II.1-1",
        "II.1-2",
        "II.2",
        "II.3.a",
        "II.3.b",
        "II.4",
        "II.5-1",
        "II.5-2",
        "III.1",
        "PL.1",
        "PL.2",
        "PL.3",
    ]
    kinds = {s["ref"]: s["kind"] for s in d["sections"]}
    assert kinds["I"] == kinds["I.2"] == "objectives" and kinds["II.1"] == "tasks"


def test_new_agency_names_groups_and_deadlines_of_a_2025_plan(plan_2025):
    # heading agency leads its bullets; "phối hợp với" names coordinators; the commune group is known by rule
    t = _task(plan_2025, "II.1-1")
    assert t["lead"] == ["Sở Khoa học và Công nghệ"]
    assert t["coordinating"] == ["Sở Nội vụ", "UBND các xã, phường"]
    assert (t["deadline_kind"], t["due"]) == ("quarter", "2025-09-30")
    t = _task(plan_2025, "II.2")
    assert (t["lead"], t["coordinating"], t["due"]) == (
        ["Sở Nông nghiệp và Môi trường"],
        ["Sở Tài chính"],
        "2025-11-15",
    )
    assert _task(plan_2025, "II.3.a")["recurrence"] == "quarterly"
    assert _task(plan_2025, "II.5-2")["deadline_kind"] == "ongoing"
    assert _task(plan_2025, "III.1")["lead"] == ["các sở, ban, ngành", "UBND các xã, phường"]


def test_phu_luc_table_rows_are_tasks(plan_2025):
    t = _task(plan_2025, "PL.1")
    assert t["lead"] == ["Công an tỉnh"]
    assert t["coordinating"] == ["Sở Khoa học và Công nghệ", "UBND các xã, phường"]
    assert (t["deadline_kind"], t["due"], t["due_text"]) == ("quarter", "2025-12-31", "Quý IV năm 2025")
    assert _task(plan_2025, "PL.2")["deadline_kind"] == "ongoing"
    assert _task(plan_2025, "PL.3")["due"] == "2025-10-31"


def test_unknown_agencies_are_proposed_not_dropped(plan_2025):
    proposed = {a.name: a for a in plan_2025.new_agencies}
    # "UBND các xã, phường" is a registry group since the commune level was added (issue 11).
    assert set(proposed) == {"Trung tâm Chuyển đổi số tỉnh", "Ngân hàng Nhà nước Khu vực 5"}
    assert proposed["Ngân hàng Nhà nước Khu vực 5"].kind == "central"
    assert _task(plan_2025, "II.3.b")["coordinating"] == ["Trung tâm Chuyển đổi số tỉnh"]
    assert "new_agency" in plan_2025.uncertain["II.3.b"]


def test_ocr_slips_and_names_broken_across_lines(registry_loaded):
    text = (
        "1. Sở Lao động - Thương bình và Xã hội, Chi\nnhánh Ngân hành Chính sách xã hội tỉnh chủ động lập danh sách.\n"
        "2. Sở Lao động\n- Thương binh và Xã hội\n- Tổng hợp danh sách, trình UBND tỉnh trước ngày 20/7/2021.\n"
    )
    tasks = parse_directive(text, registry=AgencyRegistry.load()).directive["tasks"]
    assert tasks[0]["lead"] == ["Sở Lao động - Thương binh và Xã hội", "Chi nhánh Ngân hàng Chính sách xã hội tỉnh"]
    assert [t["ref"] for t in tasks] == ["1", "2-1"]
    assert tasks[1]["lead"] == ["Sở Lao động - Thương binh và Xã hội"]


def test_parse_directive_command_prints_export_json_and_saves_nothing(registry_loaded, tmp_path):
    from directives.models import Directive

    source = tmp_path / "kh.txt"
    source.write_text((SAMPLES / "kh-2025-chuyen-doi-so-xa-phuong.txt").read_text(encoding="utf-8"), encoding="utf-8")
    out = io.StringIO()
    call_command("parse_directive", str(source), stdout=out)
    import json

    payload = json.loads(out.getvalue())
    assert payload["format"] == "langson-directives"
    assert payload["directives"][0]["number"] == "215/KH-UBND"
    assert Directive.objects.count() == 0


def test_docx_upload_is_read_with_its_table(registry_loaded):
    import docx

    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Thực hiện nhiệm vụ năm 2025, UBND tỉnh ban hành Kế hoạch như sau:")
    document.add_paragraph(
        "1. Sở Tài chính chủ trì, phối hợp với Sở Nội vụ rà soát định mức chi, hoàn thành trong quý III/2025."
    )
    table = document.add_table(rows=2, cols=5)
    for cell, text in zip(
        table.rows[0].cells, ["STT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian"], strict=True
    ):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["1", "Số hóa hồ sơ", "Sở Nội vụ", "", "Thường xuyên"], strict=True):
        cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    text = text_from_upload("ke-hoach.docx", buffer.getvalue())
    tasks = parse_directive(text, registry=AgencyRegistry.load()).directive["tasks"]
    assert [(t["ref"], t["lead"], t["deadline_kind"]) for t in tasks] == [
        ("1", ["Sở Tài chính"], "quarter"),
        ("PL.1", ["Sở Nội vụ"], "ongoing"),
    ]


def test_unreadable_uploads_say_why_in_vietnamese():
    with pytest.raises(UnreadableFile, match="Chỉ nhận tệp"):
        text_from_upload("anh.png", b"\x89PNG")
    with pytest.raises(UnreadableFile, match="tệp hỏng"):
        text_from_upload("hong.docx", b"not a zip")


def test_other_provinces_names_labels_wrapped_rows_and_attached_plans(registry_loaded):
    """Rules added when the held-out set was first scored (docs/importer.md, generalisation)."""
    # given: a decision that issues a plan after its own Nơi nhận, labelled tasks, a wrapped table row
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH BẮC GIANG\nSố: 845/QĐ-UBND Bắc Giang, ngày 05 tháng 6 năm 2024\nQUYẾT ĐỊNH\n"
        "Ban hành Kế hoạch hỗ trợ doanh nghiệp\nCăn cứ Luật Tổ chức chính quyền địa phương;\n"
        "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch hỗ trợ doanh nghiệp.\n"
        "Điều 2. Quyết định có hiệu lực kể từ ngày ký./.\nNơi nhận:\n- Lưu: VT.\nCHỦ TỊCH\n\nNguyễn Văn A\n\n"
        "KẾ HOẠCH\nHỗ trợ doanh nghiệp\n(Ban hành kèm theo Quyết định số 845/QĐ-UBND\nngày 05/6/2024)\n"
        "1. Yêu cầu UBND các huyện, thành phố:\na) Hướng dẫn doanh nghiệp tiếp cận tín dụng ưu đãi.\n"
        "Đơn vị chủ trì: Ngân hàng Nhà nước Chi nhánh tỉnh Bắc Giang; Đơn vị phối hợp: Kho bạc Nhà nước Cao Bằng rà soát;"
        " Thời gian: Năm 2024.\n\n\n 2\n"
        "b) Phối hợp với Chi cục Kiểm lâm, Viettel Lạng Sơn, VNPT Lạng Sơn kiểm tra; định kỳ 6 tháng báo cáo.\n"
        "PHỤ LỤC\nSTT\tNội dung\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian\n"
        "1\tXây dựng cơ sở dữ liệu, kết nối với\nHệ thống quốc gia\tSở Tài chính\tSở Xây dựng\tTháng 6/2026\n"
    )
    # when
    proposal = parse_directive(text, registry=AgencyRegistry.load())
    tasks = {t["ref"]: t for t in proposal.directive["tasks"]}
    # then
    assert proposal.directive["kind"] == "quyet_dinh"
    assert list(tasks) == ["1.a", "1.b", "PL.1"]
    assert tasks["1.a"]["content"] == "Hướng dẫn doanh nghiệp tiếp cận tín dụng ưu đãi."
    assert tasks["1.a"]["lead"] == ["Ngân hàng Nhà nước Chi nhánh tỉnh Bắc Giang"]
    assert tasks["1.a"]["coordinating"] == ["Kho bạc Nhà nước Cao Bằng"]
    assert (tasks["1.a"]["deadline_kind"], tasks["1.a"]["due"]) == ("date", "2024-12-31")
    assert tasks["1.b"]["lead"] == ["UBND các huyện, thành phố"]
    assert tasks["1.b"]["coordinating"] == ["Chi cục Kiểm lâm", "Viettel Lạng Sơn", "VNPT Lạng Sơn"]
    assert tasks["1.b"]["recurrence"] == "half_yearly"
    assert tasks["PL.1"]["content"] == "Xây dựng cơ sở dữ liệu, kết nối với Hệ thống quốc gia"
    assert tasks["PL.1"]["lead"] == ["Sở Tài chính"]
    assert {a.name for a in proposal.new_agencies} >= {
        "Ngân hàng Nhà nước Chi nhánh tỉnh Bắc Giang",
        "Kho bạc Nhà nước Cao Bằng",
        "Chi cục Kiểm lâm",
        "VNPT Lạng Sơn",
    }
