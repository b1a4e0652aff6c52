"""Models arrive with their issues; see docs/architecture.md."""
