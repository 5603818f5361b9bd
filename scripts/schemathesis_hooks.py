"""Schemathesis hooks: the credentials each operation needs.

A document whose cookie scheme is opened by a login: log in before testing the
operations that need a session. Any other: send the API key, bearer token or
basic credentials the operation's security requirement (or the document's)
names, as `codegen mock` was started with them (MOCK_API_KEY, MOCK_BEARER,
MOCK_BASIC; an API key's prefix is read from its scheme's description).

For a session:
Everything comes from the OpenAPI document under test (OPENAPI_DOCUMENT): the
session cookie's name from its cookie security scheme, the logins from the
operations open to all (`security: []`) that answer `Set-Cookie`, and their
body fields from their request body schema. Each operation uses the session
of the login whose path shares the longest prefix with its own (`/api/v1/...`
the one of `/api/v1/login`), the rule of the generated clients. The server is
at OPENAPI_BASE_URL and accepts any login and password.
"""

import base64
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


def _logins_answer_cookies():
    """Some operation answers `Set-Cookie`: a login opens the cookie session."""
    return any(
        "Set-Cookie" in response.get("headers", {})
        for item in DOCUMENT.get("paths", {}).values()
        for operation in item.values()
        if isinstance(operation, dict)
        for response in operation.get("responses", {}).values()
    )


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
SCHEMES = DOCUMENT.get("components", {}).get("securitySchemes", {})
# The credentials `codegen mock` was started with (scripts/schemathesis.sh).
API_KEY = os.environ.get("MOCK_API_KEY", "")
BEARER = os.environ.get("MOCK_BEARER", "")
BASIC = os.environ.get("MOCK_BASIC", ":")


def _login_for(path):
    def scope(login_path):
        return login_path[: login_path.rfind("/") + 1]

    matching = [login for login in LOGINS if path.startswith(scope(login[0]))]
    return max(matching, key=lambda login: len(scope(login[0])), default=LOGINS[0])


def _login_key(case, ctx):
    return _login_for(ctx.operation.path)[0]


def _prefix(scheme):
    """The text before the key, as the export's description says it (`Sent as `PREFIXKEY`.`)."""
    description = scheme.get("description", "")
    marker = "Sent as `"
    if marker in description and "KEY`" in description:
        return description.split(marker, 1)[1].split("KEY`", 1)[0]
    return ""


def _requirement(operation):
    """The schemes of the first alternative the operation (or the document) asks for."""
    alternatives = operation.definition.raw.get("security", DOCUMENT.get("security", []))
    return list(alternatives[0].keys()) if alternatives else []


def _attach(case, scheme):
    kind = scheme.get("type")
    if kind == "apiKey":
        value = _prefix(scheme) + API_KEY
        where = scheme.get("in")
        if where == "query":
            case.query = {**(case.query or {}), scheme["name"]: value}
        elif where == "cookie":
            case.cookies = {**(case.cookies or {}), scheme["name"]: value}
        else:
            case.headers = {**(case.headers or {}), scheme["name"]: value}
    elif kind == "http" and scheme.get("scheme", "").lower() == "basic":
        token = base64.b64encode(BASIC.encode()).decode()
        case.headers = {**(case.headers or {}), "Authorization": f"Basic {token}"}
    elif kind in ("http", "oauth2", "openIdConnect"):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {BEARER}"}


if any(s.get("type") == "apiKey" and s.get("in") == "cookie" for s in SCHEMES.values()) and _logins_answer_cookies():
    COOKIE = _cookie_name(DOCUMENT)
    LOGINS = _logins(DOCUMENT)

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

else:

    @schemathesis.auth()
    class DocumentedCredentials:
        """The credential each operation's security requirement names, as the mock accepts it."""

        def get(self, case, ctx):
            return _requirement(ctx.operation)

        def set(self, case, data, ctx):
            for name in data:
                if name in SCHEMES:
                    _attach(case, SCHEMES[name])
