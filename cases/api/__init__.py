"""The cases REST API (/api/v1/): households, persons, cases, consultations, referrals and
consents. Every read asks cases/access.py and is logged; every write calls cases/services."""
