"""A page compressed once and sent to many readers, each with their own words in it.

The fixed parts of a page are deflated once, so that each can be sent with anything between it
and the next (`deflated_parts`); each request then sends one gzip stream of its own: the header,
the deflated parts with what is its own (a CSRF token, an id, a person's words) between them as
stored, uncompressed deflate blocks, and the trailer (CRC-32 and length of the whole page).
Nothing a request brings is ever compressed together with anything, so the size of the answer
tells nothing about what it holds (BREACH), and no request pays for compressing the page again.
"""

import struct
import zlib
from collections.abc import Sequence

# No name, no time, "unknown" system (RFC 1952 2.3).
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
GZIP_FRAMING = len(GZIP_HEADER) + 8  # the header and the trailer's CRC-32 and length
MIN_SIZE = 200  # GZipMiddleware compresses nothing shorter
_STORED_MAX = 0xFFFF  # a stored block's largest length
_STORED_HEADER = 5  # its header: a byte, then the length and its complement
_STAND_IN = b"\x00"  # HTML never holds it (Django's forms refuse it in what people type)


def deflated_parts(parts: Sequence[bytes], fill_sizes: Sequence[int | None] = ()) -> list[bytes]:
    """Each part deflated so that the parts can be sent with anything between them, and only
    the last one ends the stream.

    `fill_sizes[i]`, when given, is the length every fill between parts[i] and parts[i + 1]
    will have (a CSRF token, an id): the parts after it may then refer back across it, as they
    would in the page compressed whole. While compressing, a stand-in of that length takes the
    fill's place, made of a byte no part holds, so nothing refers into it; its compressed bytes
    are dropped, and the fill is sent stored in their place. Anywhere else (a person's words, of
    any length) no part refers back into another (a full flush)."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    sizes = list(fill_sizes) if not any(_STAND_IN in part for part in parts) else []
    deflated = []
    for index, part in enumerate(parts):
        size = sizes[index] if index < len(sizes) else None
        if size is None or index == len(parts) - 1:
            deflated.append(compressor.compress(part) + compressor.flush(zlib.Z_FULL_FLUSH))
            continue
        deflated.append(compressor.compress(part) + compressor.flush(zlib.Z_SYNC_FLUSH))
        compressor.compress(_STAND_IN * size)
        compressor.flush(zlib.Z_SYNC_FLUSH)  # the stand-in's own bytes, dropped
    deflated[-1] += compressor.flush(zlib.Z_FINISH)
    return deflated


def stored_size(size: int) -> int:
    """The length of `stored_block` of `size` bytes."""
    return size + _STORED_HEADER * (-(-size // _STORED_MAX) if size else 0)


def stored_block(data: bytes) -> bytes:
    """`data` as deflate blocks of their own, not compressed, none the last (RFC 1951 3.2.4);
    nothing for no data."""
    size = len(data)
    if size <= _STORED_MAX:
        return b"\x00" + struct.pack("<HH", size, size ^ 0xFFFF) + data if size else b""
    return b"".join(
        b"\x00" + struct.pack("<HH", len(chunk), len(chunk) ^ 0xFFFF) + chunk
        for chunk in (
            data[start : start + _STORED_MAX] for start in range(0, len(data), _STORED_MAX)
        )
    )


def compressing_pays(size: int, compressed_size: int) -> bool:
    """GZipMiddleware's rule: not under 200 bytes, and only if it makes the page shorter."""
    return size >= MIN_SIZE and compressed_size < size


def gzip_between(
    parts: Sequence[bytes], deflated: Sequence[bytes], fills: Sequence[bytes]
) -> bytes:
    """One gzip stream of parts[0] + fills[0] + parts[1] + … + parts[-1], from the parts as
    `deflated_parts` made them, each fill a stored block between them."""
    page = [parts[0]]
    body = [GZIP_HEADER, deflated[0]]
    for fill, part, part_deflated in zip(fills, parts[1:], deflated[1:], strict=True):
        page += (fill, part)
        body += (stored_block(fill), part_deflated)
    # The trailer's CRC-32 and length from the page joined: cheaper than a CRC-32 a piece.
    whole = b"".join(page)
    body.append(struct.pack("<II", zlib.crc32(whole), len(whole) & 0xFFFFFFFF))
    return b"".join(body)
