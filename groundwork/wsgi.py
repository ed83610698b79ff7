import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "groundwork.settings")
from groundwork.core.checks import require_secret_key  # noqa: E402

application = get_wsgi_application()
require_secret_key()
