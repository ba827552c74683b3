"""Exports carry the filtered list, in Vietnamese that Excel reads, and nothing the user may not see."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

LISTS = ["directives:assignment_list", "directives:task_list", "directives:directive_list", "agencies:list"]


def csv_rows(response):
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM so Excel shows Vietnamese"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def xlsx_rows(response):
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def test_assignment_csv_has_vietnamese_headers_and_only_the_officers_rows(client, world):
    # given
    client.force_login(world["officer"])
    # when: the officer also tampers with ?agency=
    rows = csv_rows(client.get(reverse("directives:assignment_list"), {"export": "csv"}))
    tampered = csv_rows(client.get(reverse("directives:assignment_list"), {"export": "csv", "agency": "so-tai-chinh"}))
    # then
    assert rows[0][:4] == ["Văn bản", "Số hiệu", "Nhiệm vụ", "Cơ quan"]
    assert [r[2] for r in rows[1:]] == ["Cải thiện chỉ số Tiếp cận đất đai"]
    assert rows[1][3] == "Sở Y tế" and rows[1][6] == "Đang thực hiện quá hạn"
    assert tampered == [rows[0]]
    assert "ngân sách" not in str(rows)


def test_assignment_xlsx_carries_dates_as_dates_and_only_the_officers_rows(client, world):
    client.force_login(world["officer"])
    response = client.get(reverse("directives:assignment_list"), {"export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = xlsx_rows(response)
    assert len(rows) == 2
    assert rows[1][2] == "Cải thiện chỉ số Tiếp cận đất đai"
    assert rows[1][5].strftime("%d/%m/%Y") == "12/06/2024"
    assert "ngân sách" not in str(rows)


def test_export_follows_the_filter(client, world):
    client.force_login(world["staff"])
    everything = csv_rows(client.get(reverse("directives:assignment_list"), {"export": "csv"}))
    searched = csv_rows(client.get(reverse("directives:assignment_list"), {"export": "csv", "q": "ngan sach"}))
    assert len(everything) == 3
    assert [r[2] for r in searched[1:]] == ["Rà soát ngân sách bí mật"]


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_no_export_holds_a_foreign_row(client, world, name, fmt):
    client.force_login(world["officer"])
    response = client.get(reverse(name), {"export": fmt, "agency": world["other"].code})
    text = str(csv_rows(response) if fmt == "csv" else xlsx_rows(response))
    assert response.status_code == 200
    assert "Rà soát ngân sách bí mật" not in text


def test_agency_export_counts_only_visible_work(client, world):
    client.force_login(world["officer"])
    rows = csv_rows(client.get(reverse("agencies:list"), {"export": "csv"}))
    header, by_code = rows[0], {r[0]: r for r in rows[1:]}
    overdue = header.index("Quá hạn")
    assert by_code["so-y-te"][overdue] == "1"
    assert by_code["so-tai-chinh"][overdue] == "0"


def test_export_with_a_bad_filter_shows_the_message_instead(client, world):
    client.force_login(world["staff"])
    response = client.get(reverse("directives:assignment_list"), {"export": "csv", "due_to": "31/02/2024"})
    assert response["Content-Type"].startswith("text/html")
    assert "Điều kiện lọc chưa hợp lệ" in response.content.decode()
