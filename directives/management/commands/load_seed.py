import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from agencies.services import agency_registry_load
from directives.exchange import ImportProblems
from directives.services.imports import directives_import

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


class Command(BaseCommand):
    help = "Nạp danh mục cơ quan và năm văn bản gốc (fixtures/); chạy lại không thay đổi gì."

    def handle(self, *args, **options):
        registry = json.loads((FIXTURES / "agencies.json").read_text(encoding="utf-8"))
        counts = agency_registry_load(data=registry)
        self.stdout.write(f"Cơ quan: {counts['created']} mới, {counts['updated']} cập nhật.")
        files = sorted((FIXTURES / "directives").glob("*.json"))
        payload = [json.loads(path.read_text(encoding="utf-8")) for path in files]
        try:
            # A system load (no actor) of the historical documents: nobody is newly given that work.
            report = directives_import(
                payload={"format": "langson-directives", "version": 1, "directives": payload}, actor=None, notify=False
            )
        except ImportProblems as problems:
            raise CommandError("\n".join(problems.problems)) from problems
        self.stdout.write(
            f"Văn bản: {len(report.slugs)}; tạo mới {sum(report.created.values())}, "
            f"cập nhật {sum(report.updated.values())} bản ghi."
        )
