"""A small JSON Schema checker for the subset the project's schemas use (stdlib only, for tests)."""


def _type_ok(v, t):
    if isinstance(t, list):
        return any(_type_ok(v, x) for x in t)
    return {"object": lambda: isinstance(v, dict), "array": lambda: isinstance(v, list),
            "string": lambda: isinstance(v, str), "null": lambda: v is None,
            "boolean": lambda: isinstance(v, bool),
            "integer": lambda: isinstance(v, int) and not isinstance(v, bool),
            "number": lambda: isinstance(v, (int, float)) and not isinstance(v, bool)}[t]()


def errors(v, s, root, path="$"):
    if "$ref" in s:
        s = root["$defs"][s["$ref"].split("/")[-1]]
    out = []
    if "type" in s and not _type_ok(v, s["type"]):
        return ["%s: %r is not %s" % (path, v, s["type"])]
    if "const" in s and v != s["const"]:
        out.append("%s: %r is not %r" % (path, v, s["const"]))
    if "enum" in s and v not in s["enum"]:
        out.append("%s: %r not in enum" % (path, v))
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if "minimum" in s and v < s["minimum"]:
            out.append("%s: %r < %r" % (path, v, s["minimum"]))
        if "maximum" in s and v > s["maximum"]:
            out.append("%s: %r > %r" % (path, v, s["maximum"]))
        if "exclusiveMinimum" in s and v <= s["exclusiveMinimum"]:
            out.append("%s: %r <= %r" % (path, v, s["exclusiveMinimum"]))
    if isinstance(v, str) and len(v) < s.get("minLength", 0):
        out.append("%s: too short" % path)
    if isinstance(v, list):
        if len(v) < s.get("minItems", 0):
            out.append("%s: too few items" % path)
        if "items" in s:
            for i, x in enumerate(v):
                out += errors(x, s["items"], root, "%s[%d]" % (path, i))
    if isinstance(v, dict):
        for k in s.get("required", []):
            if k not in v:
                out.append("%s: missing %s" % (path, k))
        for k, sub in s.get("properties", {}).items():
            if k in v:
                out += errors(v[k], sub, root, "%s.%s" % (path, k))
    for sub in s.get("allOf", []):
        if "if" in sub:
            if not errors(v, sub["if"], root, path):
                out += errors(v, sub.get("then", {}), root, path)
        else:
            out += errors(v, sub, root, path)
    return out
