"""A browser's User-Agent as a person recognises it: "Chrome di Android".

Only for the list of one's sessions on Akun Saya, where a person tells their
phone from their office computer; nothing is decided by it. A few ordered
rules cover the browsers people here use; anything else is "Peramban lain".
"""

from __future__ import annotations

# (token in the User-Agent, name), most specific first: Edge and Opera also say "Chrome",
# Chrome also says "Safari", Samsung's browser says "Chrome" too.
BROWSERS = (
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Safari/", "Safari"),
)
SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def describe(user_agent: str | None) -> str:
    text = user_agent or ""
    browser = next((name for token, name in BROWSERS if token in text), None)
    system = next((name for token, name in SYSTEMS if token in text), None)
    if browser and system:
        return f"{browser} di {system}"
    if found := browser or system:
        return found
    return "Peramban lain"
