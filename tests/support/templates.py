"""One compiled-template cache for the whole run."""

from __future__ import annotations

from jinja2 import BytecodeCache


class MemoryBytecodeCache(BytecodeCache):
    """Compile each template once for the whole run, not once per test app."""

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket):
        self.compiled[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CACHE = MemoryBytecodeCache()
