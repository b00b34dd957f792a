"""Statistics pipeline for the annual report on the national S&T trade innovation bases."""
