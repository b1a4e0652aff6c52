"""Partner systems kept working across the switch from DRF's plain-text tokens: each old
`authtoken_token` key is stored as a partner token (its SHA-256 digest only, scope
read_write as before, expiring PARTNER_TOKEN_TTL_DAYS from now), then the plain-text table
is dropped so no clear token stays in the database. The old keys do not start with `pt_`,
so agencies/tokens.py also looks them up by digest when a key has no prefix."""

import datetime as dt
import hashlib

from django.conf import settings
from django.db import migrations
from django.utils import timezone

OLD_TABLE = "authtoken_token"


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if OLD_TABLE not in connection.introspection.table_names():
        return
    PartnerToken = apps.get_model("agencies", "PartnerToken")
    expires = timezone.now() + dt.timedelta(days=settings.PARTNER_TOKEN_TTL_DAYS)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, user_id FROM {OLD_TABLE}")  # noqa: S608 - constant
        rows = cursor.fetchall()
    for key, user_id in rows:
        PartnerToken.objects.create(
            user_id=user_id,
            name="token from before partner tokens",
            scope="read_write",
            prefix=key[:6],
            digest=hashlib.sha256(key.encode()).hexdigest(),
            expires_at=expires,
        )
    schema_editor.execute(f"DROP TABLE {OLD_TABLE}")


class Migration(migrations.Migration):
    dependencies = [("agencies", "0003_partner_tokens")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
