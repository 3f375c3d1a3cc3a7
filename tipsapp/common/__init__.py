"""Pieces every domain uses: the clock, languages, base schemas."""
