import datetime

import pytest
import time_machine
from django.urls import reverse

from agencies.forms import SERVICE_ACCOUNT_CANNOT_LOG_IN
from tests.factories import PASSWORD, ServiceAccountFactory

pytestmark = pytest.mark.django_db


def _login(client, username, password, ip="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_login_page_is_in_japanese(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert response["Content-Language"] == "ja"
    assert "ログイン" in response.text


def test_staff_member_logs_in_and_lands_on_home(client, people):
    response = _login(client, people.hub_worker.username, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_wrong_password_says_so_without_saying_which_part_was_wrong(client, people):
    response = _login(client, people.hub_worker.username, "not-the-password")
    assert response.status_code == 200
    assert "正しいユーザー名とパスワードを入力してください" in response.text


def test_five_failures_lock_the_username_and_address_pair(client, people):
    for _ in range(5):
        _login(client, people.hub_worker.username, "wrong-password")
    response = _login(client, people.hub_worker.username, PASSWORD)
    assert response.status_code == 429
    assert "ログインがロックされました" in response.text
    assert "30分" in response.text


def test_four_failures_do_not_lock(client, people):
    for _ in range(4):
        _login(client, people.hub_worker.username, "wrong-password")
    assert _login(client, people.hub_worker.username, PASSWORD).status_code == 302


def test_a_lockout_does_not_block_the_same_user_from_another_address(client, people):
    for _ in range(5):
        _login(client, people.hub_worker.username, "wrong-password", ip="10.0.0.1")
    assert _login(client, people.hub_worker.username, PASSWORD, ip="10.0.0.2").status_code == 302


def test_failures_across_many_usernames_lock_the_address(client, people, settings):
    # Password spraying: one password tried against many usernames from one address.
    for n in range(settings.AXES_IP_FAILURE_LIMIT):
        _login(client, f"guessed-user-{n}", "Spring2026!", ip="10.0.0.9")
    response = _login(client, people.hub_worker.username, PASSWORD, ip="10.0.0.9")
    assert response.status_code == 429


def test_fewer_failures_across_usernames_do_not_lock_the_address(client, people, settings):
    for n in range(settings.AXES_IP_FAILURE_LIMIT - 1):
        _login(client, f"guessed-user-{n}", "Spring2026!", ip="10.0.0.9")
    assert _login(client, people.hub_worker.username, PASSWORD, ip="10.0.0.9").status_code == 302


def test_a_colleagues_sign_in_does_not_clear_the_addresss_failures(client, people, settings):
    for n in range(settings.AXES_IP_FAILURE_LIMIT - 1):
        _login(client, f"guessed-user-{n}", "Spring2026!", ip="10.0.0.9")
    assert _login(client, people.hub_admin.username, PASSWORD, ip="10.0.0.9").status_code == 302
    client.logout()
    _login(client, "guessed-user-last", "Spring2026!", ip="10.0.0.9")
    assert _login(client, people.hub_worker.username, PASSWORD, ip="10.0.0.9").status_code == 429


def test_a_sign_in_forgives_that_users_own_earlier_typos(client, people):
    for _ in range(4):
        _login(client, people.hub_worker.username, "wrong-password")
    assert _login(client, people.hub_worker.username, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        _login(client, people.hub_worker.username, "wrong-password")
    assert _login(client, people.hub_worker.username, PASSWORD).status_code == 302


def test_an_address_locked_by_spraying_does_not_lock_other_addresses(client, people, settings):
    for n in range(settings.AXES_IP_FAILURE_LIMIT):
        _login(client, f"guessed-user-{n}", "Spring2026!", ip="10.0.0.9")
    assert _login(client, people.hub_worker.username, PASSWORD, ip="10.0.0.2").status_code == 302


def test_a_service_account_cannot_log_in_to_the_browser(client, people):
    account, _ = ServiceAccountFactory(agency=people.hub)
    account.set_password(PASSWORD)
    account.save()
    response = _login(client, account.username, PASSWORD)
    assert response.status_code == 200
    assert str(SERVICE_ACCOUNT_CANNOT_LOG_IN) in response.text or "トークン" in response.text


def _session_expiry(client):
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_session_ends_after_thirty_idle_minutes(client, people):
    with time_machine.travel("2026-12-02 09:00 +09:00", tick=False) as traveller:
        _login(client, people.hub_worker.username, PASSWORD)
        traveller.shift(datetime.timedelta(minutes=30, seconds=1))
        response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_request_within_the_idle_period_keeps_the_session(client, people):
    with time_machine.travel("2026-12-02 09:00 +09:00", tick=False) as traveller:
        _login(client, people.hub_worker.username, PASSWORD)
        for _ in range(3):
            traveller.shift(datetime.timedelta(minutes=20))
            assert client.get(reverse("home")).status_code == 200


def test_a_request_saves_the_session_only_once_a_minute(client, people):
    with time_machine.travel("2026-12-02 09:00 +09:00", tick=False) as traveller:
        _login(client, people.hub_worker.username, PASSWORD)
        saved = _session_expiry(client)
        traveller.shift(datetime.timedelta(seconds=30))
        client.get(reverse("home"))
        assert _session_expiry(client) == saved
        traveller.shift(datetime.timedelta(seconds=31))
        client.get(reverse("home"))
        assert _session_expiry(client) == saved + datetime.timedelta(seconds=61)


def test_an_anonymous_request_creates_no_session(client):
    from django.contrib.sessions.models import Session

    client.get(reverse("login"))
    client.get(reverse("home"))
    assert not Session.objects.exists()


def test_logout_ends_the_session(client, people):
    client.force_login(people.hub_worker)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
