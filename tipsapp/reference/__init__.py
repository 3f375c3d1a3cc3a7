"""Reference data: areas (municipalities) and the shared category codes."""
