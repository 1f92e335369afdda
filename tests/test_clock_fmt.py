from datetime import date, timedelta

from dashboard import clock, fmt


def test_a_late_evening_in_kupang_stays_that_day():
    instant = clock.parse_instant("2026-11-25T15:30:00Z")  # 23:30 WITA
    assert clock.local_date_of(instant, "Asia/Makassar") == date(2026, 11, 25)
    assert clock.local_date_of(instant, "Asia/Jayapura") == date(2026, 11, 26)  # 00:30 WIT
    assert clock.local_date_of(instant, "Asia/Jakarta") == date(2026, 11, 25)


def test_frozen_clock(monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", "2026-11-25T16:30:00Z")
    assert clock.local_today("Asia/Makassar") == date(2026, 11, 26)
    assert clock.local_today("Asia/Jakarta") == date(2026, 11, 25)
    assert clock.time_left_today("Asia/Jakarta") == timedelta(hours=0, minutes=30)


def test_indonesian_formats():
    assert fmt.day_long(date(2026, 11, 25)) == "Rabu, 25 November 2026"
    assert fmt.number(1234) == "1.234"
    assert fmt.number(1234.5, 1) == "1.234,5"
    assert fmt.percent(0.875, 1) == "87,5%"
    assert fmt.percent(None) == "tanpa target"
    assert (
        fmt.time_in_zone(clock.parse_instant("2026-11-25T11:30:00Z"), "Asia/Makassar")
        == "19.30 WITA"
    )
    assert fmt.duration(timedelta(hours=5, minutes=40, seconds=59)) == "5 jam 40 menit"
    assert fmt.duration(timedelta(minutes=3)) == "3 menit"
    assert (
        fmt.moment(clock.parse_instant("2026-11-25T11:30:00Z"), "Asia/Jakarta")
        == "25 Nov 2026 18.30 WIB"
    )


def test_fast_numbers_match_babels_indonesian_format():
    import random

    rng = random.Random(7)
    values = [0, 1, 999, 1000, 1234.5, -1234567.891, 0.005, 2.5, 3.5, 10**9]
    values += [rng.uniform(-1e7, 1e7) for _ in range(300)] + [
        rng.randrange(10**8) for _ in range(300)
    ]
    for value in values:
        for decimals in (0, 1, 2):
            assert fmt.number(value, decimals) == fmt.number_babel(value, decimals), (
                value,
                decimals,
            )
