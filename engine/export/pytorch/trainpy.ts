/**
 * The fixed part of train.py: arguments, the process group torchrun sets up, the data split,
 * the loop and rank-0 logging/saving. It calls the graph-specific functions train.ts writes
 * above it (loss_fn, metric_sum, make_optimizer, learning_rate).
 */
export const TRAIN_LOOP = `def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--epochs', type=int, default=EPOCHS)
    p.add_argument('--batch-size', type=int, default=BATCH_SIZE, help='global batch, split over the processes')
    p.add_argument('--lr', type=float, default=LR)
    p.add_argument('--limit', type=int, default=None, help='use only the first N samples')
    p.add_argument('--data', default=os.path.join(HERE, 'data.npz'), help='data.npz, a CSV file or an image folder')
    p.add_argument('--weights', default=os.path.join(HERE, 'weights.npz'),
                   help="starting weights; '' for PyTorch's own initialisation")
    p.add_argument('--out', default=os.path.join(HERE, 'trained.pt'), help='state_dict saved after every epoch')
    p.add_argument('--folds', type=int, default=FOLDS,
                   help='k-fold cross-validation: K runs, each validating on one fold, then mean ± std')
    return p.parse_args()


def setup():
    """(rank, world size, device). torchrun sets WORLD_SIZE, RANK and LOCAL_RANK for each process."""
    cuda = torch.cuda.is_available()
    if 'WORLD_SIZE' not in os.environ:
        return 0, 1, torch.device('cuda' if cuda else 'cpu')
    dist.init_process_group('nccl' if cuda else 'gloo')
    device = torch.device('cuda', int(os.environ.get('LOCAL_RANK', 0))) if cuda else torch.device('cpu')
    if cuda:
        torch.cuda.set_device(device)
    return dist.get_rank(), dist.get_world_size(), device


def split(x, y, test_from=None, limit=None, fold=None):
    """Deepwire's split. With fold = (k, i): fold i of Deepwire's k folds of the training samples
    validates. 'official': train on the samples before test_from, validate on the dataset's own test
    samples after it (a limit keeps each part's share); otherwise a seeded VALIDATION_SPLIT share of
    the training samples (round(n * split), at least one) is held out; sequential partitioning holds
    out the last share instead, so the training windows stay one unbroken run of text."""
    n = len(x)
    if fold is not None:
        train, val = fold_indices(min(test_from if test_from is not None else n, limit or n), *fold)
        return TensorDataset(x[train], y[train]), TensorDataset(x[val], y[val])
    if SPLIT == 'official' and test_from is not None:
        n_val = min(round(limit * (n - test_from) / n), n - test_from) if limit else n - test_from
        n_train = min(limit - n_val, test_from) if limit else test_from
        train, val = torch.arange(n_train), torch.arange(test_from, test_from + n_val)
        return TensorDataset(x[train], y[train]), TensorDataset(x[val], y[val])
    n = min(test_from if test_from is not None else n, limit or n)
    if PARTITION == 'sequential':
        n_val = min(n - 1, max(1 if VALIDATION_SPLIT > 0 else 0, math.floor(n * VALIDATION_SPLIT + 0.5)))
        train, val = torch.arange(n - n_val), torch.arange(n - n_val, n)
        return TensorDataset(x[train], y[train]), TensorDataset(x[val], y[val])
    n_val = min(max(round(n * VALIDATION_SPLIT), 1 if VALIDATION_SPLIT > 0 and n > 1 else 0), n - 1)
    order = torch.from_numpy(np.random.RandomState(SEED).permutation(n))
    train, val = order[: n - n_val], order[n - n_val:]
    return TensorDataset(x[train], y[train]), TensorDataset(x[val], y[val])


def normalize(x, mean, std):
    """torchvision's transforms.Normalize on a whole NCHW batch: (x - mean[c]) / std[c], as Deepwire
    standardises images for a pretrained network."""
    shape = (1, -1, 1, 1)
    return (x - torch.tensor(mean).view(shape)) / torch.tensor(std).view(shape)


def sums(model, batch, device):
    """(loss, metric) summed over the batch; the loss is the batch mean times its size."""
    x, y = batch[0].to(device), batch[1].to(device)
    pred = model(x)
    return loss_fn(pred, y) * len(x), metric_sum(pred, y).detach(), len(x)


def all_sum(values, world):
    """Adds the per-process totals, so every rank reports whole-dataset numbers."""
    t = torch.tensor(values, dtype=torch.float64)
    if world > 1:
        dist.all_reduce(t)
    return t.tolist()


def evaluate(model, loader, device, world):
    model.eval()
    loss = metric = count = 0.0
    with torch.no_grad():
        for batch in loader:
            l, m, n = sums(model, batch, device)
            loss, metric, count = loss + l.item(), metric + m.item(), count + n
    loss, metric, count = all_sum([loss, metric, count], world)
    return loss / max(count, 1), metric / max(count, 1)


def report(label, loss, metric):
    return f'{label} {loss:.4f}' + (f' {label.replace("loss", METRIC)} {metric:.4f}' if METRIC else '')


def train(args, rank, world, device, fold=None):
    """One training run (fold = (k, i) for fold i of k); returns the last validation (loss, metric)."""
    log = print if rank == 0 else (lambda *a, **k: None)
    torch.manual_seed(SEED)
    x, y = data.load(args.data, INPUT_SHAPE, INT_TARGETS)
    if NORMALIZE:
        x = normalize(x, *NORMALIZE)
    train_set, val_set = split(x, y, data.test_from(args.data), args.limit, fold)
    check_set = val_set if len(val_set) else train_set
    per_process = max(1, args.batch_size // world)
    sequential = PARTITION == 'sequential'
    if sequential:
        if world > 1:
            sys.exit('train.py: sequential partitioning carries the recurrent state from batch to batch, '
                     'so it trains in one process: run python train.py without torchrun')
        per_process = min(per_process, len(train_set))
        order = sequential_order(torch.arange(len(train_set)), per_process)
        train_set = TensorDataset(*(t[order] for t in train_set.tensors))
    shuffle = SHUFFLE and not sequential
    sampler = DistributedSampler(train_set, world, rank, shuffle=shuffle, seed=SEED) if world > 1 else None
    train_loader = DataLoader(train_set, per_process, shuffle=shuffle and sampler is None, sampler=sampler)
    check_sampler = DistributedSampler(check_set, world, rank, shuffle=False) if world > 1 else None
    check_loader = DataLoader(check_set, per_process, sampler=check_sampler)

    net = Net()
    if args.weights:
        load_weights(net, args.weights)
    for key in FROZEN:
        net.get_parameter(key).requires_grad_(False)
    carry = StateCarry(net) if sequential else None
    decay = [(net.get_parameter(key), wd) for key, wd in WEIGHT_DECAY]
    net.to(device)
    model = DistributedDataParallel(net, device_ids=[device] if device.type == 'cuda' else None) if world > 1 else net
    optimizer = make_optimizer([p for p in net.parameters() if p.requires_grad], args.lr)
    log(f'{DATASET}: {len(train_set)} training and {len(val_set)} validation samples; '
        f'{world} process(es) on {device}, batch {per_process} per process', flush=True)
    label = 'val_loss' if len(val_set) else 'train_loss'
    # each fold keeps its own weights: trained-fold1.pt, trained-fold2.pt …
    out = args.out if fold is None else '{0}-fold{2}{1}'.format(*os.path.splitext(args.out), fold[1] + 1)
    log('epoch 0 ' + report(label, *evaluate(model, check_loader, device, world)), flush=True)

    best, waited = math.inf, 0
    for epoch in range(args.epochs):
        start = time.time()
        if sampler:
            sampler.set_epoch(epoch)
        for group in optimizer.param_groups:
            group['lr'] = learning_rate(epoch, args.lr, args.epochs)
        if carry:
            carry.reset()
        model.train()
        loss_sum = metric_sum_ = count = 0.0
        for batch in train_loader:
            optimizer.zero_grad()
            l, m, n = sums(model, batch, device)
            loss = l / n + sum(wd / 2 * (w**2).sum() for w, wd in decay)
            loss.backward()
            if CLIP_NORM:
                torch.nn.utils.clip_grad_norm_(net.parameters(), CLIP_NORM)
            optimizer.step()
            loss_sum, metric_sum_, count = loss_sum + l.item(), metric_sum_ + m.item(), count + n
        loss_sum, metric_sum_, count = all_sum([loss_sum, metric_sum_, count], world)
        checked = evaluate(model, check_loader, device, world)
        log(f'epoch {epoch + 1}/{args.epochs} ' + report('loss', loss_sum / count, metric_sum_ / count) + ' '
            + report(label, *checked) + f' ({time.time() - start:.1f}s)', flush=True)
        if rank == 0:
            torch.save(net.state_dict(), out)
        if PATIENCE:
            if checked[0] < best - MIN_DELTA:
                best, waited = checked[0], 0
            else:
                waited += 1
                if waited >= PATIENCE:
                    log(f'early stop: no progress for {PATIENCE} epochs')
                    break
    log(f'saved {out}')
    return checked


def fold_summary(results):
    """One line per validation measure: its mean ± sample std over the folds, as Deepwire reports."""
    names = ['val_loss'] + ([f'val_{METRIC}'] if METRIC else [])
    lines = []
    for k, name in enumerate(names):
        values = [r[k] for r in results]
        mean = sum(values) / len(values)
        std = math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1)) if len(values) > 1 else 0.0
        lines.append(f'{name} {mean:.4f} ± {std:.4f} ({len(values)} folds)')
    return '\\n'.join(lines)


def main():
    args = parse_args()
    rank, world, device = setup()
    if args.folds:
        results = []
        for i in range(args.folds):
            if rank == 0:
                print(f'fold {i + 1} of {args.folds}', flush=True)
            results.append(train(args, rank, world, device, (args.folds, i)))
        if rank == 0:
            print(f'{args.folds}-fold cross-validation:\\n' + fold_summary(results), flush=True)
    else:
        train(args, rank, world, device)
    if world > 1:
        # train() has returned, so DistributedDataParallel is gone before its process group: the
        # other order can leave a process hanging at exit
        dist.barrier()
        dist.destroy_process_group()


if __name__ == '__main__':
    main()
`
