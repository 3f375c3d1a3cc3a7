"""The public follow-up of the citizen promise: suppressed counts, actions and statements."""
