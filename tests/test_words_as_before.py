"""The refusals that became codes (issue 17, item 2) say word for word what their modules
wrote before: for representative inputs, the sentence the module raised on main equals
`words.say` of the code and values it raises now."""

from pathlib import Path

import pytest

from dashboard import channel_address, errors, secretbox, words
from dashboard.net import contacts

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
