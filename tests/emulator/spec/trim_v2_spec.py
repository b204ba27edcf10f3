"""Write zoom-user-v2.openapi.json here: the paths of the v2 spec that the emulator implements.

    python3 tests/emulator/spec/trim_v2_spec.py ../shared/spec/zoom-user-v2.openapi.json

The source is the project's shared copy of the Zoom User API v2 OpenAPI document (856 KB, a patched
copy of folio-sec/terraform-provider-zoom's spec/ZoomUserAPISpec.json: enums and per-endpoint error
responses stripped). The subset keeps every implemented path whole, the component schemas they
reference, and is written as ASCII-only JSON (non-ASCII characters escaped), like the v1 copy.
"""

import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TARGET = os.path.join(HERE, "zoom-user-v2.openapi.json")
PATHS = ("/users", "/users/email", "/users/vanity_name", "/users/{userId}/schedulers", "/users/{userId}", "/users/{userId}/settings", "/users/{userId}/status",
         "/users/{userId}/password", "/users/{userId}/token", "/users/{userId}/assistants",
         "/users/{userId}/assistants/{assistantId}")
RE_REF = re.compile(r'"#/components/schemas/([^"]+)"')


def trim(spec):
    """The spec with only PATHS and the component schemas they reference (transitively)."""
    out = {key: value for key, value in spec.items() if key not in ("paths", "components")}
    note = "only the paths the emulator implements; see tests/emulator/spec/trim_v2_spec.py"
    out["info"] = dict(spec["info"], **{"x-zoomops-subset": note})
    out["paths"] = {path: spec["paths"][path] for path in PATHS}
    schemas = {}
    while True:
        wanted = set(RE_REF.findall(json.dumps(out["paths"]) + json.dumps(schemas))) - set(schemas)
        if not wanted:
            break
        for name in wanted:
            schemas[name] = spec["components"]["schemas"][name]
    out["components"] = {"securitySchemes": spec["components"]["securitySchemes"], "schemas": schemas}
    return out


def main(argv):
    with open(argv[1], encoding="utf-8") as fh:
        spec = json.load(fh)
    with open(TARGET, "w", encoding="ascii") as fh:
        json.dump(trim(spec), fh, indent=1, ensure_ascii=True)
        fh.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
