"""Every write about participation support.

Services take keyword arguments and the acting user, check who may do it, validate with
full_clean(), run in one transaction and name the actor and a reason in history.

Who may write what (DOMAIN.md "Who may see what"; the rules are participation/access.py,
and the case-level answer is always cases/access's):

- Hosts and menus hold no personal data. Any caseworker, coordinator or supervisor registers
  one for an agency they belong to; only staff of that agency (the host's registering
  agency, the menu's developing agency) change it afterwards.
- A plan, a matching or a follow-up is about a person in a case. Recording one requires
  reading the case (`cases.access.require_view`: a stranger gets the 404 of a missing case, a
  team agency without consent the 403 naming the missing consent). Proposing a match and
  recording a follow-up are open to every agency that may read the case: participation
  support is usually done by a team agency that the consent covers, and 定着支援 of the
  host is often done by yet another (the CSW).
- Moving a matching along (trial, taking part, ended) and changing a plan's goals are for
  the agency that supports the person in it (the one that proposed the match or wrote the
  plan) and for the case's intake or lead agency; other readers are refused with a reason.

Split by concern: the directory of hosts and menus (directory.py) and the person-level
plans, matchings and follow-ups (people.py).
"""

from participation.services.directory import (
    HOST_FIELDS,
    MENU_FIELDS,
    host_create,
    host_update,
    menu_create,
    menu_update,
    taken_places,
)
from participation.services.people import (
    NEXT,
    follow_up_record,
    matching_activate,
    matching_end,
    matching_move,
    matching_propose,
    matching_start_trial,
    plan_create,
    plan_update,
)

__all__ = [
    "HOST_FIELDS",
    "MENU_FIELDS",
    "NEXT",
    "follow_up_record",
    "host_create",
    "host_update",
    "matching_activate",
    "matching_end",
    "matching_move",
    "matching_propose",
    "matching_start_trial",
    "menu_create",
    "menu_update",
    "plan_create",
    "plan_update",
    "taken_places",
]
