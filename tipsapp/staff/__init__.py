"""Staff: organisations, accounts, roles, and bearer-token login."""
