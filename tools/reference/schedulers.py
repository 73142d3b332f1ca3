"""DDIM, DPM-Solver++ (2M) and Euler as diffusers' DDIMScheduler, DPMSolverMultistepScheduler and
EulerDiscreteScheduler compute them with DiT's scheduler config, and DiTPipeline's
classifier-free guidance loop."""
import numpy as np
import torch


def alphas_cumprod(cfg):
    n = cfg["num_train_timesteps"]
    if cfg["beta_schedule"] == "linear":
        betas = torch.linspace(cfg["beta_start"], cfg["beta_end"], n, dtype=torch.float32)
    elif cfg["beta_schedule"] == "scaled_linear":
        betas = torch.linspace(cfg["beta_start"] ** 0.5, cfg["beta_end"] ** 0.5, n, dtype=torch.float32) ** 2
    else:
        raise ValueError(cfg["beta_schedule"])
    return torch.cumprod(1.0 - betas, dim=0)


class Unscaled:
    """Samplers on the DDPM scale: the noise starts at unit variance and the model sees the sample."""

    init_noise_sigma = 1.0

    def scale_model_input(self, x, t):
        return x


class Ddim(Unscaled):
    """eta = 0, epsilon prediction, no clipping (DiT's config)."""

    def __init__(self, cfg, steps):
        self.ac = alphas_cumprod(cfg)
        self.final = torch.tensor(1.0) if cfg["set_alpha_to_one"] else self.ac[0]
        n = cfg["num_train_timesteps"]
        spacing = cfg.get("timestep_spacing", "leading")
        assert spacing == "leading", spacing
        self.ratio = n // steps
        self.timesteps = (np.arange(0, steps) * self.ratio).round()[::-1].astype(np.int64) + cfg["steps_offset"]

    def step(self, eps, t, x):
        prev = t - self.ratio
        a = self.ac[t]
        ap = self.ac[prev] if prev >= 0 else self.final
        x0 = (x - (1 - a) ** 0.5 * eps) / a ** 0.5
        return ap ** 0.5 * x0 + (1 - ap) ** 0.5 * eps


class DpmSolverPP(Unscaled):
    """algorithm_type dpmsolver++, solver_order 2, midpoint, lower_order_final, final sigma 0."""

    def __init__(self, cfg, steps):
        ac = alphas_cumprod(cfg)
        n = cfg["num_train_timesteps"]
        spacing = cfg.get("timestep_spacing", "linspace")
        assert spacing == "linspace", spacing
        self.timesteps = np.linspace(0, n - 1, steps + 1).round()[::-1][:-1].copy().astype(np.int64)
        sig = np.array(((1 - ac) / ac) ** 0.5)
        sig = np.interp(self.timesteps, np.arange(0, len(sig)), sig)
        self.sigmas = torch.from_numpy(np.concatenate([sig, [0.0]]).astype(np.float32))
        self.outputs = [None, None]
        self.lower_order_nums = 0
        self.index = 0

    @staticmethod
    def _alpha_sigma(sigma):
        alpha = 1 / (sigma ** 2 + 1) ** 0.5
        return alpha, sigma * alpha

    def step(self, eps, t, x):
        i = self.index
        n = len(self.timesteps)
        final = i == n - 1
        alpha_s0, sigma_s0 = self._alpha_sigma(self.sigmas[i])
        x0 = (x - sigma_s0 * eps) / alpha_s0
        self.outputs = [self.outputs[1], x0]
        alpha_t, sigma_t = self._alpha_sigma(self.sigmas[i + 1])
        lam_t = torch.log(alpha_t) - torch.log(sigma_t)
        lam_s0 = torch.log(alpha_s0) - torch.log(sigma_s0)
        h = lam_t - lam_s0
        if self.lower_order_nums < 1 or final:
            out = (sigma_t / sigma_s0) * x - alpha_t * (torch.exp(-h) - 1.0) * x0
        else:
            alpha_s1, sigma_s1 = self._alpha_sigma(self.sigmas[i - 1])
            lam_s1 = torch.log(alpha_s1) - torch.log(sigma_s1)
            r0 = (lam_s0 - lam_s1) / h
            d0 = self.outputs[1]
            d1 = (1.0 / r0) * (self.outputs[1] - self.outputs[0])
            out = (sigma_t / sigma_s0) * x - alpha_t * (torch.exp(-h) - 1.0) * d0 \
                - 0.5 * (alpha_t * (torch.exp(-h) - 1.0)) * d1
        if self.lower_order_nums < 2:
            self.lower_order_nums += 1
        self.index += 1
        return out


class EulerDiscrete:
    """Euler on the sigma scale x = x0 + sigma * eps: epsilon prediction, linear interpolation of the
    training sigmas at (possibly fractional) timesteps, no churn, a final sigma of 0. The start is
    scaled by init_noise_sigma and the model sees x / sqrt(sigma^2 + 1), the DDPM-scale sample."""

    def __init__(self, cfg, steps):
        ac = alphas_cumprod(cfg)
        n = cfg["num_train_timesteps"]
        self.spacing = cfg.get("timestep_spacing", "linspace")
        if self.spacing == "linspace":
            ts = np.linspace(0, n - 1, steps, dtype=np.float32)[::-1].copy()
        elif self.spacing == "leading":
            ts = (np.arange(0, steps) * (n // steps)).round()[::-1].astype(np.float32) + cfg["steps_offset"]
        elif self.spacing == "trailing":
            ts = np.arange(n, 0, -n / steps).round().astype(np.float32) - 1
        else:
            raise ValueError(self.spacing)
        self.timesteps = ts
        train = (((1 - ac) / ac) ** 0.5).numpy()
        at = np.interp(ts, np.arange(0, n), train)
        self.sigmas = torch.from_numpy(np.concatenate([at, [0.0]]).astype(np.float32))
        self.index = 0

    @property
    def init_noise_sigma(self):
        top = self.sigmas.max()
        if self.spacing == "leading":
            return (top ** 2 + 1) ** 0.5
        return top

    def scale_model_input(self, x, t):
        assert t == self.timesteps[self.index], (t, self.index)
        return x / (self.sigmas[self.index] ** 2 + 1) ** 0.5

    def step(self, eps, t, x):
        assert t == self.timesteps[self.index], (t, self.index)
        sigma, after = self.sigmas[self.index], self.sigmas[self.index + 1]
        x0 = x - sigma * eps
        slope = (x - x0) / sigma
        self.index += 1
        return x + slope * (after - sigma)


def sample(model, scheduler, latents, labels, guidance, latent_channels, guided_channels=None):
    """A diffusers sampling loop with DiTPipeline's guidance (scale > 1): the doubled batch
    [cond, null] through every step, the start times init_noise_sigma, the model fed
    scale_model_input(x) while the step updates x itself (as StableDiffusionPipeline does; DiTPipeline
    passes the scaled input on to step, which only DDPM-scale samplers such as DDIM and DPM-Solver
    tolerate).

    guided_channels: None = diffusers (all latent channels); 3 = the original DiT repository."""
    g = latent_channels if guided_channels is None else guided_channels
    b = latents.shape[0]
    start = latents * scheduler.init_noise_sigma
    x = torch.cat([start, start], 0)
    y = torch.cat([labels, torch.full((b,), 1000, dtype=torch.long)], 0)
    for t in scheduler.timesteps:
        half = x[:b]
        x = torch.cat([half, half], 0)
        seen = scheduler.scale_model_input(x, t)
        out = model(seen, torch.full((2 * b,), float(t), dtype=torch.float32), y)
        eps, rest = out[:, :g], out[:, g:]
        cond, uncond = eps[:b], eps[b:]
        guided = uncond + guidance * (cond - uncond)
        out = torch.cat([torch.cat([guided, guided], 0), rest], 1)
        eps = out[:, :latent_channels]
        x = scheduler.step(eps, t, x)
    return x[:b]
