from pathlib import Path

import pytest

from groundwork.communities.tests.factories import CommunityFactory

# Open Referral's HSDS 3.0 schemas and example package (CC BY-SA 4.0), kept beside the project
# with the other shared test data rather than copied into it.
SPEC = Path(__file__).resolve().parents[4] / "shared" / "data" / "hsds"
EXAMPLES_CSV = SPEC / "examples" / "csv"
needs_hsds = pytest.mark.skipif(
    not (SPEC / "schema" / "openapi.json").exists(), reason="../shared/data/hsds is not there"
)


@pytest.fixture
def two_communities():  # type: ignore[no-untyped-def]
    """Two tenants: what one imports must never show in the other."""
    return CommunityFactory(slug="alder"), CommunityFactory(slug="birch")
