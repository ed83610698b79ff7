from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI

from .auth import api_auth
from .communities import router as communities_router
from .errors import install_error_handlers
from .planning import router as planning_router

api = NinjaAPI(
    title="Groundwork API",
    version="1",
    description=str(
        _(
            "Read and write Groundwork data with the same permissions as the web pages. "
            "Authenticate with a session or an `Authorization: Bearer` personal token."
        )
    ),
    auth=api_auth,
    urls_namespace="api",
)
install_error_handlers(api)
api.add_router("/", communities_router)
api.add_router("/", planning_router)
api.add_router("/", "groundwork.api.plans.router")
api.add_router("/", "groundwork.themes.api.router")
api.add_router("/", "groundwork.measures.api.router")
api.add_router("/", "groundwork.landscape.api.router")
