"""API rate limits: a burst rate and a sustained rate (settings API_THROTTLE_BURST and
API_THROTTLE_SUSTAINED, e.g. "60/min" and "5000/day"), counted per partner token for
token requests and per user for browser sessions. The counts live in the default cache,
which production requires to be Redis (config/settings/production.py), so every web
process counts the same requests. A refused request gets DRF's 429 with `Retry-After`.

The rates are read from the settings at each request (not at import, as DRF's
`THROTTLE_RATES` are), so a test or an operator's override takes effect; an empty rate
(None) turns that limit off (config/settings/test.py does, for the rest of the suite)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from agencies.models import PartnerToken

if TYPE_CHECKING:  # rest_framework.views imports this module through its settings
    from rest_framework.request import Request
    from rest_framework.views import APIView


class _PerCallerThrottle(SimpleRateThrottle):
    setting_name = ""  # DRF builds a throttle per request and reads the rate then

    def get_rate(self) -> str | None:
        return getattr(settings, self.setting_name, None) or None

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        if isinstance(request.auth, PartnerToken):
            # Per account, not per token: more tokens must not mean a higher limit.
            ident = f"account-{request.auth.user_id}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            return None  # anonymous callers are refused (401) before throttling counts
        return self.cache_format % {"scope": self.scope, "ident": ident}


class BurstThrottle(_PerCallerThrottle):
    scope = "burst"
    setting_name = "API_THROTTLE_BURST"


class SustainedThrottle(_PerCallerThrottle):
    scope = "sustained"
    setting_name = "API_THROTTLE_SUSTAINED"
