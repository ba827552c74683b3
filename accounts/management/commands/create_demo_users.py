from django.core.management.base import BaseCommand

from accounts.models import Role
from accounts.services import user_ensure
from agencies.models import Agency

DEMO_PASSWORD = "thu-nghiem-2026"

# (username, full name, roles, agency code, staff, superuser)
DEMO_USERS = [
    ("vanphong", "Nguyễn Thị Lan (Văn phòng UBND tỉnh)", [Role.OFFICE_STAFF], "VPUBND", True, False),
    ("syt.canbo", "Hoàng Văn Minh (Sở Y tế)", [Role.OFFICER], "SYT", False, False),
    ("stc.canbo", "Lương Thị Hoa (Sở Tài chính)", [Role.OFFICER], "STC", False, False),
    ("syt.lanhdao", "Vi Văn Thắng (Giám đốc Sở Y tế)", [Role.AGENCY_HEAD, Role.OFFICER], "SYT", False, False),
    ("dongkinh.canbo", "Nông Thị Thu (UBND phường Đông Kinh)", [Role.OFFICER], "PHUONG_DONGKINH", False, False),
    ("snnmt.canbo", "Hoàng Văn Sơn (Sở Nông nghiệp và Môi trường)", [Role.OFFICER], "SNNMT", False, False),
    ("lanhdao", "Lãnh đạo UBND tỉnh", [Role.LEADER], None, False, False),
    ("quantri", "Quản trị hệ thống", [Role.ADMINISTRATOR], None, True, True),
]


class Command(BaseCommand):
    help = "Tạo tài khoản thử cho từng vai trò (chỉ dùng trên máy phát triển)."

    def handle(self, *args, **options):
        agencies = {a.code: a for a in Agency.objects.filter(code__in=[u[3] for u in DEMO_USERS if u[3]])}
        for username, full_name, roles, code, staff, superuser in DEMO_USERS:
            if code and code not in agencies:
                self.stderr.write(f"Bỏ qua {username}: chưa có cơ quan {code} (chạy load_seed trước).")
                continue
            _, created = user_ensure(
                username=username,
                full_name=full_name,
                email=f"{username}@langson.example",
                password=DEMO_PASSWORD,
                roles=roles,
                agency=agencies.get(code),
                is_staff=staff,
                is_superuser=superuser,
            )
            if created:
                self.stdout.write(f"Đã tạo tài khoản thử {username} / {DEMO_PASSWORD}")
