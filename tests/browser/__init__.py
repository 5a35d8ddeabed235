"""Browser tests: Debian's chromium through Playwright, a test wallet on a real anvil."""
