"""Handing an item over to the body responsible (issue #15)."""
