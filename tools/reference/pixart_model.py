"""PixArt-α transformer forward as diffusers' PixArtTransformer2DModel computes it (adaLN-single,
no micro-conditions), fp32, no dropout. Weights are a flat dict with diffusers' names.

Per block: shift/scale/gate for self-attention and MLP come from the one global timestep
projection (6·d) plus the block's own scale_shift_table [6, d]; self-attention on the modulated
LayerNorm; cross-attention to the projected caption on the un-normalised hidden state, with the
padding mask as an additive bias of -10000 and no gate; the MLP on the modulated LayerNorm.
The output's shift/scale are the final scale_shift_table [2, d] plus the timestep embedding
itself (before the SiLU).
"""
import math

import torch
import torch.nn.functional as F

import dit_model


def interpolation_scale(cfg):
    s = cfg.get("interpolation_scale")
    return s if s is not None else max(cfg["sample_size"] // 64, 1)


def positions(d, grid_h, grid_w, base, scale):
    """get_2d_sincos_pos_embed with base size and interpolation scale on a grid_h x grid_w patch
    grid: row i sits at i / (grid_h/base) / scale, column j at j / (grid_w/base) / scale, so any
    aspect ratio spans the base grid's range. Tokens run row-major; the first half of each vector
    encodes the column, the second the row."""
    row_at = torch.arange(grid_h, dtype=torch.float32) / (grid_h / base) / scale
    col_at = torch.arange(grid_w, dtype=torch.float32) / (grid_w / base) / scale
    rows = row_at.repeat_interleave(grid_w)
    cols = col_at.repeat(grid_h)
    return torch.cat([dit_model.sincos_1d(d // 2, cols), dit_model.sincos_1d(d // 2, rows)], dim=1).float()


def lin(w, name, x):
    return F.linear(x, w[name + ".weight"], w[name + ".bias"])


def attention(w, p, x, context, heads, bias=None):
    b, n, d = x.shape
    m = context.shape[1]
    hd = d // heads
    q = lin(w, p + "to_q", x).reshape(b, n, heads, hd).transpose(1, 2)
    k = lin(w, p + "to_k", context).reshape(b, m, heads, hd).transpose(1, 2)
    v = lin(w, p + "to_v", context).reshape(b, m, heads, hd).transpose(1, 2)
    scores = (q @ k.transpose(-1, -2)) / math.sqrt(hd)
    if bias is not None:
        scores = scores + bias
    out = (scores.softmax(-1) @ v).transpose(1, 2).reshape(b, n, d)
    return lin(w, p + "to_out.0", out)


def uses_micro_conditions(cfg):
    """diffusers switches the resolution and aspect-ratio embedders on by itself at sample size 128."""
    return cfg.get("use_additional_conditions", cfg["sample_size"] == 128)


def size_embedding(w, name, values):
    """One size value per row through sinusoidal features (shift 0) and a SiLU MLP to width // 3."""
    f = dit_model.timestep_features(values, shift=0.0)
    return lin(w, name + ".linear_2", F.silu(lin(w, name + ".linear_1", f)))


def forward(w, cfg, latents, t, caption, caption_mask, resolution=None, aspect_ratio=None):
    """latents [B, C, H, W], t [B], caption [B, L, caption_channels], mask [B, L] (1 = keep);
    with micro-conditions, resolution [B, 2] (height, width in pixels) and aspect_ratio [B, 1]."""
    p = cfg["patch_size"]
    heads = cfg["num_attention_heads"]
    d = heads * cfg["attention_head_dim"]
    eps = cfg.get("norm_eps", 1e-6)
    b, c, hgt, wid = latents.shape
    gh, gw = hgt // p, wid // p
    x = F.conv2d(latents, w["pos_embed.proj.weight"], w["pos_embed.proj.bias"], stride=p)
    x = x.flatten(2).transpose(1, 2)
    x = x + positions(d, gh, gw, cfg["sample_size"] // p, interpolation_scale(cfg))[None]

    emb = dit_model.timestep_features(t, shift=0.0)
    emb = lin(w, "adaln_single.emb.timestep_embedder.linear_2",
              F.silu(lin(w, "adaln_single.emb.timestep_embedder.linear_1", emb)))
    if uses_micro_conditions(cfg):
        res = size_embedding(w, "adaln_single.emb.resolution_embedder", resolution.reshape(-1)).reshape(b, -1)
        ar = size_embedding(w, "adaln_single.emb.aspect_ratio_embedder", aspect_ratio.reshape(-1)).reshape(b, -1)
        emb = emb + torch.cat([res, ar], dim=1)
    mod = lin(w, "adaln_single.linear", F.silu(emb)).reshape(b, 6, d)

    ctx = lin(w, "caption_projection.linear_2",
              F.gelu(lin(w, "caption_projection.linear_1", caption), approximate="tanh"))
    bias = ((1.0 - caption_mask.float()) * -10000.0)[:, None, None, :]

    for i in range(cfg["num_layers"]):
        bp = "transformer_blocks.%d." % i
        shift_msa, scale_msa, gate_msa, shift_mlp, scale_mlp, gate_mlp = (
            w[bp + "scale_shift_table"][None] + mod).chunk(6, dim=1)
        h = F.layer_norm(x, (d,), eps=eps) * (1 + scale_msa) + shift_msa
        x = x + gate_msa * attention(w, bp + "attn1.", h, h, heads)
        x = x + attention(w, bp + "attn2.", x, ctx, heads, bias)
        h = F.layer_norm(x, (d,), eps=eps) * (1 + scale_mlp) + shift_mlp
        h = lin(w, bp + "ff.net.2", F.gelu(lin(w, bp + "ff.net.0.proj", h), approximate="tanh"))
        x = x + gate_mlp * h

    shift, scale = (w["scale_shift_table"][None] + emb[:, None]).chunk(2, dim=1)
    x = F.layer_norm(x, (d,), eps=1e-6) * (1 + scale) + shift
    x = lin(w, "proj_out", x)
    oc = cfg["out_channels"]
    x = x.reshape(b, gh, gw, p, p, oc)
    return torch.einsum("nhwpqc->nchpwq", x).reshape(b, oc, gh * p, gw * p)


def shapes(cfg):
    """Every tensor a diffusers PixArt checkpoint stores, name -> shape."""
    p = cfg["patch_size"]
    d = cfg["num_attention_heads"] * cfg["attention_head_dim"]
    cross = cfg["cross_attention_dim"]
    s = {
        "pos_embed.proj.weight": (d, cfg["in_channels"], p, p), "pos_embed.proj.bias": (d,),
        "scale_shift_table": (2, d),
    }

    def linear(name, out, inp):
        s[name + ".weight"] = (out, inp)
        s[name + ".bias"] = (out,)

    linear("adaln_single.emb.timestep_embedder.linear_1", d, 256)
    linear("adaln_single.emb.timestep_embedder.linear_2", d, d)
    linear("adaln_single.linear", 6 * d, d)
    if uses_micro_conditions(cfg):
        for embedder in ("resolution_embedder", "aspect_ratio_embedder"):
            linear("adaln_single.emb.%s.linear_1" % embedder, d // 3, 256)
            linear("adaln_single.emb.%s.linear_2" % embedder, d // 3, d // 3)
    linear("caption_projection.linear_1", d, cfg["caption_channels"])
    linear("caption_projection.linear_2", d, d)
    for i in range(cfg["num_layers"]):
        bp = "transformer_blocks.%d." % i
        s[bp + "scale_shift_table"] = (6, d)
        for proj in ("to_q", "to_k", "to_v", "to_out.0"):
            linear(bp + "attn1." + proj, d, d)
        linear(bp + "attn2.to_q", d, d)
        linear(bp + "attn2.to_k", d, cross)
        linear(bp + "attn2.to_v", d, cross)
        linear(bp + "attn2.to_out.0", d, d)
        linear(bp + "ff.net.0.proj", 4 * d, d)
        linear(bp + "ff.net.2", d, 4 * d)
    linear("proj_out", p * p * cfg["out_channels"], d)
    return s
