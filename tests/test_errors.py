"""wcfgen's errors are one line of printable characters, made so where they are made."""

from __future__ import annotations

from pathlib import Path

from wcfgen.errors import MAX_MESSAGE, SpecError, WcfgenError
from wcfgen.fetch import FetchError


def test_control_characters_in_a_message_or_a_file_name_are_escaped_where_the_error_is_made() -> None:
    error = SpecError("namespace 'K2.Data\nevil' \x1b[31mred\x1b[0m\r\u2028\u0085\tend", file="k2/PBX\n/Page.txt", line=3)
    assert error.message == "namespace 'K2.Data\\nevil' \\x1b[31mred\\x1b[0m\\r\\u2028\\x85\\tend"
    assert str(error) == f"k2/PBX\\n/Page.txt:3: {error.message}"
    assert error.under(Path("schemas\nx")).file == "schemas\\nx/k2/PBX\\n/Page.txt"
    assert str(FetchError("a\nb", file="http://h/\x1b")) == "http://h/\\x1b: a\\nb"  # every subclass


def test_printable_text_is_kept_as_it_is_and_a_huge_message_is_cut() -> None:
    assert WcfgenError("Příchozí hovor: 'a' \\n \"b\" → c").message == "Příchozí hovor: 'a' \\n \"b\" → c"
    error = WcfgenError("x" * 5000)
    assert error.message == "x" * MAX_MESSAGE + f"… ({5000 - MAX_MESSAGE} more characters)"
