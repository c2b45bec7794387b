"""The browser tests: a package, so that tests/browser/conftest.py can stop Chromium after the last of them."""
