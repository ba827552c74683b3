import datetime

from django.core.management.base import BaseCommand, CommandError

from langson_portal.locks import single_run
from notifications import services


class Command(BaseCommand):
    help = "Gửi nhắc hạn và thư tổng hợp của một ngày, ngay lập tức (cùng mã với lịch chạy hằng ngày)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="ngày YYYY-MM-DD (giờ Việt Nam); mặc định hôm nay")

    def handle(self, *args, date=None, **options):
        try:
            day = datetime.date.fromisoformat(date) if date else services.local_today()
        except ValueError as exc:
            raise CommandError(f"Ngày không hợp lệ: {date!r} (cần YYYY-MM-DD)") from exc
        with single_run(f"notifications:day:{day.isoformat()}", timeout=900) as acquired:
            if not acquired:
                raise CommandError(f"Việc nhắc hạn ngày {day:%d/%m/%Y} đang chạy ở nơi khác; thử lại sau.")
            result = services.reminders_prepare_day(day=day, enqueue=False)
        sent = failed = 0
        for email_id in result.pending_email_ids:
            try:
                sent += services.email_send(email_id=email_id) == "sent"
            except services.SendFailed as exc:
                failed += 1
                self.stderr.write(f"Thư {email_id}: {exc}")
        self.stdout.write(
            f"Ngày {day:%d/%m/%Y}: ghi {result.notifications} nội dung, {result.emails} thư mới; "
            f"đã gửi {sent}, lỗi {failed}."
        )
