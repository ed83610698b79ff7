import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# No time limits: the machines running the suite are shared and noisy, and time is measured
# in bench/, never asserted in tests (a 200 ms deadline failed a pure function once under
# coverage beside another build). The same holds for the check that generating examples is
# fast enough; the other health checks stay.
hypothesis_settings.register_profile(
    "groundwork", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("groundwork")


@pytest.fixture(autouse=True)
def _english_by_default(settings):  # type: ignore[no-untyped-def]
    """Each test starts in English unless it chooses otherwise."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):  # type: ignore[no-untyped-def]
    """Argon2 is deliberately slow; tests that check hashing ask for it themselves."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo_password() -> str:
    return "a-long-enough-password-42"


@pytest.fixture(autouse=True)
def _empty_cache():  # type: ignore[no-untyped-def]
    """Database rows are rolled back after each test, so cached renderings must go too."""
    from django.core.cache import cache

    from groundwork.core.generations import forget_owners

    cache.clear()
    forget_owners()
    yield
    cache.clear()
    forget_owners()


@pytest.fixture(autouse=True)
def _own_media(settings, tmp_path_factory):  # type: ignore[no-untyped-def]
    """Uploaded and stored files (photos, kept PDFs) of each test in a folder of its own: a
    PDF kept by another run is never served to this one."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture
def tenant(db):  # type: ignore[no-untyped-def]
    """A community with a process, answers, a plan and a conversation (groundwork.core.testing)."""
    from groundwork.core.testing import build_tenant

    return build_tenant("alder")


@pytest.fixture
def other_tenant(db):  # type: ignore[no-untyped-def]
    """A second tenant that looks like the first (same slugs, titles and answers, its own
    network): a missing community/process/plan filter shows against it."""
    from groundwork.core.testing import build_tenant

    return build_tenant("birch")


@pytest.fixture
def beside_other_tenant(other_tenant):  # type: ignore[no-untyped-def]
    """The test runs beside ``other_tenant`` (groundwork.core.testing.beside): no response
    shows its words, and nothing of it changes."""
    from groundwork.core.testing import beside

    with beside(other_tenant):
        yield other_tenant
