"""Nothing of a meeting is in the admin (core/admin.py says why): agendas name cases, and
minutes, decisions and actions are case material. Meetings are read through their pages and
the API, which ask meetings/access.py."""
