"""K2 request signing for ``httpx``.

K2 expects ``Authorization: <user>:<signature>`` on every request, the signature being
``base64(HMAC-MD5(password, upper(percent-decoded full request URL)))``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Generator
from urllib.parse import unquote

import httpx


class K2Auth(httpx.Auth):
    """Signs each request for K2: ``Client(auth=K2Auth("user", "password"))``."""

    def __init__(self, user: str, password: str) -> None:
        if ":" in user:
            raise ValueError("a K2 user name cannot contain ':'")
        self._user = user
        self._key = password.encode("utf-8")

    def signature(self, url: str) -> str:
        message = unquote(url).upper().encode("utf-8")
        return base64.b64encode(
            hmac.new(self._key, message, hashlib.md5).digest()
        ).decode("ascii")

    def auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = (
            f"{self._user}:{self.signature(str(request.url))}"
        )
        yield request
