"""DiT transformer forward as diffusers' DiTTransformer2DModel computes it (ada_norm_zero blocks).

Weights are a flat dict with diffusers' parameter names; every block reads its own copy of the
timestep MLP and class table, exactly like the checkpoint stores them.
"""
import math

import torch
import torch.nn.functional as F


def timestep_features(t, dim=256, max_period=10000.0, shift=1.0):
    """get_timestep_embedding with flip_sin_to_cos=True, downscale_freq_shift=shift."""
    half = dim // 2
    exponent = -math.log(max_period) * torch.arange(half, dtype=torch.float32) / (half - shift)
    args = t.float()[:, None] * torch.exp(exponent)[None, :]
    return torch.cat([torch.cos(args), torch.sin(args)], dim=-1)


def sincos_1d(dim, pos):
    omega = torch.arange(dim // 2, dtype=torch.float64) / (dim / 2.0)
    omega = 1.0 / 10000 ** omega
    out = pos.reshape(-1).double()[:, None] * omega[None, :]
    return torch.cat([torch.sin(out), torch.cos(out)], dim=1)


def sincos_2d(dim, grid):
    """get_2d_sincos_pos_embed: first half encodes the column, second half the row."""
    rows = torch.arange(grid, dtype=torch.float64).repeat_interleave(grid)
    cols = torch.arange(grid, dtype=torch.float64).repeat(grid)
    return torch.cat([sincos_1d(dim // 2, cols), sincos_1d(dim // 2, rows)], dim=1).float()


def conditioning(w, prefix, t, labels):
    emb = timestep_features(t)
    emb = F.linear(emb, w[prefix + "timestep_embedder.linear_1.weight"], w[prefix + "timestep_embedder.linear_1.bias"])
    emb = F.linear(F.silu(emb), w[prefix + "timestep_embedder.linear_2.weight"], w[prefix + "timestep_embedder.linear_2.bias"])
    return emb + w[prefix + "class_embedder.embedding_table.weight"][labels]


def attention(w, p, x, heads):
    b, n, d = x.shape
    hd = d // heads

    def proj(name):
        return F.linear(x, w[p + name + ".weight"], w[p + name + ".bias"]).reshape(b, n, heads, hd).transpose(1, 2)

    q, k, v = proj("to_q"), proj("to_k"), proj("to_v")
    scores = (q @ k.transpose(-1, -2)) / math.sqrt(hd)
    out = (scores.softmax(-1) @ v).transpose(1, 2).reshape(b, n, d)
    return F.linear(out, w[p + "to_out.0.weight"], w[p + "to_out.0.bias"])


def forward(w, cfg, latents, t, labels):
    p = cfg["patch_size"]
    heads = cfg["num_attention_heads"]
    d = heads * cfg["attention_head_dim"]
    b, c, hgt, wid = latents.shape
    gh, gw = hgt // p, wid // p
    x = F.conv2d(latents, w["pos_embed.proj.weight"], w["pos_embed.proj.bias"], stride=p)
    x = x.flatten(2).transpose(1, 2)
    x = x + sincos_2d(d, gh)[None]
    eps3 = cfg.get("norm_eps", 1e-5)
    for i in range(cfg["num_layers"]):
        bp = "transformer_blocks.%d." % i
        cond = conditioning(w, bp + "norm1.emb.", t, labels)
        mod = F.linear(F.silu(cond), w[bp + "norm1.linear.weight"], w[bp + "norm1.linear.bias"])
        shift_msa, scale_msa, gate_msa, shift_mlp, scale_mlp, gate_mlp = mod.chunk(6, dim=1)
        h = F.layer_norm(x, (d,), eps=1e-6) * (1 + scale_msa[:, None]) + shift_msa[:, None]
        x = x + gate_msa[:, None] * attention(w, bp + "attn1.", h, heads)
        h = F.layer_norm(x, (d,), eps=eps3) * (1 + scale_mlp[:, None]) + shift_mlp[:, None]
        h = F.linear(h, w[bp + "ff.net.0.proj.weight"], w[bp + "ff.net.0.proj.bias"])
        h = F.gelu(h, approximate="tanh")
        h = F.linear(h, w[bp + "ff.net.2.weight"], w[bp + "ff.net.2.bias"])
        x = x + gate_mlp[:, None] * h
    cond = conditioning(w, "transformer_blocks.0.norm1.emb.", t, labels)
    shift, scale = F.linear(F.silu(cond), w["proj_out_1.weight"], w["proj_out_1.bias"]).chunk(2, dim=1)
    x = F.layer_norm(x, (d,), eps=1e-6) * (1 + scale[:, None]) + shift[:, None]
    x = F.linear(x, w["proj_out_2.weight"], w["proj_out_2.bias"])
    oc = cfg["out_channels"]
    x = x.reshape(b, gh, gw, p, p, oc)
    return torch.einsum("nhwpqc->nchpwq", x).reshape(b, oc, gh * p, gw * p)


def shapes(cfg):
    """Every tensor the diffusers checkpoint stores, name -> shape."""
    p = cfg["patch_size"]
    d = cfg["num_attention_heads"] * cfg["attention_head_dim"]
    cin, cout = cfg["in_channels"], cfg["out_channels"]
    rows = cfg["num_embeds_ada_norm"] + 1  # + the null class used for guidance
    s = {"pos_embed.proj.weight": (d, cin, p, p), "pos_embed.proj.bias": (d,)}
    for i in range(cfg["num_layers"]):
        bp = "transformer_blocks.%d." % i
        lin = {
            "norm1.emb.timestep_embedder.linear_1": (d, 256),
            "norm1.emb.timestep_embedder.linear_2": (d, d),
            "norm1.linear": (6 * d, d),
            "attn1.to_q": (d, d), "attn1.to_k": (d, d), "attn1.to_v": (d, d), "attn1.to_out.0": (d, d),
            "ff.net.0.proj": (4 * d, d),
            "ff.net.2": (d, 4 * d),
        }
        for name, shape in lin.items():
            s[bp + name + ".weight"] = shape
            s[bp + name + ".bias"] = (shape[0],)
        s[bp + "norm1.emb.class_embedder.embedding_table.weight"] = (rows, d)
    s["proj_out_1.weight"] = (2 * d, d)
    s["proj_out_1.bias"] = (2 * d,)
    s["proj_out_2.weight"] = (p * p * cout, d)
    s["proj_out_2.bias"] = (p * p * cout,)
    return s
