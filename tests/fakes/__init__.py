"""Local fake servers for the network layer: nothing in the tests reaches the internet.

http       FakeServer: a small threaded HTTP(S) server, routes configured per test
documents  builders of feeds, sitemaps, WordPress JSON and HTML pages
services   FakeServer set up as WordPress, YouTube, the Graph API, TikTok, Telegram,
           WhatsApp Cloud and a Fonnte-style gateway
smtp       an aiosmtpd server that keeps what it receives
fixtures   the pytest fixtures (registered in tests/conftest.py for every test)
"""
