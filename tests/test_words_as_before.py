"""The refusals that became codes (issue 17, item 2) say word for word what their modules
wrote before: for representative inputs, the sentence the module raised on main equals
`words.say` of the code and values it raises now."""

from pathlib import Path

import pytest

from dashboard import channel_address, errors, secretbox, words
from dashboard.net import contacts
from tests.hostile.corpus import _xlsx, _zip_of

TOO_LONG = "https://kemenag.go.id/" + "a" * 2100


@pytest.mark.parametrize(
    ("channel_type", "text", "before", "code"),
    [
        ("radio", "x", "Jenis kanal tidak dikenal.", "channel.type_unknown"),
        ("website", " ", "Alamat situs wajib diisi.", "address.required"),
        ("youtube", "", "ID kanal YouTube wajib diisi.", "address.required"),
        ("instagram", "", "ID akun Instagram profesional wajib diisi.", "address.required"),
        ("facebook", "nama halaman", "ID Halaman Facebook tidak sah.", "address.invalid"),
        ("tiktok", TOO_LONG, "Nama akun TikTok tidak sah.", "address.invalid"),
        (
            "youtube",
            "https://www.youtube.com/@kemenag",
            "ID kanal YouTube tidak sah: 24 karakter diawali UC, atau alamat "
            "https://www.youtube.com/channel/UC…",
            "address.youtube",
        ),
        ("tiktok", "@x", "Nama akun TikTok tidak sah: mis. @kemenagkupang.", "address.tiktok"),
        (
            "facebook",
            "https://facebook.com/kemenag",
            "ID Halaman Facebook tidak sah: angka ID (atau nama pengguna Halaman), "
            "bukan alamat lengkap.",
            "address.not_id",
        ),
        (
            "instagram",
            "akun#1",
            "ID akun Instagram profesional tidak sah: angka ID (atau nama pengguna Halaman), "
            "bukan alamat lengkap.",
            "address.not_id",
        ),
        # a website's address is refused by the evidence-link check, with its words
        (
            "website",
            "ftp://kemenag.go.id",
            "Tautan harus alamat web (http:// atau https://), bukan jenis lain.",
            "link.not_web",
        ),
        ("website", "https://", "Tautan tidak memuat alamat situs yang sah.", "link.no_site"),
    ],
)
def test_a_channel_address_is_refused_in_the_words_it_had(channel_type, text, before, code):
    with pytest.raises(channel_address.AddressError) as refused:
        channel_address.parse(channel_type, text)
    assert refused.value.code == code
    assert words.say(refused.value) == words.text(code, refused.value.params) == before
    assert isinstance(refused.value, ValueError)  # callers that caught ValueError still do


@pytest.mark.parametrize(
    ("check", "text", "before", "code"),
    [
        (contacts.whatsapp_number, " ", "Nomor WhatsApp wajib diisi.", "contact.required"),
        (
            contacts.whatsapp_number,
            "0812 abc",
            "Nomor WhatsApp hanya boleh berisi angka, spasi, +, - dan tanda kurung.",
            "contact.whatsapp_characters",
        ),
        (
            contacts.whatsapp_number,
            "+",
            "Nomor WhatsApp tidak dapat dibaca.",
            "contact.whatsapp_unreadable",
        ),
        (
            contacts.whatsapp_number,
            "+44 7700 900123",
            "Nomor WhatsApp harus nomor Indonesia (+62).",
            "contact.whatsapp_country",
        ),
        (
            contacts.whatsapp_number,
            "021-345-6789",
            "Nomor WhatsApp tidak sah: gunakan nomor ponsel, mis. 0812-3456-7890.",
            "contact.whatsapp_mobile",
        ),
        (contacts.email_address, "", "Alamat e-mail wajib diisi.", "contact.required"),
        (contacts.email_address, "bukan-alamat", "Alamat e-mail tidak sah.", "contact.invalid"),
        (
            contacts.email_address,
            "a" * 200 + "@kemenag.go.id",
            "Alamat e-mail tidak sah.",
            "contact.invalid",
        ),
        (
            contacts.telegram_chat_id,
            "chat saya",
            "ID chat Telegram tidak sah: angka dari bot (kirim /start ke bot lebih dulu).",
            "contact.telegram_chat",
        ),
    ],
)
def test_a_message_contact_is_refused_in_the_words_it_had(check, text, before, code):
    with pytest.raises(contacts.ContactError) as refused:
        check(text)
    assert refused.value.code == code
    assert words.say(refused.value) == words.text(code, refused.value.params) == before
    assert text.strip() not in str(refused.value) or not text.strip()  # never repeats input


def test_the_secret_key_problems_are_said_in_the_words_they_had(tmp_path: Path):
    with pytest.raises(secretbox.KeyProblem) as missing:
        secretbox.load(environ={}, files=[])
    assert (missing.value.code, str(missing.value)) == (
        "secret.key_missing",
        "Kunci rahasia aplikasi belum diatur, jadi token belum dapat disimpan atau dipakai. "
        "Hubungi admin.",
    )
    assert secretbox.ENV_KEY in missing.value.detail  # the command line's English line
    with pytest.raises(secretbox.KeyProblem) as bad:
        secretbox.load(environ={secretbox.ENV_KEY: "bukan-kunci"}, files=[])
    assert (bad.value.code, str(bad.value)) == (
        "secret.key_invalid",
        "Kunci rahasia aplikasi tidak sah. Hubungi admin.",
    )
    broken = tmp_path / "secrets.toml"
    broken.write_text("[humas\n", encoding="utf-8")
    with pytest.raises(secretbox.KeyProblem) as unreadable:
        secretbox.load(environ={}, files=[broken])
    assert (unreadable.value.code, str(unreadable.value)) == (
        "secret.file_unreadable",
        "Berkas rahasia aplikasi tidak dapat dibaca. Hubungi admin.",
    )
    box = secretbox.SecretBox([secretbox.Fernet.generate_key()])
    with pytest.raises(secretbox.TokenUnreadable) as token:
        box.open("bukan-token-tersegel")
    assert (token.value.code, str(token.value)) == (
        "secret.token_unreadable",
        "Token tersimpan tidak dapat dibuka dengan kunci rahasia saat ini; masukkan token "
        "kanal ini lagi.",
    )
    assert errors.REGISTRY[token.value.code] is errors.SECRET_TOKEN_UNREADABLE


# --- the importers' whole-file refusals ---------------------------------------------------


TEMPLATE_HEAD = ["tanggal", "jenis", "judul", "tautan"]
WORKBOOK_PARTS = {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}

# (what the file is, its bytes, options of ingest.parse, the sentence main said, the code now)
FILES = [
    ("empty", b"", {}, "Berkas kosong.", "file.empty"),
    ("blank", b" \r\n\t", {}, "Berkas kosong.", "file.empty"),
    (
        "too big",
        b"a" * (20 * 1024 * 1024 + 1),
        {},
        "Berkas terlalu besar (20 MB; maksimal 20 MB). Pecah menjadi beberapa berkas.",
        "file.too_big",
    ),
    (
        "png",
        b"\x89PNG\r\n\x1a\n rest",
        {},
        "Berkas ini gambar PNG, bukan CSV, XLSX, atau RSS.",
        "file.other_kind",
    ),
    (
        "old office",
        b"\xd0\xcf\x11\xe0 rest",
        {},
        "Berkas ini berkas Office lama (.xls/.doc); simpan ulang sebagai .xlsx atau CSV, "
        "bukan CSV, XLSX, atau RSS.",
        "file.other_kind",
    ),
    ("binary", b"tanggal\x00jenis", {}, "Berkas biner, bukan teks CSV atau RSS.", "file.binary"),
    (
        "huge cell",
        b'tanggal;jenis\n"' + b"x" * 100_001 + b'";y\n',
        {},
        "CSV rusak di baris 2: field larger than field limit (100000).",
        "file.csv_broken",
    ),
    (
        "too many rows",
        b"tanggal;jenis;judul;tautan\n" + b"x\n" * 50_001,
        {},
        "Lebih dari 50.000 baris (baris kosong ikut dihitung); pecah menjadi beberapa berkas.",
        "file.too_many_rows",
    ),
    (
        "no known columns",
        b"nama;alamat\nsiti;kupang\n",
        {},
        "Bentuk berkas tidak dikenali: bukan templat (tanggal;jenis;judul;tautan;catatan), "
        "ekspor Meta Business Suite, atau umpan RSS/Atom.",
        "file.shape_unknown",
    ),
    (
        "template header only",
        b"tanggal;jenis;judul;tautan\n",
        {},
        "Berkas hanya memuat judul kolom; tidak ada baris data.",
        "file.header_only",
    ),
    (
        "template columns missing",
        b"tanggal;judul\n24/11/2026;x\n",
        {},
        "Kolom templat tidak lengkap: jenis, tautan tidak ada (kolom templat: "
        "tanggal;jenis;judul;tautan;catatan; unduh templat kosong).",
        "file.template_columns",
    ),
    (
        "not a meta export",
        b"nama;alamat\nsiti;kupang\n",
        {"fmt": "meta-facebook"},
        "Bukan ekspor Meta Business Suite: kolom permalink, publish time tidak ada.",
        "file.meta_columns",
    ),
    (
        "meta header only",
        b"Permalink,Publish time\n",
        {"fmt": "meta-instagram"},
        "Berkas hanya memuat judul kolom; tidak ada baris data.",
        "file.header_only",
    ),
    (
        "xlsx as a feed",
        _xlsx([TEMPLATE_HEAD]),
        {"fmt": "rss"},
        "Berkas ini XLSX, bukan umpan RSS atau Atom.",
        "file.xlsx_not_feed",
    ),
    (
        "text as a feed",
        b"tanggal;jenis\n",
        {"fmt": "rss"},
        "Bukan umpan RSS atau Atom: isinya bukan XML.",
        "file.feed_not_xml",
    ),
    (
        "broken feed",
        b'<?xml version="1.0"?>\n<rss version="2.0"><channel><item></channel></rss>',
        {},
        "XML rusak atau terpotong (baris 2): mismatched tag.",
        "file.feed_broken",
    ),
    (
        "a page, not a feed",
        b"<?xml version='1.0'?><html><body>berita</body></html>",
        {"fmt": "rss"},
        "Bukan umpan RSS atau Atom.",
        "file.not_feed",
    ),
    (
        "a feed of nothing",
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>',
        {},
        "Umpan tidak memuat entri.",
        "file.feed_empty",
    ),
    (
        "not a zip",
        b"PK\x03\x04 bukan zip",
        {},
        "Berkas XLSX rusak: bukan arsip zip yang utuh.",
        "file.xlsx_not_zip",
    ),
    (
        "a zip of photos",
        _zip_of({"foto.jpg": b"x"}),
        {},
        "Arsip zip ini bukan buku kerja Excel (.xlsx).",
        "file.xlsx_not_workbook",
    ),
    (
        "a DTD",
        _zip_of({**WORKBOOK_PARTS, "xl/x.xml": b'<?xml version="1.0"?><!DOCTYPE x []><x/>'}),
        {},
        "XLSX memuat deklarasi DTD (entitas XML); ditolak.",
        "file.xlsx_dtd",
    ),
    (
        "a workbook openpyxl cannot open",
        _zip_of(WORKBOOK_PARTS),
        {},
        "XLSX tidak dapat dibaca: OSError.",
        "file.xlsx_unreadable",
    ),
    ("a workbook of blank rows", _xlsx([[None], [""]]), {}, "Berkas kosong.", "file.empty"),
]


@pytest.mark.parametrize(
    ("data", "options", "before", "code"),
    [case[1:] for case in FILES],
    ids=[case[0] for case in FILES],
)
def test_an_import_refuses_a_whole_file_in_the_words_it_had(data, options, before, code):
    from dashboard import ingest

    with pytest.raises(ingest.Unreadable) as refused:
        ingest.parse_here(data, unit_tz="Asia/Makassar", **{"fmt": "auto", **options})
    assert (refused.value.code, words.say(refused.value)) == (code, before)


def test_the_workbook_limits_are_said_in_the_words_they_had(monkeypatch):
    import io
    import zipfile

    from dashboard import ingest
    from dashboard.ingest import xlsx

    data = _xlsx([TEMPLATE_HEAD, ["24/11/2026", "berita_website", "x", "https://a.id/x"]])
    strings = _zip_of({**WORKBOOK_PARTS, "xl/sharedStrings.xml": b"<sst><si><t>a</t></si></sst>"})
    said = {}
    for name, value, file in (
        ("MAX_PARTS", 3, data),
        ("MAX_UNPACKED_BYTES", 1024, data),
        ("MAX_SHARED_STRINGS", 0, strings),
        ("MAX_CELLS", 2, data),
        ("MAX_SHEET_ROWS", 1, data),
    ):
        with monkeypatch.context() as patched:
            patched.setattr(xlsx, name, value)
            with pytest.raises(ingest.Unreadable) as refused:
                ingest.parse_here(file, unit_tz="Asia/Jakarta")
            said[name] = (refused.value.code, str(refused.value))
    inside = zipfile.ZipFile(io.BytesIO(data)).infolist()
    parts, unpacked = len(inside), sum(i.file_size for i in inside)
    assert said == {
        "MAX_PARTS": ("file.xlsx_parts", f"XLSX memuat {parts} bagian (batas 3); ditolak."),
        "MAX_UNPACKED_BYTES": (
            "file.xlsx_unpacked",
            f"XLSX mengembang menjadi {unpacked // 2**20} MB saat dibuka (batas 0 MB); pecah "
            "menjadi beberapa berkas atau simpan sebagai CSV.",
        ),
        "MAX_SHARED_STRINGS": (
            "file.xlsx_count",
            "XLSX memuat lebih dari 0 teks bersama (shared strings); pecah menjadi beberapa "
            "berkas.",
        ),
        "MAX_CELLS": (
            "file.xlsx_count",
            "XLSX memuat lebih dari 2 sel; pecah menjadi beberapa berkas.",
        ),
        "MAX_SHEET_ROWS": (
            "file.xlsx_count",
            "XLSX memuat lebih dari 1 baris (baris kosong ikut dihitung); pecah menjadi "
            "beberapa berkas.",
        ),
    }


def test_a_path_the_command_line_cannot_read_is_said_in_the_words_it_had(tmp_path: Path):
    from dashboard import ingest

    big = tmp_path / "besar.csv"
    with big.open("wb") as out:
        out.truncate(25 * 1024 * 1024)  # sparse: no 25 MB written
    cases = [
        (tmp_path / "hilang.csv", "file.path_missing", f"Berkas {tmp_path}/hilang.csv tidak ada."),
        (tmp_path, "file.path_folder", f"{tmp_path} adalah folder, bukan berkas."),
        (big, "file.path_too_big", "Berkas terlalu besar (25 MB)."),
    ]
    for path, code, before in cases:
        with pytest.raises(ingest.Unreadable) as refused:
            ingest.read_source(path)
        assert (refused.value.code, str(refused.value)) == (code, before)
    denied = errors.REGISTRY["file.path_unreadable"]
    assert (
        words.text(denied, {"path": "/srv/a.csv", "reason": "Permission denied"})
        == "Berkas /srv/a.csv tidak dapat dibaca: Permission denied."
    )


def test_the_other_whole_file_refusals_say_what_main_wrote():
    """Refusals the cases above do not reach cheaply (a crashed or slow checker, a feed's
    HTTP answer, a workbook openpyxl opens without sheets), against main's sentences."""
    from dashboard.ingest import child, common

    with pytest.raises(common.Unreadable) as refused:
        common.read_csv("tanggal\x00")
    assert str(refused.value) == "Berkas biner, bukan teks CSV."
    main = {
        (errors.FILE_CHECK_SLOW, (("seconds", 60),)): (
            "Berkas terlalu berat untuk diperiksa (lebih dari 60 detik); pecah menjadi "
            "beberapa berkas yang lebih kecil."
        ),
        (errors.FILE_CHECK_SLOW, (("seconds", 2.5),)): (
            "Berkas terlalu berat untuk diperiksa (lebih dari 2.5 detik); pecah menjadi "
            "beberapa berkas yang lebih kecil."
        ),
        (child.TOO_BIG, ()): (
            "Berkas terlalu berat untuk diperiksa (melewati batas memori pemeriksaan); pecah "
            "menjadi beberapa berkas yang lebih kecil."
        ),
        (child.BUSY, ()): "Server sedang memeriksa berkas lain; coba lagi sebentar lagi.",
        (child.FAILED, ()): "Berkas tidak dapat diperiksa (pemeriksa berhenti tanpa hasil).",
        (errors.FILE_FEED_HTTP, (("status", 404),)): (
            "Situs menjawab HTTP 404; umpan tidak dapat diambil."
        ),
        (errors.FILE_XLSX_DAMAGED, ()): "Berkas XLSX rusak: sebagian isinya tidak dapat dibuka.",
        (errors.FILE_XLSX_NO_SHEET, ()): "XLSX tidak memuat lembar kerja.",
        (errors.FILE_FEED_BROKEN, (("line", None), ("detail", "no element found"))): (
            "XML rusak atau terpotong: no element found."
        ),
    }
    assert {key: words.text(key[0], dict(key[1])) for key in main} == main


def test_a_refusal_in_the_import_child_crosses_back_as_its_code_and_values():
    from dashboard.ingest import child

    refusal = child._refusal(["file.too_many_rows", {"limit": 50_000}])
    assert (refusal.code, refusal.params) == ("file.too_many_rows", {"limit": 50_000})
    for garbled in (["file.nope", {}], ["file.too_many_rows", {}], "Berkas kosong.", None):
        assert child._refusal(garbled).code == "file.check_failed"


def test_the_fetchers_reasons_say_what_main_wrote():
    """The safe fetcher's reasons (kept as text by link checks, channels and the outbox) are
    `fetch.*` codes whose words are main's sentences; `reason` is what was stored before."""
    from dashboard.net.fetch import FetchError

    main = {
        ("bad_json", errors.FETCH_BAD_JSON, ()): "Jawaban server bukan JSON yang sah.",
        ("timeout", errors.FETCH_DNS_SLOW, (("site", "kemenag.go.id"),)): (
            "Nama situs kemenag.go.id tidak terjawab oleh DNS tepat waktu."
        ),
        ("no_such_host", errors.FETCH_NO_SUCH_HOST, (("site", "tidak-ada.example"),)): (
            "Alamat situs tidak ditemukan: tidak-ada.example."
        ),
        ("unsafe_address", errors.FETCH_UNSAFE_ADDRESS, ()): (
            "Alamat ini menuju jaringan internal, bukan situs publik; ditolak."
        ),
        ("bad_url", errors.FETCH_BAD_URL, ()): "Alamat tidak sah.",
        ("bad_url", errors.FETCH_BAD_PORT, ()): "Alamat tidak sah (nomor port).",
        ("bad_url", errors.FETCH_NOT_WEB, ()): "Alamat harus diawali http:// atau https://.",
        ("bad_url", errors.FETCH_NO_HOST, ()): "Alamat tidak memuat nama situs.",
        ("bad_url", errors.FETCH_CREDENTIALS, ()): (
            "Alamat tidak boleh memuat nama pengguna atau kata sandi."
        ),
        ("bad_url", errors.FETCH_BAD_HOST, ()): "Nama situs tidak sah.",
        ("protocol", errors.FETCH_COMPRESSION, ()): "Jawaban server rusak (kompresi).",
        ("too_large", errors.FETCH_TOO_LARGE, (("limit", 5 * 2**20),)): (
            "Jawaban lebih besar dari 5 MB; dihentikan."
        ),
        ("too_large", errors.FETCH_TOO_LARGE, (("limit", 2048),)): (
            "Jawaban lebih besar dari 2 KB; dihentikan."
        ),
        ("redirect_loop", errors.FETCH_REDIRECT_LOOP, ()): (
            "Pengalihan berputar-putar; halaman tak pernah dicapai."
        ),
        ("too_many_redirects", errors.FETCH_TOO_MANY_REDIRECTS, (("limit", 5),)): (
            "Terlalu banyak pengalihan (lebih dari 5)."
        ),
        ("bad_redirect", errors.FETCH_BAD_REDIRECT, ()): (
            "Situs mengalihkan ke alamat yang bukan web."
        ),
        ("timeout", errors.FETCH_TIMEOUT_TOTAL, (("seconds", 20.0),)): (
            "Server tidak menjawab dalam 20 detik."
        ),
        ("timeout", errors.FETCH_TIMEOUT_TOTAL, (("seconds", 1.5),)): (
            "Server tidak menjawab dalam 1.5 detik."
        ),
        ("timeout", errors.FETCH_CONNECT_TIMEOUT, ()): (
            "Server tidak menjawab (sambungan habis waktu)."
        ),
        ("timeout", errors.FETCH_READ_TIMEOUT, ()): (
            "Server berhenti mengirim jawaban (habis waktu)."
        ),
        ("tls", errors.FETCH_TLS, ()): "Sambungan aman (TLS) gagal: sertifikat situs tidak sah.",
        ("connect_failed", errors.FETCH_REFUSED, ()): "Server tidak menjawab (sambungan ditolak).",
        (
            "protocol",
            errors.FETCH_BROKEN,
            (),
        ): "Jawaban server rusak atau terputus di tengah jalan.",
        ("robots_unavailable", errors.FETCH_ROBOTS_UNAVAILABLE, (("status", 503),)): (
            "robots.txt situs tidak dapat dibaca (HTTP 503); dicoba lagi nanti."
        ),
        ("robots", errors.FETCH_ROBOTS, ()): (
            "Situs melarang pembacaan otomatis halaman ini (robots.txt)."
        ),
    }
    said = {}
    for key in main:
        kind, code, params = key
        failed = FetchError(kind, code, host="kemenag.go.id", **dict(params))
        assert (failed.code, failed.host, str(failed)) == (kind, "kemenag.go.id", failed.reason)
        said[key] = failed.reason
    assert said == main


def test_a_feed_the_fetcher_cannot_read_is_refused_with_the_fetchers_code():
    from dashboard.ingest import remote
    from dashboard.net.fetch import FetchError

    class Down:
        def get(self, url, **_options):
            raise FetchError("connect_failed", errors.FETCH_REFUSED, host="kemenag.go.id")

    with pytest.raises(remote.Unreadable) as refused:
        remote.fetch("kemenag.go.id/feed", fetcher=Down())  # type: ignore[arg-type]
    assert (refused.value.code, str(refused.value)) == (
        "fetch.refused",
        "Server tidak menjawab (sambungan ditolak).",
    )


@pytest.mark.parametrize(
    ("status", "outcome", "before"),
    [
        (403, "unknown", "Situs menolak pemeriksa otomatis (HTTP 403); halaman tidak dinilai."),
        (429, "unknown", "Situs menolak pemeriksa otomatis (HTTP 429); halaman tidak dinilai."),
        (404, "broken", "Halaman tidak ditemukan (HTTP 404)."),
        (410, "broken", "Halaman tidak ditemukan (HTTP 410)."),
        (500, "broken", "Situs menjawab galat (HTTP 500)."),
        (304, "unknown", "Jawaban tak terduga (HTTP 304)."),
    ],
)
def test_a_link_checks_status_reason_says_what_main_wrote(status, outcome, before):
    from dashboard.net import pages, rules

    said = pages._status_outcome(status)
    assert said == (
        {"unknown": rules.UNKNOWN, "broken": rules.BROKEN}[outcome],
        f"http_{status}",
        before,
    )


# --- a channel's reading: errors and skips as the channel keeps them ------------------------


@pytest.mark.parametrize(
    ("status", "subject", "before"),
    [
        (404, "feed", "Feed tidak ditemukan (HTTP 404)."),
        (410, "sitemap", "Peta situs tidak ditemukan (HTTP 410)."),
        (404, "account", "Akun tidak ditemukan (HTTP 404)."),
        # str.capitalize, as main wrote them (a later fix may want "Akun TikTok")
        (404, "tiktok", "Akun tiktok tidak ditemukan (HTTP 404)."),
        (404, "youtube", "Kanal youtube tidak ditemukan (HTTP 404)."),
        (404, "wordpress", "Api wordpress tidak ditemukan (HTTP 404)."),
        (429, "feed", "Batas permintaan tercapai; dicoba lagi nanti."),
        (403, "site", "Akses ditolak oleh server (HTTP 403)."),
        (503, "api", "Server sedang galat (HTTP 503)."),
        (418, "feed", "Server menjawab HTTP 418."),
    ],
)
def test_a_channels_http_error_says_what_main_wrote(status, subject, before):
    from dashboard.net import posts

    assert posts.from_status(status, subject, "30").reason == before


def test_a_channels_feed_errors_skips_and_untitled_posts_say_what_main_wrote():
    from datetime import UTC, datetime, timedelta

    from dashboard.net import posts, tiktok, website

    feeds = {
        b"": "Jawaban kosong, bukan feed.",
        b"<!doctype html><html>": "Jawaban bukan feed (halaman HTML).",
        b"hello": "Jawaban bukan feed (bukan XML).",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><rss/>': (
            "Feed memuat deklarasi entitas XML; ditolak."
        ),
        b"<rss><channel><item>": "Feed rusak atau terpotong (XML tidak utuh).",
        b"<foo/>": "Jawaban bukan feed RSS atau Atom.",
    }
    assert {data: website.parse_feed(data).reason for data in feeds} == feeds
    now = datetime(2026, 11, 25, tzinfo=UTC)
    skips = {
        (None, now): "Unggahan tanpa tautan permanen.",
        ("https://a b", now): "Tautan tidak sah: Tautan tidak boleh berisi spasi.",
        ("https://kemenag.go.id/x", None): "Unggahan tanpa tanggal terbit.",
        ("https://kemenag.go.id/x", datetime(2026, 11, 25)): "Tanggal terbit tanpa zona waktu.",
        ("https://kemenag.go.id/x", now + timedelta(days=1)): "Bertanggal di masa depan.",
    }
    said = {
        (link, when): posts.make_post(
            link=link, title="", published_at=when, kind="medsos_tiktok", now=now
        ).reason
        for link, when in skips
    }
    assert said == skips
    titled = posts.make_post(
        link="https://kemenag.go.id/x", title=" ", published_at=now, kind="medsos_tiktok", now=now
    )
    assert titled.title == "Video TikTok tanpa judul"
    answers = {
        (401, None): "Token TikTok kedaluwarsa atau dicabut; hubungkan ulang akun.",
        (429, "rate_limit_exceeded"): "Batas permintaan TikTok tercapai; dicoba lagi nanti.",
        (403, "scope_not_authorized"): "Akun TikTok belum memberi izin video.list.",
        (200, "spam_risk"): "TikTok menolak permintaan (spam_risk).",
        (200, ""): "TikTok menolak permintaan (tanpa kode).",
    }
    got = {
        (status, code): tiktok._error(status, {"error": {"code": code}}).reason
        for status, code in answers
    }
    assert got == answers


@pytest.mark.parametrize(
    ("body", "before"),
    [
        (
            b'{"error": {"code": 190}}',
            "Token kedaluwarsa atau dicabut (kode 190); ganti token kanal ini.",
        ),
        (
            b'{"error": {"code": 4}}',
            "Batas permintaan Graph API tercapai (kode 4); dicoba lagi nanti.",
        ),
        (b'{"error": {"code": 200}}', "Token tidak punya izin yang diperlukan (kode 200)."),
        (
            b'{"error": {"code": 100, "error_subcode": 33}}',
            "Halaman atau akun tidak ditemukan, atau token tidak berhak membacanya.",
        ),
        (b'{"error": {"code": 1}}', "Graph API menolak permintaan (kode 1)."),
        (b"{}", "Akun tidak ditemukan (HTTP 404)."),
    ],
)
def test_a_graph_api_error_says_what_main_wrote(body, before):
    from dashboard.net import graph
    from dashboard.net.fetch import Response

    answer = Response(url="u", final_url="u", status=404, headers=(), body=body)
    assert graph.graph_error(answer)[0].reason == before


def test_the_readers_fixed_reasons_say_what_main_wrote():
    main = {
        errors.READ_TOKEN_MISSING: "Token akses belum diisi.",
        errors.READ_UNEXPECTED: "Galat tak terduga saat membaca kanal; dicatat di log.",
        errors.READ_WORDPRESS_UNKNOWN: "Jawaban API WordPress tidak dikenali.",
        errors.READ_SITEMAP_BROKEN: "Peta situs berita rusak atau bukan XML.",
        errors.READ_NOT_SITEMAP: "Jawaban bukan peta situs.",
        errors.READ_NO_FEED: (
            "Feed tidak ditemukan di situs ini (dicari: API WordPress, <link rel=alternate>, "
            "/feed, peta situs berita)."
        ),
        errors.READ_YOUTUBE_BAD_ID: "ID kanal YouTube tidak sah (24 karakter, diawali UC).",
        errors.READ_GRAPH_NOT_JSON: "Jawaban Graph API bukan JSON.",
        errors.READ_GRAPH_UNKNOWN: "Jawaban Graph API tidak dikenali.",
        errors.READ_GRAPH_BAD_ID: "ID halaman atau akun tidak sah.",
        errors.READ_TIKTOK_UNKNOWN: "Jawaban TikTok tidak dikenali.",
    }
    assert {code: words.text(code) for code in main} == main


# --- a message's sending: the outcome the outbox keeps ----------------------------------------


class _Answers:
    """A fetcher that answers every post with one status and body, or fails with a problem."""

    def __init__(self, status: int = 200, body: bytes = b"", failed: object = None):
        self.status, self.body, self.failed = status, body, failed

    def post(self, url, **_options):
        from dashboard.net.fetch import Response

        if self.failed is not None:
            raise self.failed
        return Response(url=url, final_url=url, status=self.status, headers=(), body=self.body)


def _sender(kind: str, fetcher: _Answers):
    from dashboard.net import senders
    from dashboard.net.endpoints import Endpoints
    from dashboard.net.secret import Secret

    options = {"token": Secret("t"), "endpoints": Endpoints(), "fetcher": fetcher}
    if kind == "whatsapp":
        return senders.WhatsAppCloudSender(
            **options, phone_number_id="123", template="pengingat", language="id"
        )
    return {"telegram": senders.TelegramSender, "gateway": senders.GatewaySender}[kind](**options)


@pytest.mark.parametrize(
    ("kind", "status", "body", "before"),
    [
        ("telegram", 200, b'{"ok": true, "result": {"message_id": 5}}', "Terkirim."),
        (
            "telegram",
            403,
            b'{"ok": false, "description": "Forbidden: bot was blocked by the user"}',
            "Pengguna memblokir bot atau akunnya nonaktif; kontak dinonaktifkan.",
        ),
        ("telegram", 429, b"{}", "Batas kirim Telegram tercapai; dicoba lagi nanti."),
        ("telegram", 500, b"", "Telegram sedang galat (HTTP 500)."),
        (
            "telegram",
            400,
            b'{"ok": false, "description": "x\\ny"}',
            "Telegram menolak pesan (HTTP 400): x y",
        ),
        (
            "whatsapp",
            400,
            b'{"error": {"code": 190}}',
            "Token WhatsApp kedaluwarsa atau dicabut (kode 190).",
        ),
        (
            "whatsapp",
            400,
            b'{"error": {"code": 132001}}',
            "Templat WhatsApp belum disetujui atau tidak cocok (kode 132001).",
        ),
        ("whatsapp", 403, b'{"error": {}}', "WhatsApp menolak pesan (HTTP 403, kode -)."),
        ("whatsapp", 429, b"{}", "Batas kirim WhatsApp tercapai (kode None); dicoba lagi nanti."),
        (
            "gateway",
            200,
            b'{"status": false, "reason": "device disconnected"}',
            "Perangkat gateway tidak tersambung: device disconnected",
        ),
        ("gateway", 200, b'{"status": false}', "Gateway WhatsApp menolak: tanpa keterangan"),
        ("gateway", 200, b"[]", "Jawaban gateway WhatsApp tidak dikenali (HTTP 200)."),
        ("gateway", 502, b"", "Gateway WhatsApp sedang galat (HTTP 502)."),
    ],
)
def test_a_sends_outcome_says_what_main_wrote(kind, status, body, before):
    from dashboard.net import senders

    message = senders.Message("Subjek", "Halo")
    to = "12345" if kind == "telegram" else "0812-3456-7890"
    assert _sender(kind, _Answers(status, body)).send(to, message).reason == before


def test_a_send_the_fetcher_or_the_contact_refuses_says_what_main_wrote():
    from dashboard.net import senders
    from dashboard.net.fetch import FetchError

    message = senders.Message("Subjek", "Halo")
    down = FetchError("connect_failed", errors.FETCH_REFUSED, host="api.telegram.org")
    tls = FetchError("tls", errors.FETCH_TLS, host="gw.example")
    said = {
        "down": _sender("telegram", _Answers(failed=down)).send("12345", message),
        "tls": _sender("gateway", _Answers(failed=tls)).send("0812-3456-7890", message),
        "chat": _sender("telegram", _Answers()).send("chat saya", message),
        "long": _sender("gateway", _Answers()).send(
            "0812-3456-7890", senders.Message("", "x" * 5000)
        ),
    }
    assert {name: (r.status, r.reason) for name, r in said.items()} == {
        "down": (
            senders.RETRY,
            "Telegram tidak dapat dihubungi: Server tidak menjawab (sambungan ditolak).",
        ),
        "tls": (
            senders.FAILED,
            "Gateway WhatsApp: Sambungan aman (TLS) gagal: sertifikat situs tidak sah.",
        ),
        "chat": (
            senders.FAILED,
            "ID chat Telegram tidak sah: angka dari bot (kirim /start ke bot lebih dulu).",
        ),
        "long": (senders.FAILED, "Pesan kosong atau lebih dari 4.096 karakter."),
    }


def test_an_e_mail_servers_refusals_say_what_main_wrote():
    main = {
        (errors.SEND_SMTP_LATER, (("what", "recipient"), ("code", 451))): (
            "Alamat penerima ditolak server e-mail (kode 451); dicoba lagi nanti."
        ),
        (errors.SEND_SMTP_REFUSED, (("what", "sender"), ("code", 553))): (
            "Alamat pengirim ditolak server e-mail (kode 553)."
        ),
        (errors.SEND_SMTP_REFUSED, (("what", "message"), ("code", 554))): (
            "Server e-mail menolak pesan (kode 554)."
        ),
        (errors.SEND_SMTP_REFUSED, (("what", "server"), ("code", 500))): (
            "Server e-mail menolak (kode 500)."
        ),
        (errors.SEND_SMTP_LOGIN, (("code", 535),)): (
            "Login SMTP ditolak (kode 535); periksa pengaturan."
        ),
        (errors.SEND_SMTP_UNSUPPORTED, ()): "Server e-mail tidak mendukung STARTTLS atau login.",
        (errors.SEND_SMTP_TLS, ()): "Sambungan aman ke server e-mail gagal (sertifikat/TLS).",
        (errors.SEND_SMTP_UNREACHABLE, ()): (
            "Server e-mail tidak dapat dihubungi; dicoba lagi nanti."
        ),
        (errors.SEND_VIA_NOT_SET, (("via", "whatsapp"),)): (
            "Saluran WhatsApp belum diatur di server."
        ),
        (errors.SEND_TELEGRAM_WEBHOOK, ()): (
            "Bot Telegram memakai webhook; getUpdates tidak tersedia."
        ),
    }
    assert {key: words.text(key[0], dict(key[1])) for key in main} == main
