"""Errors as codes, words in one place: every registered code has its Indonesian words, with
each of its parameters filled in; a code raised with other parameters is refused at the raise."""

import pickle
import re
from datetime import date

import pytest

from dashboard import errors, words
from dashboard.errors import REGISTRY, HumasError
from dashboard.kpi.periods import PeriodError
from dashboard.store.access import AccessDenied
from dashboard.store.db import DatabaseBusy, StoreError
from dashboard.store.items.edits import EntryInvalid, StaleEdit

# Values of the right type for the codes whose words shape their values (lists joined,
# numbers written the Indonesian way, a setting's key read as its label); two per parameter,
# so a test can see that each one reaches the text.
SAMPLES: dict[str, dict[str, tuple[object, object]]] = {
    "item.stale": {"actors": (["siti"], ["budi"]), "fields": (["title"], ["link"])},
    "setting.not_whole": {"key": ("backdate_days", "session_max_days")},
    "setting.range": {
        "key": ("backdate_days", "session_idle_minutes"),
        "minimum": (0, 5),
        "maximum": (366, 1440),
    },
    "notify.choice_unknown": {
        "what": ("via", "role"),
        "value": ("sms", "tamu"),
        "choices": (("email", "telegram"), ("admin", "operator")),
    },
    "notify.no_contact": {"via": ("email", "telegram")},
    "target.overlap": {"valid_from": ("2026-01-01", "2026-02-01"), "until": (None, "2026-12-31")},
    # the checks of people's text name a field by its key (words.TEXT_FIELDS)
    **{
        name: {"field": ("item.title", "unit.name"), "length": (5_000, 600), "limit": (500, 200)}
        for name in ("text.too_long", "text.too_short", "text.control", "text.formula")
    },
    "entry.day_future": {"today": (date(2026, 11, 25), date(2026, 11, 26)), "zone": ("WITA", "")},
    "entry.day_too_early": {
        "days": (30, 7),
        "earliest": (date(2026, 10, 26), date(2026, 11, 18)),
    },
    "entry.invalid": {
        "problems": (
            {"title": errors.problem(errors.ENTRY_TITLE_REQUIRED)},
            {"link": errors.problem(errors.LINK_SPACES)},
        )
    },
    "row.same_as": {"line": (3, None)},
    **{
        name: {"type": ("youtube", "facebook")}
        for name in ("address.required", "address.invalid", "address.not_id")
    },
    **{name: {"via": ("whatsapp", "email")} for name in ("contact.required", "contact.invalid")},
    # whole files an import refuses: sizes in bytes, limits as numbers, keys of the words' lists
    **{
        name: {"size": (25 * 2**20, 30 * 2**20), "limit": (20 * 2**20, 16 * 2**20)}
        for name in ("file.too_big", "file.path_too_big", "file.xlsx_unpacked")
    },
    "file.too_many_rows": {"limit": (50_000, 1_000)},
    "file.xlsx_count": {"part": ("row", "si"), "limit": (51_000, 300_000)},
    "file.check_slow": {"seconds": (60, 2.5)},
    "file.other_kind": {"kind": ("png", "office")},
    "file.shape_unknown": {"columns": (("tanggal", "jenis"), ("judul", "tautan"))},
    "file.template_columns": {
        "missing": (["tanggal"], ["jenis", "judul"]),
        "columns": (("tanggal", "jenis"), ("judul", "tautan")),
    },
    "file.meta_columns": {"missing": (["permalink"], ["permalink", "publish time"])},
    "file.feed_broken": {"line": (3, None), "detail": ("mismatched tag", "not well-formed")},
    "fetch.too_large": {"limit": (5 * 2**20, 2048)},
    "fetch.timeout_total": {"seconds": (20, 1.5)},
    "read.not_found": {"subject": ("feed", "tiktok"), "status": (404, 410)},
    "read.bad_link": {
        "found": (errors.problem(errors.LINK_SPACES), errors.problem(errors.LINK_NOT_WEB))
    },
    "read.tiktok_refused": {"code": ("spam_risk", "")},
    **{
        name: {
            "service": ("telegram", "gateway"),
            "found": (errors.problem(errors.FETCH_REFUSED), errors.problem(errors.FETCH_TLS)),
        }
        for name in ("send.unreachable", "send.fetch_failed")
    },
    "send.server_error": {"service": ("telegram", "whatsapp"), "status": (500, 502)},
    "send.too_long": {"limit": (4096, 1024)},
    "send.via_not_set": {"via": ("email", "whatsapp")},
    **{
        name: {"what": ("recipient", "server"), "code": (550, 451)}
        for name in ("send.smtp_later", "send.smtp_refused")
    },
    **{
        name: {"reason": ("device busy", "")}
        for name in ("send.gateway_disconnected", "send.gateway_refused")
    },
    "send.whatsapp_refused": {"status": (400, 403), "code": (100, None)},
}


def sample(code: errors.Code, which: int = 0) -> dict[str, object]:
    special = SAMPLES.get(code.name, {})
    return {
        p: special[p][which] if p in special else ("nilai-a", "nilai-b")[which] for p in code.params
    }


def test_every_code_has_words_and_no_words_lack_a_code():
    assert len(REGISTRY) > 80
    assert set(words.MESSAGES) == set(REGISTRY)


@pytest.mark.parametrize("code", list(REGISTRY.values()), ids=list(REGISTRY))
def test_every_code_says_a_sentence_with_each_parameter_filled(code):
    said = words.say(HumasError(code, **sample(code)))
    assert said.strip() and not re.search(r"[{}]", said), said
    if code.name not in words._SHAPES:  # plain values: the template names exactly the params
        assert words.fields_of(words.MESSAGES[code.name]) == set(code.params)
    for param in code.params:  # each value given reaches the text
        other = sample(code) | {param: sample(code, 1)[param]}
        assert words.say(HumasError(code, **other)) != said, (code.name, param)


def test_a_code_raised_with_other_parameters_is_refused_at_the_raise():
    with pytest.raises(TypeError, match="user.name_taken"):
        StoreError(errors.USER_NAME_TAKEN)
    with pytest.raises(TypeError, match="user.not_found"):
        StoreError(errors.USER_NOT_FOUND, username="siti")
    with pytest.raises(ValueError, match="declared twice"):
        errors.code("user.not_found")


def test_str_of_an_error_is_its_words_and_the_classes_keep_catching():
    refused = StoreError(errors.USER_NAME_TAKEN, username="siti")
    assert (refused.code, refused.params) == ("user.name_taken", {"username": "siti"})
    assert str(refused) == words.say(refused) == "Nama pengguna 'siti' sudah dipakai."
    assert isinstance(AccessDenied(errors.ACCESS_ADMIN_ONLY), (StoreError, PermissionError))
    assert isinstance(PeriodError(errors.PERIOD_FUTURE), ValueError)
    assert words.say(ValueError("bukan galat berkode")) == "bukan galat berkode"
    # An English line for the command line (backups, copies) is a code too.
    assert StoreError("backup failed").code == "detail"
    assert str(StoreError("backup failed")) == "backup failed"


def test_errors_survive_pickling_with_their_code_and_state():
    for error in (
        StoreError(errors.UNIT_CODE_TAKEN, code="kanwil-ntt"),
        DatabaseBusy("database is locked"),
        StaleEdit([], None),
        EntryInvalid({"title": errors.problem(errors.ENTRY_TITLE_REQUIRED)}),
    ):
        again = pickle.loads(pickle.dumps(error))
        assert type(again) is type(error)
        assert (again.code, again.params, str(again)) == (error.code, error.params, str(error))
    assert pickle.loads(pickle.dumps(DatabaseBusy("locked"))).detail == "locked"


def test_a_stale_edit_names_who_changed_which_fields():
    from dashboard.store.items.edits import Change

    stale = StaleEdit([Change("siti", "t", ("title", "note")), Change("budi", "t", ("tag",))], None)
    assert str(stale).startswith("Item ini sudah diubah oleh budi, siti (catatan, judul, tag) ")
    assert str(StaleEdit([], None)).startswith("Item ini sudah diubah oleh orang lain sejak")


def test_a_setting_refusal_names_the_setting_and_its_range_as_humas_teams_write_numbers():
    refused = StoreError(errors.SETTING_RANGE, key="session_idle_minutes", minimum=5, maximum=1440)
    assert str(refused) == "Sesi berakhir bila tidak aktif harus antara 5 dan 1.440 menit."


def test_period_presets_are_the_words_pages_show():
    from dashboard.kpi import periods

    assert periods.resolve("bulan", date(2026, 11, 25)).label == words.PERIOD_PRESETS["bulan"]


def test_every_action_and_entity_the_store_may_record_has_its_name_for_log_audit():
    from dashboard.store import audit

    assert set(audit.ACTIONS) == set(words.AUDIT_ACTIONS)
    assert set(audit.ENTITIES) == set(words.AUDIT_ENTITIES)


def test_the_store_refuses_to_record_an_action_or_entity_outside_its_registry(db):
    from dashboard.store import audit
    from dashboard.store.access import SYSTEM

    with pytest.raises(ValueError, match="unregistered"):
        audit.record(db, SYSTEM, "teleport", "item", 1)
    with pytest.raises(ValueError, match="unregistered"):
        audit.record(db, SYSTEM, "create", "spaceship", 1)
    assert (
        db.conn.execute("SELECT count(*) FROM audit_log WHERE entity_id = '1'").fetchone()[0] == 0
    )


def test_a_problem_is_a_code_and_its_values_said_like_an_error():
    found = errors.problem(errors.TEXT_TOO_LONG, field="item.note", length=2001, limit=2000)
    assert words.say(found) == "Catatan terlalu panjang: 2.001 karakter (maksimal 2.000)."
    raised = found.error(StoreError)
    assert isinstance(raised, StoreError) and raised.problem == found
    assert str(raised) == words.say(found)
    with pytest.raises(TypeError, match="text.control"):
        errors.problem(errors.TEXT_CONTROL)


# Words that only an Indonesian sentence would hold (not a code, a field key or a tag's name).
INDONESIAN = re.compile(
    r"\b(tidak|wajib|harus|karakter|tanggal|tautan|judul|jenis|catatan|pilih|pakai|hanya|boleh"
    r"|sah|diisi|dibaca|kosong|berkas|kolom|baris|bukan|umpan|kunci|rusak|memuat|terlalu|belum"
    r"|sudah|gunakan|dapat|situs|alamat|jawaban|menjawab|pengalihan|melarang)\b",
    re.I,
)


def literals(source: str) -> list[str]:
    """The string literals of a module's source that are not docstrings."""
    import ast

    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def sentences_in(module: object) -> list[str]:
    """The string literals of a module that are not docstrings."""
    import inspect

    return literals(inspect.getsource(module))  # type: ignore[arg-type]


def test_the_entry_checks_hold_no_indonesian_sentence():
    """entries, freetext and links find problems; words says them (issue 17, item 2)."""
    from dashboard import entries, freetext, links

    for module in (entries, freetext, links):
        said = [text for text in sentences_in(module) if INDONESIAN.search(text)]
        assert said == [], module.__name__


def modules_of(name: str) -> list[object]:
    """Module `name` and, for a package, every module inside it."""
    import importlib
    import pkgutil

    top = importlib.import_module(name)
    inside = pkgutil.walk_packages(getattr(top, "__path__", []), f"{name}.")
    return [top, *(importlib.import_module(found.name) for found in inside)]


def sentences(source: str) -> list[str]:
    """A source's Indonesian sentences: literals with a space and a word only a sentence holds
    (a lone word is a key or a column's name: 'tanggal', 'jenis')."""
    return [t for t in literals(source) if " " in t.strip() and INDONESIAN.search(t)]


# The layers below the interface, and the checks whose refusals they pass on, say nothing
# themselves: they raise codes (issue 17, item 2).
WORDLESS = (
    "dashboard.store",
    "dashboard.kpi",
    "dashboard.service",
    "dashboard.ingest",
    "dashboard.net",
    "dashboard.channel_address",
    "dashboard.secretbox",
)


# Indonesian that is no interface text: the fetcher's User-Agent tells a site's operators who
# reads their site (net.fetch.USER_AGENT), in every request, not a page or a refusal.
NOT_INTERFACE = {
    "dashboard.net.fetch": [
        " (pemantau kehumasan Kementerian Agama RI; membaca situs dan akun resmi satker)"
    ]
}


@pytest.mark.parametrize("name", WORDLESS)
def test_the_layers_below_the_interface_hold_no_indonesian_sentence(name):
    import inspect

    said = {
        module.__name__: sentences(inspect.getsource(module))  # type: ignore[arg-type,attr-defined]
        for module in modules_of(name)
    }
    found = {module: texts for module, texts in said.items() if texts}
    assert {m: t for m, t in found.items() if t != NOT_INTERFACE.get(m)} == {}


def test_the_sentence_finder_sees_a_sentence_and_not_a_key():
    source = (
        '"""Ditolak bila tidak ada."""\n'
        'KEYS = ("tanggal", "jenis")\n'
        "def f(path):\n"
        '    raise E(f"Berkas {path} tidak ada.")\n'
        '    raise E("Unit kerja tidak ditemukan.")\n'
    )
    assert sorted(sentences(source)) == [" tidak ada.", "Unit kerja tidak ditemukan."]
