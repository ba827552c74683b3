import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from agencies.services import RegistryError, agency_registry_import


class Command(BaseCommand):
    help = (
        "Áp dụng một tệp danh mục cơ quan (dạng export_agencies): tất cả hoặc không gì cả; "
        "in ra những gì thay đổi. --dry-run chỉ báo, không lưu."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--actor", default="", help="Tên đăng nhập của người thực hiện (ghi vào lịch sử)")

    def handle(self, *args, file, dry_run=False, actor="", **options):
        try:
            with open(file, encoding="utf-8-sig") as handle:
                data = json.load(handle)
        except (OSError, json.JSONDecodeError) as error:
            raise CommandError(f"Không đọc được tệp {file}: {error}") from error
        user = get_user_model().objects.filter(username=actor).first() if actor else None
        if actor and user is None:
            raise CommandError(f"Không có tài khoản “{actor}”.")
        try:
            changes = agency_registry_import(data=data, actor=user, dry_run=dry_run)
        except RegistryError as error:
            raise CommandError(str(error)) from error
        for line in changes.lines():
            self.stdout.write(line)
        self.stdout.write("Chạy thử: chưa lưu gì." if dry_run else "Đã áp dụng.")
