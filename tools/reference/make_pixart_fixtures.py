"""Writes the tiny random-weight PixArt-α transformer and T5 v1.1 encoder (diffusers / transformers
folder layout) and the reference outputs the Java Pixart* and T5* tests compare against.
Deterministic: the same command writes the same bytes.

    /usr/bin/python3 tools/reference/make_pixart_fixtures.py models/src/test/resources/reference
"""
import json
import os
import shutil
import sys

import torch

import make_fixtures
import pixart_model
import schedulers
import st_io
import t5_model
import t5_tokenizer
import vae_model

# T5 v1.1 in miniature: gated-GELU, untied head (irrelevant to the encoder), the real 32 buckets
# and max distance 128 so the bucket rule is the one the XXL encoder uses.
TEXT_ENCODER = {
    "architectures": ["T5EncoderModel"],
    "d_ff": 64,
    "d_kv": 8,
    "d_model": 32,
    "decoder_start_token_id": 0,
    "dense_act_fn": "gelu_new",
    "dropout_rate": 0.1,
    "eos_token_id": 1,
    "feed_forward_proj": "gated-gelu",
    "initializer_factor": 1.0,
    "is_encoder_decoder": True,
    "is_gated_act": True,
    "layer_norm_epsilon": 1e-06,
    "model_type": "t5",
    "num_decoder_layers": 2,
    "num_heads": 4,
    "num_layers": 2,
    "pad_token_id": 0,
    "relative_attention_max_distance": 128,
    "relative_attention_num_buckets": 32,
    "tie_word_embeddings": False,
    "torch_dtype": "float32",
    "transformers_version": "4.35.0",
    "use_cache": True,
    "vocab_size": 100,
}

# PixArt-α 512's config in miniature (sample 64 there, so interpolation scale 1 and no
# micro-conditions; here sample 8 gives the same).
TRANSFORMER = {
    "_class_name": "PixArtTransformer2DModel",
    "_diffusers_version": "0.28.0",
    "activation_fn": "gelu-approximate",
    "attention_bias": True,
    "attention_head_dim": 8,
    "attention_type": "default",
    "caption_channels": 32,
    "cross_attention_dim": 16,
    "double_self_attention": False,
    "dropout": 0.0,
    "in_channels": 4,
    "interpolation_scale": None,
    "norm_elementwise_affine": False,
    "norm_eps": 1e-06,
    "norm_num_groups": 32,
    "norm_type": "ada_norm_single",
    "num_attention_heads": 2,
    "num_embeds_ada_norm": 1000,
    "num_layers": 2,
    "num_vector_embeds": None,
    "only_cross_attention": False,
    "out_channels": 8,
    "patch_size": 2,
    "sample_size": 8,
    "upcast_attention": False,
    "use_additional_conditions": None,
    "use_linear_projection": False,
}

TOKENS = 40  # long enough for the logarithmic buckets (distances 16 and 32 are bucket edges)
REAL_TOKENS = (1, 29)  # row 0: the empty prompt's lone </s>; row 1: a 29-token prompt
BUCKET_SPAN = 300  # relative positions -299..299, beyond max distance: the clamp is covered


# The pipeline parts around the two models: DiT's tiny VAE config (with PixArt's explicit scaling
# factor), PixArt-α's DPM-Solver++ scheduler config and model index, and a tiny T5 tokenizer.
VAE = dict(make_fixtures.VAE, scaling_factor=0.18215)
SCHEDULER = {
    "_class_name": "DPMSolverMultistepScheduler",
    "_diffusers_version": "0.22.0.dev0",
    "algorithm_type": "dpmsolver++",
    "beta_end": 0.02,
    "beta_schedule": "linear",
    "beta_start": 0.0001,
    "dynamic_thresholding_ratio": 0.995,
    "lower_order_final": True,
    "num_train_timesteps": 1000,
    "prediction_type": "epsilon",
    "sample_max_value": 1.0,
    "solver_order": 2,
    "solver_type": "midpoint",
    "steps_offset": 0,
    "thresholding": False,
    "trained_betas": None,
    "use_karras_sigmas": False,
}
MODEL_INDEX = {
    "_class_name": "PixArtAlphaPipeline",
    "_diffusers_version": "0.22.0.dev0",
    "scheduler": ["diffusers", "DPMSolverMultistepScheduler"],
    "text_encoder": ["transformers", "T5EncoderModel"],
    "tokenizer": ["transformers", "T5Tokenizer"],
    "transformer": ["diffusers", "Transformer2DModel"],
    "vae": ["diffusers", "AutoencoderKL"],
}
MAX_LENGTH = 120  # PixArtAlphaPipeline's max_sequence_length
RUN_PROMPT = "a red cat sitting on the mat"
# PixArt-Σ's pipeline differs from α's in what a folder declares around the same transformer:
# prompts padded (and cut) to 300 T5 tokens, and the SDXL VAE with its own latent scaling factor.
SIGMA_INDEX = dict(MODEL_INDEX, _class_name="PixArtSigmaPipeline")
SIGMA_MAX_LENGTH = 300
SIGMA_VAE = dict(VAE, scaling_factor=0.13025)
RUN_STEPS = 4
RUN_GUIDANCE = 4.5


def pixart_sample(tw, x, embeds, masks, steps, guidance, cfg=TRANSFORMER):
    """PixArtAlphaPipeline's loop (guidance > 1): [uncond; cond] as one batch through every step,
    ε_u + g·(ε_c − ε_u) on all output channels, then the learned-σ channels dropped, and
    DPM-Solver++ steps on the latents."""
    dpm = schedulers.DpmSolverPP(SCHEDULER, steps)
    c = cfg["in_channels"]
    x = x * dpm.init_noise_sigma
    for t in dpm.timesteps:
        both = torch.cat([x, x], 0)
        out = pixart_model.forward(tw, cfg, dpm.scale_model_input(both, t),
                                   torch.full((2,), float(t)), embeds, masks)
        uncond, cond = out.chunk(2)
        eps = (uncond + guidance * (cond - uncond))[:, :c]
        x = dpm.step(eps, t, x)
    return x, dpm.timesteps


def write_pipeline_parts(root):
    """model_index.json, scheduler, tokenizer and VAE; the VAE from its own seed, so the
    transformer and encoder weights above keep their bytes."""
    write_json(os.path.join(root, "model_index.json"), MODEL_INDEX)
    write_json(os.path.join(root, "scheduler", "scheduler_config.json"), SCHEDULER)
    write_json(os.path.join(root, "vae", "config.json"), VAE)
    write_json(os.path.join(root, "tokenizer", "tokenizer_config.json"), t5_tokenizer.tokenizer_config(MAX_LENGTH))
    with open(os.path.join(root, "tokenizer", "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(t5_tokenizer.tokenizer_json(), f, indent=2, ensure_ascii=False)
        f.write("\n")
    gen = torch.Generator().manual_seed(20241203)
    vw = vae_model.current_names(random_weights(vae_model.shapes(VAE, legacy=True), gen))
    st_io.save(os.path.join(root, "vae", "diffusion_pytorch_model.safetensors"), vw)
    return vw, gen


def random_weights(shapes, gen):
    """Scaled so activations stay O(1): 1/sqrt(fan_in) matrices, norm weights near 1, small
    biases, unit-variance embedding tables, scale_shift_table as diffusers initialises it."""
    w = {}
    for name, shape in shapes.items():
        if len(shape) == 1:
            base = 1.0 if "norm" in name else 0.0
            w[name] = base + 0.1 * torch.randn(shape, generator=gen)
        elif name.endswith("scale_shift_table"):
            w[name] = torch.randn(shape, generator=gen) / shape[1] ** 0.5
        elif name == "shared.weight" or name.endswith("relative_attention_bias.weight"):
            w[name] = torch.randn(shape, generator=gen)
        else:
            fan_in = 1
            for d in shape[1:]:
                fan_in *= d
            w[name] = torch.randn(shape, generator=gen) / fan_in ** 0.5
    return w


def write_json(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(obj, f, indent=2, sort_keys=True)
        f.write("\n")


def mask_rows(lengths, total):
    m = torch.zeros((len(lengths), total))
    for i, n in enumerate(lengths):
        m[i, :n] = 1.0
    return m


def main(out):
    gen = torch.Generator().manual_seed(20241202)
    tw = random_weights(pixart_model.shapes(TRANSFORMER), gen)
    ew = random_weights(t5_model.shapes(TEXT_ENCODER), gen)

    root = os.path.join(out, "pixart-tiny")
    if os.path.exists(root):
        shutil.rmtree(root)
    write_json(os.path.join(root, "transformer", "config.json"), TRANSFORMER)
    st_io.save(os.path.join(root, "transformer", "diffusion_pytorch_model.safetensors"), tw)
    write_json(os.path.join(root, "text_encoder", "config.json"), TEXT_ENCODER)
    st_io.save(os.path.join(root, "text_encoder", "model.safetensors"), ew)

    res = {}
    with torch.no_grad():
        # T5: ids 2..vocab-1 for real tokens, </s> (1) last, pad (0) after, as the tokenizer pads
        ids = torch.randint(2, TEXT_ENCODER["vocab_size"], (2, TOKENS), generator=gen)
        mask = mask_rows(REAL_TOKENS, TOKENS)
        for row, n in enumerate(REAL_TOKENS):
            ids[row, n - 1] = 1
            ids[row, n:] = 0
        res["t5.input_ids"] = ids.float()
        res["t5.attention_mask"] = mask
        res["t5.hidden"] = t5_model.forward(ew, TEXT_ENCODER, ids, mask.long())
        rel = torch.arange(-BUCKET_SPAN + 1, BUCKET_SPAN)
        res["t5.relative_positions"] = rel.float()
        res["t5.buckets"] = t5_model.relative_position_bucket(
            rel, TEXT_ENCODER["relative_attention_num_buckets"], TEXT_ENCODER["relative_attention_max_distance"]).float()

        # PixArt: one guided batch [uncond; cond], the empty prompt's mask on the first row
        s, c = TRANSFORMER["sample_size"], TRANSFORMER["in_channels"]
        x = torch.randn((2, c, s, s), generator=gen)
        t = torch.tensor([741.0, 741.0])
        emb = torch.randn((2, TOKENS, TRANSFORMER["caption_channels"]), generator=gen)
        res["forward.latents"] = x
        res["forward.timesteps"] = t
        res["forward.prompt_embeds"] = emb
        res["forward.prompt_attention_mask"] = mask
        res["forward.output"] = pixart_model.forward(tw, TRANSFORMER, x, t, emb, mask)
        # a second timestep per row, so the per-row conditioning is exercised too
        t2 = torch.tensor([999.0, 3.0])
        res["forward2.timesteps"] = t2
        res["forward2.output"] = pixart_model.forward(tw, TRANSFORMER, x, t2, emb, mask)

    # A 4-step run: tokenizer ids of the prompt and of the empty negative prompt, padded to 120,
    # their T5 embeddings, given latents, DPM-Solver++ with guidance 4.5, and the decoded image.
    vw, gen = write_pipeline_parts(root)
    with torch.no_grad():
        rows = [t5_tokenizer.padded("", MAX_LENGTH), t5_tokenizer.padded(RUN_PROMPT, MAX_LENGTH)]
        ids = torch.tensor([r[0] for r in rows])
        mask = torch.tensor([r[1] for r in rows])
        embeds = t5_model.forward(ew, TEXT_ENCODER, ids, mask)
        s, c = TRANSFORMER["sample_size"], TRANSFORMER["in_channels"]
        x = torch.randn((1, c, s, s), generator=gen)
        final, timesteps = pixart_sample(tw, x, embeds, mask.float(), RUN_STEPS, RUN_GUIDANCE)
        res["run.input_ids"] = ids.float()
        res["run.attention_mask"] = mask.float()
        res["run.prompt_embeds"] = embeds
        res["run.latents"] = x
        res["run.timesteps"] = torch.from_numpy(timesteps.copy()).float()
        res["run.final"] = final
        res["run.image"] = (vae_model.decode(vw, VAE, final / VAE["scaling_factor"]) / 2 + 0.5).clamp(0, 1)
    st_io.save(os.path.join(out, "pixart-outputs.safetensors"), res)
    write_sigma(out, tw, ew, vw, x)
    write_micro(out)
    write_aspect(out, tw, embeds, mask.float())


# A transformer with the 1024 models' micro-conditions: 3 heads x 8 = 24 wide, so that width // 3
# (each size embedding) times 3 is the width, as for 1152.
MICRO_TRANSFORMER = dict(TRANSFORMER, num_attention_heads=3, cross_attention_dim=24, use_additional_conditions=True)


def write_micro(out):
    """pixart-micro/transformer/ and one guided forward with resolution and aspect ratio per row."""
    root = os.path.join(out, "pixart-micro")
    if os.path.exists(root):
        shutil.rmtree(root)
    gen = torch.Generator().manual_seed(20241204)
    mw = random_weights(pixart_model.shapes(MICRO_TRANSFORMER), gen)
    write_json(os.path.join(root, "transformer", "config.json"), MICRO_TRANSFORMER)
    st_io.save(os.path.join(root, "transformer", "diffusion_pytorch_model.safetensors"), mw)
    s, c = MICRO_TRANSFORMER["sample_size"], MICRO_TRANSFORMER["in_channels"]
    res = {}
    with torch.no_grad():
        x = torch.randn((2, c, s, s), generator=gen)
        t = torch.tensor([741.0, 741.0])
        emb = torch.randn((2, TOKENS, MICRO_TRANSFORMER["caption_channels"]), generator=gen)
        mask = mask_rows(REAL_TOKENS, TOKENS)
        resolution = torch.tensor([[1024.0, 768.0], [1024.0, 768.0]])
        aspect = torch.tensor([[1024.0 / 768.0], [1024.0 / 768.0]])
        res["micro.latents"] = x
        res["micro.prompt_embeds"] = emb
        res["micro.resolution"] = resolution
        res["micro.output"] = pixart_model.forward(mw, MICRO_TRANSFORMER, x, t, emb, mask, resolution, aspect)
    st_io.save(os.path.join(out, "pixart-micro-outputs.safetensors"), res)


# Non-square sizes: PixArt-α-256's sample size (32, so the pipeline's 256 aspect-ratio bins apply)
# on the tiny trunk, and a VAE that upsamples 8x as the real one does, so a bin's pixel size is a
# latent grid of the same shape as on the real model. Landscape bin "0.48" of the 256 table is
# 176 x 368 pixels (22 x 46 latents, 11 x 23 patches: 253 tokens, odd in both directions); the
# portrait forward uses bin "2.09", 368 x 176.
ASPECT_TRANSFORMER = dict(TRANSFORMER, sample_size=32)
ASPECT_VAE = dict(VAE, block_out_channels=[4, 4, 4, 4], norm_num_groups=2,
                  down_block_types=["DownEncoderBlock2D"] * 4, up_block_types=["UpDecoderBlock2D"] * 4)
LANDSCAPE = (176, 368)
PORTRAIT = (368, 176)


def write_aspect(out, tw, embeds, masks):
    """pixart-aspect/: the tiny transformer's weights told sample size 32, the 8x VAE, and a 4-step
    guided run at 176 x 368 from given latents and the tiny α run's prompt embeddings; the image
    is recorded as its per-row and per-column means (orientation and content, without 200k values);
    plus one guided forward at the portrait size."""
    root = os.path.join(out, "pixart-aspect")
    if os.path.exists(root):
        shutil.rmtree(root)
    write_json(os.path.join(root, "model_index.json"), MODEL_INDEX)
    write_json(os.path.join(root, "scheduler", "scheduler_config.json"), SCHEDULER)
    write_json(os.path.join(root, "transformer", "config.json"), ASPECT_TRANSFORMER)
    st_io.save(os.path.join(root, "transformer", "diffusion_pytorch_model.safetensors"), tw)
    write_json(os.path.join(root, "vae", "config.json"), ASPECT_VAE)
    gen = torch.Generator().manual_seed(20241205)
    vw = vae_model.current_names(random_weights(vae_model.shapes(ASPECT_VAE, legacy=True), gen))
    st_io.save(os.path.join(root, "vae", "diffusion_pytorch_model.safetensors"), vw)
    c = ASPECT_TRANSFORMER["in_channels"]
    res = {}
    with torch.no_grad():
        x = torch.randn((1, c, LANDSCAPE[0] // 8, LANDSCAPE[1] // 8), generator=gen)
        final, _ = pixart_sample(tw, x, embeds, masks, RUN_STEPS, RUN_GUIDANCE, ASPECT_TRANSFORMER)
        image = (vae_model.decode(vw, ASPECT_VAE, final / ASPECT_VAE["scaling_factor"]) / 2 + 0.5).clamp(0, 1)
        res["aspect.latents"] = x
        res["aspect.final"] = final
        res["aspect.image_row_means"] = image[0].mean(dim=2)  # [3, H]
        res["aspect.image_col_means"] = image[0].mean(dim=1)  # [3, W]
        px = torch.randn((2, c, PORTRAIT[0] // 8, PORTRAIT[1] // 8), generator=gen)
        t = torch.tensor([741.0, 741.0])
        res["portrait.latents"] = px
        res["portrait.output"] = pixart_model.forward(tw, ASPECT_TRANSFORMER, px, t, embeds, masks)
    st_io.save(os.path.join(out, "pixart-aspect-outputs.safetensors"), res)


def write_sigma(out, tw, ew, vw, x):
    """pixart-sigma-tiny/: the tiny α folder's transformer, encoder, tokenizer and VAE weights in a
    PixArtSigmaPipeline folder (300 tokens, scaling factor 0.13025), and the same 4-step run from
    the same latents through it."""
    root = os.path.join(out, "pixart-sigma-tiny")
    if os.path.exists(root):
        shutil.rmtree(root)
    tiny = os.path.join(out, "pixart-tiny")
    for part in ("transformer", "text_encoder", "scheduler", "tokenizer"):
        shutil.copytree(os.path.join(tiny, part), os.path.join(root, part))
    write_json(os.path.join(root, "model_index.json"), SIGMA_INDEX)
    write_json(os.path.join(root, "tokenizer", "tokenizer_config.json"), t5_tokenizer.tokenizer_config(SIGMA_MAX_LENGTH))
    write_json(os.path.join(root, "vae", "config.json"), SIGMA_VAE)
    shutil.copyfile(os.path.join(tiny, "vae", "diffusion_pytorch_model.safetensors"),
                    os.path.join(root, "vae", "diffusion_pytorch_model.safetensors"))
    res = {}
    with torch.no_grad():
        rows = [t5_tokenizer.padded("", SIGMA_MAX_LENGTH), t5_tokenizer.padded(RUN_PROMPT, SIGMA_MAX_LENGTH)]
        ids = torch.tensor([r[0] for r in rows])
        mask = torch.tensor([r[1] for r in rows])
        embeds = t5_model.forward(ew, TEXT_ENCODER, ids, mask)
        final, _ = pixart_sample(tw, x, embeds, mask.float(), RUN_STEPS, RUN_GUIDANCE)
        res["sigma.input_ids"] = ids.float()
        res["sigma.attention_mask"] = mask.float()
        res["sigma.final"] = final
        res["sigma.image"] = (vae_model.decode(vw, SIGMA_VAE, final / SIGMA_VAE["scaling_factor"]) / 2 + 0.5).clamp(0, 1)
    st_io.save(os.path.join(out, "pixart-sigma-outputs.safetensors"), res)


if __name__ == "__main__":
    main(sys.argv[1])
