"""Nothing of a planned contact is in the admin (core/admin.py says why): a plan names a
case, a person, where and why, and is read only through its pages, which ask
planning/access.py and write the read log."""
