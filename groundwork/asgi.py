import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "groundwork.settings")
from groundwork.core.checks import require_secret_key  # noqa: E402

application = get_asgi_application()
require_secret_key()
