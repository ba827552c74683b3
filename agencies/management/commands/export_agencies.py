import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from agencies.selectors import agency_registry_export


class Command(BaseCommand):
    help = "Xuất danh mục cơ quan đang hoạt động vào một ngày và thành viên các nhóm vào ngày đó (JSON)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD (mặc định: hôm nay)")
        parser.add_argument("--output", help="Tệp ghi ra (mặc định: màn hình)")

    def handle(self, *args, as_of=None, output=None, **options):
        try:
            day = datetime.date.fromisoformat(as_of) if as_of else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"Ngày “{as_of}” không hợp lệ, cần dạng YYYY-MM-DD.") from error
        text = json.dumps(agency_registry_export(as_of=day), ensure_ascii=False, indent=2) + "\n"
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stderr.write(f"Đã ghi {output}.")
        else:
            self.stdout.write(text, ending="")
