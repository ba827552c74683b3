from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from directives.exchange import ImportProblems
from directives.services.imports import directives_import, payload_from_file


class Command(BaseCommand):
    help = "Nhập văn bản chỉ đạo từ tệp JSON hoặc Excel (.xlsx); lỗi ở bất kỳ dòng nào thì không thay đổi gì."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không lưu")
        parser.add_argument("--actor", help="tên đăng nhập của người nhập (ghi vào lịch sử); bỏ trống: hệ thống")

    def handle(self, *args, file, dry_run, actor, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"Không thấy tệp {file}.")
        user = None
        if actor:
            user = User.objects.filter(username=actor).first()
            if user is None:
                raise CommandError(f"Không có tài khoản “{actor}”.")
        try:
            payload = payload_from_file(name=path.name, data=path.read_bytes())
            report = directives_import(payload=payload, actor=user, dry_run=dry_run)
        except ImportProblems as problems:
            raise CommandError(
                "Không nhập được, dữ liệu không thay đổi:\n- " + "\n- ".join(problems.problems)
            ) from None
        verb = "Kiểm tra xong (chưa lưu)" if dry_run else "Đã nhập"
        self.stdout.write(
            f"{verb}: {len(report.slugs)} văn bản; tạo mới {sum(report.created.values())}, "
            f"cập nhật {sum(report.updated.values())} bản ghi."
        )
