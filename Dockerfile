# Groundwork's production image: gunicorn serving the site, the same image running the
# background worker and the scheduler (see compose.yaml and docs/operations.md).
#   docker build -t groundwork .

# --- Front-end packages (USWDS, htmx, Leaflet, us-atlas) from npm, exactly as locked --------
FROM node:22-bookworm-slim AS assets
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --omit=dev

# --- The application -------------------------------------------------------------------------
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    NODE_MODULES=/app/node_modules \
    LOG_FORMAT=json

# Pango and fonts for WeasyPrint's PDFs; the PostgreSQL 15 client for `manage.py backup`
# (pg_dump must be as new as the server: compose runs PostgreSQL 15).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation \
        postgresql-client-15 \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 groundwork \
    && useradd --system --uid 10001 --gid groundwork --home-dir /app --shell /usr/sbin/nologin groundwork

WORKDIR /app
# Dependencies first (a layer reused while only the code changes), pinned by the lock.
COPY pyproject.toml README.md ./
COPY requirements/lock.txt requirements/lock.txt
RUN mkdir groundwork && touch groundwork/__init__.py \
    && pip install -c requirements/lock.txt -e ".[redis,sentry]" \
    && rm -rf groundwork

COPY --from=assets /src/node_modules /app/node_modules
COPY manage.py ./
COPY groundwork groundwork
COPY scripts/healthcheck.py scripts/healthcheck.py
COPY deploy deploy

# Static files: collected, hashed and compressed at build (no secrets needed for this), then
# served by WhiteNoise.
RUN DEBUG=false python manage.py collectstatic --noinput -v0 \
    && mkdir -p var/media \
    && chown -R groundwork:groundwork var

USER groundwork
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=6s --start-period=30s --retries=3 \
    CMD ["python", "scripts/healthcheck.py", "/readyz"]
CMD ["gunicorn", "--config", "deploy/gunicorn.conf.py"]
