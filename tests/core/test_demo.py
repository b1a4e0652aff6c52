import pytest
from django.core.management import call_command
from django.urls import reverse

from agencies import demo
from agencies.models import Agency, Area, Membership, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    return demo.load_city()


def test_the_demo_city_has_four_junior_high_districts(city):
    assert Area.objects.filter(level=Area.Level.JUNIOR_HIGH).count() == 4
    assert Area.objects.filter(level=Area.Level.ELEMENTARY).count() == 8


def test_the_demo_city_has_about_twelve_agencies_and_one_hub(city):
    assert Agency.objects.count() == 12
    assert Agency.objects.filter(is_hub=True).count() == 1


def test_the_demo_city_has_staff_in_every_role(city):
    assert set(Membership.objects.values_list("role", flat=True)) == set(Membership.Role.values)


def test_loading_the_demo_twice_changes_nothing(city):
    again = demo.load_city()
    assert again.created is False
    assert Agency.objects.count() == 12
    assert again.logins == city.logins


def test_every_demo_user_can_log_in_through_the_login_page(client, city):
    usernames = [username for username, _agency, _role in city.logins]
    assert len(usernames) == User.objects.filter(kind=User.Kind.STAFF).count()
    for n, username in enumerate(usernames):
        response = client.post(
            reverse("login"),
            {"username": username, "password": demo.DEMO_PASSWORD},
            REMOTE_ADDR=f"10.1.0.{n}",
        )
        assert response.status_code == 302, username
        assert client.get(reverse("home")).status_code == 200
        client.logout()


def test_the_demo_partner_system_token_works(client, city):
    response = client.get(reverse("api:me"), HTTP_AUTHORIZATION=f"Bearer {city.service_token}")
    assert response.status_code == 200
    assert response.json()["username"] == demo.SERVICE_ACCOUNT[0]


def test_the_load_demo_command_prints_the_logins(capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "sogo-coordinator" in out
    assert demo.DEMO_PASSWORD in out


def test_every_history_reason_the_demo_and_the_sweep_write_reads_in_japanese():
    """Reasons are stored as marked English message ids (core/history.py): each one the
    services wrote while the demo loaded, and the reminder sweep after it, has a Japanese
    translation, so no history page shows an English reason."""
    from django.apps import apps
    from django.utils import translation

    from core.history import DETAIL_SEPARATOR, reason_text

    call_command("load_demo", verbosity=0)
    call_command("run_reminder_sweep", verbosity=0)
    stored: set[str] = set()
    for model in apps.get_models():
        if any(f.name == "history_change_reason" for f in model._meta.fields):
            stored |= set(model.objects.values_list("history_change_reason", flat=True))
    stored.discard(None)
    assert len(stored) > 20
    with translation.override("ja"):
        untranslated = {
            s
            for s in stored
            if s.isascii()
            and reason_text(s).partition(DETAIL_SEPARATOR)[0] == s.partition(DETAIL_SEPARATOR)[0]
        }
    assert untranslated == set()
