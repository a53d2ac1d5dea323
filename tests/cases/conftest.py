import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone, translation

from cms import roles
from interactions.cases import services
from interactions.cases.forms import trap_token
from interactions.cases.models import Category, Channel

TZ = datetime.timezone(datetime.timedelta(hours=8))


def at(day, hour=10):
    """A moment on `day` in Beijing time."""
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=TZ)


@pytest.fixture(autouse=True)
def _fresh_rate_limits_and_language(settings):
    # reverse() follows the thread's active language, which an earlier
    # request to /en/ leaves behind.
    translation.activate(settings.LANGUAGE_CODE)
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def category(db):
    return Category.objects.create(name="城乡建设", name_en="Urban development", term_days=15)


@pytest.fixture
def handler(make_user):
    return make_user("handler1", roles.CASE_HANDLERS)


@pytest.fixture
def reviewer(make_user):
    return make_user("handler2", roles.CASE_HANDLERS)


@pytest.fixture
def make_case(db, category):
    def make(channel=Channel.LETTER, received=None, **fields):
        defaults = {
            "subject": "小区门前道路破损",
            "body": "人民路12号门前道路破损已有两个月，请尽快修复。",
            "contact_name": "张三丰",
            "contact_phone": "13800138000",
            "contact_email": "zhang@example.test",
            "category": category if channel != Channel.DISCLOSURE else None,
        }
        defaults.update(fields)
        received_at = timezone.now() if received is None else at(received)
        return services.create_case(channel=channel, received_at=received_at, **defaults)

    return make


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run on_commit callbacks at the end of the block: case e-mails are
    handed to django-q2 (sync in tests) only once the transaction commits."""

    def capture():
        return django_capture_on_commit_callbacks(execute=True)

    return capture


@pytest.fixture
def old_token():
    return trap_token(timezone.now().timestamp() - 60)


@pytest.fixture
def supervisor(make_user):
    """The central office: triage, supervision, every department."""
    return make_user("supervisor1", roles.CASE_SUPERVISORS)


@pytest.fixture
def dept_handler(make_user):
    """make(username, department): a Case handler of that department."""
    from interactions.cases.models import DepartmentHandler

    def make(username, department):
        user = make_user(username, roles.CASE_HANDLERS)
        DepartmentHandler.objects.create(department=department, user=user)
        return user

    return make
