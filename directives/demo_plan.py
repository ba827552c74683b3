"""A clearly labelled sample plan of 2026 for `make run`: a newcomer sees today's structure
at work (communes, today's departments) and not only the 2021–2023 history.

It is a "Văn bản mẫu": `is_demo`, its number and title say so, it is never exported with
the real directives, and loading it twice changes nothing. The five seed documents are not
touched. Progress is reported through the same services as a person would, by the demo
officers (`create_demo_users`).
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from .models import Assignment, Directive
from .services.imports import directives_import
from .services.work import assignment_update_progress
from .status import Lifecycle

SLUG = "van-ban-mau-2026"

PLAN = {
    "slug": SLUG,
    "kind": "ke_hoach",
    "number": "Văn bản mẫu",
    "issued_on": "2026-01-15",
    "issued_text": "Văn bản mẫu, không phải văn bản thật",
    "issuer": "UBND tỉnh Lạng Sơn",
    "title": "VĂN BẢN MẪU (dữ liệu thử nghiệm, không phải văn bản thật) — Kế hoạch năm 2026 để làm quen cổng theo dõi",
    "signer": None,
    "signer_title": "",
    "implements": [],
    "focal_agency": "Văn phòng Ủy ban nhân dân tỉnh",
    "recipients": [],
    "reporting_rules": [
        {
            "period": "quarterly",
            "day": 20,
            "month_of_quarter": 3,
            "reporter": "all",
            "recipient": "Văn phòng UBND tỉnh",
            "text": "Mẫu: báo cáo quý trước ngày 20 tháng cuối quý",
        }
    ],
    "sections": [{"ref": "I", "title": "Nhiệm vụ mẫu", "parent": None, "kind": "tasks"}],
    "indicators": [],
    "tasks": [
        {
            "ref": "1",
            "section": "I",
            "content": "Mẫu: rà soát, cập nhật danh sách thủ tục hành chính cấp xã sau sắp xếp đơn vị hành chính.",
            "lead": ["UBND các xã, phường"],
            "coordinating": [],
            "deadline_kind": "date",
            "due": "2026-12-31",
            "due_text": "trước ngày 31/12/2026",
        },
        {
            "ref": "2",
            "section": "I",
            "content": "Mẫu: hướng dẫn các xã, phường lập kế hoạch sử dụng đất năm 2027.",
            "lead": ["Sở Nông nghiệp và Môi trường"],
            "coordinating": ["UBND các xã, phường"],
            "deadline_kind": "quarter",
            "due": "2026-09-30",
            "due_text": "trong quý III/2026",
        },
        {
            "ref": "3",
            "section": "I",
            "content": "Mẫu: thường xuyên cập nhật tiến độ các nhiệm vụ được giao trên cổng theo dõi.",
            "lead": ["các sở, ban, ngành"],
            "coordinating": [],
            "deadline_kind": "ongoing",
            "due_text": "thường xuyên",
        },
        {
            "ref": "4",
            "section": "I",
            "content": "Mẫu: tổng hợp nhu cầu kinh phí vận hành chính quyền địa phương hai cấp năm 2027.",
            "lead": ["Sở Tài chính"],
            "coordinating": ["Sở Nội vụ"],
            "deadline_kind": "date",
            "due": "2026-12-20",
            "due_text": "trước ngày 20/12/2026",
        },
    ],
}

# (username of a demo officer, agency code, task ref, lifecycle, percent, note)
PROGRESS = [
    ("dongkinh.canbo", "PHUONG_DONGKINH", "1", Lifecycle.IN_PROGRESS, 60, "Mẫu: đã rà soát 36/60 thủ tục."),
    ("snnmt.canbo", "SNNMT", "2", Lifecycle.IN_PROGRESS, 40, "Mẫu: đã gửi hướng dẫn tới 30 xã, phường."),
    ("stc.canbo", "STC", "4", Lifecycle.IN_PROGRESS, 20, "Mẫu: đang tổng hợp số liệu của các sở."),
]


def demo_plan_load(*, actor=None) -> bool:
    """Load the sample plan once; returns False when it is already there."""
    if Directive.objects.filter(slug=SLUG).exists():
        return False
    with transaction.atomic():
        directives_import(payload={"format": "langson-directives", "version": 1, "directives": [PLAN]}, actor=actor)
        Directive.objects.filter(slug=SLUG).update(is_demo=True)
        users = {u.username: u for u in get_user_model().objects.filter(username__in=[p[0] for p in PROGRESS])}
        for username, code, ref, lifecycle, percent, note in PROGRESS:
            if username not in users:
                continue
            assignment = Assignment.objects.filter(task__directive__slug=SLUG, task__ref=ref, holder__code=code).first()
            if assignment is not None:
                assignment_update_progress(
                    assignment=assignment, actor=users[username], lifecycle=lifecycle, percent=percent, note=note
                )
    return True
