"""python manage.py create_api_token USERNAME [--scope read|write] [--days N] [--name TEXT]

Prints the token once, alone on the last line (only its hash is kept)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from api import services
from api.models import TokenScope


class Command(BaseCommand):
    help = "Tạo mã truy cập API cho một tài khoản; mã chỉ in ra một lần, ở dòng cuối."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--scope", choices=TokenScope.values, default=None)
        parser.add_argument("--days", type=int, default=services.DEFAULT_TOKEN_DAYS)
        parser.add_argument("--name", default="")

    def handle(self, *args, username, scope, days, name, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có tài khoản {username!r}.")
        try:
            token, raw = services.api_token_create(user=user, actor=None, scope=scope, days=days, name=name)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            f"Mã cho {user.username} (phạm vi {token.scope}, hết hạn {timezone.localtime(token.expires_at):%d/%m/%Y}); "
            "chỉ hiện một lần, hãy lưu lại:"
        )
        self.stdout.write(raw)
