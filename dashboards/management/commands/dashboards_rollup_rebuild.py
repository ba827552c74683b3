"""Refill the dashboards' status rollup from every assignment, or check it (PostgreSQL)."""

from django.core.management.base import BaseCommand, CommandError

from dashboards.caching import data_version_bump
from dashboards.rollup import enabled, rollup_differences, rollup_rebuild


class Command(BaseCommand):
    help = "Tính lại bảng tổng hợp trạng thái của bảng điều khiển (hoặc kiểm tra với --check)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Chỉ kiểm tra, không ghi.")

    def handle(self, *args, check=False, **options):
        if not enabled():
            raise CommandError("Bảng tổng hợp chỉ có trên PostgreSQL.")
        if check:
            differences = rollup_differences()
            if differences:
                raise CommandError(f"Bảng tổng hợp lệch {differences} dòng; chạy lại lệnh không có --check.")
            self.stdout.write("Bảng tổng hợp khớp với dữ liệu phân công.")
            return
        rollup_rebuild()
        data_version_bump()
        self.stdout.write(self.style.SUCCESS("Đã tính lại bảng tổng hợp trạng thái."))
