"""A directive file of the wrong shape is refused with a Vietnamese list of what is wrong and
changes nothing: wrong JSON types anywhere, values past their field's limits, nesting that
would exhaust the parser (issue 12.6)."""

import copy
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Role
from agencies.registry import AgencyRegistry
from directives.exchange import ImportProblems, validate
from directives.models import Directive
from directives.services.imports import payload_from_file
from tests.factories import UserFactory

from .test_exchange_views import PLAN, registry  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def _with(path: str, value):
    """PLAN with the value at `path` ("tasks.0.lead") of its one directive replaced."""
    payload = copy.deepcopy(PLAN)
    target = payload["directives"][0]
    *parents, last = path.split(".")
    for key in parents:
        target = target[int(key)] if key.isdigit() else target.setdefault(key, [{}] if key != "tasks" else [])
    if isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value
    return payload


WRONG_TYPES = [
    ("tasks", "not a list"),
    ("tasks", {"ref": "1"}),
    ("tasks", ["1", "2"]),
    ("sections", "I"),
    ("indicators", [["PCI-1"]]),
    ("reporting_rules", 5),
    ("implements", "105/NQ-CP"),
    ("recipients", [1, 2]),
    ("slug", ["kh"]),
    ("kind", 1),
    ("title", {"vi": "x"}),
    ("issued_on", 20240201),
    ("focal_agency", ["Sở Y tế"]),
    ("tasks.0.lead", "Sở Y tế"),
    ("tasks.0.coordinating", [None]),
    ("tasks.0.ref", 1),
    ("tasks.0.content", ["Tổ chức"]),
    ("tasks.0.due", True),
    ("tasks.0.note", 3.5),
    ("tasks.0.section", ["I"]),
    ("tasks.0.deadline_kind", ["date"]),
    ("tasks.0.recurrence", {}),
]


@pytest.mark.parametrize(("path", "value"), WRONG_TYPES, ids=[f"{p}={v!r}"[:40] for p, v in WRONG_TYPES])
def test_a_value_of_the_wrong_json_type_is_named_in_vietnamese(registry, path, value):  # noqa: F811
    with pytest.raises(ImportProblems) as error:
        validate(_with(path, value), AgencyRegistry.load())
    key = path.split(".")[-1] if not path.split(".")[-1].isdigit() else path.split(".")[-2]
    assert any(f"“{key}” phải là" in problem for problem in error.value.problems), error.value.problems


@pytest.mark.parametrize(
    ("child", "item", "key"),
    [
        ("sections", {"ref": ["I"], "title": "Mục"}, "ref"),
        ("indicators", {"code": "PCI-1", "name": "x", "group": "PCI", "baseline": [1]}, "baseline"),
        ("indicators", {"code": "PCI-1", "name": "x", "group": "PCI", "target_year": "2025"}, "target_year"),
        ("reporting_rules", {"period": "annual", "day": "10", "month": 12}, "day"),
        ("reporting_rules", {"period": "quarterly", "day": 10, "month_of_quarter": 3, "months": ["3"]}, "months"),
    ],
)
def test_a_wrong_type_inside_a_section_indicator_or_rule_is_named(registry, child, item, key):  # noqa: F811
    payload = copy.deepcopy(PLAN)
    payload["directives"][0][child] = [item]
    with pytest.raises(ImportProblems) as error:
        validate(payload, AgencyRegistry.load())
    assert any(f"“{key}” phải là" in problem for problem in error.value.problems), error.value.problems


@pytest.mark.parametrize(
    ("path", "value", "words"),
    [
        ("slug", "kh/thu nhap", "mã định danh"),
        ("slug", "k" * 121, "mã định danh"),
        ("number", "1" * 81, "số, ký hiệu"),
        ("signer", "N" * 151, "người ký"),
        ("tasks.0.ref", "1" * 41, "số hiệu"),
        ("tasks.0.due_text", "x" * 256, "thời hạn như văn bản ghi"),
        ("tasks.0.due", "0001-01-01", "nằm ngoài khoảng"),
        ("tasks.0.due", "9999-12-31", "nằm ngoài khoảng"),
        ("issued_on", "1800-01-01", "nằm ngoài khoảng"),
    ],
)
def test_a_value_past_its_field_limit_is_refused_with_the_field_named(registry, path, value, words):  # noqa: F811
    with pytest.raises(ImportProblems) as error:
        validate(_with(path, value), AgencyRegistry.load())
    assert any(words in problem for problem in error.value.problems), error.value.problems


@pytest.mark.parametrize(
    "rule",
    [
        {"period": "annual", "day": 99999, "month": 12},
        {"period": "annual", "day": 10, "month": 99999999999},
        {"period": "quarterly", "day": 40, "month_of_quarter": 3},
    ],
)
def test_a_reporting_day_out_of_range_is_refused(registry, rule):  # noqa: F811
    payload = copy.deepcopy(PLAN)
    payload["directives"][0]["reporting_rules"] = [rule]
    with pytest.raises(ImportProblems):
        validate(payload, AgencyRegistry.load())


@pytest.mark.parametrize("value", ["1e999999", "NaN", "Infinity", 1e300, "99999999999"])
def test_an_indicator_number_the_model_cannot_keep_is_refused(registry, value):  # noqa: F811
    payload = copy.deepcopy(PLAN)
    payload["directives"][0]["indicators"] = [
        {"code": "PCI-1", "name": "Tiếp cận đất đai", "group": "PCI", "target": value}
    ]
    with pytest.raises(ImportProblems) as error:
        validate(payload, AgencyRegistry.load())
    assert any("không phải số" in problem for problem in error.value.problems)


@pytest.mark.parametrize("payload", [{"directives": "x"}, {"directives": {"slug": "a"}}, "x", 5, None])
def test_a_file_without_a_list_of_directives_is_refused(registry, payload):  # noqa: F811
    with pytest.raises(ImportProblems):
        validate(payload, AgencyRegistry.load())


def test_json_nested_100000_levels_is_refused_in_vietnamese():
    data = b"[" * 100_000 + b"]" * 100_000
    with pytest.raises(ImportProblems) as error:
        payload_from_file(name="long.json", data=data)
    assert "lồng quá nhiều tầng" in error.value.problems[0]


def _upload(client, data: bytes, name="ke-hoach.json"):
    return client.post(reverse("directives:import"), {"file": SimpleUploadedFile(name, data)})


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"[" * 100_000 + b"]" * 100_000, id="nested-100000"),
        pytest.param(json.dumps(_with("tasks", "not a list")).encode(), id="tasks-not-a-list"),
        pytest.param(json.dumps(_with("tasks.0.lead", "Sở Y tế")).encode(), id="lead-not-a-list"),
        pytest.param(json.dumps([PLAN["directives"][0], 5]).encode(), id="bare-list-with-a-number"),
        pytest.param(json.dumps(_with("slug", "kh/thu")).encode(), id="slug-with-a-slash"),
    ],
)
def test_the_import_page_shows_the_problem_and_saves_nothing(client, registry, data):  # noqa: F811
    # given
    client.force_login(UserFactory(roles=[Role.OFFICE_STAFF]))
    before = Directive.objects.count()
    # when
    response = _upload(client, data)
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "Không nhập được" in html or "problems" in response.context
    assert response.context["problems"]
    assert Directive.objects.count() == before
    assert "directive_import_payload" not in client.session


def test_a_bare_list_of_directives_previews(client, registry):  # noqa: F811
    client.force_login(UserFactory(roles=[Role.OFFICE_STAFF]))
    response = _upload(client, json.dumps(PLAN["directives"], ensure_ascii=False).encode())
    assert response.status_code == 200
    assert [d["slug"] for d in response.context["directives"]] == ["kh-thu-nhap"]


@pytest.mark.parametrize("blob", ["{not json", "[1, 2]", '"text"', "[" * 5000 + "]" * 5000])
def test_a_workbook_whose_hidden_sheet_was_edited_out_of_shape_is_named(blob):
    import io

    from openpyxl import load_workbook

    from directives.spreadsheet import HIDDEN_SHEET, payload_from_workbook, workbook_from_payload

    # given: an exported workbook whose hidden data cell was overwritten
    book = load_workbook(io.BytesIO(workbook_from_payload(PLAN)))
    book[HIDDEN_SHEET].cell(row=1, column=2, value=blob)
    buffer = io.BytesIO()
    book.save(buffer)
    # when / then
    with pytest.raises(ImportProblems) as error:
        payload_from_workbook(buffer.getvalue())
    assert any("dữ liệu kèm theo bị sửa hỏng" in problem for problem in error.value.problems)


def test_a_title_of_10000_characters_is_refused_by_the_json_import_with_the_limit_stated(registry):  # noqa: F811
    with pytest.raises(ImportProblems) as error:
        validate(_with("title", "x" * 10_000), AgencyRegistry.load())
    assert any("trích yếu" in p and "tối đa 1000" in p for p in error.value.problems), error.value.problems


def test_a_title_of_10000_characters_is_refused_by_the_excel_import(client, registry):  # noqa: F811
    from directives.spreadsheet import workbook_from_payload

    client.force_login(UserFactory(roles=[Role.OFFICE_STAFF]))
    workbook = workbook_from_payload(_with("title", "x" * 10_000))
    response = _upload(client, workbook, name="ke-hoach.xlsx")
    assert response.status_code == 200
    assert any("trích yếu" in p and "tối đa 1000" in p for p in response.context["problems"])
    assert not Directive.objects.filter(slug="kh-thu-nhap").exists()
