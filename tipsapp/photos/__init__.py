"""Photos attached to tips and observations, stored without any metadata."""
