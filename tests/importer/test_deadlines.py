"""Deadline wording → kind, date and recurrence (pure function, boundary cases)."""

import datetime

import pytest

from importer.deadlines import find_deadline


@pytest.mark.parametrize(
    ("text", "kind", "due", "recurrence"),
    [
        ("gửi Sở Lao động - Thương binh và Xã hội trước ngày 15/7/2021.", "date", datetime.date(2021, 7, 15), ""),
        ("báo cáo UBND tỉnh trước ngày 10 tháng 12 năm 2021", "date", datetime.date(2021, 12, 10), ""),
        ("phê duyệt trong quý II/2022, khởi công trong quý III/2022", "quarter", datetime.date(2022, 9, 30), ""),
        ("hoàn thành Quý IV năm 2025", "quarter", datetime.date(2025, 12, 31), ""),
        ("Đến hết năm 2021, thực hiện đầy đủ", "date", datetime.date(2021, 12, 31), ""),
        ("giải ngân trong năm 2022 và 2023", "date", datetime.date(2023, 12, 31), ""),
        ("hoàn thành trong tháng 9/2025", "date", datetime.date(2025, 9, 30), ""),
        ("Định kỳ hằng quý, báo cáo kết quả", "recurring", None, "quarterly"),
        ("báo cáo quý trước ngày 20 của các tháng 3, 6, 9", "recurring", None, "quarterly"),
        ("Khảo sát và công bố hằng năm các Chỉ số DDCI", "recurring", None, "annual"),
        ("Thường xuyên kiểm tra, đôn đốc", "ongoing", None, ""),
        ("gặp mặt doanh nghiệp theo định kỳ", "ongoing", None, ""),
        # generalisation pass (held-out plans)
        ("định kỳ 6 tháng báo cáo kết quả về Sở", "recurring", None, "half_yearly"),
        ("định kỳ 6 tháng, hằng năm báo cáo kết quả", "recurring", None, "half_yearly"),
        ("định kỳ 6 tháng (trước ngày 15/6 và 15/12) tổng hợp", "recurring", None, "half_yearly"),
        ("Báo cáo về Sở Kế hoạch và Đầu tư hằng tháng, trước ngày 20", "recurring", None, "monthly"),
        ("bố trí kinh phí từ dự phòng ngân sách tỉnh năm 2026", "date", datetime.date(2026, 12, 31), ""),
        # edges: the same words that are not deadlines
        ("rà soát thủ tục hành chính thường xuyên phát sinh", "none", None, ""),
        ("cụ thể hóa trong kế hoạch công tác hằng năm", "none", None, ""),
        ("tiền phạt chậm nộp phát sinh trong năm 2021 và 2022", "none", None, ""),
        ("Đề án phát triển du lịch đến năm 2030", "none", None, ""),
        ("khẩn trương triển khai", "none", None, ""),
    ],
)
def test_deadline_wording(text, kind, due, recurrence):
    deadline = find_deadline(text, year_hint=2021)
    assert (deadline.kind, deadline.due, deadline.recurrence) == (kind, due, recurrence)


def test_several_dates_take_the_latest_and_keep_the_whole_wording():
    text = "trước ngày 25/8 của năm 2022, năm 2023 và trước ngày 25/4/2024 tổ chức đánh giá"
    deadline = find_deadline(text)
    assert deadline.due == datetime.date(2024, 4, 25)
    assert deadline.due_text == "trước ngày 25/8 của năm 2022, năm 2023 và trước ngày 25/4/2024"


def test_a_date_without_year_yields_to_a_dated_one():
    text = "xây dựng kế hoạch trước ngày 15/6/2023; báo cáo năm trước ngày 10/12"
    assert find_deadline(text, year_hint=2023).due == datetime.date(2023, 6, 15)


# Deadlines as 2024–2026 plans write them (issue #14), in prose (plan of 2025) and in a
# "Thời gian" cell or label, where the whole cell is the wording kept.
@pytest.mark.parametrize(
    ("text", "kind", "due", "due_text"),
    [
        ("hoàn thành trong năm 2025", "date", datetime.date(2025, 12, 31), "trong năm 2025"),
        ("Hoàn thành năm 2025 các thủ tục", "date", datetime.date(2025, 12, 31), "năm 2025"),
        ("Kế hoạch năm 2025 của tỉnh", "none", None, ""),  # a bare year in a name: not a deadline
        ("thực hiện trong Quý II/2025", "quarter", datetime.date(2025, 6, 30), "trong Quý II/2025"),
        ("hoàn thành trong 6 tháng đầu năm", "date", datetime.date(2025, 6, 30), "6 tháng đầu năm"),
        ("trong 6 tháng cuối năm 2026", "date", datetime.date(2026, 12, 31), "6 tháng cuối năm 2026"),
        ("báo cáo định kỳ 6 tháng đầu năm", "recurring", None, "định kỳ 6 tháng"),  # the recurrence wins
        ("trình UBND tỉnh trước ngày 30/6", "date", datetime.date(2025, 6, 30), "trước ngày 30/6"),
        ("tổ chức hằng năm", "recurring", None, "hằng năm"),
        ("thực hiện thường xuyên", "ongoing", None, "thường xuyên"),
        ("triển khai trong giai đoạn 2025–2026", "date", datetime.date(2026, 12, 31), "trong giai đoạn 2025–2026"),
        ("Chương trình giai đoạn 2021-2025 của tỉnh", "none", None, ""),  # a programme's name
        ("từ năm 2025 đến năm 2027", "date", datetime.date(2027, 12, 31), "từ năm 2025 đến năm 2027"),
        ("thực hiện theo lộ trình của Bộ Nội vụ", "none", None, "theo lộ trình của Bộ Nội vụ"),
        ("ban hành ngay sau khi Nghị định có hiệu lực", "none", None, "ngay sau khi Nghị định có hiệu lực"),
    ],
)
def test_deadlines_of_modern_plans_in_prose(text, kind, due, due_text):
    deadline = find_deadline(text, year_hint=2025)
    assert (deadline.kind, deadline.due, deadline.due_text) == (kind, due, due_text)


@pytest.mark.parametrize(
    ("cell", "kind", "due"),
    [
        ("Năm 2025", "date", datetime.date(2025, 12, 31)),
        ("Hoàn thành trong năm 2025", "date", datetime.date(2025, 12, 31)),
        ("2025–2026", "date", datetime.date(2026, 12, 31)),
        ("2025 - 2026", "date", datetime.date(2026, 12, 31)),
        ("2026–2025", "none", None),  # a range backwards is not read
        ("Quý II/2025", "quarter", datetime.date(2025, 6, 30)),
        ("6 tháng đầu năm 2025", "date", datetime.date(2025, 6, 30)),
        ("Hằng năm", "recurring", None),
        ("Thường xuyên", "ongoing", None),
        ("Theo lộ trình của Bộ", "none", None),
    ],
)
def test_deadline_cells_keep_the_whole_cell_as_wording(cell, kind, due):
    from importer.deadlines import cell_deadline

    deadline = cell_deadline(cell, year_hint=2025)
    assert (deadline.kind, deadline.due) == (kind, due)
    if kind != "none" or deadline.due_text:
        assert deadline.due_text == cell
