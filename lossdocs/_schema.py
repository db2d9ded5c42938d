"""The field checks that the stored measurements (`lossdocs.fused_loss`, `lossdocs.frameworks`) share."""

from __future__ import annotations


def typed_fields(data: dict, fields: dict, row_fields: dict) -> tuple[list[str], list]:
    """(problems, rows): each field of ``fields`` and, in every row of ``data["rows"]``, of ``row_fields``
    that is missing or of another type (a bool is no int), and the rows (empty if there is no list)."""
    found = []
    for name, kind in fields.items():
        if not isinstance(data.get(name), kind):
            found.append(f"{name}: expected {kind.__name__}, found {data.get(name)!r}")
    rows = data.get("rows") if isinstance(data.get("rows"), list) else []
    for number, row in enumerate(rows):
        for name, kind in row_fields.items():
            value = row.get(name) if isinstance(row, dict) else None
            if not isinstance(value, kind) or isinstance(value, bool):
                found.append(f"rows[{number}].{name}: expected {kind.__name__}, found {value!r}")
    return found, rows


def load(path, problems) -> dict:
    """The JSON at ``path``; ValueError naming the file and what ``problems(data)`` found, if anything."""
    import json

    data = json.loads(path.read_text())
    if found := problems(data):
        raise ValueError(f"{path.name}: " + "; ".join(found))
    return data
