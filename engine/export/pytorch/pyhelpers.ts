/**
 * Python functions model.py includes when a layer's forward needs them: TensorFlow behaviour
 * PyTorch has no switch for. Each is written out so the user can read what it does.
 */
export const PY_HELPERS: Record<string, string> = {
  sinusoid_table: `def sinusoid_table(steps, d, device=None):
    """The Transformer's fixed position code: P[t, 2i] = sin(t / 10000^(2i/d)) and
    P[t, 2i+1] = cos(t / 10000^(2i/d)), computed in float64 and rounded once."""
    t = torch.arange(steps, dtype=torch.float64, device=device)[:, None]
    i = torch.arange(d, dtype=torch.float64, device=device)
    angle = t / torch.pow(10000.0, (i - i % 2) / d)
    return torch.where(i % 2 == 0, torch.sin(angle), torch.cos(angle)).float()`,

  avg_pool_same: `def avg_pool_same(x, kernel, stride, pads):
    """TensorFlow's 'same' average pooling where the padding is uneven: each window's mean over
    the real pixels only (nn.AvgPool2d pads symmetrically)."""
    ones = torch.ones_like(x[:1, :1])
    total = F.avg_pool2d(F.pad(x, pads), kernel, stride)
    count = F.avg_pool2d(F.pad(ones, pads), kernel, stride)
    return total / count`,

  upsample_bilinear_tf: `def upsample_bilinear_tf(x, scale):
    """Bilinear upsampling the way TensorFlow.js trained it: source pixel = output pixel / scale,
    without F.interpolate's half-pixel centres, so the edges match the engine exactly."""

    def axis(n_in, n_out):
        src = torch.arange(n_out, dtype=torch.float32, device=x.device) * (n_in / n_out)
        lo = src.floor().long()
        hi = (lo + 1).clamp(max=n_in - 1)
        return lo, hi, (src - lo).to(x.dtype)

    top, bottom, fy = axis(x.shape[2], x.shape[2] * scale[0])
    left, right, fx = axis(x.shape[3], x.shape[3] * scale[1])
    cols = x[..., left] + (x[..., right] - x[..., left]) * fx
    return cols[:, :, top] + (cols[:, :, bottom] - cols[:, :, top]) * fy[:, None]`,
}

export const LOAD_WEIGHTS = `def load_weights(model, path):
    """Loads the state_dict Deepwire exported (weights.npz: one NumPy array per key) into \`model\`."""
    with np.load(path) as arrays:
        model.load_state_dict({key: torch.from_numpy(arrays[key]) for key in arrays.files})
    return model`
