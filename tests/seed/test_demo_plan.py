"""The sample plan of 2026 that `make run` loads (issue 11): clearly a sample, given to the
communes and today's departments, with progress, loaded once; the seeds are untouched."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from accounts.models import User
from agencies.services import agency_registry_load
from directives.models import Assignment, Directive

pytestmark = pytest.mark.django_db


def test_demo_plan_is_labelled_reaches_today_and_loads_once(capsys):
    data = json.loads((Path(settings.BASE_DIR) / "fixtures" / "agencies.json").read_text(encoding="utf-8"))
    agency_registry_load(data=data)
    call_command("create_demo_users", stdout=StringIO())
    assert User.objects.get(username="dongkinh.canbo").agency.code == "PHUONG_DONGKINH"
    assert User.objects.get(username="snnmt.canbo").agency.code == "SNNMT"
    # when: loaded twice
    call_command("load_demo_plan", stdout=StringIO())
    out = StringIO()
    call_command("load_demo_plan", stdout=out)
    # then
    directive = Directive.objects.get(slug="van-ban-mau-2026")
    assert directive.is_demo and directive.number == "Văn bản mẫu" and "không phải văn bản thật" in directive.title
    assert Directive.objects.count() == 1 and "không thay đổi" in out.getvalue()
    rows = Assignment.objects.filter(task__directive=directive).select_related("holder")
    assert rows.filter(holder__kind="commune").values("holder").distinct().count() == 65
    assert rows.filter(holder__code="SNNMT").exists()
    assert not [a for a in rows if a.holder.closed_on]
    assert rows.filter(progress_percent__gt=0, holder__code="PHUONG_DONGKINH").exists()
    # and it is never exported with the real directives
    capsys.readouterr()
    call_command("export_directives")
    assert "van-ban-mau-2026" not in capsys.readouterr().out
