from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from directives.exchange import ImportProblems
from directives.services.imports import directives_import, payload_from_file


class Command(BaseCommand):
    help = "Nhập văn bản chỉ đạo từ tệp JSON hoặc Excel (.xlsx); lỗi ở bất kỳ dòng nào thì không thay đổi gì."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không lưu")

    def handle(self, *args, file, dry_run, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"Không thấy tệp {file}.")
        try:
            payload = payload_from_file(name=path.name, data=path.read_bytes())
            report = directives_import(payload=payload, dry_run=dry_run)
        except ImportProblems as problems:
            raise CommandError(
                "Không nhập được, dữ liệu không thay đổi:\n- " + "\n- ".join(problems.problems)
            ) from None
        verb = "Kiểm tra xong (chưa lưu)" if dry_run else "Đã nhập"
        self.stdout.write(
            f"{verb}: {len(report.slugs)} văn bản; tạo mới {sum(report.created.values())}, "
            f"cập nhật {sum(report.updated.values())} bản ghi."
        )
