"""Uniform weight averaging over the second part of training (stochastic weight averaging;
SWAD reports it as one of the few methods that reliably help on unseen domains, and an
unseen source is exactly our test). Costs no extra training steps: the running mean of the
parameters is updated every `every` steps once training passes `start` (0..1 of the budget),
then BatchNorm statistics are re-estimated for the averaged weights on training batches."""
import torch


class WeightAverage:
    def __init__(self, model, start=0.5, every=5):
        self.start, self.every, self.count = start, every, 0
        self.mean = {k: torch.zeros_like(p) for k, p in model.named_parameters()}

    def update(self, model, step, progress):
        if progress < self.start or step % self.every:
            return
        self.count += 1
        with torch.no_grad():
            for k, p in model.named_parameters():
                self.mean[k] += (p.detach() - self.mean[k]) / self.count

    def apply(self, model, batches):
        """Load the mean weights into `model` and re-estimate its BatchNorm statistics
        (cumulative average) on `batches` (an iterable of input tensors)."""
        if not self.count:
            return model
        with torch.no_grad():
            for k, p in model.named_parameters():
                p.copy_(self.mean[k])
            bns = [m for m in model.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
            momenta = [m.momentum for m in bns]
            for m in bns:
                m.reset_running_stats()
                m.momentum = None  # cumulative moving average over the recalibration batches
            model.train()
            for m in model.modules():  # no training-time perturbations (MixStyle) in the statistics
                if getattr(m, "train_only", False):
                    m.eval()
            for x in batches:
                model(x)
            for m, mom in zip(bns, momenta):
                m.momentum = mom
        return model.eval()
