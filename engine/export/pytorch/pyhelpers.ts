/**
 * Python functions model.py includes when a layer's forward needs them: TensorFlow behaviour
 * PyTorch has no switch for. Each is written out so the user can read what it does.
 */
import { DETECT_HELPERS } from './detect-helpers'
export const PY_HELPERS: Record<string, string> = {
  ...DETECT_HELPERS,
  causal_mask: `def causal_mask(tq, tv, device=None):
    """Added to attention scores [.., tq, tv]: -1e9 where key j comes after query i, else 0.
    Deepwire adds -1e9 rather than -inf, so a query with every key masked averages them evenly."""
    return torch.full((tq, tv), -1e9, device=device).triu(1)`,

  dot_attention: `def dot_attention(q, k, v, scale, causal):
    """Dot-product attention: softmax over keys of q·k / scale, averaging the values."""
    scores = q @ k.transpose(-2, -1) / scale
    if causal:
        scores = scores + causal_mask(q.shape[1], k.shape[1], q.device)
    return torch.softmax(scores, dim=-1) @ v`,

  additive_attention: `def additive_attention(m, q, k, v, causal):
    """Additive (Bahdanau) attention: score(q, k) = w·tanh(W_q q + W_k k), softmax over keys."""
    scores = m['score'](torch.tanh(m['query'](q)[:, :, None] + m['key'](k)[:, None])).squeeze(-1)
    if causal:
        scores = scores + causal_mask(q.shape[1], k.shape[1], q.device)
    return torch.softmax(scores, dim=-1) @ v`,

  multi_head_attention: `def multi_head_attention(m, q, kv, heads, causal=False, ids=None, pad_id=-1):
    """Scaled dot-product attention in \`heads\` heads with m's query/key/value/output projections.
    With causal=True later keys are masked; keys whose token id (ids) equals pad_id are masked."""

    def split(x):  # [N, T, heads·k] → [N, heads, T, k]
        return x.unflatten(-1, (heads, -1)).transpose(1, 2)

    Q, K, V = split(m['query'](q)), split(m['key'](kv)), split(m['value'](kv))
    scores = Q @ K.transpose(-2, -1) / Q.shape[-1] ** 0.5
    if causal:
        scores = scores + causal_mask(q.shape[1], kv.shape[1], q.device)
    if ids is not None:
        scores = scores + (ids == pad_id).float()[:, None, None, :] * -1e9
    weights = torch.softmax(scores, dim=-1)
    if 'dropout' in m:
        weights = m['dropout'](weights)
    return m['output']((weights @ V).transpose(1, 2).flatten(2))`,

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
