/**
 * train.py's Python for the two ways Deepwire cuts training data that PyTorch has no one-liner
 * for: k-fold cross-validation on exactly the engine's folds (its seeded shuffle, reproduced bit
 * for bit) and the course's sequential partitioning, whose recurrent layers carry their state
 * from one batch to the next. Placed above the loop (trainpy.ts), which calls them.
 */
export const SEQUENCE_HELPERS = `def deepwire_permutation(n, seed):
    """Deepwire's seeded shuffle (mulberry32 driving a Fisher-Yates shuffle), so the folds here are
    the engine's folds sample for sample."""
    mask = 0xFFFFFFFF
    state = (((seed & mask) ^ 0x9E3779B9) * 0x85EBCA6B) & mask
    order = list(range(n))
    for i in range(n - 1, 0, -1):
        state = (state + 0x6D2B79F5) & mask
        t = ((state ^ (state >> 15)) * (state | 1)) & mask
        t = (t ^ ((t + ((t ^ (t >> 7)) * (t | 61))) & mask)) & mask
        j = int((t ^ (t >> 14)) / 4294967296 * (i + 1))
        order[i], order[j] = order[j], order[i]
    return order


def fold_indices(n, folds, fold):
    """(train, validation) indices of fold \`fold\` (0-based) of n training samples: Deepwire's
    shuffle cut into \`folds\` slices, the first n % folds of them one sample longer, so every sample
    validates exactly once; the other slices train, in fold order."""
    if folds < 2 or folds > n:
        sys.exit(f'train.py: --folds must be from 2 to the {n} training samples, not {folds}')
    order = deepwire_permutation(n, SEED)
    base, extra = divmod(n, folds)
    bounds = [0]
    for f in range(folds):
        bounds.append(bounds[-1] + base + (1 if f < extra else 0))
    val = order[bounds[fold]:bounds[fold + 1]]
    train = [i for f in range(folds) if f != fold for i in order[bounds[f]:bounds[f + 1]]]
    return torch.tensor(train, dtype=torch.long), torch.tensor(val, dtype=torch.long)


def sequential_order(train, batch):
    """The course's sequential partitioning: the training windows, in text order, cut into \`batch\`
    streams of equal length; batch b holds window b of every stream, so row i of a batch continues
    the text of row i in the batch before. Windows beyond the equal streams rest."""
    stream = len(train) // batch
    return torch.stack([train[i * stream:(i + 1) * stream] for i in range(batch)], 1).reshape(-1)


class StateCarry:
    """Sequential partitioning: in training, a one-directional recurrent layer called without an
    initial state starts from the state it ended the previous batch in, detached so gradients stop
    at the batch boundary (Deepwire's layers do the same); reset() at each epoch's start.
    Evaluation never carries."""

    def __init__(self, net):
        self.states = {}
        for m in net.modules():
            if isinstance(m, torch.nn.RNNBase) and not m.bidirectional:
                m.register_forward_pre_hook(self._restore)
                m.register_forward_hook(self._keep)

    def reset(self):
        self.states.clear()

    def _restore(self, module, args):
        state = self.states.get(module)
        if not module.training or state is None or len(args) != 1:
            return None
        rows = (state[0] if isinstance(state, tuple) else state).shape[1]
        return (args[0], state) if rows == args[0].shape[0] else None

    def _keep(self, module, args, output):
        if module.training:
            h = output[1]
            self.states[module] = tuple(s.detach() for s in h) if isinstance(h, tuple) else h.detach()
`
