"""The registry as Lạng Sơn is today (issue 11): the 65 commune-level units, the 2025 changes,
groups read on a date, and the registry exchange (export_agencies / import_agencies)."""

import datetime
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from agencies.membership import members_on, target_refusal
from agencies.models import Agency, AgencyGroup, AgencyKind
from agencies.selectors import agency_registry_export
from agencies.services import RegistryError, agency_registry_import
from directives.models import Assignment
from tests.factories import AssignmentFactory, TaskFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)


def _export(tmp_path, as_of: str) -> dict:
    out = tmp_path / f"registry-{as_of}.json"
    call_command("export_agencies", "--as-of", as_of, "--output", str(out))
    return json.loads(out.read_text(encoding="utf-8"))


def _group(data: dict, name: str) -> list[str]:
    return next(g["members"] for g in data["groups"] if g["name"] == name)


def test_export_of_2026_lists_65_communes_4_wards_no_district_and_todays_groups(registry, tmp_path):
    # when
    data = _export(tmp_path, "2026-12-01")
    # then
    kinds = [a["kind"] for a in data["agencies"]]
    communes = [a for a in data["agencies"] if a["kind"] == AgencyKind.COMMUNE]
    assert data["as_of"] == "2026-12-01"
    assert len(communes) == 65
    assert sum(1 for a in communes if a["name"].startswith("UBND phường ")) == 4
    assert sum(1 for a in communes if a["name"].startswith("UBND xã ")) == 61
    assert all(a["opened_on"] == "2025-07-01" and a["closed_on"] is None for a in communes)
    assert AgencyKind.DISTRICT not in kinds
    assert sorted(_group(data, "UBND các xã, phường")) == sorted(a["code"] for a in communes)
    assert _group(data, "UBND cấp xã") == _group(data, "UBND các xã, phường")
    assert _group(data, "UBND các huyện, thành phố") == []
    departments = _group(data, "các sở, ban, ngành")
    assert {"SNNMT", "SDTTG", "STC"} <= set(departments)
    assert not {"SKHDT", "SNNPTNT", "STNMT", "SGTVT", "STTTT", "SLDTBXH", "BDT"} & set(departments)
    row = next(a for a in data["agencies"] if a["code"] == "PHUONG_DONGKINH")
    assert row == {
        "code": "PHUONG_DONGKINH",
        "name": "UBND phường Đông Kinh",
        "short_names": [],
        "kind": "commune",
        "opened_on": "2025-07-01",
        "closed_on": None,
        "successors": [],
    }


def test_export_of_2022_lists_the_2022_structure(registry, tmp_path):
    data = _export(tmp_path, "2022-06-01")
    codes = {a["code"] for a in data["agencies"]}
    assert sum(1 for a in data["agencies"] if a["kind"] == AgencyKind.DISTRICT) == 11
    assert not any(a["kind"] == AgencyKind.COMMUNE for a in data["agencies"])
    assert "SKHDT" in codes and "SNNMT" not in codes
    assert "SKHDT" in _group(data, "các sở, ban, ngành")
    assert len(_group(data, "UBND các huyện, thành phố")) == 11
    assert _group(data, "UBND các xã, phường") == []


def test_every_commune_has_its_sources_and_unknowns_stay_visible(registry):
    communes = list(Agency.objects.filter(kind=AgencyKind.COMMUNE).select_related("former_district"))
    docs = (Path(settings.BASE_DIR) / "docs" / "agencies.md").read_text(encoding="utf-8")
    assert len(communes) == 65
    for commune in communes:
        assert "1672/NQ-UBTVQH15" in commune.source
        assert "news.laodong.vn" in commune.source
        # a commune either names the units it was formed from, or says it is unknown
        assert commune.formed_from or "chưa rõ" in commune.source
        assert commune.former_district is None or commune.former_district.kind == AgencyKind.DISTRICT
        assert commune.name in docs
    dong_kinh = next(c for c in communes if c.code == "PHUONG_DONGKINH")
    assert "Phường Vĩnh Trại" in dong_kinh.formed_from
    assert dong_kinh.former_district.code == "UBND_TPLANGSON"
    for url in re.findall(r"https?://[^\s)]+", " ".join(c.source for c in communes)):
        assert url.rstrip(".;,") in docs


def test_2025_changes_of_departments_and_central_agencies(registry):
    customs = Agency.objects.get(code="CHQ")
    assert customs.closed_on == datetime.date(2025, 3, 15)
    assert customs.successor.code == "CCHQKV6"
    market = Agency.objects.get(code="QLTT")
    assert market.successor.code == "SCT"
    labour = Agency.objects.get(code="SLDTBXH")
    assert labour.successor.code == "SNV"
    assert {s.successor.code for s in labour.function_successions.all()} == {"SYT", "SGDDT"}
    export = agency_registry_export(as_of=datetime.date(2025, 1, 1))
    assert next(a for a in export["agencies"] if a["code"] == "SLDTBXH")["successors"][0] == "SNV"


def test_group_of_a_date_binds_that_days_members_and_refuses_when_empty(registry):
    departments = AgencyGroup.objects.get(name="các sở, ban, ngành")
    districts = AgencyGroup.objects.get(name="UBND các huyện, thành phố")
    assert len(members_on(departments, datetime.date(2026, 11, 20))) == 15
    assert "SKHDT" in {a.code for a in members_on(departments, datetime.date(2022, 6, 1))}
    assert target_refusal(districts, datetime.date(2022, 6, 1)) is None
    message = target_refusal(districts, datetime.date(2026, 11, 20))
    assert "UBND các huyện, thành phố" in message
    assert "20/11/2026" in message
    assert "UBND các xã, phường" in message


def test_exported_registry_imports_back_without_change(registry, tmp_path):
    data = _export(tmp_path, "2026-12-01")
    changes = agency_registry_import(data=data, actor=None)
    assert changes.empty
    assert changes.lines() == ["Không có thay đổi."]


def test_import_agencies_reports_each_change_and_applies_all_or_nothing(registry, tmp_path):
    # given: the next reorganisation as a file: two communes merge, one is renamed, a new agency
    staff = UserFactory(username="chuyenvien", agency=None)
    AssignmentFactory(task=TaskFactory(due_on=datetime.date(2027, 3, 31)), agency=Agency.objects.get(code="XA_NASAM"))
    data = agency_registry_export(as_of=TODAY)
    rows = {a["code"]: a for a in data["agencies"]}
    rows["XA_NASAM"]["closed_on"] = "2027-01-01"
    rows["XA_NASAM"]["successors"] = ["XA_VANLANG"]
    rows["XA_HOIHOAN"]["name"] = "UBND xã Hội Hoan mới"
    data["agencies"].append(
        {
            "code": "TTCDS",
            "name": "Trung tâm Chuyển đổi số tỉnh",
            "short_names": ["TT CĐS"],
            "kind": "other",
            "opened_on": "2026-12-01",
            "closed_on": None,
            "successors": [],
        }
    )
    communes = next(g for g in data["groups"] if g["name"] == "UBND các xã, phường")
    communes["members"].remove("XA_NASAM")
    path = tmp_path / "change.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    # when: a dry run
    from io import StringIO

    out = StringIO()
    call_command("import_agencies", str(path), "--dry-run", stdout=out)
    # then: the report names every change, and nothing is saved
    report = out.getvalue()
    assert "Cơ quan mới: TTCDS — Trung tâm Chuyển đổi số tỉnh" in report
    assert "Đổi tên: XA_HOIHOAN: UBND xã Hội Hoan → UBND xã Hội Hoan mới" in report
    assert "Chấm dứt hoạt động: XA_NASAM — UBND xã Na Sầm: 01/01/2027" in report
    assert "Đơn vị kế thừa: XA_NASAM: — → XA_VANLANG" in report
    assert "Thành viên nhóm: UBND các xã, phường: bớt XA_NASAM" in report
    assert "Chờ chuyển giao: XA_NASAM: 1 phân công còn mở (kế thừa: UBND xã Văn Lãng)" in report
    assert "Chạy thử" in report
    assert not Agency.objects.filter(code="TTCDS").exists()
    assert Agency.objects.get(code="XA_NASAM").closed_on is None

    # when: applied for real
    changes = agency_registry_import(data=data, actor=staff)
    # then
    na_sam = Agency.objects.get(code="XA_NASAM")
    assert na_sam.closed_on == datetime.date(2027, 1, 1) and na_sam.successor.code == "XA_VANLANG"
    hoi_hoan = Agency.objects.get(code="XA_HOIHOAN")
    assert hoi_hoan.name == "UBND xã Hội Hoan mới" and "UBND xã Hội Hoan" in hoi_hoan.aliases
    assert hoi_hoan.history.first().history_user == staff
    assert not changes.empty

    # when: a file with one bad line
    data["agencies"].append({"code": "BAD", "name": "Sai", "kind": "khong_co", "successors": ["KHONG_CO"]})
    data["agencies"][0]["name"] = "Tên mới không được lưu"
    with pytest.raises(RegistryError) as error:
        agency_registry_import(data=data, actor=staff)
    # then: every fault is named and nothing is written
    assert "“BAD”: loại “khong_co” không hợp lệ" in str(error.value)
    assert "đơn vị kế thừa “KHONG_CO”" in str(error.value)
    assert not Agency.objects.filter(name="Tên mới không được lưu").exists()
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_agencies", str(path))


def test_membership_changes_never_change_existing_assignments(registry):
    # given: work given through the group to a commune
    na_sam = Agency.objects.get(code="XA_NASAM")
    group = AgencyGroup.objects.get(name="UBND các xã, phường")
    task = TaskFactory(due_on=datetime.date(2026, 12, 31))
    assignment = AssignmentFactory(task=task, agency=na_sam, via_group=group, assigned_on=TODAY)
    data = agency_registry_export(as_of=TODAY)
    next(g for g in data["groups"] if g["name"] == "UBND các xã, phường")["members"].remove("XA_NASAM")
    # when: the commune leaves the group
    agency_registry_import(data=data, actor=None)
    # then: its assignment is as it was
    assignment.refresh_from_db()
    assert (assignment.agency_id, assignment.holder_id, assignment.via_group_id, assignment.withdrawn_on) == (
        na_sam.pk,
        na_sam.pk,
        group.pk,
        None,
    )
    assert Assignment.objects.count() == 1
    assert na_sam not in group.members.all()
