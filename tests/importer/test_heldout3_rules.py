"""Rules written in round 2 of issue #14 while reading the development part (held-out sets 1 and 2,
round 1's frozen part included): each test text is written for the test, in the layout the real
plans use, not copied from them."""

import datetime

import pytest

from agencies.registry import AgencyRegistry
from importer.deadlines import cell_deadline, find_deadline
from importer.mentions import AgencyMatcher
from importer.parser import RoleReader, parse_directive

pytestmark = pytest.mark.django_db

HEAD = """ỦY BAN NHÂN DÂN
TỈNH NINH BÌNH
Số: 45/KH-UBND
Ninh Bình, ngày 12 tháng 11 năm 2025
KẾ HOẠCH
Triển khai Luật Thống kê năm 2025
Thực hiện chỉ đạo của Chính phủ, UBND tỉnh ban hành Kế hoạch như sau:
"""


def _reader():
    return RoleReader(AgencyMatcher(AgencyRegistry.load()))


def _tasks(text):
    return {t["ref"]: t for t in parse_directive(text, registry=AgencyRegistry.load()).directive["tasks"]}


@pytest.mark.parametrize(
    ("text", "lead", "coordinating"),
    [
        # a lead label with "tham mưu" inside it
        ("Đơn vị chủ trì tham mưu thực hiện: Sở Tư pháp. Đơn vị phối hợp: Sở Nội vụ.", ["Sở Tư pháp"], ["Sở Nội vụ"]),
        # "các cơ quan, đơn vị, địa phương" without "liên quan": everyone
        (
            "Các cơ quan, đơn vị, địa phương rà soát đội ngũ làm công tác thống kê.",
            ["các sở, ban, ngành", "UBND các xã, phường"],
            [],
        ),
        ("Các cơ quan, đơn vị, địa phương liên quan rà soát đội ngũ.", [], []),
        # the political-social organisations beside the departments and the communes
        (
            "Các sở, ban, ngành, tổ chức chính trị - xã hội, Ủy ban nhân dân các xã, phường bố trí kinh phí.",
            ["các sở, ban, ngành", "các tổ chức chính trị - xã hội", "UBND các xã, phường"],
            [],
        ),
        # the heads of the departments
        ("Giám đốc Sở, Thủ trưởng cơ quan, ban, ngành tổ chức quán triệt Luật.", ["các sở, ban, ngành"], []),
        # the issuer being advised is not a lead
        (
            "Cơ quan thực hiện: Sở Nội vụ chủ trì tham mưu Ủy ban nhân dân Thành phố ban hành Kế hoạch; Sở Tư pháp.",
            ["Sở Nội vụ", "Sở Tư pháp"],
            [],
        ),
        # "và các" before a capitalised name goes on with the list; a Party committee's commission
        (
            "Đề nghị Văn phòng Tỉnh ủy và các Ban Xây dựng Đảng và Ủy ban Kiểm tra Tỉnh ủy quán triệt Luật.",
            ["Văn phòng Tỉnh ủy", "Ban Xây dựng Đảng", "Ủy ban Kiểm tra Tỉnh ủy"],
            [],
        ),
        # regional offices of 2025, not the province's own; a one-word head at its level ("Thuế tỉnh")
        (
            "Đề nghị Thuế tỉnh, Kho bạc nhà nước khu vực IX, Ngân hàng nhà nước khu vực 5 phối hợp thực hiện.",
            ["Thuế tỉnh", "Kho bạc nhà nước khu vực IX", "Ngân hàng nhà nước khu vực 5"],
            [],
        ),
        # "việc làm" is inside a name; "và cơ quan, địa phương liên quan" ends one
        (
            "Sở Nội vụ phối hợp với Trung tâm Dịch vụ việc làm tỉnh tổ chức tập huấn.",
            ["Sở Nội vụ"],
            ["Trung tâm Dịch vụ việc làm tỉnh"],
        ),
        # "Thực hiện hướng dẫn của Bộ …, chủ trì": the ministry gives the guidance, it does not lead
        ("Thực hiện hướng dẫn của Bộ Tài chính, chủ trì rà soát danh mục tài sản.", [], []),
    ],
)
def test_roles_of_round_2(registry_loaded, text, lead, coordinating):
    roles = _reader().read(text)
    assert roles.lead == lead
    assert roles.coordinating == coordinating


def test_a_board_of_both_levels_and_a_ministry_in_table_cells(registry_loaded):
    roles = _reader().read_cells(
        "Ban Chỉ huy Phòng thủ dân sự cấp tỉnh, cấp xã", "Văn phòng Ban Chỉ huy và cơ quan, địa phương liên quan"
    )
    assert roles.lead == ["Ban Chỉ huy Phòng thủ dân sự cấp tỉnh, cấp xã"]
    assert roles.coordinating == ["Văn phòng Ban Chỉ huy"]
    assert _reader().read_cells("Sở Tài chính", "Bộ Quốc phòng và cơ quan liên quan").coordinating == ["Bộ Quốc phòng"]


def test_a_title_then_a_sentence_with_its_own_subject(registry_loaded):
    # given: a numbered item whose first line is a title and whose sentence names the agencies
    text = (
        HEAD
        + """I. NỘI DUNG
1. Xây dựng văn bản quy định chi tiết Luật Thống kê
Sở, ban, ngành thuộc Ủy ban nhân dân tỉnh có trách nhiệm rà soát, tham mưu ban hành văn bản.
2. Kiểm tra việc thi hành Luật
- Cơ quan thực hiện: Sở Tài chính.
"""
    )
    tasks = _tasks(text)
    assert tasks["I.1"]["content"] == (
        "Sở, ban, ngành thuộc Ủy ban nhân dân tỉnh có trách nhiệm rà soát, tham mưu ban hành văn bản."
    )
    assert tasks["I.1"]["lead"] == ["các sở, ban, ngành"]
    assert tasks["I.2"]["lead"] == ["Sở Tài chính"]


@pytest.mark.parametrize(
    ("text", "kind", "due", "recurrence"),
    [
        ("Thời gian thực hiện: Năm 2025 và các năm tiếp theo.", "ongoing", None, ""),
        ("Thời gian thực hiện: Giai đoạn 2026-2030 và những năm tiếp theo.", "ongoing", None, ""),
        # a thing's years, not the time of the work
        ("nâng cao chỉ số thành phần năm 2021 và những năm tiếp theo.", "none", None, ""),
        ("tổng hợp, báo cáo UBND tỉnh trước ngày 25/12 hàng năm.", "recurring", None, "annual"),
        ("giám sát và báo cáo hằng ngày.", "ongoing", None, ""),
        ("Thời gian thực hiện: Theo Kế hoạch bồi dưỡng công chức, viên chức hàng năm.", "none", None, ""),
        ("trình phê duyệt kinh phí trong dự toán đầu năm 2026.", "date", datetime.date(2026, 12, 31), ""),
        ("tổ chức hội nghị tổng kết vào tháng 12/2025.", "date", datetime.date(2025, 12, 31), ""),
    ],
)
def test_deadlines_of_round_2(text, kind, due, recurrence):
    deadline = find_deadline(text, year_hint=2025)
    assert (deadline.kind, deadline.due, deadline.recurrence) == (kind, due, recurrence)


def test_a_bare_year_in_a_time_cell_is_its_end():
    assert cell_deadline("2025") == cell_deadline("Năm 2025").__class__("date", datetime.date(2025, 12, 31), "2025")
    assert cell_deadline("Năm 2025 và các năm tiếp theo.").kind == "ongoing"


def test_a_table_whose_lead_column_is_the_executing_agency_and_a_content_label_after_a_title(registry_loaded):
    # given: "Đơn vị thực hiện" as the lead column (no "chủ trì"), and an item titled on its first line
    # whose parts are labelled on lines of their own
    text = (
        HEAD
        + """I. NHIỆM VỤ
1. Phát triển nguồn nhân lực thống kê
Nội dung: Đào tạo kỹ năng số cho người làm thống kê cấp xã.
Đơn vị thực hiện: Sở Nội vụ; UBND các xã, phường.
Thời gian thực hiện: Hằng năm.
Nơi nhận:
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn B
PHỤ LỤC
STT | Nhiệm vụ | Đơn vị thực hiện | Đơn vị phối hợp | Thời hạn hoàn thành
1 | Xây dựng cơ sở dữ liệu thống kê | Sở Khoa học và Công nghệ | Sở Tài chính | Năm 2025-2026
"""
    )
    tasks = _tasks(text)
    assert tasks["I.1"]["content"].startswith("Đào tạo kỹ năng số")
    assert (tasks["I.1"]["lead"], tasks["I.1"]["recurrence"]) == (["Sở Nội vụ", "UBND các xã, phường"], "annual")
    row = tasks["PL.1"]
    assert (row["lead"], row["coordinating"]) == (["Sở Khoa học và Công nghệ"], ["Sở Tài chính"])
    assert (row["deadline_kind"], row["due"]) == ("date", "2026-12-31")


def test_roles_written_after_names_and_the_chair_s_closing_sentence(registry_loaded):
    roles = _reader().read("Sở Tài chính (chủ trì), Sở Nội vụ (phối hợp) rà soát định mức chi.")
    assert (roles.lead, roles.coordinating) == (["Sở Tài chính"], ["Sở Nội vụ"])
    # given: a Chỉ thị whose closing sentence follows its last item on the next line
    text = (
        HEAD.replace("KẾ HOẠCH", "CHỈ THỊ")
        + """1. Sở Y tế tăng cường kiểm tra an toàn thực phẩm.
2. Báo và Phát thanh, Truyền hình tỉnh mở chuyên mục tuyên truyền.
Chủ tịch UBND tỉnh yêu cầu Thủ trưởng các sở, ban, ngành nghiêm túc thực hiện Chỉ thị này./.
Nơi nhận:
- Lưu: VT.
CHỦ TỊCH
Trần Văn C
"""
    )
    tasks = _tasks(text)
    assert tasks["2"]["content"] == "Báo và Phát thanh, Truyền hình tỉnh mở chuyên mục tuyên truyền."
