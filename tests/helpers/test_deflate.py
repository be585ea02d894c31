"""A page compressed once with each request's own words between its parts
(guides.helpers.deflate): one gzip stream that Python's gzip module reads back as the whole page."""

import gzip
import os
import zlib

from guides.helpers.deflate import (
    GZIP_FRAMING,
    compressing_pays,
    deflated_parts,
    gzip_between,
    stored_block,
    stored_size,
)


def test_the_parts_and_fills_read_back_as_the_whole_page():
    parts = [b"<p>Hello, ", b"</p>" * 200, b"", b"<footer>" * 50]
    # A token, nothing, and words longer than a stored block holds (65,535 bytes).
    fills = [b"0123456789abcdef", b"", os.urandom(70_000)]
    page = gzip_between(parts, deflated_parts(parts), fills)
    whole = parts[0] + fills[0] + parts[1] + fills[1] + parts[2] + fills[2] + parts[3]
    assert gzip.decompress(page) == whole  # the CRC-32 and the length checked too


def test_the_fills_are_sent_as_they_are_never_compressed():
    parts = [b"<p>" * 100, b"</p>" * 100]
    words = b"secret words, secret words, secret words"
    page = gzip_between(parts, deflated_parts(parts), [words])
    assert words in page  # stored, so its length is the page's own: nothing to learn from it
    assert len(page) == GZIP_FRAMING + sum(map(len, deflated_parts(parts))) + stored_size(
        len(words)
    )


def test_stored_blocks_are_as_long_as_stored_size_says():
    for size in (0, 1, 65_535, 65_536, 140_000):
        assert len(stored_block(b"x" * size)) == stored_size(size)
    decompressor = zlib.decompressobj(-zlib.MAX_WBITS)
    assert decompressor.decompress(stored_block(b"y" * 70_000)) == b"y" * 70_000


def test_compressing_pays_as_gzip_middleware_decides():
    assert not compressing_pays(199, 50)  # too short to bother
    assert not compressing_pays(300, 300)  # no shorter
    assert compressing_pays(300, 299)


def test_parts_may_refer_back_across_fills_of_a_length_known_beforehand():
    row = b'<li><a href="/plan/'
    parts = [b"<ul>" + row, b'/">Your plan</a></li>' + row, b'/">Your plan</a></li></ul>']
    uuids = [os.urandom(18).hex().encode(), os.urandom(18).hex().encode()]  # 36 bytes each
    cut_at_each = deflated_parts(parts)
    across = deflated_parts(parts, [36, 36])
    assert sum(map(len, across)) < sum(map(len, cut_at_each))
    whole = parts[0] + uuids[0] + parts[1] + uuids[1] + parts[2]
    assert gzip.decompress(gzip_between(parts, across, uuids)) == whole


def test_a_part_that_holds_the_stand_in_is_cut_at_each_fill():
    parts = [b"a\x00b" * 100, b"c\x00\x00" * 100]
    fills = [b"\x00" * 10]
    page = gzip_between(parts, deflated_parts(parts, [10]), fills)
    assert gzip.decompress(page) == parts[0] + fills[0] + parts[1]
