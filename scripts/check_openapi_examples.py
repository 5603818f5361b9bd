#!/usr/bin/env python3
"""Checks every example of an OpenAPI 3.1 document against its schema.

An independent JSON Schema 2020-12 validator (python-jsonschema, with format
checks) reads the document as exported; each example is validated against the
schema beside it: `examples` of a schema component, `examples` of a request or
response body, `example` of a response header. Prints one line per mismatch
and exits 1 when there is any.

Usage: check_openapi_examples.py DOCUMENT.json [DOCUMENT.json...]
"""

import json
import sys

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

ROOT = "urn:openapi-document"


def pointer(parts):
    escaped = (str(part).replace("~", "~0").replace("/", "~1") for part in parts)
    return "/" + "/".join(escaped)


def examples_of(document):
    """Yields (where, schema path, example value)."""
    for name, schema in document.get("components", {}).get("schemas", {}).items():
        for index, value in enumerate(schema.get("examples", [])):
            yield f"components.schemas.{name}.examples[{index}]", ["components", "schemas", name], value
    for path, item in document.get("paths", {}).items():
        for method, operation in item.items():
            where = f"{method.upper()} {path}"
            body = operation.get("requestBody", {})
            for media_type, media in body.get("content", {}).items():
                base = ["paths", path, method, "requestBody", "content", media_type]
                for key, example in media.get("examples", {}).items():
                    yield f"{where} request {key}", base + ["schema"], example.get("value")
            for status, response in operation.get("responses", {}).items():
                for media_type, media in response.get("content", {}).items():
                    base = ["paths", path, method, "responses", status, "content", media_type]
                    for key, example in media.get("examples", {}).items():
                        yield f"{where} {status} {key}", base + ["schema"], example.get("value")
                for header, spec in response.get("headers", {}).items():
                    if "example" in spec:
                        base = ["paths", path, method, "responses", status, "headers", header, "schema"]
                        yield f"{where} {status} header {header}", base, spec["example"]


def check(filename):
    with open(filename, encoding="utf-8") as file:
        document = json.load(file)
    registry = Registry().with_resource(ROOT, Resource(contents=document, specification=DRAFT202012))
    problems = 0
    checked = 0
    for where, schema_path, value in examples_of(document):
        checked += 1
        validator = Draft202012Validator(
            {"$ref": ROOT + "#" + pointer(schema_path)},
            registry=registry,
            format_checker=Draft202012Validator.FORMAT_CHECKER,
        )
        errors = sorted(validator.iter_errors(value), key=lambda error: list(error.absolute_path))
        for error in errors:
            problems += 1
            at = "/".join(str(part) for part in error.absolute_path) or "(root)"
            print(f"{filename}: {where}: at {at}: {error.message[:300]}")
    print(f"{filename}: {checked} example(s) checked, {problems} mismatch(es)")
    return problems


def main(filenames):
    if not filenames:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    return 1 if sum(check(filename) for filename in filenames) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
