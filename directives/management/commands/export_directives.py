import json
import sys

from django.core.management.base import BaseCommand, CommandError

from directives.exchange import export_directives
from directives.models import Directive
from directives.spreadsheet import workbook_from_payload


class Command(BaseCommand):
    help = "Xuất văn bản chỉ đạo (toàn bộ hoặc một văn bản) ra JSON hoặc Excel."

    def add_arguments(self, parser):
        parser.add_argument("--directive", help="mã định danh (slug) của văn bản; bỏ trống: tất cả")
        parser.add_argument("--format", choices=["json", "xlsx"], default="json")
        parser.add_argument("--output", help="tệp kết quả; bỏ trống: in ra màn hình (chỉ JSON)")
        parser.add_argument("--include-demo", action="store_true", help="kèm dữ liệu mô phỏng")

    def handle(self, *args, directive, format, output, include_demo, **options):
        queryset = Directive.objects.order_by("slug")
        if directive:
            queryset = queryset.filter(slug=directive)
            if not queryset.exists():
                raise CommandError(f"Không có văn bản “{directive}”.")
        elif not include_demo:
            queryset = queryset.filter(is_demo=False)
        payload = export_directives(queryset)
        if format == "xlsx":
            if not output:
                raise CommandError("Xuất Excel cần --output TỆP.xlsx")
            with open(output, "wb") as handle:
                handle.write(workbook_from_payload(payload))
        else:
            text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
            if output:
                with open(output, "w", encoding="utf-8") as handle:
                    handle.write(text)
            else:
                sys.stdout.write(text)
        if output:
            self.stderr.write(f"Đã xuất {len(payload['directives'])} văn bản ra {output}.")
