"""The importer knows today's commune-level names (issue 11): "UBND xã Na Sầm", "phường Kỳ
Lừa", "UBND các xã, phường" resolve to the registry, not to proposals of new agencies."""

import pytest

from agencies.registry import AgencyRegistry
from directives.models import Assignment, AssignmentRole
from importer.parser import parse_directive
from importer.services import directive_import_reviewed
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PLAN_2026 = """ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN
Số: 250/KH-UBND
Lạng Sơn, ngày 20 tháng 11 năm 2026
KẾ HOẠCH
Rà soát thủ tục hành chính cấp xã năm 2026
I. NHIỆM VỤ
1. UBND xã Na Sầm chủ trì rà soát thủ tục tại cửa khẩu, hoàn thành trước ngày 30/12/2026.
2. Phường Kỳ Lừa phối hợp với Sở Tài chính lập dự toán, hoàn thành trước ngày 15/12/2026.
3. UBND các xã, phường chủ trì, phối hợp với các sở, ban, ngành rà soát thủ tục; thực hiện thường xuyên.
4. Ủy ban nhân dân phường Đông Kinh chủ trì, phối hợp với UBND xã Mẫu Sơn tổ chức hội nghị trong quý IV/2026.
"""


def _task(proposal, ref):
    return next(t for t in proposal.directive["tasks"] if t["ref"].endswith(ref))


def test_commune_names_resolve_to_the_registry(registry_loaded):
    proposal = parse_directive(PLAN_2026, registry=AgencyRegistry.load())
    assert proposal.new_agencies == []
    assert _task(proposal, "1")["lead"] == ["UBND xã Na Sầm"]
    assert _task(proposal, "2")["lead"] == ["UBND phường Kỳ Lừa"]
    assert _task(proposal, "3")["lead"] == ["UBND các xã, phường"]
    assert _task(proposal, "4")["lead"] == ["UBND phường Đông Kinh"]
    assert _task(proposal, "4")["coordinating"] == ["UBND xã Mẫu Sơn"]


def test_a_reviewed_2026_plan_for_the_communes_makes_65_lead_assignments(registry_loaded):
    proposal = parse_directive(PLAN_2026, registry=AgencyRegistry.load())
    directive = {**proposal.directive, "slug": "kh-250-2026", "issued_on": "2026-11-20"}
    directive_import_reviewed(directive=directive, new_agencies=[], actor=UserFactory(agency=None))
    rows = Assignment.objects.filter(task__directive__slug="kh-250-2026").select_related("agency", "holder")
    group_task = [a for a in rows if a.via_group and a.via_group.name == "UBND các xã, phường"]
    assert len([a for a in group_task if a.role == AssignmentRole.LEAD]) == 65
    assert "SNNMT" in {a.agency.code for a in rows if a.role == AssignmentRole.COORDINATING}
    assert not [a for a in rows if a.holder.closed_on]
