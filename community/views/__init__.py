"""地域づくり pages: the resource directory, the 中学校区 pages, the records' detail pages,
their create and edit forms, and the activity log (directory.py, reading; editing.py,
creating and editing; networks.py, a network's members and donations).

Every staff member may read every page; a form that changes a record is refused (403 naming
the owning agency) to anyone outside the agency that registered it."""

from community.views.directory import (
    activity_list,
    directory,
    district,
    districts,
    group_detail,
    network_detail,
    place_detail,
    platform_detail,
)
from community.views.editing import (
    activity_edit,
    activity_new,
    group_edit,
    group_new,
    network_edit,
    network_new,
    place_edit,
    place_new,
    platform_edit,
    platform_new,
)
from community.views.networks import (
    donation_new,
    donation_remove,
    network_member_new,
    network_member_remove,
)

__all__ = [
    "activity_edit",
    "activity_list",
    "activity_new",
    "directory",
    "district",
    "districts",
    "donation_new",
    "donation_remove",
    "group_detail",
    "group_edit",
    "group_new",
    "network_detail",
    "network_edit",
    "network_member_new",
    "network_member_remove",
    "network_new",
    "place_detail",
    "place_edit",
    "place_new",
    "platform_detail",
    "platform_edit",
    "platform_new",
]
