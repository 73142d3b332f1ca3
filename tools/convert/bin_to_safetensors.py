#!/usr/bin/python3
"""Converts a diffusers pipeline folder's PyTorch .bin weights to safetensors, in place.

facebook/DiT-XL-2-512 (and older folders) publish only diffusion_pytorch_model.bin; compactfusion
reads safetensors only, because a .bin is a pickle that can run code when it is loaded. This
script loads each .bin with torch.load(weights_only=True), which refuses anything but tensors,
and writes diffusion_pytorch_model.safetensors beside it (to a temporary name first, then renamed).
The .bin files are left where they are. Needs PyTorch (Debian: apt-get install python3-torch).

Usage: tools/convert/bin_to_safetensors.py FOLDER   (e.g. ~/models/dit-xl-2-512)
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reference"))

import torch  # noqa: E402

import st_io  # noqa: E402

SUPPORTED = (torch.float32, torch.float16, torch.bfloat16)


def convert(bin_path):
    out = bin_path[: -len(".bin")] + ".safetensors"
    if os.path.exists(out):
        print(f"skip {bin_path}: {out} exists")
        return
    state = torch.load(bin_path, map_location="cpu", weights_only=True)
    tensors = {}
    for name, value in state.items():
        if not isinstance(value, torch.Tensor) or value.dtype not in SUPPORTED:
            sys.exit(f"error: {bin_path}: tensor {name} is {type(value).__name__} {getattr(value, 'dtype', '')}; "
                     "only float32, float16 and bfloat16 tensors can be converted")
        tensors[name] = value
    tmp = out + ".partial"
    st_io.save(tmp, tensors)
    os.replace(tmp, out)
    print(f"wrote {out} ({len(tensors)} tensors)")


def main(argv):
    if len(argv) != 2 or not os.path.isdir(argv[1]):
        sys.exit("usage: bin_to_safetensors.py FOLDER (a diffusers pipeline folder with model_index.json)")
    found = False
    for root, _, files in os.walk(argv[1]):
        for f in sorted(files):
            if f.endswith(".bin") and f.startswith("diffusion_pytorch_model"):
                found = True
                convert(os.path.join(root, f))
    if not found:
        sys.exit(f"error: no diffusion_pytorch_model*.bin under {argv[1]}")


if __name__ == "__main__":
    main(sys.argv)
