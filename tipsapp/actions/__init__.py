"""Actions (insatser): what the municipality, police and partners do about what was found."""
