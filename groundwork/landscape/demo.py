"""The demo network's landscape report, generated once from the demo coalitions and surveys."""

from groundwork.communities.demo_network import NETWORK_SLUG
from groundwork.communities.models import Network

from .models import LandscapeReport
from .services import landscape_report_generate


def load_landscape_demo() -> bool:
    """Generate the demo network's first report; returns whether one was made now."""
    network = Network.objects.filter(slug=NETWORK_SLUG).first()
    if network is None or LandscapeReport.objects.filter(network=network).exists():
        return False
    steward = network.stewards.order_by("pk").first()
    if steward is None:
        return False
    landscape_report_generate(actor=steward, network=network)
    return True
