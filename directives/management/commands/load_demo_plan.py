from django.core.management.base import BaseCommand

from directives.demo_plan import demo_plan_load


class Command(BaseCommand):
    help = (
        "Nạp một văn bản mẫu năm 2026 (is_demo, ghi rõ “Văn bản mẫu”) cho máy phát triển; chạy lại không thay đổi gì."
    )

    def handle(self, *args, **options):
        created = demo_plan_load()
        self.stdout.write("Đã nạp văn bản mẫu năm 2026." if created else "Văn bản mẫu năm 2026 đã có, không thay đổi.")
