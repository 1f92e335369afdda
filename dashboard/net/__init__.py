"""The network layer: every request Pantau Humas makes to the outside world.

    fetch       the safe fetcher: address checks after resolution and at every redirect,
                the connection made to the checked address, one deadline, a size cap,
                conditional requests, a per-host rate, a descriptive User-Agent
    guard       which addresses are public; HUMAS_FETCH_ALLOW_HOSTS
    ratelimit   the per-host request rate (the one process-wide state)
    robots      robots.txt for websites, cached per host
    secret      Secret: tokens that never show in a repr, a message or a log
    endpoints   the outside services' base addresses, from the environment
    posts       what readers return: Post, Skip, ChannelState, ChannelError, ReadResult
    channels    read_channel(type, address, token, state) for the harvest
    website     feed discovery, RSS/Atom, WordPress REST, news sitemaps
    youtube     a channel's public feed
    graph       Facebook Page posts, Instagram media (Graph API), token expiry
    tiktok      the TikTok Display API video list
    pagemeta    a page's title, links, metas and JSON-LD
    pages       page inspection for link checks
    rules       pure flag rules: date_mismatch, title_mismatch, link_broken
    contacts    WhatsApp numbers, e-mail addresses, chat ids, message lengths
    senders     SMTP, Telegram, WhatsApp Cloud API and a Fonnte-style gateway

No Streamlit and no SQL here: plain functions over frozen dataclasses, for
the harvest, link checks and notifications to build on. Tests reach only the
local fakes of `tests/fakes/`.
"""
