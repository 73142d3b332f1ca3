"""Safetensors written by hand, byte-compatible with the Rust `safetensors` writer.

Layout: 8-byte little-endian header length, a compact JSON header ("__metadata__" first, then
tensors sorted by name, each {"dtype","shape","data_offsets"}) padded with spaces to a multiple of
8, then the tensors' bytes in that same order.
"""
import json
import struct

import torch

_DTYPES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16"}


def header_bytes(entries, metadata):
    """entries: list of (name, dtype_name, shape, nbytes) in file order."""
    header = {}
    if metadata:
        header["__metadata__"] = metadata
    offset = 0
    for name, dtype, shape, nbytes in entries:
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + nbytes]}
        offset += nbytes
    raw = json.dumps(header, separators=(",", ":")).encode("utf-8")
    return raw + b" " * (-len(raw) % 8)


def save(path, tensors, metadata=None):
    """tensors: dict name -> torch tensor (F32/F16/BF16)."""
    names = sorted(tensors)
    blobs = []
    entries = []
    for name in names:
        t = tensors[name].detach().contiguous()
        if t.dtype == torch.bfloat16:
            # numpy has no bfloat16: reinterpret the raw bits as int16
            data = t.view(torch.int16).numpy().tobytes()
        else:
            data = t.numpy().astype(t.numpy().dtype.newbyteorder("<")).tobytes()
        blobs.append(data)
        entries.append((name, _DTYPES[t.dtype], t.shape, len(data)))
    header = header_bytes(entries, metadata if metadata is not None else {"format": "pt"})
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(header)))
        f.write(header)
        for b in blobs:
            f.write(b)
