/**
 * Python for detection graphs in model.py: the anchors of a feature map (the course's
 * multibox_prior) and the post-processing that turns the network's output into boxes — offset
 * decoding and non-maximum suppression, as engine/detect does it.
 */
export const DETECT_HELPERS: Record<string, string> = {
  multibox_prior: `def multibox_prior(x, sizes, ratios):
    """Anchors [N, H·W·(n+m−1), 4] (x1, y1, x2, y2 in [0, 1]) for the NCHW feature map x:
    each size with the first ratio, then the first size with every other ratio, per pixel."""
    h, w = x.shape[-2:]
    s = torch.tensor(sizes, dtype=torch.float32, device=x.device)
    r = torch.tensor(ratios, dtype=torch.float32, device=x.device)
    bw = torch.cat((s * r[0].sqrt(), s[0] * r[1:].sqrt())) * h / w
    bh = torch.cat((s / r[0].sqrt(), s[0] / r[1:].sqrt()))
    cy = (torch.arange(h, device=x.device, dtype=torch.float32) + 0.5) / h
    cx = (torch.arange(w, device=x.device, dtype=torch.float32) + 0.5) / w
    yy, xx = torch.meshgrid(cy, cx, indexing='ij')
    centres = torch.stack([xx, yy, xx, yy], dim=-1).reshape(-1, 1, 4)
    half = torch.stack([-bw, -bh, bw, bh], dim=-1) / 2
    return (centres + half).reshape(1, -1, 4).expand(x.shape[0], -1, -1)`,

  multibox_detection: `def box_iou(a, b):
    """IoU of every box in a [n, 4] with every box in b [m, 4] (corner form)."""
    area = lambda t: (t[:, 2] - t[:, 0]) * (t[:, 3] - t[:, 1])
    lt = torch.max(a[:, None, :2], b[None, :, :2])
    rb = torch.min(a[:, None, 2:], b[None, :, 2:])
    inter = (rb - lt).clamp(min=0).prod(dim=2)
    return inter / (area(a)[:, None] + area(b)[None, :] - inter)


def offset_inverse(anchors, offsets):
    """Boxes from anchors and predicted offsets: centre + offset·size/10, size·exp(offset/5)."""
    c = torch.cat(((anchors[:, :2] + anchors[:, 2:]) / 2, anchors[:, 2:] - anchors[:, :2]), dim=1)
    xy = offsets[:, :2] * c[:, 2:] / 10 + c[:, :2]
    wh = torch.exp(offsets[:, 2:] / 5) * c[:, 2:]
    return torch.cat((xy - wh / 2, xy + wh / 2), dim=1)


def nms(boxes, scores, iou_threshold):
    """Indices of the kept boxes, most confident first; a box overlapping a kept one by more
    than iou_threshold is dropped."""
    order = torch.argsort(scores, descending=True)
    keep = []
    while order.numel() > 0:
        i = order[0]
        keep.append(int(i))
        if order.numel() == 1:
            break
        iou = box_iou(boxes[i].reshape(1, 4), boxes[order[1:]]).reshape(-1)
        order = order[1:][iou <= iou_threshold]
    return torch.tensor(keep, dtype=torch.long)


def multibox_detection(output, num_classes, nms_threshold=0.5, min_score=0.01, max_detections=100):
    """Boxes from the network's output [N, anchors, (classes+1) + 4 + 4] (class scores with the
    background first, box offsets, anchors): per image a list of (class, score, x1, y1, x2, y2)
    rows, the kept detections, most confident first, at most max_detections."""
    k = num_classes + 1
    results = []
    for out in output:
        probs = torch.softmax(out[:, :k], dim=1)
        conf, cls = probs[:, 1:].max(dim=1)
        boxes = offset_inverse(out[:, k + 4:k + 8], out[:, k:k + 4])
        keep = nms(boxes, conf, nms_threshold)
        keep = keep[conf[keep] >= min_score][:max_detections]
        results.append(torch.cat((cls[keep, None].float(), conf[keep, None], boxes[keep]), dim=1))
    return results`,
}
