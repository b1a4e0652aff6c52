"""The reminders app over REST (/api/v1/): reminders, the caseload and case reviews."""
