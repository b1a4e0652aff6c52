"""年度 figures, exports and the audit trail: it reads every other app, nothing imports it."""
