"""Checks on a table's descriptor (``data/schemas/<name>.json``, ``data/raw/schemas/<stem>.json``) before it is used.

The loader trusts nothing in a descriptor it has not checked here: a descriptor that is
not the subset of Table Schema the loader implements is refused with
:class:`DescriptorError`, which :mod:`peacebook.data` turns into a :class:`~peacebook.data.DataError`
naming the descriptor file (and the field, where the problem is in one).
Unknown properties are refused too, so a misspelt ``primarykey`` or a ``trueValues`` the
loader would ignore cannot pass unnoticed.

The one property that is not Table Schema is ``"partialDate": true`` on a string field
(see :mod:`peacebook.cells`); other Table Schema tools ignore it, as the standard allows.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import PurePosixPath

from peacebook.cells import CellError, check_characters, date_format_regex

TYPES = ("string", "integer", "number", "date", "boolean")
NAME = re.compile(r"[a-z][a-z0-9_]*", re.ASCII)
RAW_FILE = re.compile(r"[a-z0-9_]+\.csv", re.ASCII)
RESOURCE_KEYS = {"name", "path", "title", "description", "format", "encoding", "mediatype", "schema"}
SCHEMA_KEYS = {"fields", "primaryKey", "foreignKeys", "missingValues"}
FIELD_KEYS = {"name", "type", "title", "description", "format", "constraints", "example", "groupChar", "partialDate"}
CONSTRAINTS = {
    "string": {"required", "unique", "enum", "pattern", "minLength", "maxLength"},
    "integer": {"required", "unique", "enum", "minimum", "maximum"},
    "number": {"required", "unique", "enum", "minimum", "maximum"},
    "date": {"required", "unique", "enum", "minimum", "maximum"},
    "boolean": {"required", "unique", "enum"},
}


_A = {"string": "a string", "integer": "an integer", "number": "a number", "date": "a date", "boolean": "a boolean"}


class DescriptorError(ValueError):
    """A descriptor breaks a rule; ``field`` names the field it is about, if any."""

    def __init__(self, problem: str, field: str | None = None):
        super().__init__(problem)
        self.problem, self.field = problem, field


def check_descriptor(descriptor, name: str, *, raw: bool = False) -> None:
    """Refuse a descriptor the loader cannot apply exactly. ``name``: the file stem it must declare."""
    if not isinstance(descriptor, dict):
        raise DescriptorError(f"the descriptor must be a JSON object, not {_kind(descriptor)}")
    _no_unknown(descriptor, RESOURCE_KEYS, "the descriptor")
    if descriptor.get("name") != name:
        raise DescriptorError(f"descriptor 'name' is {descriptor.get('name')!r}, expected {name!r} (the file name)")
    for key in ("title", "description"):
        if not isinstance(descriptor.get(key), str) or not descriptor[key].strip():
            raise DescriptorError(f"the descriptor needs a '{key}' (a non-empty string)")
    check_path(descriptor.get("path"), expected=f"{name}.csv" if raw else None)
    if descriptor.get("format", "csv") != "csv":
        raise DescriptorError(f"'format' is {descriptor['format']!r}; the loader reads only csv")
    if str(descriptor.get("encoding", "utf-8")).lower() != "utf-8":
        raise DescriptorError(f"'encoding' is {descriptor['encoding']!r}; tables are UTF-8")
    schema = descriptor.get("schema")
    if not isinstance(schema, dict):
        raise DescriptorError(f"'schema' must be an object with 'fields', not {_kind(schema)}")
    _no_unknown(schema, SCHEMA_KEYS, "'schema'")
    if schema.get("missingValues", [""]) != [""]:
        raise DescriptorError("'missingValues' must be [\"\"] (an empty cell is the only missing value) or absent")
    fields = schema.get("fields")
    if not isinstance(fields, list) or not fields:
        raise DescriptorError("'schema.fields' must be a non-empty list of fields")
    names = []
    for position, field in enumerate(fields, start=1):
        _check_field(field, position, raw)
        if field["name"] in names:
            raise DescriptorError(f"two fields are called '{field['name']}'", field["name"])
        names.append(field["name"])
    key = _field_list(schema.get("primaryKey", []), "'primaryKey'", names, allow_empty=True)
    if len(set(key)) != len(key):
        raise DescriptorError(f"'primaryKey' names a field twice: {key}")
    foreign = schema.get("foreignKeys", [])
    if not isinstance(foreign, list):
        raise DescriptorError(f"'foreignKeys' must be a list, not {_kind(foreign)}")
    for entry in foreign:
        _check_foreign_key(entry, names)


def check_path(path, expected: str | None = None) -> None:
    """A table's ``path``: relative, inside the folder, no ``..``, a ``.csv`` file."""
    if not isinstance(path, str) or not path:
        raise DescriptorError(f"'path' must be a file name relative to the data folder, not {_kind(path)}")
    pure = PurePosixPath(path)
    if "\\" in path or pure.is_absolute() or re.match(r"[A-Za-z]:", path):
        raise DescriptorError(f"'path' {path!r} is absolute; write it relative to the data folder")
    if any(part in ("..", ".", "") for part in path.split("/")):
        raise DescriptorError(f"'path' {path!r} leaves or repeats folders ('..', '.', '//'); "
                              "tables must be files inside the data folder")
    if pure.suffix != ".csv":
        raise DescriptorError(f"'path' {path!r} is not a .csv file")
    if expected is not None and path != expected:
        raise DescriptorError(f"'path' is {path!r}; a raw extract's descriptor must name its own file, {expected!r}")


def _check_field(field, position: int, raw: bool) -> None:
    if not isinstance(field, dict):
        raise DescriptorError(f"field {position} must be an object, not {_kind(field)}")
    name = field.get("name")
    if not isinstance(name, str) or not name:
        raise DescriptorError(f"field {position} has no 'name'")
    try:
        check_characters(name)
    except CellError as exc:
        raise DescriptorError(f"field {position}'s name {exc}", name) from None
    if raw and name != name.strip():
        raise DescriptorError(f"field name {name!r} has leading or trailing spaces", name)
    if not raw and not NAME.fullmatch(name):
        raise DescriptorError(f"field name {name!r} is not snake_case (lower-case letters, digits, '_')", name)
    _no_unknown(field, FIELD_KEYS, "the field", name)
    kind = field.get("type")
    if kind is None:
        raise DescriptorError(f"the field has no 'type' ({', '.join(TYPES)})", name)
    if kind not in TYPES:
        raise DescriptorError(f"type {kind!r} is not one the loader supports ({', '.join(TYPES)})", name)
    if not isinstance(field.get("description", ""), str):
        raise DescriptorError("'description' must be a string", name)
    form = field.get("format", "default")
    if kind == "date" and form != "default":
        try:
            if not isinstance(form, str):
                raise ValueError(f"'format' must be a string such as \"%d/%m/%Y\", not {form!r}")
            date_format_regex(form)
        except ValueError as exc:
            raise DescriptorError(str(exc), name) from None
    elif form != "default" and not (kind == "string" and form == "uri"):
        raise DescriptorError(f"format {form!r} is not supported for a {kind} field", name)
    if "groupChar" in field:
        group = field["groupChar"]
        if kind != "number" or not isinstance(group, str) or len(group) != 1 or group in "0123456789.-+eE":
            raise DescriptorError("'groupChar' must be one character, on a number field", name)
    if "partialDate" in field and (kind != "string" or field["partialDate"] is not True):
        raise DescriptorError("'partialDate' must be true, on a string field", name)
    constraints = field.get("constraints", {})
    if not isinstance(constraints, dict):
        raise DescriptorError(f"'constraints' must be an object, not {_kind(constraints)}", name)
    _no_unknown(constraints, CONSTRAINTS[kind], f"the constraints of a {kind} field", name)
    _check_constraints(name, kind, constraints)


def _check_constraints(name: str, kind: str, constraints: dict) -> None:
    def fail(problem: str):
        raise DescriptorError(problem, name)

    for flag in ("required", "unique"):
        if not isinstance(constraints.get(flag, False), bool):
            fail(f"'{flag}' must be true or false, not {constraints[flag]!r}")
    if "enum" in constraints:
        values = constraints["enum"]
        if not isinstance(values, list) or not values:
            fail("'enum' must be a non-empty list")
        for value in values:
            if not _is_value(kind, value):
                fail(f"'enum' value {value!r} is not {_A[kind]}")
        if len({repr(v) for v in values}) != len(values):
            fail("'enum' lists a value twice")
    if "pattern" in constraints:
        pattern = constraints["pattern"]
        if not isinstance(pattern, str) or not pattern:
            fail("'pattern' must be a non-empty string")
        try:
            re.compile(pattern, re.ASCII)
        except re.error as exc:
            fail(f"'pattern' {pattern!r} is not a regular expression ({exc})")
    bounds = {}
    for bound in ("minimum", "maximum"):
        if bound in constraints:
            value = constraints[bound]
            if not _is_value(kind, value) or (kind == "number" and isinstance(value, float) and value != value):
                fail(f"'{bound}' {value!r} is not {_A[kind]}" + (" (write it as \"YYYY-MM-DD\")" if kind == "date" else ""))
            bounds[bound] = date.fromisoformat(value) if kind == "date" else value
    if len(bounds) == 2 and bounds["minimum"] > bounds["maximum"]:
        fail(f"'minimum' {constraints['minimum']!r} is greater than 'maximum' {constraints['maximum']!r}")
    for bound in ("minLength", "maxLength"):
        value = constraints.get(bound, 0)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            fail(f"'{bound}' must be a whole number of characters, not {value!r}")
    if constraints.get("minLength", 0) > constraints.get("maxLength", float("inf")):
        fail("'minLength' is greater than 'maxLength'")


def _is_value(kind: str, value) -> bool:
    if isinstance(value, bool):
        return kind == "boolean"
    if kind == "string":
        return isinstance(value, str)
    if kind == "integer":
        return isinstance(value, int)
    if kind == "number":
        return isinstance(value, (int, float)) and value not in (float("inf"), float("-inf"))
    if kind == "date":
        if not isinstance(value, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            return False
        try:
            date.fromisoformat(value)
        except ValueError:
            return False
        return True
    return False


def _check_foreign_key(entry, names: list[str]) -> None:
    if not isinstance(entry, dict) or not isinstance(entry.get("reference"), dict):
        raise DescriptorError("each 'foreignKeys' entry needs 'fields' and a 'reference' object")
    _no_unknown(entry, {"fields", "reference"}, "a 'foreignKeys' entry")
    _no_unknown(entry["reference"], {"resource", "fields"}, "a foreign key's 'reference'")
    fields = _field_list(entry.get("fields"), "a foreign key's 'fields'", names)
    resource = entry["reference"].get("resource")
    if not isinstance(resource, str) or not NAME.fullmatch(resource):
        raise DescriptorError(f"a foreign key's 'reference.resource' must name a table, not {resource!r}", fields[0])
    referenced = _field_list(entry["reference"].get("fields"), "a foreign key's 'reference.fields'", None)
    if len(referenced) != len(fields):
        raise DescriptorError(f"foreign key {fields} -> {resource} {referenced}: the field lists differ in length", fields[0])


def _field_list(value, what: str, names: list[str] | None, allow_empty: bool = False) -> list[str]:
    fields = [value] if isinstance(value, str) else value
    if not isinstance(fields, list) or (not fields and not allow_empty) or not all(isinstance(f, str) for f in fields):
        raise DescriptorError(f"{what} must be a field name or a list of field names, not {value!r}")
    if names is not None:
        for f in fields:
            if f not in names:
                raise DescriptorError(f"{what} names '{f}', which is not a field of the schema", f)
    return fields


def _no_unknown(mapping: dict, known: set, where: str, field: str | None = None) -> None:
    unknown = sorted(set(mapping) - known)
    if unknown:
        raise DescriptorError(f"{where} has properties the loader does not know (or does not apply): "
                              f"{', '.join(map(repr, unknown))}; known: {', '.join(sorted(known))}", field)


def _kind(value) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), f"a {type(value).__name__}")
