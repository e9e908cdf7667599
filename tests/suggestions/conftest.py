import pytest

from congress.roles import Role
from tests.factories import DeputyFactory, PresidiumMembershipFactory, UserFactory

from .factories import HandlingUnitFactory, advance, register


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The users of these tests sign in with force_login: hashing their passwords slowly buys nothing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded test files go to a temporary folder, not var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def staff(db):
    return UserFactory(username="renda-staff", role=Role.STAFF, email="staff@township.local")


@pytest.fixture
def member_user(db):
    return UserFactory(username="presidium-member", role=Role.MEMBER)


@pytest.fixture
def unit_user(db):
    return UserFactory(username="unit-lead", role=Role.UNIT, email="lead-unit@township.local")


@pytest.fixture
def unit(unit_user):
    return HandlingUnitFactory(name="镇农业综合服务中心", users=[unit_user])


@pytest.fixture
def co_unit_user(db):
    return UserFactory(username="unit-co", role=Role.UNIT, email="co-unit@township.local")


@pytest.fixture
def co_unit(co_unit_user):
    return HandlingUnitFactory(name="查汗庙嘎查", kind="village", users=[co_unit_user])


@pytest.fixture
def other_unit_user(db):
    return UserFactory(username="unit-other", role=Role.UNIT)


@pytest.fixture
def other_unit(other_unit_user):
    return HandlingUnitFactory(name="镇综治办", users=[other_unit_user])


@pytest.fixture
def lead_user(db):
    return UserFactory(username="deputy-lead", role=Role.DEPUTY, email="lead@township.local")


@pytest.fixture
def lead_deputy(term, lead_user):
    return DeputyFactory(term=term, name="乌云其其格", user=lead_user)


@pytest.fixture
def co_signer_user(db):
    return UserFactory(username="deputy-co", role=Role.DEPUTY)


@pytest.fixture
def co_signer(term, co_signer_user):
    return DeputyFactory(term=term, name="阿拉坦", user=co_signer_user)


@pytest.fixture
def other_deputy_user(db):
    return UserFactory(username="deputy-other", role=Role.DEPUTY)


@pytest.fixture
def other_deputy(term, other_deputy_user):
    return DeputyFactory(term=term, name="巴特尔", user=other_deputy_user)


@pytest.fixture
def chair(term):
    return PresidiumMembershipFactory(
        term=term, role="chair", title="镇党委委员、人大主席", deputy__name="王宝平"
    )


@pytest.fixture
def make(staff, unit, lead_deputy, co_signer):
    """make(state, **round data) → a suggestion of the lead deputy (co-signed) walked to ``state``."""

    def build(state="registered", *, co_units=(), register_fields=None, **round_data):
        fields = {"lead_deputy": lead_deputy, **(register_fields or {})}
        if "external_proposer" in fields:
            fields.pop("lead_deputy")
        suggestion = register(staff, co_signers=[co_signer] if "lead_deputy" in fields else [], **fields)
        return advance(suggestion, state, actor=staff, unit=unit, co_units=co_units, **round_data)

    return build


@pytest.fixture
def staff_client_for(client, staff):
    def sign_in(user=None):
        client.force_login(user or staff)
        return client

    return sign_in
