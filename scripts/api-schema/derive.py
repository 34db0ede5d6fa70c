#!/usr/bin/env python3
"""Derive tests/schemas/candidates-api.schema.json from the Candidates API OpenAPI contract.

The contract lives outside this repository (../shared/heymilo-api/candidates-openapi.yml,
read-only). Tests must never read it, so this script converts it once into a
committed JSON Schema (draft 2020-12) document:

* "$defs": every schema of components.schemas, unchanged except that
  "#/components/schemas/X" references become "#/$defs/X" (OpenAPI 3.1 schemas
  already are JSON Schema 2020-12; anything OpenAPI-only is rejected loudly).
* "x-responses": operationId -> HTTP status -> name of the response schema in
  "$defs" (null when the response has no JSON body).
* "$comment" and "x-source": the source file, its SHA-256, the spec's
  info.version and the command that produced the file.

Usage (from anywhere; paths default relative to the repository root):
    python3 scripts/api-schema/derive.py            # (re)write the schema
    python3 scripts/api-schema/derive.py --check    # exit 1 if the file is stale
Requires Python 3.11 and PyYAML.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

try:
    import yaml
except ImportError:  # pragma: no cover - message for humans
    sys.exit("derive.py needs PyYAML: pip install pyyaml")

REPO = Path(__file__).resolve().parents[2]
DEFAULT_SOURCE = "../shared/heymilo-api/candidates-openapi.yml"
DEFAULT_OUTPUT = "tests/schemas/candidates-api.schema.json"
COMMAND = "python3 scripts/api-schema/derive.py"
REF_PREFIX = "#/components/schemas/"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

# OpenAPI keywords that are not JSON Schema 2020-12; none may appear in a schema.
OPENAPI_ONLY = {"nullable", "discriminator", "xml", "externalDocs", "example"}
# Keywords whose value maps names to schemas, or is a list of schemas, or one schema.
SCHEMA_MAPS = {"properties", "patternProperties", "$defs", "dependentSchemas"}
SCHEMA_LISTS = {"allOf", "anyOf", "oneOf", "prefixItems"}
SCHEMA_ONE = {
    "items", "additionalProperties", "not", "if", "then", "else", "contains",
    "propertyNames", "unevaluatedItems", "unevaluatedProperties",
}


def fail(message: str) -> None:
    sys.exit(f"derive.py: {message}")


def convert(schema, where: str):
    """Returns a copy of `schema` with component refs rewritten; rejects non-JSON-Schema input."""
    if isinstance(schema, bool):
        return schema
    if not isinstance(schema, dict):
        fail(f"{where}: a schema must be an object or a boolean")
    out = {}
    for key, value in schema.items():
        here = f"{where}/{key}"
        if key in OPENAPI_ONLY:
            fail(f"{here}: OpenAPI-only keyword has no JSON Schema meaning")
        if key == "$ref":
            if not isinstance(value, str) or not value.startswith(REF_PREFIX):
                fail(f"{here}: unsupported reference {value!r}")
            out[key] = "#/$defs/" + value[len(REF_PREFIX):]
        elif key in SCHEMA_MAPS:
            out[key] = {name: convert(sub, f"{here}/{name}") for name, sub in value.items()}
        elif key in SCHEMA_LISTS:
            out[key] = [convert(sub, f"{here}/{i}") for i, sub in enumerate(value)]
        elif key in SCHEMA_ONE:
            out[key] = convert(value, here)
        else:
            out[key] = value  # annotations and plain assertions (type, const, default, ...)
    return out


def response_schema_name(response: dict, where: str):
    content = response.get("content")
    if not content:
        return None
    media = content.get("application/json")
    if media is None:
        fail(f"{where}: no application/json content")
    ref = (media.get("schema") or {}).get("$ref")
    if not isinstance(ref, str) or not ref.startswith(REF_PREFIX):
        fail(f"{where}: response schema is not a component reference")
    return ref[len(REF_PREFIX):]


def derive(spec: dict, source: str, digest: str) -> dict:
    components = spec.get("components", {}).get("schemas", {})
    defs = {name: convert(schema, f"#/components/schemas/{name}") for name, schema in components.items()}
    responses: dict[str, dict] = {}
    for path, item in spec.get("paths", {}).items():
        for method in HTTP_METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            op_id = operation.get("operationId") or fail(f"{method.upper()} {path}: no operationId")
            if op_id in responses:
                fail(f"duplicate operationId {op_id}")
            by_status = {}
            for status, response in operation.get("responses", {}).items():
                where = f"{op_id} {status}"
                name = response_schema_name(response, where)
                if name is not None and name not in defs:
                    fail(f"{where}: unknown schema {name}")
                by_status[str(status)] = name
            responses[op_id] = dict(sorted(by_status.items()))
    version = spec.get("info", {}).get("version")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$comment": (
            f"Generated from {source} (sha256 {digest}; info.version {version}) by `{COMMAND}`. "
            "Do not edit: change the contract and regenerate."
        ),
        "title": spec.get("info", {}).get("title"),
        "x-source": {
            "file": source,
            "sha256": digest,
            "openapi": spec.get("openapi"),
            "info_version": version,
            "command": COMMAND,
        },
        "x-responses": responses,
        "$defs": defs,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--source", default=DEFAULT_SOURCE, help="OpenAPI file, relative to the repository root")
    parser.add_argument("--output", default=DEFAULT_OUTPUT, help="schema to write, relative to the repository root")
    parser.add_argument("--check", action="store_true", help="only check that the output is up to date")
    args = parser.parse_args()

    raw = (REPO / args.source).read_bytes()
    spec = yaml.safe_load(raw)
    if not str(spec.get("openapi", "")).startswith("3.1"):
        fail("expected an OpenAPI 3.1 document (3.0 schemas are not JSON Schema)")
    document = derive(spec, args.source, hashlib.sha256(raw).hexdigest())
    try:
        text = json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    except TypeError as error:  # e.g. a YAML date that JSON cannot hold
        fail(f"contract holds a value JSON cannot represent: {error}")
    output = REPO / args.output
    if args.check:
        if not output.exists() or output.read_text(encoding="utf-8") != text:
            print(f"{args.output} is stale; run {COMMAND}", file=sys.stderr)
            return 1
        print(f"{args.output} is up to date")
        return 0
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}: {len(document['$defs'])} schemas, {len(document['x-responses'])} operations")
    return 0


if __name__ == "__main__":
    sys.exit(main())
