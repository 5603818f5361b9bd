"""Schemathesis hooks: log in before testing the operations that need a session.

Everything comes from the OpenAPI document under test (OPENAPI_DOCUMENT): the
session cookie's name from its cookie security scheme, the logins from the
operations open to all (`security: []`) that answer `Set-Cookie`, and their
body fields from their request body schema. Each operation uses the session
of the login whose path shares the longest prefix with its own (`/api/v1/...`
the one of `/api/v1/login`), the rule of the generated clients. The server is
at OPENAPI_BASE_URL and accepts any login and password.
"""

import json
import os

import requests
import schemathesis

DOCUMENT_PATH = os.environ["OPENAPI_DOCUMENT"]
BASE_URL = os.environ["OPENAPI_BASE_URL"].rstrip("/")


def _load_document():
    with open(DOCUMENT_PATH, encoding="utf-8") as file:
        return json.load(file)


def _resolve(document, schema):
    while "$ref" in schema:
        node = document
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        schema = node
    return schema


def _cookie_name(document):
    schemes = document.get("components", {}).get("securitySchemes", {})
    for scheme in schemes.values():
        if scheme.get("type") == "apiKey" and scheme.get("in") == "cookie":
            return scheme["name"]
    raise SystemExit("the document has no cookie security scheme")


def _logins(document):
    """(path, body) of each login, in document order."""
    logins = []
    for path, item in document.get("paths", {}).items():
        for operation in item.values():
            answers_cookie = any(
                "Set-Cookie" in response.get("headers", {})
                for status, response in operation.get("responses", {}).items()
                if status.startswith("2")
            )
            if operation.get("security") == [] and answers_cookie:
                schema = operation["requestBody"]["content"]["application/json"]["schema"]
                fields = _resolve(document, schema).get("properties", {})
                logins.append((path, {name: "schemathesis" for name in fields}))
    if not logins:
        raise SystemExit("the document has no login operation")
    return logins


DOCUMENT = _load_document()
COOKIE = _cookie_name(DOCUMENT)
LOGINS = _logins(DOCUMENT)


def _login_for(path):
    def scope(login_path):
        return login_path[: login_path.rfind("/") + 1]

    matching = [login for login in LOGINS if path.startswith(scope(login[0]))]
    return max(matching, key=lambda login: len(scope(login[0])), default=LOGINS[0])


def _login_key(case, ctx):
    return _login_for(ctx.operation.path)[0]


@schemathesis.auth(cache_by_key=_login_key)
class SessionCookie:
    def get(self, case, ctx):
        path, body = _login_for(ctx.operation.path)
        response = requests.post(BASE_URL + path, json=body, timeout=10)
        response.raise_for_status()
        session = response.cookies.get(COOKIE)
        if session is None:
            raise RuntimeError(f"{path} answered no {COOKIE} cookie")
        return session

    def set(self, case, data, ctx):
        case.cookies = {**(case.cookies or {}), COOKIE: data}
