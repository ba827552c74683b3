import time

from django.core.management.base import BaseCommand

from directives.demo_data import demo_data_generate, demo_data_remove


class Command(BaseCommand):
    help = "Tạo dữ liệu mô phỏng quy mô lớn (tách biệt với dữ liệu gốc, có thể xóa bằng --remove)."

    def add_arguments(self, parser):
        parser.add_argument("--assignments", type=int, default=10_000, help="số phân công cần tạo")
        parser.add_argument("--agencies", type=int, default=120, help="số cơ quan mô phỏng")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--remove", action="store_true", help="xóa toàn bộ dữ liệu mô phỏng rồi thoát")

    def handle(self, *args, assignments, agencies, seed, remove, **options):
        started = time.monotonic()
        if remove:
            removed = demo_data_remove()
            self.stdout.write(f"Đã xóa {removed} phân công mô phỏng.")
            return
        counts = demo_data_generate(
            assignments=assignments, agencies=agencies, seed=seed, progress=lambda m: self.stdout.write(m)
        )
        self.stdout.write(
            f"Xong trong {time.monotonic() - started:.1f} giây: {counts.directives} văn bản, {counts.tasks} nhiệm vụ, "
            f"{counts.assignments} phân công, {counts.agencies} cơ quan."
        )
