"""Production: every secret and address comes from the environment, with no default."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import client_address_settings, env_bool, env_list


def required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Biến môi trường {name} là bắt buộc trong môi trường production.")
    return value


import dj_database_url  # noqa: E402

# Words of the example and placeholder keys (.env.example says "change-me-…"): a key that holds one
# was copied, not generated.
PLACEHOLDER_KEY_WORDS = ("change-me", "changeme", "change_me", "replace-me", "example", "your-secret", "insecure")


def secret_key_problem(key: str) -> str | None:
    """Why `key` is not a secret key fit for production, or None. Django's deploy check only
    warns below 50 characters; the example key of .env.example is longer and passes it."""
    if len(key) < 50:
        return "ngắn hơn 50 ký tự"
    if len(set(key)) < 5:
        return "ít hơn 5 ký tự khác nhau"
    lowered = key.lower()
    for word in PLACEHOLDER_KEY_WORDS:
        if word in lowered:
            return f"là khóa mẫu (chứa “{word}”)"
    return None


DEBUG = False
SECRET_KEY = required("DJANGO_SECRET_KEY")
if problem := secret_key_problem(SECRET_KEY):
    raise ImproperlyConfigured(
        f"DJANGO_SECRET_KEY {problem}; hãy tạo khóa mới, ví dụ: "
        'python -c "import secrets; print(secrets.token_urlsafe(64))"'
    )
ALLOWED_HOSTS = [host.strip() for host in required("DJANGO_ALLOWED_HOSTS").split(",") if host.strip()]
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
DATABASES = {
    "default": dj_database_url.parse(
        required("DATABASE_URL"), conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60"))
    )
}
REDIS_URL = required("REDIS_URL")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or REDIS_URL
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")

# Behind a reverse proxy that terminates TLS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# ... and the client address the login lockout sees is the one that proxy received from.
AXES_IPWARE_PROXY_COUNT, AXES_IPWARE_META_PRECEDENCE_ORDER = client_address_settings(
    int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "1"))
)
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
