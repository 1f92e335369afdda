"""The interface's words, in one place: what each error code says, and the labels every
layer shares (groups, roles, unit types, target periods, "tanpa target").

Pure (no Streamlit, no database), so pages, the command line, reports and e-mails say
the same thing. Pages show `say(err)`; the command line prints `say(err)` on one line.
Labels are keyed by the plain string values the store keeps ("berita", "pimpinan",
"KANWIL", "week"), so an enum whose values are those strings finds them too.

`tests/test_words.py` proves that every code of `dashboard.errors.REGISTRY` has its
words here, with exactly the parameters the code declares.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Protocol

from dashboard.errors import Code, HumasError, Problem

# --- labels shared by every layer ------------------------------------------------------------

NO_TARGET = "tanpa target"
MET = "✓"

# The KPI groups, in the order pages list them, and their short names for tiles.
GROUP_LABELS: dict[str, str] = {
    "berita": "Berita",
    "media": "Media",
    "medsos": "Media sosial",
    "kegiatan": "Kegiatan",
}
SHORT_GROUP_LABELS: dict[str, str] = {
    "berita": "Berita",
    "medsos": "Medsos",
    "media": "Media",
    "kegiatan": "Kegiatan",
}
ROLE_LABELS: dict[str, str] = {"admin": "Admin", "pimpinan": "Pimpinan", "operator": "Operator"}
UNIT_TYPE_LABELS: dict[str, str] = {
    "PUSAT": "Pusat",
    "KANWIL": "Kanwil",
    "KANKEMENAG": "Kankemenag",
    "PTKN": "PTKN",
    "UPT": "UPT",
    "MADRASAH_NEGERI": "Madrasah Negeri",
    "KUA": "KUA",
}
# The periods pages and reports pick (keys in the address: ?periode=bulan), in order.
PERIOD_PRESETS: dict[str, str] = {
    "hari": "Hari ini",
    "minggu": "Minggu ini",
    "bulan": "Bulan ini",
    "triwulan": "Triwulan ini",
    "semester": "Semester ini",
    "tahun": "Tahun ini",
    "rentang": "Rentang tanggal",
}
# A target's period, as a setting ("per minggu") and as the unit of a rate ("minggu").
PERIOD_LABELS: dict[str, str] = {"day": "per hari", "week": "per minggu", "month": "per bulan"}
PERIOD_UNITS: dict[str, str] = {"day": "hari", "week": "minggu", "month": "bulan"}
COUNTS_ON_LABELS: dict[str, str] = {"working": "hari kerja", "all": "setiap hari"}
SCOPE_LABELS: dict[str, str] = {
    "national": "nasional",
    "unit_type": "jenis unit",
    "unit": "satu unit",
}
TAG_LABELS: dict[str, str] = {"capaian": "Capaian/dampak", "seremonial": "Kegiatan/seremonial"}
# What a message setting is, for "Saluran 'x' tidak dikenal".
CHOICE_WORDS: dict[str, str] = {
    "via": "Saluran",
    "role": "Peran",
    "kind": "Jenis pesan",
    "status": "Status",
}


@dataclass(frozen=True)
class SettingWords:
    """How the Pengaturan page, refusals and Log Audit name a setting."""

    label: str
    unit: str
    help: str


# Every setting of `store.settings.LIMITS` (a test checks that they match).
SETTINGS: dict[str, SettingWords] = {
    "backdate_days": SettingWords(
        "Batas isian mundur",
        "hari",
        "Berapa hari ke belakang operator masih boleh mengisi output lewat formulir "
        "(0 = hanya hari ini).",
    ),
    "session_idle_minutes": SettingWords(
        "Sesi berakhir bila tidak aktif",
        "menit",
        "Setelah sekian menit tanpa kegiatan, pengguna harus masuk kembali.",
    ),
    "session_max_days": SettingWords(
        "Masa berlaku sesi masuk",
        "hari",
        "Setelah sekian hari sejak masuk, pengguna harus masuk kembali meski tetap aktif.",
    ),
}
MESSAGE_KIND_LABELS: dict[str, str] = {
    "reminder": "Pengingat",
    "recap": "Rekap harian",
    "weekly": "Rekap mingguan",
}
# Free-text fields as the length and character rule (dashboard.freetext) names them.
TEXT_FIELDS: dict[str, str] = {
    "item.title": "Judul",
    "item.note": "Catatan",
    "unit.name": "Nama unit",
    "unit.province": "Provinsi",
    "calendar.note": "Keterangan",
    "screen.label": "Keterangan",
    "target.note": "Catatan",
    "user.full_name": "Nama lengkap",
}
VIA_LABELS: dict[str, str] = {"email": "E-mail", "telegram": "Telegram", "whatsapp": "WhatsApp"}
# A message contact, as its refusals name it ("Nomor WhatsApp wajib diisi.").
CONTACT_LABELS: dict[str, str] = {
    "email": "Alamat e-mail",
    "telegram": "ID chat Telegram",
    "whatsapp": "Nomor WhatsApp",
}

# Impor Data's formats (keys of dashboard.ingest.FORMATS, and "auto"), in the order offered.
IMPORT_FORMAT_LABELS: dict[str, str] = {
    "auto": "Otomatis (dikenali dari isi berkas)",
    "template": "Templat Pantau Humas (CSV/XLSX)",
    "meta-facebook": "Meta Business Suite — Facebook",
    "meta-instagram": "Meta Business Suite — Instagram",
    "rss": "Umpan RSS/Atom situs web",
}
# What a file that is no import is (dashboard.ingest.common.SIGNATURES), for file.other_kind.
FILE_KINDS: dict[str, str] = {
    "png": "gambar PNG",
    "jpeg": "gambar JPEG",
    "gif": "gambar GIF",
    "pdf": "dokumen PDF",
    "office": "berkas Office lama (.xls/.doc); simpan ulang sebagai .xlsx atau CSV",
    "rar": "arsip RAR",
    "gzip": "arsip gzip",
    "7z": "arsip 7z",
}
# What an XLSX holds too many of (dashboard.ingest.xlsx's counted XML elements).
XLSX_PARTS: dict[str, str] = {
    "si": "teks bersama (shared strings)",
    "row": "baris (baris kosong ikut dihitung)",
    "c": "sel",
}


def template_guide(title_max: int) -> list[list[str]]:
    """The template workbook's "Petunjuk" sheet above its list of kinds: column, what to write."""
    return [
        ["kolom", "isi"],
        ["tanggal", "DD/MM/YYYY atau YYYY-MM-DD; tidak boleh di masa depan"],
        ["jenis", "kode atau label dari daftar di bawah"],
        ["judul", f"judul berita atau unggahan (maksimal {title_max} karakter)"],
        ["tautan", "alamat http:// atau https:// (wajib kecuali kegiatan diliput)"],
        ["catatan", "opsional"],
        ["tag", "opsional: " + " atau ".join(TAG_LABELS)],
        [],
        ["kode jenis", "label"],
    ]


# --- what each error code says -------------------------------------------------------------

MESSAGES: dict[str, str] = {
    "detail": "{detail}",
    # people's text and evidence links
    "text.too_long": "{field} terlalu panjang: {length} karakter (maksimal {limit}).",
    "text.too_short": "{field} minimal {limit} karakter.",
    "text.control": "{field} memuat karakter kendali yang tidak sah.",
    "text.formula": (
        "{field} tidak boleh diawali =, +, -, atau @ (dapat dijalankan sebagai rumus di Excel); "
        "hapus karakter itu."
    ),
    "link.empty": "Tautan wajib diisi untuk jenis ini.",
    "link.too_long": "Tautan terlalu panjang (maksimal {limit} karakter).",
    "link.spaces": "Tautan tidak boleh berisi spasi.",
    "link.no_site": "Tautan tidak memuat alamat situs yang sah.",
    "link.not_web": "Tautan harus alamat web (http:// atau https://), bukan jenis lain.",
    "link.port": "Tautan memuat nomor port yang tidak sah.",
    # an output item's row
    "entry.day_required": "Tanggal wajib diisi.",
    "entry.day_future": "Tanggal di masa depan; hari ini {today}{zone}.",
    "entry.day_too_early": (
        "Tanggal lebih dari {days} hari yang lalu; pengisian mundur paling jauh {earliest}. "
        "Untuk data lama gunakan Impor Data."
    ),
    "entry.day_impossible": "Tanggal tidak ada di kalender (mis. 31/02).",
    "entry.day_shape": "Tanggal tidak dikenali; tulis DD/MM/YYYY atau YYYY-MM-DD.",
    "entry.title_required": "Judul wajib diisi.",
    "entry.kind_unknown": (
        "Jenis tidak dikenal; pakai kode (mis. berita_website) atau labelnya (mis. Berita website)."
    ),
    "entry.kind_required": "Pilih jenis output.",
    "entry.link_required": "Tautan wajib diisi untuk jenis ini: tautan adalah buktinya.",
    "entry.tag_unknown": "Tag harus 'capaian' atau 'seremonial' (atau kosong).",
    "entry.invalid": "{problems}",
    "import.meta_time": "Publish time kosong atau tidak dikenali (MM/DD/YYYY HH:MM).",
    "import.not_platform": (
        "Tautan ini bukan unggahan {platform}; pilih format impor yang sesuai."
    ),
    "import.feed_no_date": "Entri tanpa tanggal terbit (pubDate/published).",
    "row.same_as": "Sama dengan {line} pada kiriman ini; dicatat sekali.",
    "row.collected": (
        "Sudah terkumpul otomatis dari kanal unit ini; tidak perlu diisi lagi (tidak dihitung "
        "dua kali)."
    ),
    "row.deleted_before": "Pernah dihapus dari unit ini; tidak dikumpulkan lagi.",
    "row.recorded_before": "Sudah tercatat sebelumnya; tidak dihitung dua kali.",
    "row.link_taken": "Tautan ini sudah tercatat pada item lain dengan jenis yang sama.",
    "row.title_taken": "Item lain dengan judul dan jenis ini sudah tercatat pada tanggal itu.",
    # a whole file an import cannot read
    "file.empty": "Berkas kosong.",
    "file.too_big": (
        "Berkas terlalu besar ({size} MB; maksimal {limit} MB). Pecah menjadi beberapa berkas."
    ),
    "file.path_too_big": "Berkas terlalu besar ({size} MB).",
    "file.path_folder": "{path} adalah folder, bukan berkas.",
    "file.path_missing": "Berkas {path} tidak ada.",
    "file.path_unreadable": "Berkas {path} tidak dapat dibaca: {reason}.",
    "file.other_kind": "Berkas ini {kind}, bukan CSV, XLSX, atau RSS.",
    "file.binary": "Berkas biner, bukan teks CSV atau RSS.",
    "file.binary_csv": "Berkas biner, bukan teks CSV.",
    "file.csv_broken": "CSV rusak di baris {line}: {detail}.",
    "file.too_many_rows": (
        "Lebih dari {limit} baris (baris kosong ikut dihitung); pecah menjadi beberapa berkas."
    ),
    "file.shape_unknown": (
        "Bentuk berkas tidak dikenali: bukan templat ({columns}), ekspor Meta Business Suite, "
        "atau umpan RSS/Atom."
    ),
    "file.header_only": "Berkas hanya memuat judul kolom; tidak ada baris data.",
    "file.template_columns": (
        "Kolom templat tidak lengkap: {missing} tidak ada (kolom templat: {columns}; unduh "
        "templat kosong)."
    ),
    "file.meta_columns": "Bukan ekspor Meta Business Suite: kolom {missing} tidak ada.",
    "file.xlsx_not_feed": "Berkas ini XLSX, bukan umpan RSS atau Atom.",
    "file.feed_not_xml": "Bukan umpan RSS atau Atom: isinya bukan XML.",
    "file.feed_broken": "XML rusak atau terpotong{line}: {detail}.",
    "file.not_feed": "Bukan umpan RSS atau Atom.",
    "file.feed_empty": "Umpan tidak memuat entri.",
    "file.feed_http": "Situs menjawab HTTP {status}; umpan tidak dapat diambil.",
    "file.xlsx_not_zip": "Berkas XLSX rusak: bukan arsip zip yang utuh.",
    "file.xlsx_parts": "XLSX memuat {parts} bagian (batas {limit}); ditolak.",
    "file.xlsx_unpacked": (
        "XLSX mengembang menjadi {size} MB saat dibuka (batas {limit} MB); pecah menjadi "
        "beberapa berkas atau simpan sebagai CSV."
    ),
    "file.xlsx_not_workbook": "Arsip zip ini bukan buku kerja Excel (.xlsx).",
    "file.xlsx_count": "XLSX memuat lebih dari {limit} {part}; pecah menjadi beberapa berkas.",
    "file.xlsx_dtd": "XLSX memuat deklarasi DTD (entitas XML); ditolak.",
    "file.xlsx_damaged": "Berkas XLSX rusak: sebagian isinya tidak dapat dibuka.",
    "file.xlsx_unreadable": "XLSX tidak dapat dibaca: {cause}.",
    "file.xlsx_no_sheet": "XLSX tidak memuat lembar kerja.",
    "file.check_slow": (
        "Berkas terlalu berat untuk diperiksa (lebih dari {seconds} detik); pecah menjadi "
        "beberapa berkas yang lebih kecil."
    ),
    "file.check_memory": (
        "Berkas terlalu berat untuk diperiksa (melewati batas memori pemeriksaan); pecah "
        "menjadi beberapa berkas yang lebih kecil."
    ),
    "file.check_busy": "Server sedang memeriksa berkas lain; coba lagi sebentar lagi.",
    "file.check_failed": "Berkas tidak dapat diperiksa (pemeriksa berhenti tanpa hasil).",
    # an outside address the safe fetcher could not read
    "fetch.bad_json": "Jawaban server bukan JSON yang sah.",
    "fetch.dns_slow": "Nama situs {site} tidak terjawab oleh DNS tepat waktu.",
    "fetch.no_such_host": "Alamat situs tidak ditemukan: {site}.",
    "fetch.unsafe_address": "Alamat ini menuju jaringan internal, bukan situs publik; ditolak.",
    "fetch.bad_url": "Alamat tidak sah.",
    "fetch.bad_port": "Alamat tidak sah (nomor port).",
    "fetch.not_web": "Alamat harus diawali http:// atau https://.",
    "fetch.no_host": "Alamat tidak memuat nama situs.",
    "fetch.credentials": "Alamat tidak boleh memuat nama pengguna atau kata sandi.",
    "fetch.bad_host": "Nama situs tidak sah.",
    "fetch.compression": "Jawaban server rusak (kompresi).",
    "fetch.too_large": "Jawaban lebih besar dari {limit}; dihentikan.",
    "fetch.redirect_loop": "Pengalihan berputar-putar; halaman tak pernah dicapai.",
    "fetch.too_many_redirects": "Terlalu banyak pengalihan (lebih dari {limit}).",
    "fetch.bad_redirect": "Situs mengalihkan ke alamat yang bukan web.",
    "fetch.timeout_total": "Server tidak menjawab dalam {seconds} detik.",
    "fetch.connect_timeout": "Server tidak menjawab (sambungan habis waktu).",
    "fetch.read_timeout": "Server berhenti mengirim jawaban (habis waktu).",
    "fetch.tls": "Sambungan aman (TLS) gagal: sertifikat situs tidak sah.",
    "fetch.refused": "Server tidak menjawab (sambungan ditolak).",
    "fetch.broken": "Jawaban server rusak atau terputus di tengah jalan.",
    "fetch.robots_unavailable": (
        "robots.txt situs tidak dapat dibaca (HTTP {status}); dicoba lagi nanti."
    ),
    "fetch.robots": "Situs melarang pembacaan otomatis halaman ini (robots.txt).",
    # a page a link check read
    "page.refused": "Situs menolak pemeriksa otomatis (HTTP {status}); halaman tidak dinilai.",
    "page.not_found": "Halaman tidak ditemukan (HTTP {status}).",
    "page.error": "Situs menjawab galat (HTTP {status}).",
    "page.unexpected": "Jawaban tak terduga (HTTP {status}).",
    # a channel's reading
    "read.no_permalink": "Unggahan tanpa tautan permanen.",
    "read.bad_link": "Tautan tidak sah: {found}",
    "read.no_date": "Unggahan tanpa tanggal terbit.",
    "read.no_zone": "Tanggal terbit tanpa zona waktu.",
    "read.future": "Bertanggal di masa depan.",
    "read.not_found": "{subject} tidak ditemukan (HTTP {status}).",
    "read.rate_limited": "Batas permintaan tercapai; dicoba lagi nanti.",
    "read.denied": "Akses ditolak oleh server (HTTP {status}).",
    "read.server_error": "Server sedang galat (HTTP {status}).",
    "read.status": "Server menjawab HTTP {status}.",
    "read.token_missing": "Token akses belum diisi.",
    "read.unexpected": "Galat tak terduga saat membaca kanal; dicatat di log.",
    "read.empty_answer": "Jawaban kosong, bukan feed.",
    "read.html_answer": "Jawaban bukan feed (halaman HTML).",
    "read.not_xml": "Jawaban bukan feed (bukan XML).",
    "read.feed_entities": "Feed memuat deklarasi entitas XML; ditolak.",
    "read.feed_broken": "Feed rusak atau terpotong (XML tidak utuh).",
    "read.not_feed": "Jawaban bukan feed RSS atau Atom.",
    "read.wordpress_unknown": "Jawaban API WordPress tidak dikenali.",
    "read.sitemap_broken": "Peta situs berita rusak atau bukan XML.",
    "read.not_sitemap": "Jawaban bukan peta situs.",
    "read.no_feed": (
        "Feed tidak ditemukan di situs ini (dicari: API WordPress, <link rel=alternate>, /feed, "
        "peta situs berita)."
    ),
    "read.youtube_bad_id": "ID kanal YouTube tidak sah (24 karakter, diawali UC).",
    "read.graph_token_expired": "Token kedaluwarsa atau dicabut (kode 190); ganti token kanal ini.",
    "read.graph_rate_limited": (
        "Batas permintaan Graph API tercapai (kode {code}); dicoba lagi nanti."
    ),
    "read.graph_permission": "Token tidak punya izin yang diperlukan (kode {code}).",
    "read.graph_not_found": (
        "Halaman atau akun tidak ditemukan, atau token tidak berhak membacanya."
    ),
    "read.graph_refused": "Graph API menolak permintaan (kode {code}).",
    "read.graph_not_json": "Jawaban Graph API bukan JSON.",
    "read.graph_unknown": "Jawaban Graph API tidak dikenali.",
    "read.graph_bad_id": "ID halaman atau akun tidak sah.",
    "read.tiktok_token_expired": "Token TikTok kedaluwarsa atau dicabut; hubungkan ulang akun.",
    "read.tiktok_rate_limited": "Batas permintaan TikTok tercapai; dicoba lagi nanti.",
    "read.tiktok_scope": "Akun TikTok belum memberi izin video.list.",
    "read.tiktok_refused": "TikTok menolak permintaan ({code}).",
    "read.tiktok_unknown": "Jawaban TikTok tidak dikenali.",
    # a message's sending
    "send.sent": "Terkirim.",
    "send.unreachable": "{service} tidak dapat dihubungi: {found}",
    "send.fetch_failed": "{service}: {found}",
    "send.server_error": "{service} sedang galat (HTTP {status}).",
    "send.too_long": "Pesan kosong atau lebih dari {limit} karakter.",
    "send.via_not_set": "Saluran {via} belum diatur di server.",
    "send.smtp_later": "{what} (kode {code}); dicoba lagi nanti.",
    "send.smtp_refused": "{what} (kode {code}).",
    "send.smtp_login": "Login SMTP ditolak (kode {code}); periksa pengaturan.",
    "send.smtp_unsupported": "Server e-mail tidak mendukung STARTTLS atau login.",
    "send.smtp_tls": "Sambungan aman ke server e-mail gagal (sertifikat/TLS).",
    "send.smtp_unreachable": "Server e-mail tidak dapat dihubungi; dicoba lagi nanti.",
    "send.telegram_blocked": (
        "Pengguna memblokir bot atau akunnya nonaktif; kontak dinonaktifkan."
    ),
    "send.telegram_no_chat": (
        "Chat Telegram tidak ditemukan: pengguna harus mengirim /start ke bot dulu."
    ),
    "send.telegram_rate": "Batas kirim Telegram tercapai; dicoba lagi nanti.",
    "send.telegram_token": "Token bot Telegram tidak sah.",
    "send.telegram_unknown": "Jawaban Telegram tidak dikenali; pesan tidak dikirim ulang.",
    "send.telegram_refused": "Telegram menolak pesan (HTTP {status}): {description}",
    "send.telegram_webhook": "Bot Telegram memakai webhook; getUpdates tidak tersedia.",
    "send.telegram_updates_refused": "Telegram menolak getUpdates (HTTP {status}).",
    "send.whatsapp_sender_id": "ID nomor pengirim WhatsApp tidak sah.",
    "send.whatsapp_token": "Token WhatsApp kedaluwarsa atau dicabut (kode 190).",
    "send.whatsapp_rate": "Batas kirim WhatsApp tercapai (kode {code}); dicoba lagi nanti.",
    "send.whatsapp_not_whatsapp": "Nomor ini tidak dapat menerima pesan WhatsApp (kode 131026).",
    "send.whatsapp_template": ("Templat WhatsApp belum disetujui atau tidak cocok (kode {code})."),
    "send.whatsapp_unknown": "Jawaban WhatsApp tidak dikenali; pesan tidak dikirim ulang.",
    "send.whatsapp_refused": "WhatsApp menolak pesan (HTTP {status}, kode {code}).",
    "send.gateway_rate": "Batas kirim gateway tercapai; dicoba lagi nanti.",
    "send.gateway_unknown": "Jawaban gateway WhatsApp tidak dikenali (HTTP {status}).",
    "send.gateway_disconnected": "Perangkat gateway tidak tersambung: {reason}",
    "send.gateway_refused": "Gateway WhatsApp menolak: {reason}",
    # the database itself
    "db.unavailable": "Basis data tidak dapat dibuka saat ini. Hubungi admin.",
    "db.disconnected": "Basis data tidak terhubung. Halaman akan mencoba lagi dengan sendirinya.",
    "db.schema_too_new": (
        "Basis data ini dibuat oleh versi Pantau Humas yang lebih baru. Hubungi admin."
    ),
    "db.busy": "Basis data sedang sibuk; belum ada yang berubah. Coba lagi sebentar lagi.",
    "db.read_only": (
        "Basis data sedang hanya dapat dibaca: data tetap dapat dilihat, tetapi perubahan "
        "belum dapat disimpan. Hubungi admin."
    ),
    "db.full": "Ruang penyimpanan server penuh; perubahan belum disimpan. Hubungi admin.",
    # who may do what
    "access.some_units": "Anda tidak berhak melihat data sebagian unit yang diminta.",
    "access.unit": "Anda tidak berhak melihat data unit kerja ini.",
    "access.write_own_unit": "Anda hanya dapat mengisi atau mengubah data unit kerja Anda sendiri.",
    "access.inactive": "Akun Anda tidak aktif lagi. Hubungi admin satker Anda.",
    "access.admin_only": "Hanya admin yang dapat melakukan ini.",
    "session.own_only": "Anda hanya dapat mengakhiri sesi akun Anda sendiri.",
    "notify.own_only": "Anda hanya dapat mengubah pengaturan pesan akun Anda sendiri.",
    "screen.manage_roles": "Hanya admin dan pimpinan yang dapat mengelola tautan layar rapat.",
    "screen.manage_scope": (
        "Anda hanya dapat mengelola tautan layar rapat untuk cakupan unit Anda sendiri."
    ),
    "screen.list_roles": "Hanya admin dan pimpinan yang dapat melihat tautan layar rapat.",
    "channel.manage_roles": "Hanya operator unit ini atau admin yang dapat mengelola kanalnya.",
    "review.pairs_roles": "Hanya pimpinan atau admin yang dapat meninjau tautan ganda.",
    "review.roles": "Hanya pimpinan unit di atasnya atau admin yang dapat meninjau tautan.",
    "review.some_units": "Anda tidak berhak meninjau item sebagian unit yang diminta.",
    "review.not_reviewer": (
        "Anda tidak berhak meninjau item unit ini: peninjau adalah pimpinan unit di "
        "atasnya atau admin."
    ),
    # accounts
    "user.not_found": "Akun tidak ditemukan.",
    "user.role_unknown": "Peran '{role}' tidak dikenal; pilih salah satu: {choices}.",
    "user.name_taken": "Nama pengguna '{username}' sudah dipakai.",
    "user.email_taken": "E-mail '{email}' sudah dipakai akun lain.",
    "user.deactivate_self": "Anda tidak dapat menonaktifkan akun Anda sendiri.",
    "password.empty": "Kata sandi tidak boleh kosong.",
    "password.too_short": "Kata sandi minimal {limit} karakter.",
    "password.too_long": "Kata sandi maksimal {limit} karakter.",
    "password.is_name": "Kata sandi tidak boleh sama dengan nama pengguna.",
    "password.common": (
        "Kata sandi ini terlalu umum atau mudah ditebak. Pakai gabungan beberapa kata "
        "yang hanya Anda ketahui, misalnya 'kopi-pagi-di-kupang'."
    ),
    "password.wrong": "Kata sandi saat ini salah.",
    "password.no_change_needed": "Kata sandi akun ini tidak perlu diganti.",
    "password.same_as_given": "Kata sandi baru harus berbeda dari kata sandi yang diberikan admin.",
    "user.name_shape": (
        "Nama pengguna {low}–{high} karakter: huruf, angka, titik, garis bawah atau tanda hubung."
    ),
    "user.email_invalid": "Alamat e-mail tidak sah.",
    "draft.signed_in_only": "Draf hanya disimpan untuk akun yang masuk.",
    "draft.too_long": "Draf terlalu panjang untuk disimpan; simpan sebagian item dahulu.",
    # units and the calendar
    "unit.not_found": "Unit kerja tidak ditemukan.",
    "unit.missing_or_inactive": "Unit kerja tidak ditemukan atau tidak aktif.",
    "unit.code_not_found": "Unit kerja dengan kode '{code}' tidak ditemukan.",
    "unit.code_shape": "Kode unit 2–64 karakter: huruf kecil, angka, atau tanda hubung.",
    "unit.code_taken": "Kode unit '{code}' sudah dipakai.",
    "unit.type_unknown": "Jenis unit '{type}' tidak dikenal.",
    "unit.fields_unknown": "Kolom unit tidak dikenal: {fields}",
    "unit.below_itself": "Unit tidak dapat dipindah ke bawah dirinya sendiri.",
    "calendar.pick_day": "Pilih tanggal.",
    "calendar.note_required": "Tulis keterangan (mis. nomor SKB cuti bersama).",
    "calendar.no_override": "Tanggal ini tidak memiliki pengaturan khusus.",
    # output items and their review
    "item.not_found": "Item tidak ditemukan atau sudah dihapus.",
    "item.source_unknown": "Sumber data '{source}' tidak dikenal.",
    "item.fields_not_editable": "Kolom item tidak dapat diubah: {fields}",
    "item.rejected_edit": (
        "Item ini ditolak peninjau dan tidak dihitung; item yang ditolak tidak dapat diubah "
        "(hapus lalu catat ulang bila perlu)."
    ),
    "item.stale": (
        "Item ini sudah diubah oleh {actors}{fields} sejak Anda membukanya; perubahan Anda "
        "belum disimpan. Muat ulang item, lalu ulangi perubahan."
    ),
    "item.batch_rejected": "{count} baris perlu diperbaiki; tidak ada yang disimpan.",
    "review.decision_unknown": "Keputusan tidak dikenal: {decision}",
    "review.note_required": "Alasan penolakan wajib diisi.",
    "review.note_too_long": "Catatan paling banyak {limit} karakter.",
    "review.not_open": "Item ini tidak sedang menunggu tinjauan.",
    # targets and settings
    "target.scope_unknown": "Cakupan target tidak dikenal.",
    "target.pick_unit_type": "Pilih jenis unit untuk target per jenis unit.",
    "target.pick_unit": "Pilih unit kerja untuk target per unit.",
    "target.metric_unknown": "Metrik '{metric}' tidak dikenal.",
    "target.period_unknown": "Periode target harus harian, mingguan, atau bulanan.",
    "target.counts_on_unknown": "Pilih hari yang dihitung: hari kerja atau setiap hari.",
    "target.negative": "Nilai target tidak boleh negatif.",
    "target.too_big": "Nilai target terlalu besar.",
    "target.ends_before_start": "Tanggal berakhir tidak boleh sebelum tanggal mulai.",
    "target.overlap": (
        "Target ini tumpang tindih dengan target yang berlaku {valid_from} s.d. {until} untuk "
        "cakupan dan metrik yang sama. Akhiri target lama dahulu."
    ),
    "target.not_found": "Target tidak ditemukan.",
    "target.end_before_start": "Tanggal berakhir tidak boleh sebelum tanggal mulai target.",
    "target.ended_earlier": "Target ini sudah berakhir lebih awal.",
    "setting.unknown": "Pengaturan '{key}' tidak dikenal.",
    "setting.not_whole": "{label} harus berupa bilangan bulat.",
    "setting.range": "{label} harus antara {minimum} dan {maximum} {unit}.",
    # meeting-screen links
    "screen.days_range": "Masa berlaku tautan {low}–{high} hari; isian: {days}.",
    "screen.rotate_range": "Panel berganti setiap {low}–{high} detik; isian: {seconds}.",
    "screen.unit_missing": "Unit kerja untuk cakupan layar tidak ditemukan atau tidak aktif.",
    "screen.scope_root": "Cakupan layar rapat harus nasional atau satu Kanwil.",
    "screen.link_not_found": "Tautan layar nomor {link_id} tidak ditemukan.",
    "screen.link_revoked": "Tautan layar nomor {link_id} sudah dicabut.",
    "screen.invalid": (
        "Tautan layar ini tidak dikenal. Periksa alamatnya, atau minta tautan baru kepada "
        "admin atau pimpinan."
    ),
    "screen.revoked": (
        "Tautan layar ini sudah dicabut. Minta tautan baru kepada admin atau pimpinan."
    ),
    "screen.expired": (
        "Masa berlaku tautan layar ini sudah habis. Minta tautan baru kepada admin atau pimpinan."
    ),
    # channels and messages
    "channel.not_found": "Kanal tidak ditemukan atau sudah dihapus.",
    "channel.taken_here": "Kanal ini sudah terdaftar (kanal nomor {channel_id}).",
    "channel.taken_by": "Kanal ini sudah terdaftar untuk {unit}.",
    "channel.taken_elsewhere": "Kanal ini sudah terdaftar untuk unit kerja lain; hubungi admin.",
    "channel.no_token": "Kanal jenis ini tidak memakai token.",
    "channel.token_required": "Token wajib diisi.",
    "channel.internal_address": (
        "Alamat situs menunjuk ke jaringan internal server; hanya situs publik yang dapat dibaca."
    ),
    "notify.choice_unknown": "{what} '{value}' tidak dikenal; pilih salah satu: {choices}.",
    "notify.no_contact": "Belum ada kontak {via} untuk akun ini.",
    # a channel's address
    "channel.type_unknown": "Jenis kanal tidak dikenal.",
    "address.required": "{type} wajib diisi.",
    "address.invalid": "{type} tidak sah.",
    "address.not_id": "{type} tidak sah: angka ID (atau nama pengguna Halaman), bukan alamat lengkap.",
    "address.youtube": (
        "ID kanal YouTube tidak sah: 24 karakter diawali UC, atau alamat "
        "https://www.youtube.com/channel/UC…"
    ),
    "address.tiktok": "Nama akun TikTok tidak sah: mis. @kemenagkupang.",
    # a message contact
    "contact.required": "{via} wajib diisi.",
    "contact.invalid": "{via} tidak sah.",
    "contact.whatsapp_characters": (
        "Nomor WhatsApp hanya boleh berisi angka, spasi, +, - dan tanda kurung."
    ),
    "contact.whatsapp_unreadable": "Nomor WhatsApp tidak dapat dibaca.",
    "contact.whatsapp_country": "Nomor WhatsApp harus nomor Indonesia (+62).",
    "contact.whatsapp_mobile": (
        "Nomor WhatsApp tidak sah: gunakan nomor ponsel, mis. 0812-3456-7890."
    ),
    "contact.telegram_chat": (
        "ID chat Telegram tidak sah: angka dari bot (kirim /start ke bot lebih dulu)."
    ),
    # the application's secret key and sealed tokens
    "secret.file_unreadable": "Berkas rahasia aplikasi tidak dapat dibaca. Hubungi admin.",
    "secret.key_missing": (
        "Kunci rahasia aplikasi belum diatur, jadi token belum dapat disimpan atau dipakai. "
        "Hubungi admin."
    ),
    "secret.key_invalid": "Kunci rahasia aplikasi tidak sah. Hubungi admin.",
    "secret.token_unreadable": (
        "Token tersimpan tidak dapat dibuka dengan kunci rahasia saat ini; masukkan token "
        "kanal ini lagi."
    ),
    # periods and times
    "period.unknown": "Periode '{preset}' tidak dikenal.",
    "period.pick_dates": "Pilih tanggal awal dan tanggal akhir.",
    "period.reversed": "Tanggal awal jatuh setelah tanggal akhir. Tukar urutannya.",
    "period.future": "Periode ini seluruhnya di masa depan: belum ada data.",
    "period.too_long": "Rentang maksimal dua tahun. Persempit rentang tanggal.",
    "time.shape": "Waktu harus berbentuk JJ.MM, mis. 14.00 (00.00 sampai 23.59).",
}

# --- the audit log: names of what was done, to what, and of each field logged ------------
# (dashboard.audit_text shows entries with them; store.audit.ACTIONS and ENTITIES are the
# codes the store may record.)

AUDIT_ACTIONS: dict[str, str] = {
    "create": "tambah",
    "update": "ubah",
    "delete": "hapus",
    "end": "akhiri",
    "set": "atur",
    "remove": "hapus",
    "upsert": "perbarui",
    "activate": "aktifkan",
    "deactivate": "nonaktifkan",
    "reset_password": "atur ulang sandi",
    "change_password": "ganti sandi",
    "lock": "kunci akun",
    "import": "impor",
    "restore": "pulihkan cadangan",
    "seed": "isi data acuan",
    "bulk_load": "muat data massal",
    "bulk_create": "tambah massal",
    "rebuild": "hitung ulang",
    "revoke": "cabut",
    "start": "mulai",
    "token": "ganti token",
    "copy": "salin basis data",
    # messages (issue 15)
    "test": "kirim pesan uji",
    "block": "blokir",
    "send": "kirim",
    "fail": "gagal kirim",
    "skip": "lewati",
    "retry": "kirim ulang",
    "review_accept": "terima (tinjauan tautan)",
    "review_reject": "tolak (tinjauan tautan)",
}

AUDIT_ENTITIES: dict[str, str] = {
    "unit": "unit kerja",
    "user": "pengguna",
    "setting": "pengaturan",
    "item": "output",
    "target": "target",
    "calendar": "kalender",
    "outtakes": "data jangkauan",
    "import": "berkas impor",
    "database": "basis data",
    "metric_kind": "jenis output",
    "daily_counts": "ringkasan harian",
    "screen_link": "tautan layar rapat",
    "session": "sesi masuk",
    "channel": "kanal",
    # messages (issue 15)
    "contact": "kontak pesan",
    "subscription": "langganan pesan",
    "subscription_default": "bawaan langganan",
    "message": "pesan",
}

# Every field any writer puts in `before` or `after`, in the order they are listed.
AUDIT_FIELDS: dict[str, str] = {
    # output items
    "title": "Judul",
    "day": "Tanggal",
    "kind": "Jenis",
    "link": "Tautan",
    "note": "Catatan",
    "tag": "Tag",
    "source": "Sumber",
    "published_at": "Waktu terbit",
    "late": "Terlambat",
    "flagged": "Tautan juga dicatat unit lain",
    "deleted": "Dihapus",
    # link-check review (issue 14)
    "decision": "Keputusan tinjauan",
    "reasons": "Tanda pemeriksaan tautan",
    # units
    "name": "Nama",
    "code": "Kode",
    "type": "Jenis unit",
    "parent_id": "Induk",
    "parent_code": "Induk",
    "province": "Provinsi",
    "tz": "Zona waktu",
    "active": "Aktif",
    # accounts
    "username": "Nama pengguna",
    "full_name": "Nama lengkap",
    "email": "E-mail",
    "role": "Peran",
    "unit_code": "Unit",
    "unit_name": "Unit",
    "password": "Kata sandi",
    "must_change_password": "Wajib ganti kata sandi",
    "failed_logins": "Gagal masuk berturut-turut",
    "locked_until": "Terkunci sampai",
    # sign-in sessions (store/sessions.py logs these keys in Indonesian already); "alamat" is
    # also the client address an account's lock holds for
    "akun": "Akun",
    "metode": "Cara masuk",
    "perangkat": "Perangkat",
    "alamat": "Alamat perangkat",
    "berakhir": "Berlaku sampai",
    "alasan": "Alasan berakhir",
    # targets
    "scope": "Cakupan",
    "unit_type": "Jenis unit",
    "metric": "Metrik",
    "period": "Periode",
    "value": "Nilai",
    "counts_on": "Hari yang dihitung",
    "valid_from": "Berlaku mulai",
    "valid_to": "Berakhir",
    # calendar days
    "working": "Menjadi",
    # meeting-screen links
    "label": "Nama tautan",
    "rotate_seconds": "Ganti panel (detik)",
    "expires_at": "Berlaku sampai",
    "creator": "Dibuat oleh",
    "revoked_at": "Dicabut pada",
    "revoker": "Dicabut oleh",
    # imports, bulk loads, out-takes, seeding, recounts, restores
    "file": "Berkas",
    "format": "Format",
    "rows": "Baris",
    "added": "Ditambahkan",
    "duplicates": "Sudah tercatat",
    "rejected": "Ditolak",
    "outtakes": "Data jangkauan",
    "item_ids": "Nomor item",
    "items": "Item",
    "units": "Unit",
    "sources": "Sumber",
    "mode": "Cara",
    "codes": "Kode",
    "rows_differing": "Baris berbeda",
    "data_version": "Versi data",
    "kept_as": "Disimpan sebagai",
    "backup": "Cadangan",
    "last_change_at": "Perubahan terakhir",
    "schema": "Skema",
    "counts": "Jumlah baris",
    # messages (store/notify.py logs these keys in Indonesian): contacts, subscriptions and
    # their role defaults, each message's end
    "saluran": "Saluran",
    "kontak": "Kontak",
    "status": "Status",
    "keterangan": "Keterangan",
    "aktif": "Aktif",
    "pukul": "Pukul",
    "milik_sendiri": "Pilihan sendiri",
    "enabled": "Aktif",
    "at_time": "Pukul",
    "penerima": "Penerima",
    "jenis": "Jenis pesan",
    "tanggal": "Tanggal",
    "percobaan": "Percobaan",
    # bookkeeping every record carries
    "id": "Nomor",
    "unit_id": "Unit",
    "created_by": "Dibuat oleh",
    "created_at": "Dibuat pada",
    "updated_at": "Diubah pada",
    "link_key": "Tautan (bentuk baku)",
    "version": "Versi",
}

# An item's editable fields, as a sentence names them ("diubah oleh siti (judul, tautan)").
ITEM_FIELD_WORDS: dict[str, str] = {
    f: AUDIT_FIELDS[f].lower() for f in ("day", "kind", "title", "link", "note", "tag")
}

# --- the day's verdict, goals and rankings in words (Beranda, Input Harian, Unit Saya) --------

# The KPI statuses of `kpi.figures` (on / near / below / none).
STATUS_LABELS: dict[str, str] = {
    "on": "Memenuhi target",
    "near": "Mendekati target",
    "below": "Di bawah target",
    "none": NO_TARGET.capitalize(),
}
RANKING_RULE = (
    "Urutan menurut capaian target berita pada periode ini (jumlah berita ÷ target berita). "
    "Bila sama, menurut jumlah hari yang ada beritanya (untuk seluruh provinsi: dijumlah dari "
    "setiap unit), lalu jumlah seluruh output. "
    "Unit tanpa target berita diurutkan terakhir, menurut jumlah hari ada berita."
)
# What a Kanwil stands for when Kanwil are compared (Peringkat, Ringkasan, the meeting screen).
PROVINCE_RULE = (
    "Kanwil dinilai sebagai seluruh provinsi: kantor Kanwil beserta semua Kankemenag di "
    "bawahnya (berita dan target dijumlahkan)."
)
OFFICE_RULE = "Kanwil dinilai dari kantor Kanwil sendiri, tanpa Kankemenag di bawahnya."
NATIONAL = "Nasional"  # the meeting screen's title for the national scope
PROVINCE_PEERS = "Kanwil (seluruh provinsi)"  # what the national board ranks
REPORT_TITLE, MONTH_REPORT_TITLE = "Laporan Humas", "Laporan Bulanan Humas"
ALWAYS_SHOWN = ("berita", "medsos")  # the two daily goals; the others only with a target


class DayWindow(Protocol):
    """What the goal texts read of a day's figure (`kpi.figures.Window`)."""

    @property
    def count(self) -> int: ...

    @property
    def target(self) -> float | None: ...


def headline(has_news: bool, time_left: timedelta, zone: str) -> str:
    """The verdict of a unit's today in the words of the guide, for every page that shows it."""
    from dashboard import fmt  # fmt reads this module's labels

    if has_news:
        return "Sudah ada berita hari ini"
    return f"Belum ada berita — {fmt.duration(time_left)} lagi sebelum hari berganti ({zone})"


def target_rule(value: int, metric: str, period: str, counts_on: str) -> str:
    """A target in the words a unit head uses: '1 berita per hari kerja'."""
    days = " kerja" if counts_on == "working" and period == "day" else ""
    return f"{value} {metric} per {PERIOD_UNITS[period]}{days}"


def goal_progress(windows: Mapping[str, DayWindow], when: str = "hari ini") -> str:
    """'Berita hari ini 1/1 ✓ · Medsos 2/1 ✓' from the day windows of the unit's figures.

    `windows` maps a group to its day `Window` (service.unit.figures: the same
    figures Unit Saya shows). A goal met gets ✓, one not yet met says how many
    are missing, a day the target does not count says so, no target says so.
    """
    from dashboard import fmt  # fmt reads this module's labels

    parts: list[str] = []
    for group, label in SHORT_GROUP_LABELS.items():
        window = windows.get(group)
        if window is None or (window.target is None and group not in ALWAYS_SHOWN):
            continue
        name = f"{label} {when}" if not parts else label  # the day is said once, first
        count = fmt.number(window.count)
        if window.target is None:
            parts.append(f"{name} {count} ({NO_TARGET})")
        elif window.target == 0:
            parts.append(f"{name} {count} (bukan hari yang dihitung)")
        else:
            target = (
                fmt.number(window.target, 1) if window.target % 1 else fmt.number(window.target)
            )
            if window.count >= window.target:
                parts.append(f"{name} {count}/{target} {MET}")
            else:
                missing = window.target - window.count
                short = fmt.number(missing, 1) if missing % 1 else fmt.number(missing)
                parts.append(f"{name} {count}/{target}, kurang {short}")
    return " · ".join(parts)


def goal_note(window: DayWindow) -> str:
    """A tile's note for a day still running: met, not yet, not counted, no target."""
    if window.target is None:
        return NO_TARGET
    if window.target == 0:
        return "tidak dihitung hari ini"
    if window.count >= window.target:
        return f"{MET} memenuhi target"
    return "hari masih berjalan"


# --- texts the store and services hand on (row outcomes, skip reasons) ---------------------


# Channels (Kanal Unit, `humas channel list`), meeting-screen links, link-check flags.
CHANNEL_TYPE_LABELS: dict[str, str] = {
    "website": "Situs web",
    "youtube": "YouTube",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "tiktok": "TikTok",
}
# What a person types in a channel's address field, per type (the field's label, its help).
CHANNEL_ADDRESS_LABELS: dict[str, str] = {
    "website": "Alamat situs",
    "youtube": "ID kanal YouTube",
    "facebook": "ID Halaman Facebook",
    "instagram": "ID akun Instagram profesional",
    "tiktok": "Nama akun TikTok",
}
CHANNEL_ADDRESS_HELP: dict[str, str] = {
    "website": "Alamat situs lengkap dengan https di depannya (mis. situs kemenag-kupang.go.id). "
    "Feed, API WordPress atau peta situs beritanya dicari sendiri.",
    "youtube": "24 karakter diawali UC (Studio YouTube → Setelan → Kanal → Setelan lanjutan), "
    "atau alamat kanalnya (youtube.com/channel/UC…).",
    "facebook": "ID angka Halaman (Tentang → Transparansi Halaman) atau nama penggunanya.",
    "instagram": "ID angka akun profesional dari Graph API (akun yang terhubung ke Halaman "
    "Facebook).",
    "tiktok": "Mis. @kemenagkupang. Akun yang dibaca ditentukan oleh tokennya.",
}
CHANNEL_STATUS_LABELS: dict[str, str] = {
    "ok": "berjalan",
    "error": "galat",
    "failing": "gagal > 24 jam",
    "new": "belum dijalankan",
    "no_token": "token belum diisi",
}
SCREEN_STATUS_LABELS: dict[str, str] = {
    "active": "Aktif",
    "expired": "Kedaluwarsa",
    "revoked": "Dicabut",
}
REVIEW_REASON_LABELS: dict[str, str] = {
    "link_broken": "Tautan tidak dapat dibuka (dua pemeriksaan berselang 1 jam)",
    "date_mismatch": "Tanggal terbit halaman berbeda lebih dari sehari dari tanggal item",
    "not_unit_channel": "Bukan kanal resmi unit yang terdaftar",
    "duplicate_content": "Tautan yang sama sudah dicatat unit lain",
    "title_mismatch": "Judul item tidak sesuai dengan judul halaman",
    "unsafe_link": "Tautan menuju alamat internal (tidak diperiksa)",
}
NEVER = "belum pernah"
TOKEN_NOT_SET = "belum diisi"
TOKEN_SAVED = "tersimpan"
NO_CHANNEL = "belum ada kanal terdaftar"


def token_expires(when: str) -> str:
    return f" · kedaluwarsa {when}"


def channels_failing(names: str) -> str:
    return f"kanal gagal lebih dari 24 jam: {names}"


def channels_progress(done: int, total: int) -> str:
    return f"{done} dari {total} kanal"


# Messages and reminders: why one was skipped, the Telegram bot's replies, a channel's state.
SKIP_NO_RIGHT = "Akun tidak lagi berhak membaca unit ini; ubah cakupan langganan."
SKIP_DAY_OVER = "Hari unit sudah berganti."
SKIP_HAS_NEWS = "Unit sudah mencatat berita."
VIA_READY, VIA_NOT_READY = "siap", "belum diatur"
TELEGRAM_CONNECTED = (
    "Tersambung dengan Pantau Humas: akun {username} akan menerima pengingat dan rekap di sini. "
    "Atur di Akun Saya."
)
TELEGRAM_UNKNOWN = (
    "Tautan ini tidak dikenal atau sudah kedaluwarsa. Buat tautan baru di Akun Saya → "
    "Pesan & pengingat → Telegram."
)


def via_not_set(via: str) -> str:
    """A message channel (e-mail, Telegram, WhatsApp) the server has no settings for."""
    return text("send.via_not_set", {"via": via})


def rows_progress(done: int, total: int) -> str:
    return f"{done} dari {total} baris"


def rows_checked(total: int) -> str:
    return f"{total} baris diperiksa"


# --- turning a code and its values into words ---------------------------------------------


def _listed(values: Iterable[object]) -> str:
    return ", ".join(str(v) for v in values)


def _stale(params: Mapping[str, Any]) -> dict[str, str]:
    names = sorted({ITEM_FIELD_WORDS.get(f, f) for f in params["fields"]})
    return {
        "actors": _listed(sorted(params["actors"])) or "orang lain",
        "fields": f" ({_listed(names)})" if names else "",
    }


def _setting(params: Mapping[str, Any]) -> dict[str, str]:
    from dashboard import fmt  # fmt reads this module's labels

    found = SETTINGS.get(params["key"])
    shaped = {"label": found.label if found else str(params["key"])}
    if "minimum" in params:
        shaped |= {
            "minimum": fmt.number(params["minimum"]),
            "maximum": fmt.number(params["maximum"]),
            "unit": found.unit if found else "",
        }
    return shaped


def _overlap(params: Mapping[str, Any]) -> dict[str, str]:
    return {"valid_from": str(params["valid_from"]), "until": str(params["until"] or "seterusnya")}


def _choice(params: Mapping[str, Any]) -> dict[str, str]:
    return {
        "what": CHOICE_WORDS.get(params["what"], str(params["what"])),
        "value": str(params["value"]),
        "choices": _listed(params["choices"]),
    }


def _via(params: Mapping[str, Any]) -> dict[str, str]:
    return {"via": VIA_LABELS.get(params["via"], str(params["via"]))}


def _address(params: Mapping[str, Any]) -> dict[str, str]:
    return {"type": CHANNEL_ADDRESS_LABELS.get(params["type"], str(params["type"]))}


def _contact(params: Mapping[str, Any]) -> dict[str, str]:
    return {"via": CONTACT_LABELS.get(params["via"], str(params["via"]))}


def _megabytes(params: Mapping[str, Any]) -> dict[str, str]:
    """Sizes in bytes, said in whole megabytes (rounded down) as the importers always did."""
    return {name: str(int(size) // (1024 * 1024)) for name, size in params.items()}


def _file_columns(params: Mapping[str, Any]) -> dict[str, str]:
    shaped = {"columns": ";".join(params["columns"])}
    if "missing" in params:
        shaped["missing"] = _listed(params["missing"])
    return shaped


def _meta_columns(params: Mapping[str, Any]) -> dict[str, str]:
    return {"missing": _listed(params["missing"])}


def _file_kind(params: Mapping[str, Any]) -> dict[str, str]:
    return {"kind": FILE_KINDS.get(params["kind"], str(params["kind"]))}


def _rows_limit(params: Mapping[str, Any]) -> dict[str, str]:
    from dashboard import fmt  # fmt reads this module's labels

    return {"limit": fmt.number(params["limit"])}


def _xlsx_count(params: Mapping[str, Any]) -> dict[str, str]:
    from dashboard import fmt  # fmt reads this module's labels

    return {
        "part": XLSX_PARTS.get(params["part"], str(params["part"])),
        "limit": fmt.number(params["limit"]),
    }


def _feed_broken(params: Mapping[str, Any]) -> dict[str, str]:
    line = params["line"]
    return {"line": f" (baris {line})" if line else "", "detail": str(params["detail"])}


def _seconds(params: Mapping[str, Any]) -> dict[str, str]:
    return {"seconds": f"{params['seconds']:g}"}


def _fetch_cap(params: Mapping[str, Any]) -> dict[str, str]:
    """A response cap in bytes: whole megabytes from 1 MB, else whole kilobytes."""
    cap = int(params["limit"])
    return {"limit": f"{cap // 2**20} MB" if cap >= 2**20 else f"{cap // 1024} KB"}


# A collected post without a title is stored with one of these ("Video TikTok tanpa judul").
POST_KINDS: dict[str, str] = {
    "berita_website": "Berita situs",
    "medsos_youtube": "Video YouTube",
    "medsos_facebook": "Unggahan Facebook",
    "medsos_instagram": "Unggahan Instagram",
    "medsos_tiktok": "Video TikTok",
}


def untitled_post(kind: str) -> str:
    """The title a collected post without one is stored with."""
    return f"{POST_KINDS.get(kind, 'Unggahan')} tanpa judul"


# The services a message goes out through, and what an e-mail server refused, as the
# send.* reasons name them.
SEND_SERVICES: dict[str, str] = {
    "telegram": "Telegram",
    "whatsapp": "WhatsApp",
    "gateway": "Gateway WhatsApp",
}
SMTP_REFUSALS: dict[str, str] = {
    "recipient": "Alamat penerima ditolak server e-mail",
    "sender": "Alamat pengirim ditolak server e-mail",
    "message": "Server e-mail menolak pesan",
    "server": "Server e-mail menolak",
}


def _sending(params: Mapping[str, Any]) -> dict[str, str]:
    """A send.* reason's values: the service and refusal named, the fetcher's problem said,
    a provider's missing code or reason said as such (numbers as humas teams write them)."""
    from dashboard import fmt  # fmt reads this module's labels

    shaped = {name: str(value) for name, value in params.items()}
    if "service" in params:
        shaped["service"] = SEND_SERVICES.get(params["service"], str(params["service"]))
    if "what" in params:
        shaped["what"] = SMTP_REFUSALS.get(params["what"], str(params["what"]))
    if "found" in params:
        shaped["found"] = say(params["found"])
    if "limit" in params:
        shaped["limit"] = fmt.number(params["limit"])
    if "via" in params:
        shaped["via"] = VIA_LABELS.get(params["via"], str(params["via"]))
    if "reason" in params:
        shaped["reason"] = str(params["reason"] or "tanpa keterangan")
    return shaped


def _whatsapp_refused(params: Mapping[str, Any]) -> dict[str, str]:
    return {"status": str(params["status"]), "code": str(params["code"] or "-")}


# What a channel's reading asked for, for "Feed tidak ditemukan (HTTP 404)." (read.not_found).
READ_SUBJECTS: dict[str, str] = {
    "feed": "feed",
    "site": "situs",
    "sitemap": "peta situs",
    "api": "API",
    "wordpress": "API WordPress",
    "account": "akun",
    "tiktok": "akun TikTok",
    "youtube": "kanal YouTube",
}


def _read_subject(params: Mapping[str, Any]) -> dict[str, str]:
    # str.capitalize, as the readers always wrote it ("Akun tiktok", "Api wordpress").
    subject = READ_SUBJECTS.get(params["subject"], str(params["subject"]))
    return {"subject": subject.capitalize(), "status": str(params["status"])}


def _bad_link(params: Mapping[str, Any]) -> dict[str, str]:
    return {"found": say(params["found"])}


def _platform_code(params: Mapping[str, Any]) -> dict[str, str]:
    return {"code": str(params["code"] or "tanpa kode")}


def day_text(day: date) -> str:
    """A day as an entry message writes it: 25/11/2026."""
    return day.strftime("%d/%m/%Y")


def _field(params: Mapping[str, Any]) -> dict[str, str]:
    """A text check's values: the field's name, numbers as humas teams write them."""
    from dashboard import fmt  # fmt reads this module's labels

    shaped = {"field": TEXT_FIELDS.get(params["field"], str(params["field"]))}
    for name in ("length", "limit"):
        if name in params:
            shaped[name] = fmt.number(params[name])
    return shaped


def _day_future(params: Mapping[str, Any]) -> dict[str, str]:
    zone = str(params["zone"] or "")
    return {"today": day_text(params["today"]), "zone": f" {zone}" if zone else ""}


def _day_too_early(params: Mapping[str, Any]) -> dict[str, str]:
    return {"days": str(params["days"]), "earliest": day_text(params["earliest"])}


def _same_as(params: Mapping[str, Any]) -> dict[str, str]:
    line = params["line"]
    return {"line": f"baris {line}" if line else "baris sebelumnya"}


def _invalid(params: Mapping[str, Any]) -> dict[str, str]:
    return {"problems": describe(params["problems"])}


def said(problems: Mapping[str, Problem]) -> dict[str, str]:
    """Each field's problem in words (an entry row's, as the form shows them beside fields)."""
    return {name: say(found) for name, found in problems.items()}


def describe(problems: Mapping[str, Problem]) -> str:
    """Every problem of a row on one line (command line, preview tables); each names its field."""
    return " ".join(said(problems).values())


# Codes whose values need more than `str` (lists joined, numbers as humas teams write them).
_SHAPES: dict[str, Callable[[Mapping[str, Any]], dict[str, str]]] = {
    "item.stale": _stale,
    "setting.not_whole": _setting,
    "setting.range": _setting,
    "target.overlap": _overlap,
    "notify.choice_unknown": _choice,
    "notify.no_contact": _via,
    "text.too_long": _field,
    "text.too_short": _field,
    "text.control": _field,
    "text.formula": _field,
    "entry.day_future": _day_future,
    "entry.day_too_early": _day_too_early,
    "entry.invalid": _invalid,
    "row.same_as": _same_as,
    "address.required": _address,
    "address.invalid": _address,
    "address.not_id": _address,
    "contact.required": _contact,
    "contact.invalid": _contact,
    "file.too_big": _megabytes,
    "file.path_too_big": _megabytes,
    "file.xlsx_unpacked": _megabytes,
    "file.shape_unknown": _file_columns,
    "file.template_columns": _file_columns,
    "file.meta_columns": _meta_columns,
    "file.other_kind": _file_kind,
    "file.too_many_rows": _rows_limit,
    "file.xlsx_count": _xlsx_count,
    "file.feed_broken": _feed_broken,
    "file.check_slow": _seconds,
    "fetch.too_large": _fetch_cap,
    "fetch.timeout_total": _seconds,
    "read.not_found": _read_subject,
    "read.bad_link": _bad_link,
    "read.tiktok_refused": _platform_code,
    **{
        name: _sending
        for name in (
            "send.unreachable",
            "send.fetch_failed",
            "send.server_error",
            "send.too_long",
            "send.via_not_set",
            "send.smtp_later",
            "send.smtp_refused",
            "send.gateway_disconnected",
            "send.gateway_refused",
        )
    },
    "send.whatsapp_refused": _whatsapp_refused,
}


def _plain(value: object) -> str:
    if isinstance(value, (list, tuple, set, frozenset)):
        return _listed(sorted(value) if isinstance(value, (set, frozenset)) else value)
    return str(value)


def fields_of(template: str) -> set[str]:
    """The names a message template fills in."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def text(code: Code | str, params: Mapping[str, Any] | None = None) -> str:
    """What code `code` says with `params` filled in."""
    code, params = str(code), params or {}
    shape = _SHAPES.get(code)
    values = shape(params) if shape else {k: _plain(v) for k, v in params.items()}
    return MESSAGES[code].format_map(values)


def say(error: BaseException | Problem) -> str:
    """An error or a check's problem in Indonesian, for a page or one line of the command line.

    A coded error or a problem says its code's words; any other exception its own text.
    """
    if isinstance(error, Problem):
        return text(error.code, error.params)
    if isinstance(error, HumasError):
        return text(error.code, error.params)
    return str(error)
