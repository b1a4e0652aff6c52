"""Community records are read-only in the admin: every write goes through community.services
(the registering agency's check, the version bump, the history reason). A superuser reads
the list, the record and its history, and can add, change or delete nothing."""

import pytest
from django.urls import reverse

from community.models import Activity, Donation, Group, Network, NetworkMember, Place, Platform

pytestmark = pytest.mark.django_db

MODELS = [Group, Place, Platform, Activity, Network, NetworkMember, Donation]


def record_of(community, model):
    return {
        Group: community.salon,
        Place: community.place,
        Platform: community.platform,
        Activity: community.activity,
        Network: community.network,
        NetworkMember: community.member,
        Donation: community.donation,
    }[model]


def shown_as(record) -> str:
    """What the admin list shows of the record (its first column's text)."""
    return getattr(record, "title", None) or getattr(record, "donor", None) or record.name


def url(model, view: str, *args) -> str:
    return reverse(f"admin:community_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def admin_client(client, community):
    client.force_login(community.superuser)
    return client


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_a_superuser_reads_the_list_of_community_records(admin_client, community, model):
    response = admin_client.get(url(model, "changelist"))
    assert response.status_code == 200
    assert shown_as(record_of(community, model)) in response.text


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_a_superuser_reads_a_community_record_and_its_history(admin_client, community, model):
    record = record_of(community, model)
    assert admin_client.get(url(model, "change", record.pk)).status_code == 200
    assert admin_client.get(url(model, "history", record.pk)).status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_a_community_record_page_in_the_admin_has_no_form_to_save(admin_client, community, model):
    response = admin_client.get(url(model, "change", record_of(community, model).pk))
    assert 'name="_save"' not in response.text


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_no_community_record_is_added_in_the_admin(admin_client, model):
    assert admin_client.get(url(model, "add")).status_code == 403


def test_a_community_group_is_not_changed_in_the_admin(admin_client, community):
    salon = community.salon
    response = admin_client.post(url(Group, "change", salon.pk), {"name": "書き換え"})
    assert response.status_code == 403
    salon.refresh_from_db()
    assert (salon.name, salon.version) == ("本町いきいきサロン", 1)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_no_community_record_is_deleted_in_the_admin(admin_client, community, model):
    record = record_of(community, model)
    assert admin_client.post(url(model, "delete", record.pk), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=record.pk).exists()


def test_a_past_version_of_a_community_group_is_not_restored_in_the_admin(admin_client, community):
    salon = community.salon
    first = salon.history.earliest()
    revert = reverse("admin:community_group_simple_history", args=[salon.pk, first.history_id])
    assert admin_client.get(revert).status_code == 200
    assert admin_client.post(revert, {"name": "書き換え"}).status_code == 403
    salon.refresh_from_db()
    assert salon.name == "本町いきいきサロン"
