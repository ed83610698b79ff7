from pathlib import Path

import pytest

from groundwork.communities.tests.factories import CommunityFactory

SPEC = Path(__file__).resolve().parent.parent / "hsds_spec"
EXAMPLES_CSV = SPEC / "examples" / "csv"
EXAMPLES_JSON = SPEC / "examples" / "tabular.json"


@pytest.fixture
def two_communities():  # type: ignore[no-untyped-def]
    """Two tenants: what one imports must never show in the other."""
    return CommunityFactory(slug="alder"), CommunityFactory(slug="birch")
