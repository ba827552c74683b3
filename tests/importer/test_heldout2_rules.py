"""Rules written while reading the development part of held-out set 2 (issue #14): each test
text is written for the test, in the layout the real plans use, not copied from them."""

import pytest

from agencies.registry import AgencyRegistry
from importer.evaluation import evaluate, same_groups
from importer.layout import split
from importer.parser import parse_directive

pytestmark = pytest.mark.django_db


def _tasks(text):
    return {t["ref"]: t for t in parse_directive(text, registry=AgencyRegistry.load()).directive["tasks"]}


HEAD = """ỦY BAN NHÂN DÂN
TỈNH NAM ĐỊNH
Số: 12/KH-UBND
Nam Định, ngày 10 tháng 11 năm 2025
KẾ HOẠCH
Phát triển dữ liệu số năm 2025
Thực hiện chỉ đạo của Chính phủ, UBND tỉnh ban hành Kế hoạch như sau:
"""


def test_decimal_sub_items_and_a_bullet_list_under_nhiem_vu_give_one_task_per_bullet(registry_loaded):
    # given: "1.1." sub-items, each with "a) Nhiệm vụ:" bullets and the agencies and time as items
    text = (
        HEAD
        + """I. NHIỆM VỤ
1. Về dữ liệu
1.1. Xây dựng cơ sở dữ liệu chuyên ngành:
a) Nhiệm vụ:
- Rà soát, chuẩn hóa cơ sở dữ liệu của đơn vị.
- Kết nối, chia sẻ dữ liệu với hệ thống dùng chung của tỉnh.
b) Cơ quan thực hiện:
- Đơn vị chủ trì: Các Sở, ban, ngành.
- Đơn vị phối hợp: Sở Khoa học và Công nghệ, UBND xã, phường.
c) Thời gian thực hiện: Hoàn thành trong năm 2025.
1.2. Đào tạo kỹ năng số:
a) Nhiệm vụ: Tổ chức đào tạo kỹ năng số cho cán bộ, công chức.
b) Cơ quan thực hiện: Đơn vị chủ trì: Sở Nội vụ.
c) Thời gian thực hiện: Thực hiện thường xuyên.
"""
    )
    # when
    tasks = _tasks(text)
    # then
    assert list(tasks) == ["I.1.1.a-1", "I.1.1.a-2", "I.1.2.a"]
    first = tasks["I.1.1.a-1"]
    assert first["content"] == "Rà soát, chuẩn hóa cơ sở dữ liệu của đơn vị."
    assert first["lead"] == ["các sở, ban, ngành"]
    assert first["coordinating"] == ["Sở Khoa học và Công nghệ", "UBND các xã, phường"]
    assert (first["deadline_kind"], first["due"]) == ("date", "2025-12-31")
    assert tasks["I.1.1.a-2"]["lead"] == ["các sở, ban, ngành"]
    assert (tasks["I.1.2.a"]["lead"], tasks["I.1.2.a"]["deadline_kind"]) == (["Sở Nội vụ"], "ongoing")


def test_a_bullet_marker_alone_on_its_line_and_labels_written_once_after_a_run(registry_loaded):
    # given: a web copy breaks "- " from its text; the time is written once after the "+" bullets
    text = (
        HEAD
        + """I. NHIỆM VỤ
1. Các sở quản lý ngành
-
Hướng dẫn các cơ quan thực hiện kiểm kê tài sản. Trong đó:
+ Sở Xây dựng: hướng dẫn kiểm kê tài sản kết cấu hạ tầng giao thông.
+ Sở Công Thương: hướng dẫn kiểm kê tài sản kết cấu hạ tầng chợ.
Thời gian thực hiện: Từ tháng 11/2025 đến khi kết thúc Tổng kiểm kê.
-
Cử công chức tham gia tổ công tác của Sở Tài chính.
Thời gian hoàn thành: Tháng 11 - 12/2025.
"""
    )
    tasks = _tasks(text)
    plus = [t for ref, t in tasks.items() if "+" in ref]
    assert [t["lead"] for t in plus] == [["Sở Xây dựng"], ["Sở Công Thương"]]
    assert [t["deadline_kind"] for t in plus] == ["ongoing", "ongoing"]
    last = next(t for t in tasks.values() if t["content"].startswith("Cử công chức"))
    assert (last["deadline_kind"], last["due"]) == ("date", "2025-12-31")


def test_lone_bullet_lines_survive_the_cleaning():
    layout = split(
        "KẾ HOẠCH\nThực hiện Kế hoạch như sau:\n1. Sở Y tế\n-\nKiểm tra an toàn thực phẩm.\n-\nGiám sát dịch bệnh.\n"
    )
    item = layout.root.children[0]
    assert [child.text for child in item.children] == ["Kiểm tra an toàn thực phẩm.", "Giám sát dịch bệnh."]


PHU_LUC = (
    HEAD
    + """I. TỔ CHỨC THỰC HIỆN
Các sở thực hiện nhiệm vụ tại Phụ lục.
PHỤ LỤC
TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành | Kết quả dự kiến | Nguồn kinh phí
I | Hạ tầng
1 | Xây dựng hạ tầng tính toán dùng chung | Trung tâm Chuyển đổi số tỉnh | Sở Tài chính | Quý IV/2026 | Hạ tầng được vận hành | Đầu tư công
Xây dựng hạ tầng dự phòng | Trung tâm Chuyển đổi số tỉnh
2 | Đầu tư thiết bị lưu trữ | Sở Tài chính | Các sở, ngành | Năm 2025 - 2026 | Thiết bị
3 | Vận hành hệ thống liên tục 24/7 | Sở Tài chính | Các sở, ngành | Năm 2026
Sao lưu dữ liệu định kỳ | Sở Khoa học và Công nghệ | Sở Tài chính
"""
)


def test_phu_luc_rows_with_cells_merged_down_take_the_missing_cells_from_the_row_above(registry_loaded):
    # when: rows with fewer cells than the heading (cells merged down give a value in their first row only)
    tasks = [t for t in _tasks(PHU_LUC).values() if t["section"] and t["section"].startswith("PL")]
    by_content = {t["content"]: t for t in tasks}
    # then: five rows, none glued to the next
    assert len(tasks) == 5
    backup = by_content["Xây dựng hạ tầng dự phòng"]
    assert backup["lead"] == ["Trung tâm Chuyển đổi số tỉnh"]
    assert backup["coordinating"] == ["Sở Tài chính"]  # merged down from the row above
    assert (backup["deadline_kind"], backup["due"]) == ("quarter", "2026-12-31")
    assert by_content["Đầu tư thiết bị lưu trữ"]["due"] == "2026-12-31"
    copy = by_content["Sao lưu dữ liệu định kỳ"]
    assert (copy["lead"], copy["coordinating"], copy["due"]) == (
        ["Sở Khoa học và Công nghệ"],
        ["Sở Tài chính"],
        "2026-12-31",
    )


@pytest.mark.parametrize(
    ("sentence", "lead", "coordinating"),
    [
        ("Giao Thanh tra thành phố tổ chức thanh tra việc chấp hành.", ["Thanh tra thành phố"], []),
        (
            "Giao Ban Quản lý các khu chế xuất và công nghiệp Cần Thơ chỉ đạo các đơn vị kinh doanh hạ tầng.",
            ["Ban Quản lý các khu chế xuất và công nghiệp Cần Thơ"],
            [],
        ),
        (
            "Công an Thành phố chủ trì, phối hợp với Bộ Tư lệnh Thành phố và các đơn vị có liên quan kiểm tra.",
            ["Công an Thành phố"],
            ["Bộ Tư lệnh Thành phố"],
        ),
        (
            "Sở Tài chính phối hợp với Sở Xây dựng, Sở Quy hoạch - Kiến trúc và Sở Nông nghiệp và Môi trường hướng dẫn.",
            ["Sở Tài chính"],
            ["Sở Xây dựng", "Sở Quy hoạch - Kiến trúc", "Sở Nông nghiệp và Môi trường"],
        ),
        (
            "Báo và Phát thanh, Truyền hình thành phố mở chuyên mục tuyên truyền.",
            ["Báo và Phát thanh, Truyền hình thành phố"],
            [],
        ),
        (
            "Giao Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh đẩy nhanh tiến độ.",
            ["Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh"],
            [],
        ),
        ("Trưởng Ban Chỉ đạo phân công nhiệm vụ cho các thành viên.", ["Ban Chỉ đạo"], []),
        (
            "Sở Giáo dục và Đào tạo chủ trì, phối hợp với các sở, ngành, địa phương xây dựng kế hoạch.",
            ["Sở Giáo dục và Đào tạo"],
            ["các sở, ban, ngành", "UBND các xã, phường"],
        ),
    ],
)
def test_names_the_registry_lacks_are_read_whole(registry_loaded, sentence, lead, coordinating):
    text = HEAD + "I. NHIỆM VỤ\n1. " + sentence + "\n"
    task = next(iter(_tasks(text).values()))
    assert task["lead"] == lead
    assert task["coordinating"] == coordinating


def test_a_heading_broken_across_lines_and_an_unfinished_sentence_going_on_in_its_bullet(registry_loaded):
    text = (
        HEAD
        + """I. TỔ CHỨC THỰC HIỆN
1. Sở Khoa học và Công nghệ theo dõi, đôn đốc các sở, ban, ngành, UBND xã, phường triển khai Kế hoạch theo đúng tiến độ; tham mưu UBND tỉnh báo cáo kết quả về Bộ Khoa học và Công nghệ
- Cơ quan thường trực Đề án 06 trước ngày 20 hằng tháng để tổng hợp, báo cáo Chính phủ.
2. Sở
Khoa học và Công nghệ, Sở Nội vụ
Sở Khoa học và Công nghệ chủ trì, phối hợp với Sở Nội vụ tổ chức đào tạo cho cán bộ.
3. Các cơ quan, đơn vị được phân công có trách nhiệm thực hiện nghiêm túc Kế hoạch.
"""
    )
    tasks = _tasks(text)
    # one task for item 1 with its bullet; item 2's heading names its two agencies, its sentence the roles
    assert list(tasks) == ["I.1", "I.2"]
    assert tasks["I.1"]["lead"] == ["Sở Khoa học và Công nghệ"]
    assert (tasks["I.1"]["deadline_kind"], tasks["I.1"]["recurrence"]) == ("recurring", "monthly")
    assert (tasks["I.2"]["lead"], tasks["I.2"]["coordinating"]) == (["Sở Khoa học và Công nghệ"], ["Sở Nội vụ"])


def test_tổ_chức_thực_hiện_paragraphs_that_give_nobody_work_and_reporting_only_bullets_are_not_tasks(
    registry_loaded,
):
    text = (
        HEAD
        + """I. TỔ CHỨC THỰC HIỆN
1. Sở Tài chính
- Theo dõi, đôn đốc thực hiện Kế hoạch.
- Thực hiện chế độ báo cáo định kỳ hằng quý về tiến độ gửi UBND tỉnh.
2. Các cơ quan, đơn vị được phân công nhiệm vụ có trách nhiệm thực hiện nghiêm túc.
3. Việc triển khai Kế hoạch phải được thực hiện bằng nhiều hình thức phù hợp.
II. KINH PHÍ THỰC HIỆN
1. Kinh phí được bố trí từ ngân sách nhà nước.
2. Các sở, ban, ngành chủ động bố trí kinh phí thực hiện nhiệm vụ được giao.
"""
    )
    tasks = _tasks(text)
    assert [t["content"] for t in tasks.values()] == [
        "Theo dõi, đôn đốc thực hiện Kế hoạch.",
        "Các sở, ban, ngành chủ động bố trí kinh phí thực hiện nhiệm vụ được giao.",
    ]


def test_groups_of_the_same_members_count_as_one_name_in_the_evaluation(registry_loaded):
    # given: the registry records "UBND cấp xã" and "UBND các xã, phường", the same communes
    registry = AgencyRegistry.load()
    same_as = same_groups({g.pk: g for g in registry.groups.values()}.values())
    truth = {"tasks": [{"ref": "1", "content": "Rà soát thủ tục", "lead": ["UBND các xã, phường"], "coordinating": []}]}
    proposed = {"tasks": [{"ref": "1", "content": "Rà soát thủ tục", "lead": ["UBND cấp xã"], "coordinating": []}]}
    # when / then
    assert evaluate(proposed, truth, same_as=same_as).scores["lead_right"].precision == 1.0
    assert evaluate(proposed, truth).scores["lead_right"].precision == 0.0
