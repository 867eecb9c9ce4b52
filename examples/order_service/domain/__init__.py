"""The domain: ordering rules in plain Python, knowing no framework, driver or protocol."""
