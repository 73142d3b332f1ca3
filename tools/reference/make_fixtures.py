"""Writes the tiny random-weight DiT checkpoints (diffusers folder layout) and the reference
outputs the Java tests compare against. Deterministic: the same command writes the same bytes.

    /usr/bin/python3 tools/reference/make_fixtures.py models/src/test/resources/reference
"""
import json
import os
import shutil
import sys

import torch

import dit_model
import schedulers
import st_io
import vae_model

TRANSFORMER = {
    "_class_name": "Transformer2DModel",
    "_diffusers_version": "0.12.0.dev0",
    "activation_fn": "gelu-approximate",
    "attention_bias": True,
    "attention_head_dim": 8,
    "cross_attention_dim": None,
    "dropout": 0.0,
    "in_channels": 4,
    "norm_elementwise_affine": False,
    "norm_num_groups": 32,
    "norm_type": "ada_norm_zero",
    "num_attention_heads": 2,
    "num_embeds_ada_norm": 1000,
    "num_layers": 2,
    "num_vector_embeds": None,
    "only_cross_attention": False,
    "out_channels": 8,
    "patch_size": 2,
    "sample_size": 8,
    "upcast_attention": False,
    "use_linear_projection": False,
}

# No scaling_factor key, like sd-vae-ft-ema's config: readers must default to 0.18215.
VAE = {
    "_class_name": "AutoencoderKL",
    "_diffusers_version": "0.12.0.dev0",
    "act_fn": "silu",
    "block_out_channels": [8, 16],
    "down_block_types": ["DownEncoderBlock2D", "DownEncoderBlock2D"],
    "in_channels": 3,
    "latent_channels": 4,
    "layers_per_block": 1,
    "norm_num_groups": 4,
    "out_channels": 3,
    "sample_size": 8,
    "up_block_types": ["UpDecoderBlock2D", "UpDecoderBlock2D"],
}

SCHEDULER = {
    "_class_name": "DDIMScheduler",
    "_diffusers_version": "0.12.0.dev0",
    "beta_end": 0.02,
    "beta_schedule": "linear",
    "beta_start": 0.0001,
    "clip_sample": False,
    "num_train_timesteps": 1000,
    "set_alpha_to_one": True,
    "steps_offset": 0,
    "trained_betas": None,
}

MODEL_INDEX = {
    "_class_name": "DiTPipeline",
    "_diffusers_version": "0.12.0.dev0",
    "scheduler": ["diffusers", "DDIMScheduler"],
    "transformer": ["diffusers", "Transformer2DModel"],
    "vae": ["diffusers", "AutoencoderKL"],
    # A few of the real checkpoint's ImageNet labels (synonyms comma-separated, as there), so the
    # engine's label-word prompts can be tested; 134 and 517 share "crane" as in the real table.
    "id2label": {
        "0": "tench, Tinca tinca",
        "1": "goldfish, Carassius auratus",
        "134": "crane",
        "207": "golden retriever",
        "208": "Labrador retriever",
        "360": "otter",
        "517": "crane",
    },
}

GUIDANCE = 4.0
STEPS = 4
SCALING = 0.18215


def random_weights(shapes, gen):
    """Scaled so activations stay O(1): 1/sqrt(fan_in) weights, small biases, norms near 1."""
    w = {}
    for name, shape in shapes.items():
        if len(shape) == 1:
            base = 1.0 if ("norm" in name and name.endswith(".weight")) else 0.0
            w[name] = base + 0.1 * torch.randn(shape, generator=gen)
        elif name.endswith("embedding_table.weight"):
            w[name] = torch.randn(shape, generator=gen)
        else:
            fan_in = 1
            for d in shape[1:]:
                fan_in *= d
            w[name] = torch.randn(shape, generator=gen) / fan_in ** 0.5
    return w


def per_block_copies(w, layers):
    """The checkpoint stores block 0's timestep MLP and class table in every block."""
    for i in range(1, layers):
        for k in list(w):
            if k.startswith("transformer_blocks.0.norm1.emb."):
                w[k.replace("transformer_blocks.0.", "transformer_blocks.%d." % i)] = w[k].clone()


def write_json(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(obj, f, indent=2, sort_keys=True)
        f.write("\n")


def write_folder(root, tw, vw_stored, sharded):
    if os.path.exists(root):
        shutil.rmtree(root)
    write_json(os.path.join(root, "model_index.json"), MODEL_INDEX)
    write_json(os.path.join(root, "transformer", "config.json"), TRANSFORMER)
    write_json(os.path.join(root, "vae", "config.json"), VAE)
    write_json(os.path.join(root, "scheduler", "scheduler_config.json"), SCHEDULER)
    st_io.save(os.path.join(root, "vae", "diffusion_pytorch_model.safetensors"), vw_stored)
    tdir = os.path.join(root, "transformer")
    if not sharded:
        st_io.save(os.path.join(tdir, "diffusion_pytorch_model.safetensors"), tw)
        return
    # diffusers shards in name order; the split point falls inside the block list
    names = sorted(tw)
    half = len(names) // 2
    weight_map = {}
    total = 0
    for k, part in enumerate((names[:half], names[half:])):
        fname = "diffusion_pytorch_model-%05d-of-00002.safetensors" % (k + 1)
        st_io.save(os.path.join(tdir, fname), {n: tw[n] for n in part})
        for n in part:
            weight_map[n] = fname
            total += tw[n].numel() * 4
    write_json(os.path.join(tdir, "diffusion_pytorch_model.safetensors.index.json"),
               {"metadata": {"total_size": total}, "weight_map": weight_map})


def main(out):
    gen = torch.Generator().manual_seed(20240611)
    tw = random_weights(dit_model.shapes(TRANSFORMER), gen)
    per_block_copies(tw, TRANSFORMER["num_layers"])
    vw_legacy = random_weights(vae_model.shapes(VAE, legacy=True), gen)
    vw = vae_model.current_names(vw_legacy)

    # the plain folder stores legacy VAE attention names, the sharded one the current names
    write_folder(os.path.join(out, "dit-tiny"), tw, vw_legacy, sharded=False)
    write_folder(os.path.join(out, "dit-tiny-sharded"), tw, vw, sharded=True)

    s = TRANSFORMER["sample_size"]
    c = TRANSFORMER["in_channels"]

    def model(x, t, y):
        return dit_model.forward(tw, TRANSFORMER, x, t, y)

    res = {}
    with torch.no_grad():
        x = torch.randn((2, c, s, s), generator=gen)
        t = torch.tensor([999, 321])
        y = torch.tensor([207, 1000])
        res["forward.latents"] = x
        res["forward.timesteps"] = t.float()
        res["forward.class_labels"] = y.float()
        res["forward.output"] = model(x, t, y)

        x = torch.randn((2, c, s, s), generator=gen)
        y = torch.tensor([207, 360])
        res["sample.latents"] = x
        res["sample.class_labels"] = y.float()
        ddim = schedulers.Ddim(SCHEDULER, STEPS)
        res["ddim.timesteps"] = torch.from_numpy(ddim.timesteps.copy()).float()
        res["ddim.final"] = schedulers.sample(model, ddim, x, y, GUIDANCE, c)
        res["ddim.final_3channel"] = schedulers.sample(model, schedulers.Ddim(SCHEDULER, STEPS), x, y, GUIDANCE, c, 3)
        dpm = schedulers.DpmSolverPP(SCHEDULER, STEPS)
        res["dpm.timesteps"] = torch.from_numpy(dpm.timesteps.copy()).float()
        res["dpm.final"] = schedulers.sample(model, dpm, x, y, GUIDANCE, c)
        # Euler from the folder's config (no timestep_spacing: Euler's own linspace), the same with
        # "leading" (DDIM's spacing and the other init_noise_sigma), and 5 linspace steps, whose
        # timesteps fall between training steps.
        for name, cfg, steps in (("euler", SCHEDULER, STEPS),
                                 ("euler_leading", dict(SCHEDULER, timestep_spacing="leading"), STEPS),
                                 ("euler5", SCHEDULER, 5)):
            euler = schedulers.EulerDiscrete(cfg, steps)
            res[name + ".timesteps"] = torch.from_numpy(euler.timesteps.copy())
            res[name + ".final"] = schedulers.sample(model, euler, x, y, GUIDANCE, c)

        z = torch.randn((1, VAE["latent_channels"], 4, 4), generator=gen)
        decoded = vae_model.decode(vw, VAE, z / SCALING)
        res["vae.latents"] = z
        res["vae.decoded"] = decoded
        res["vae.image"] = (decoded / 2 + 0.5).clamp(0, 1)
        # The whole pipeline for sample row 0 (class 207): its final latents decoded to pixels.
        for name in ("ddim", "dpm", "euler"):
            final = res[name + ".final"][0:1]
            res[name + ".image"] = (vae_model.decode(vw, VAE, final / SCALING) / 2 + 0.5).clamp(0, 1)
    res["guidance"] = torch.tensor([GUIDANCE])
    st_io.save(os.path.join(out, "outputs.safetensors"), res)


if __name__ == "__main__":
    main(sys.argv[1])
