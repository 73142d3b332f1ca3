"""AutoencoderKL decoder as diffusers computes it, plus the full checkpoint's tensor list.

Attention tensors may be named in the legacy style (query/key/value/proj_attn) or the current
one (to_q/to_k/to_v/to_out.0); `decode` takes the current style.
"""
import math

import torch
import torch.nn.functional as F

LEGACY = {"to_q": "query", "to_k": "key", "to_v": "value", "to_out.0": "proj_attn"}


def _norm(w, p, x, groups):
    return F.group_norm(x, groups, w[p + ".weight"], w[p + ".bias"], eps=1e-6)


def _conv(w, p, x, pad):
    return F.conv2d(x, w[p + ".weight"], w[p + ".bias"], padding=pad)


def resnet(w, p, x, groups):
    h = _conv(w, p + ".conv1", F.silu(_norm(w, p + ".norm1", x, groups)), 1)
    h = _conv(w, p + ".conv2", F.silu(_norm(w, p + ".norm2", h, groups)), 1)
    if (p + ".conv_shortcut.weight") in w:
        x = _conv(w, p + ".conv_shortcut", x, 0)
    return x + h


def attention(w, p, x, groups):
    b, c, hh, ww = x.shape
    h = _norm(w, p + ".group_norm", x, groups).reshape(b, c, hh * ww).transpose(1, 2)
    q = F.linear(h, w[p + ".to_q.weight"], w[p + ".to_q.bias"])
    k = F.linear(h, w[p + ".to_k.weight"], w[p + ".to_k.bias"])
    v = F.linear(h, w[p + ".to_v.weight"], w[p + ".to_v.bias"])
    out = ((q @ k.transpose(1, 2)) / math.sqrt(c)).softmax(-1) @ v
    out = F.linear(out, w[p + ".to_out.0.weight"], w[p + ".to_out.0.bias"])
    return x + out.transpose(1, 2).reshape(b, c, hh, ww)


def decode(w, cfg, z):
    """The decoder output for latents z already divided by the scaling factor."""
    g = cfg["norm_num_groups"]
    chans = list(reversed(cfg["block_out_channels"]))
    x = _conv(w, "post_quant_conv", z, 0)
    x = _conv(w, "decoder.conv_in", x, 1)
    x = resnet(w, "decoder.mid_block.resnets.0", x, g)
    x = attention(w, "decoder.mid_block.attentions.0", x, g)
    x = resnet(w, "decoder.mid_block.resnets.1", x, g)
    for i in range(len(chans)):
        for j in range(cfg["layers_per_block"] + 1):
            x = resnet(w, "decoder.up_blocks.%d.resnets.%d" % (i, j), x, g)
        if i < len(chans) - 1:
            x = F.interpolate(x, scale_factor=2.0, mode="nearest")
            x = _conv(w, "decoder.up_blocks.%d.upsamplers.0.conv" % i, x, 1)
    x = F.silu(_norm(w, "decoder.conv_norm_out", x, g))
    return _conv(w, "decoder.conv_out", x, 1)


def _resnet_shapes(s, p, cin, cout):
    s[p + ".norm1.weight"] = s[p + ".norm1.bias"] = (cin,)
    s[p + ".conv1.weight"], s[p + ".conv1.bias"] = (cout, cin, 3, 3), (cout,)
    s[p + ".norm2.weight"] = s[p + ".norm2.bias"] = (cout,)
    s[p + ".conv2.weight"], s[p + ".conv2.bias"] = (cout, cout, 3, 3), (cout,)
    if cin != cout:
        s[p + ".conv_shortcut.weight"], s[p + ".conv_shortcut.bias"] = (cout, cin, 1, 1), (cout,)


def _mid_shapes(s, p, c, legacy):
    _resnet_shapes(s, p + ".resnets.0", c, c)
    a = p + ".attentions.0"
    s[a + ".group_norm.weight"] = s[a + ".group_norm.bias"] = (c,)
    for name in ("to_q", "to_k", "to_v", "to_out.0"):
        key = LEGACY[name] if legacy else name
        s[a + "." + key + ".weight"], s[a + "." + key + ".bias"] = (c, c), (c,)
    _resnet_shapes(s, p + ".resnets.1", c, c)


def _conv_shapes(s, p, cin, cout, k):
    s[p + ".weight"], s[p + ".bias"] = (cout, cin, k, k), (cout,)


def shapes(cfg, legacy):
    """Encoder and decoder tensors, name -> shape, as AutoencoderKL stores them."""
    s = {}
    ch = cfg["block_out_channels"]
    lat = cfg["latent_channels"]
    n = cfg["layers_per_block"]
    _conv_shapes(s, "encoder.conv_in", cfg["in_channels"], ch[0], 3)
    prev = ch[0]
    for i, c in enumerate(ch):
        for j in range(n):
            _resnet_shapes(s, "encoder.down_blocks.%d.resnets.%d" % (i, j), prev if j == 0 else c, c)
        prev = c
        if i < len(ch) - 1:
            _conv_shapes(s, "encoder.down_blocks.%d.downsamplers.0.conv" % i, c, c, 3)
    _mid_shapes(s, "encoder.mid_block", ch[-1], legacy)
    s["encoder.conv_norm_out.weight"] = s["encoder.conv_norm_out.bias"] = (ch[-1],)
    _conv_shapes(s, "encoder.conv_out", ch[-1], 2 * lat, 3)
    _conv_shapes(s, "quant_conv", 2 * lat, 2 * lat, 1)
    _conv_shapes(s, "post_quant_conv", lat, lat, 1)
    rev = list(reversed(ch))
    _conv_shapes(s, "decoder.conv_in", lat, rev[0], 3)
    _mid_shapes(s, "decoder.mid_block", rev[0], legacy)
    prev = rev[0]
    for i, c in enumerate(rev):
        for j in range(n + 1):
            _resnet_shapes(s, "decoder.up_blocks.%d.resnets.%d" % (i, j), prev if j == 0 else c, c)
        prev = c
        if i < len(rev) - 1:
            _conv_shapes(s, "decoder.up_blocks.%d.upsamplers.0.conv" % i, c, c, 3)
    s["decoder.conv_norm_out.weight"] = s["decoder.conv_norm_out.bias"] = (rev[-1],)
    _conv_shapes(s, "decoder.conv_out", rev[-1], cfg["out_channels"], 3)
    return s


def current_names(w):
    """Legacy attention keys renamed to the current style (what `decode` reads)."""
    out = {}
    for k, v in w.items():
        for new, old in LEGACY.items():
            k = k.replace(".attentions.0." + old + ".", ".attentions.0." + new + ".")
        out[k] = v
    return out
