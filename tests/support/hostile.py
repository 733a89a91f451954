"""A corpus of hostile and odd values, sent into every field of the form and the API.

Strings are sent UTF-8 encoded; ``INVALID_UTF8`` holds byte strings that are not
UTF-8 at all. Lone surrogates are sent the way a broken client would, as the
bytes of their "surrogatepass" encoding.
"""

from __future__ import annotations

MARKUP = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><script>alert(1)</script>',
    "'><svg/onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    "javascript:alert(1)",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "<style>body{display:none}</style>",
    '<a href="//evil.example">click</a>',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<!--",
    "]]><script>alert(1)</script>",
    '" autofocus onfocus=alert(1) x="',
    "<body onload=alert(1)>",
]
SQL = [
    "' OR '1'='1",
    "'; DROP TABLE screening; --",
    '" OR ""="',
    "1; SELECT * FROM screening",
    "Robert'); DROP TABLE screening;--",
    "%' OR 1=1 --",
    "1 UNION SELECT token FROM screening",
]
TEMPLATES = [
    "{{7*7}}",
    "{% for x in range(10**9) %}{% endfor %}",
    "${7*7}",
    "#{7*7}",
    "{{ config }}",
    "{{ self.__init__.__globals__ }}",
    "<%= 7*7 %>",
    "%s%s%s%n",
    "{0.__class__}",
]
CONTROL = [
    "\x00",
    "Ada\x00Example",
    "\x07\x08\x1b[31mred",
    "line one\r\nline two",
    "\t\t",
    "\x7f",
    "\x85",
    "%00",
    "\\u0000",
]
UNICODE = [
    "\u202eexe.txt\u202d",
    "\u200b",
    "\ufeffBOM",
    "Ｓｃｒｉｐｔ",
    "\u2028\u2029",
    "e\u0301",
    "Z\u0338\u0322\u031ba\u0335l\u0336g\u0334o\u0337",
    "𝕬𝖉𝖆",
    "😀",
    "👩‍👩‍👧‍👦",
    "🏳️‍🌈",
    "\ud800",
    "\udfff",
]
HEADERS = [
    "foo\r\nSet-Cookie: injected=1",
    "foo\r\nLocation: https://evil.example",
    "%0d%0aSet-Cookie:%20injected=1",
]
ODD = [
    "",
    " ",
    "-1",
    "99999999999999999999",
    "1e309",
    "NaN",
    "null",
    "true",
    "../../etc/passwd",
    "C:\\Windows\\system32",
]
LONG = ["A" * 20_000, "<" * 20_000, "😀" * 20_000]

HOSTILE_STRINGS = MARKUP + SQL + TEMPLATES + CONTROL + UNICODE + HEADERS + ODD + LONG
INVALID_UTF8 = [
    b"\xff\xfe",
    b"\xc3\x28",
    b"\xed\xa0\x80",
    b"\xf8\x88\x80\x80\x80",
    b"\x80x",
]


def encoded(value: str | bytes) -> bytes:
    """Return the bytes a client sends for ``value``, lone surrogates included."""
    return value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")


def is_text(value: str | bytes) -> bool:
    """Return True for values that are valid text, which storage keeps verbatim."""
    if not isinstance(value, str):
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def dangerous(value: str | bytes) -> bool:
    """Return True when ``value`` would change the page if shown unescaped."""
    return isinstance(value, str) and any(char in value for char in "<>\"'")
