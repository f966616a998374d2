"""What ``str.strip()`` takes away (``str.isspace``), spelled out as the inside of a regular
expression character class, for patterns in the OpenAPI document: ``\\s`` means other things to
other engines (U+001C..U+001F, U+0085 and U+FEFF differ between Python and JavaScript)."""
SPACE = r"\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
