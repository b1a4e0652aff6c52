"""The messages django-otp-webauthn's endpoints answer with, listed so that our catalogue
carries their Japanese.

The passkey scripts show an endpoint's `detail` to the user as it comes (the status line
under the button, or an alert), so each must read in Japanese. The library ships no ja
catalogue, and `make messages` runs makemessages with --no-obsolete over our own sources
only: a msgid that appears only in the library would be dropped from locale/ja at the next
run, and the page would turn English again without anyone noticing. Listing the msgids here
with gettext_noop keeps them in our django.po, where LOCALE_PATHS gives them precedence over
the library's own (missing) translation. Nothing imports the constants: this module is for
makemessages, and for the test that checks every one is translated.

When django-otp-webauthn is upgraded, compare these with its exceptions.py, views.py and
utils.py (tests/agencies/test_two_factor_ja.py fails for a detail it answers with that is
missing here)."""

from django.utils.translation import gettext_noop

# Marked for translation in the library (django_otp_webauthn/exceptions.py and the
# registration views' `messages`): its own gettext_lazy finds our translation.
MARKED = (
    gettext_noop("Error processing WebAuthn request."),
    gettext_noop("Malformed request. JSON not parsable."),
    gettext_noop(
        "State is missing or invalid. Please begin the operation first before trying to "
        "complete it."
    ),
    gettext_noop("Unprocessable Entity"),
    gettext_noop("Passwordless login is disabled."),
    gettext_noop("This user account is marked as disabled."),
    gettext_noop("This Passkey has been marked as disabled."),
    gettext_noop("The Passkey you tried to use was not found. Perhaps it was removed?"),
    gettext_noop(
        "The Passkey you tried to use does not belong to the currently logged-in user. Try "
        "using a different Passkey or logout first to use this Passkey."
    ),
    gettext_noop("Authentication required."),
    gettext_noop("User is not verified."),
    gettext_noop(
        "You must verify your identity first with an existing MFA device before you can "
        "register a new passkey."
    ),
)

# Not marked in the library (django_otp_webauthn/utils.py turns py_webauthn's errors into
# these plain strings): agencies/two_factor/webauthn.py translates the detail on the way out.
UNMARKED = (
    gettext_noop("Invalid CBOR data provided."),
    gettext_noop("Invalid registration response provided."),
    gettext_noop("Invalid authentication response provided."),
    gettext_noop("There is a problem with the provided JSON data."),
    gettext_noop("The specified COSE algorithm is not supported by this server."),
    gettext_noop("The public key is malformed or not supported."),
    gettext_noop("The provided authenticator data is malformed."),
    gettext_noop("The certificate chain in the attestation could not be validated."),
    gettext_noop("The EC2 curve is not supported."),
    gettext_noop("Impossible backup flags combination was provided."),
)

ALL = MARKED + UNMARKED
