"""Social media channel: mentions and direct messages of the city's X account become requests for 311
staff to triage, and staff answer them with public replies that never carry personal data."""
