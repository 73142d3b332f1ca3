"""T5 v1.1 encoder forward as transformers' T5EncoderModel computes it (fp32, no dropout).

Written from the published semantics: RMS norm without mean subtraction or bias, attention
without the 1/sqrt(d) scaling (T5 folds it into its initialisation), one learned relative-position
bias table on block 0 that every block reuses, the padding mask added to that bias as the float32
minimum, and the gated-GELU feed-forward (gelu_new, the tanh form). Weights are a flat dict with
T5EncoderModel's state-dict names.
"""
import math

import torch
import torch.nn.functional as F


def relative_position_bucket(relative_position, num_buckets, max_distance):
    """Bidirectional buckets: half for keys after the query, half before; the first half of each
    half exact, the rest logarithmic up to max_distance. Computed in float32 like transformers."""
    half = num_buckets // 2
    buckets = (relative_position > 0).long() * half
    distance = relative_position.abs()
    exact = half // 2
    small = distance < exact
    # distance 0 takes the small branch; clamp keeps log away from -inf for the unused value
    scaled = torch.log(distance.float().clamp(min=1) / exact) / math.log(max_distance / exact) * (half - exact)
    large = (exact + scaled.long()).clamp(max=half - 1)
    return buckets + torch.where(small, distance, large)


def position_bias(w, cfg, length):
    """[1, heads, length, length]: bias[h, i, j] for query i and key j, from bucket(j - i)."""
    pos = torch.arange(length)
    rel = pos[None, :] - pos[:, None]
    b = relative_position_bucket(rel, cfg["relative_attention_num_buckets"], cfg["relative_attention_max_distance"])
    table = w["encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight"]  # [buckets, heads]
    return table[b].permute(2, 0, 1)[None]


def rms_norm(x, weight, eps):
    variance = x.float().pow(2).mean(-1, keepdim=True)
    return weight * (x * torch.rsqrt(variance + eps))


def gelu_new(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x.pow(3))))


def self_attention(w, p, x, bias, cfg):
    b, n, _ = x.shape
    heads, dkv = cfg["num_heads"], cfg["d_kv"]

    def proj(name):
        return F.linear(x, w[p + name + ".weight"]).reshape(b, n, heads, dkv).transpose(1, 2)

    q, k, v = proj("q"), proj("k"), proj("v")
    scores = q @ k.transpose(-1, -2) + bias
    out = (scores.float().softmax(-1) @ v).transpose(1, 2).reshape(b, n, heads * dkv)
    return F.linear(out, w[p + "o.weight"])


def forward(w, cfg, ids, mask):
    """ids, mask [B, L] → last hidden state [B, L, d_model]."""
    eps = cfg["layer_norm_epsilon"]
    x = w["shared.weight"][ids]
    additive = (1.0 - mask.float())[:, None, None, :] * torch.finfo(torch.float32).min
    bias = position_bias(w, cfg, ids.shape[1]) + additive
    for i in range(cfg["num_layers"]):
        p = "encoder.block.%d." % i
        h = rms_norm(x, w[p + "layer.0.layer_norm.weight"], eps)
        x = x + self_attention(w, p + "layer.0.SelfAttention.", h, bias, cfg)
        h = rms_norm(x, w[p + "layer.1.layer_norm.weight"], eps)
        f = p + "layer.1.DenseReluDense."
        gated = gelu_new(F.linear(h, w[f + "wi_0.weight"])) * F.linear(h, w[f + "wi_1.weight"])
        x = x + F.linear(gated, w[f + "wo.weight"])
    return rms_norm(x, w["encoder.final_layer_norm.weight"], eps)


def shapes(cfg):
    """Every tensor T5EncoderModel's safetensors stores, name -> shape (the tied
    encoder.embed_tokens.weight is not stored separately)."""
    d, inner, ff = cfg["d_model"], cfg["num_heads"] * cfg["d_kv"], cfg["d_ff"]
    s = {"shared.weight": (cfg["vocab_size"], d), "encoder.final_layer_norm.weight": (d,)}
    for i in range(cfg["num_layers"]):
        p = "encoder.block.%d.layer." % i
        for name in ("q", "k", "v"):
            s[p + "0.SelfAttention." + name + ".weight"] = (inner, d)
        s[p + "0.SelfAttention.o.weight"] = (d, inner)
        s[p + "0.layer_norm.weight"] = (d,)
        s[p + "1.DenseReluDense.wi_0.weight"] = (ff, d)
        s[p + "1.DenseReluDense.wi_1.weight"] = (ff, d)
        s[p + "1.DenseReluDense.wo.weight"] = (d, ff)
        s[p + "1.layer_norm.weight"] = (d,)
    s["encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight"] = (
        cfg["relative_attention_num_buckets"], cfg["num_heads"])
    return s
