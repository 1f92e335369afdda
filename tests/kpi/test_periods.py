from datetime import date

import pytest

from dashboard.kpi.periods import PRESETS, PeriodError, resolve

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    "preset, start",
    [
        ("hari", date(2026, 11, 25)),
        ("minggu", date(2026, 11, 23)),
        ("bulan", date(2026, 11, 1)),
        ("triwulan", date(2026, 10, 1)),
        ("semester", date(2026, 7, 1)),
        ("tahun", date(2026, 1, 1)),
    ],
)
def test_presets_run_to_date(preset, start):
    period = resolve(preset, TODAY)
    assert (period.start, period.end, period.label) == (start, TODAY, PRESETS[preset])


def test_custom_range_is_clamped_to_today():
    period = resolve("rentang", TODAY, date(2026, 11, 1), date(2026, 12, 31))
    assert (period.start, period.end) == (date(2026, 11, 1), TODAY)


@pytest.mark.parametrize(
    "start, end, message",
    [
        (date(2026, 11, 20), date(2026, 11, 1), "setelah tanggal akhir"),
        (date(2026, 12, 1), date(2026, 12, 31), "masa depan"),
        (date(2023, 1, 1), date(2026, 11, 1), "dua tahun"),
        (None, date(2026, 11, 1), "Pilih tanggal"),
    ],
)
def test_bad_ranges(start, end, message):
    with pytest.raises(PeriodError, match=message):
        resolve("rentang", TODAY, start, end)


def test_unknown_preset():
    with pytest.raises(PeriodError):
        resolve("dekade", TODAY)
