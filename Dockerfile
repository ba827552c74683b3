# Image for web (gunicorn), worker and beat. WeasyPrint needs Pango; the reports need a
# Times-compatible font with full Vietnamese coverage (Liberation Serif).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=langson_portal.settings.production \
    PORTAL_VAR_DIR=/srv/var

RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libjpeg62-turbo libopenjp2-7 \
      fonts-liberation2 fonts-dejavu-core fontconfig gettext curl \
 && rm -rf /var/lib/apt/lists/* \
 && fc-cache -f

WORKDIR /srv/app
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt

COPY . .
# collectstatic and compilemessages need settings but no real secrets or services.
RUN DJANGO_SECRET_KEY=build-only DJANGO_ALLOWED_HOSTS=localhost DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    REDIS_URL=redis://localhost:6379/0 \
    sh -c "python manage.py collectstatic --noinput && python manage.py compilemessages --ignore=.venv" \
 && useradd --system --home /srv portal && mkdir -p /srv/var && chown -R portal /srv/var

USER portal
EXPOSE 8000
CMD ["gunicorn", "langson_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
