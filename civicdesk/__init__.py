"""CivicDesk: an open-source 311 platform for cities."""
