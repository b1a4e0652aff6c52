"""Models of the reports app (none yet: figures are computed from the other apps' rows)."""
