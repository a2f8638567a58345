"""Rule-driven extraction of mentions and facts from one article."""
