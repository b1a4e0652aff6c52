"""Demo cases for the fictional city あさひ野市 (see agencies/demo.py).

About thirty households of the kinds the municipalities describe (8050, ダブルケア,
ヤングケアラー, ひきこもり, セルフネグレクト, 外国籍世帯, ごみ屋敷, DV, 多重債務, 不登校…),
spread over the demo agencies and the four 中学校区. Everything is written through
cases.services, acting as the demo staff, so history names who did what; and between them
the stories show every access rule: consent active, missing, withdrawn and expired;
referrals waiting, accepted and returned; leads handed over; 住所秘匿; agency-internal
records; closures approved, sent back and pending; a reopened case.

The services date some records (opened_on, consultation times, assessments, consent
windows) but stamp the rest with today (team joins, lead changes, referrals, closures,
concerns), so those all read as happening on the day the demo was loaded.

The stories are grouped by 中学校区, one module each; importing them here registers them
(cases.demo.loader.story) in this order, and within a module in the order written;
cases/demo/families.py comes last, as it completes households the others made. A story
that continues another (north.onodera_visits) comes after it in the same module.

All names, places and events are fictional; any likeness to real persons is chance."""

from cases.demo import east, north, south, west

# isort: off
# After the stories: it completes households they made (genograms and eco-maps).
from cases.demo import families

# isort: on
from cases.demo.loader import MARKER_HOUSEHOLD, STORIES, demo_cases_loaded, load_cases

__all__ = [
    "MARKER_HOUSEHOLD",
    "STORIES",
    "demo_cases_loaded",
    "east",
    "families",
    "load_cases",
    "north",
    "south",
    "west",
]
