"""Validates deeply nested inlines against docs/guide.schema.json with Python's jsonschema.

With a `oneOf` over tagged variants, validation time doubled (at least) with every nesting
level: eight nested emphasis levels took 72 s. With the schema discriminating on `type`
first it is linear, and 40 levels of every nesting inline take well under a second. CI runs
this under `timeout`, so an exponential schema fails the run instead of passing slowly.
"""

import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1] if len(sys.argv) > 1 else "docs/guide.schema.json"))
validator = jsonschema.Draft202012Validator(schema)

inner = {"type": "text", "text": "x"}
kinds = ["emphasis", "strong", "strikethrough"]
for i in range(40):
    inner = {"type": kinds[i % 3], "content": [inner]}
    if i % 7 == 0:
        inner = {"type": "link", "url": "https://a.example/", "content": [inner]}
doc = {
    "schema_version": "1.0.0",
    "meta": {"title": "T"},
    "blocks": [{"type": "paragraph", "content": [inner]}],
    "sections": [],
    "footnotes": [],
}
errors = list(validator.iter_errors(doc))
assert not errors, errors[0].message
bad = json.loads(json.dumps(doc).replace('"text": "x"', '"text": 1'))
assert list(validator.iter_errors(bad)), "a wrong leaf must still be an error"
print("schema: 40 nested inlines validate; a wrong leaf deep inside is still rejected")
