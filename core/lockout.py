"""django-axes with two limits: one for a (username, address) pair, a higher one for an
address across usernames.

axes counts failures for each entry of AXES_LOCKOUT_PARAMETERS and locks out when the
largest count reaches one AXES_FAILURE_LIMIT. A town hall's PCs reach the system through one
address, so locking an address after five failures by anyone would lock the whole office;
not counting addresses at all lets one address try a password against every username
(password spraying). This handler scales the address's count so that it locks at
AXES_IP_FAILURE_LIMIT while the pair still locks at AXES_FAILURE_LIMIT.

A successful sign-in forgives only that login ID's failures from the address: axes would
clear the whole address, and in an office behind one address someone signs in every few
minutes, which would keep resetting a sprayer's count."""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


class AddressAwareHandler(AxesDatabaseHandler):
    """Expects AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]."""

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        counts = [
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        ]
        pair, address = [*counts, 0, 0][:2]
        pair_limit = get_failure_limit(request, credentials)
        address_limit = max(settings.AXES_IP_FAILURE_LIMIT, 1)
        # address * pair_limit // address_limit reaches pair_limit exactly when address
        # reaches address_limit.
        return max(pair, address * pair_limit // address_limit)

    def reset_user_attempts(self, request: HttpRequest, credentials: dict | None = None) -> int:
        pair_attempts = self.filter_user_attempts(request, credentials)[0]
        count, _ = pair_attempts.delete()
        return count
