"""The beat schedule, kept in code (reviewed, the same on every server) and shown read-only
to office staff at /thong-bao/lich-gui/. Times are Asia/Ho_Chi_Minh (CELERY_TIMEZONE) and
can be moved from the environment without a release.

Imported by settings: no Django imports here.
"""

import os

from celery.schedules import crontab

DAILY_AT = os.environ.get("NOTIFICATIONS_DAILY_AT", "06:30")
_hour, _minute = (int(part) for part in DAILY_AT.split(":"))

BEAT_SCHEDULE = {
    "nhac-han-hang-ngay": {
        "task": "notifications.tasks.send_daily_reminders_task",
        "schedule": crontab(hour=_hour, minute=_minute),
    },
}

# What office staff read about each entry (the schedule page).
DESCRIPTIONS = {
    "nhac-han-hang-ngay": (
        f"Hằng ngày lúc {DAILY_AT}: nhắc hạn phân công (7, 3, 1 ngày trước hạn, đến hạn, quá hạn ngày đầu), "
        "nhắc báo cáo định kỳ, thư tổng hợp quá hạn cho Văn phòng; thứ Hai thêm thư tổng hợp tuần cho Lãnh đạo "
        "tỉnh và thư việc quá hạn cho từng đơn vị."
    ),
}
