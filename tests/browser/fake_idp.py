"""A minimal OpenID Connect provider on 127.0.0.1, for single sign-on tests without a network.

It does what Streamlit's st.login (Authlib) needs and no more: a discovery
document, an authorization endpoint that consents at once and sends the
browser back with a code, a token endpoint that answers with an RS256-signed
ID token, and the JWKS to check it. The identity it vouches for is whatever
the test puts in `claims` (e-mail, verified or not).
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

from joserfc import jwt
from joserfc.jwk import RSAKey

CLIENT_ID = "pantau-humas-uji"
CLIENT_SECRET = "rahasia-klien-uji"


class FakeIdP:
    def __init__(self, issued_at: float | None = None):
        self.key = RSAKey.generate_key(2048, parameters={"kid": "uji-1", "use": "sig"})
        self.claims: dict = {}
        self.issued_at = issued_at  # the provider's clock for "iat" (None: the real clock)
        self._codes: dict[str, str] = {}  # code -> nonce
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> FakeIdP:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def metadata_url(self) -> str:
        return f"{self.url}/.well-known/openid-configuration"

    def _id_token(self, nonce: str) -> str:
        now = time.time()
        claims = {
            "iss": self.url,
            "sub": "uji-" + str(self.claims.get("email", "anon")),
            "aud": CLIENT_ID,
            "iat": int(self.issued_at if self.issued_at is not None else now),
            "exp": int(now + 3600),
            "nonce": nonce,
            **self.claims,
        }
        return jwt.encode({"alg": "RS256", "kid": "uji-1"}, claims, self.key)

    def _handler(self):
        idp = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                return None

            def _json(self, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                url = urlparse(self.path)
                if url.path == "/.well-known/openid-configuration":
                    self._json(
                        {
                            "issuer": idp.url,
                            "authorization_endpoint": f"{idp.url}/authorize",
                            "token_endpoint": f"{idp.url}/token",
                            "jwks_uri": f"{idp.url}/jwks",
                            "response_types_supported": ["code"],
                            "subject_types_supported": ["public"],
                            "id_token_signing_alg_values_supported": ["RS256"],
                            "token_endpoint_auth_methods_supported": [
                                "client_secret_basic",
                                "client_secret_post",
                            ],
                        }
                    )
                elif url.path == "/jwks":
                    self._json({"keys": [idp.key.as_dict(private=False)]})
                elif url.path == "/authorize":
                    query = {k: v[0] for k, v in parse_qs(url.query).items()}
                    code = secrets.token_urlsafe(16)
                    idp._codes[code] = query.get("nonce", "")
                    back = f"{query['redirect_uri']}?" + urlencode(
                        {"code": code, "state": query.get("state", "")}
                    )
                    self.send_response(302)
                    self.send_header("Location", back)
                    self.end_headers()
                else:
                    self.send_error(404)

            def do_POST(self):
                if urlparse(self.path).path != "/token":
                    self.send_error(404)
                    return
                length = int(self.headers.get("Content-Length", 0))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                nonce = idp._codes.pop(form.get("code", ""), None)
                if nonce is None:
                    self.send_error(400)
                    return
                self._json(
                    {
                        "access_token": secrets.token_urlsafe(16),
                        "token_type": "Bearer",
                        "expires_in": 3600,
                        "id_token": idp._id_token(nonce),
                    }
                )

        return Handler


def secrets_toml(idp: FakeIdP) -> str:
    """A secrets.toml in the shape of .streamlit/secrets.toml.example, pointing at `idp`."""
    return f"""
[auth]
redirect_uri = "http://127.0.0.1:{{port}}/oauth2callback"
cookie_secret = "{secrets.token_hex(32)}"
client_id = "{CLIENT_ID}"
client_secret = "{CLIENT_SECRET}"
server_metadata_url = "{idp.metadata_url}"

[sso]
label = "Masuk dengan Akun Kemenag"
"""
