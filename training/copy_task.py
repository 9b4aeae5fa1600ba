"""A copy task for the curriculum's first phase: windows whose only learnable part is repeating spans of the
text before them, in the answers' quoting form (`▁"` span `"`).

A RAG answer that quotes its context needs an induction circuit (find where the current token occurred
before, emit what followed it). On the RAG corpus alone that circuit did not form in 1,000 steps: the models
learned the answer's form and invented the quoted words. Here nothing else lowers the loss, so it forms
first; the RAG phase then only has to learn which sentence to quote.

Half the contexts are random ordinary tokens (nothing to memorise, so only copying helps); half are windows
of the training text (real word pieces, where one token of context is ambiguous and longer matches count), or,
with copy_spelled, reviews in real reviews' forms (quote_task.py's spelled_text: mostly single characters).
"""
import numpy as np
import torch

NEWLINE = "<0x0A>"
OPEN_QUOTE = "▁\""
CLOSE_QUOTE = "\""


class CopyTask:
    def __init__(self, vocab, train_tokens, seq_len, answer_weight, alphabet=0, spelled=None):
        if seq_len < 124:
            raise ValueError(f"the copy task needs windows of at least 124 tokens (a 40-token context and three spans); seq_len is {seq_len}")
        tokens = vocab["tokens"]
        self.newline, self.open, self.close = (tokens.index(t) for t in (NEWLINE, OPEN_QUOTE, CLOSE_QUOTE))
        # Not the quote marks: inside a random context they would blur where a quoted span ends.
        ordinary = [i for i, t in enumerate(vocab["types"]) if t == 1 and i not in (self.open, self.close)]
        if alphabet:
            # The most frequent pieces of the training text: each is seen often enough to get an embedding.
            counts = np.bincount(train_tokens.numpy(), minlength=len(tokens))
            ordinary = sorted(ordinary, key=lambda i: -counts[i])[:alphabet]
        self.ordinary = np.array(ordinary, dtype=np.int64)
        self.bos, self.eos = vocab["bosId"], vocab["eosId"]
        self.text = train_tokens
        self.seq_len = seq_len
        self.answer_weight = answer_weight
        # spelled(rng, n): n tokens of reviews in real reviews' forms (QuoteTask.spelled_text), used in place of the
        # training text: runs of single-character pieces, where only a match of several tokens finds the source.
        self.spelled = spelled

    def row(self, rng):
        """One window of seq_len + 1 tokens and the loss weight of each predicted token."""
        spans = int(rng.integers(1, 4))
        n = int(rng.integers(40, self.seq_len - 2 - spans * 26))
        random_context = rng.random() < 0.5
        if random_context:
            context = rng.choice(self.ordinary, n)
        elif self.spelled:
            context = np.array(self.spelled(rng, n), dtype=np.int64)
        else:
            at = int(rng.integers(0, len(self.text) - n))
            context = self.text[at: at + n].numpy()
        # Random and spelled contexts are letters drawn at random: nothing in them to learn but where to copy from.
        unlearnable = random_context or self.spelled is not None
        ids, weights = [self.bos, *context.tolist(), self.newline], [0.0 if unlearnable else 1.0] * n + [1.0]
        if random_context:
            # The whole context again: the plainest induction signal, every token past the first a copy.
            n = min(n, (self.seq_len - 4) // 2)
            ids = ids[: n + 1] + [self.newline, self.open, *context[:n].tolist(), self.close]
            weights = weights[:n] + [1.0, 1.0, 1.0] + [self.answer_weight] * (n - 1) + [1.0]
            spans = 0
        for _ in range(spans):
            m = int(rng.integers(3, 25))
            start = int(rng.integers(0, n - m))
            # A span's first token and its length have no cue (any position could start or end a quote): weight 1.
            ids += [self.open, *context[start: start + m].tolist(), self.close]
            weights += [1.0, 1.0] + [self.answer_weight] * (m - 1) + [1.0]
        ids.append(self.eos)
        weights.append(1.0)
        window = torch.full((self.seq_len + 1,), self.eos, dtype=torch.long)
        w = torch.zeros(self.seq_len)
        ids, weights = ids[: self.seq_len + 1], weights[: self.seq_len]
        window[: len(ids)] = torch.tensor(ids)
        w[: len(weights)] = torch.tensor(weights)
        return window, w

    def batch(self, rng, rows):
        made = [self.row(rng) for _ in range(rows)]
        return torch.stack([m[0] for m in made]), torch.stack([m[1] for m in made])


def copy_accuracy(logits, batch, weights, answer_weight):
    """Share of copied tokens (weight == answer_weight, past each span's first) predicted exactly."""
    if answer_weight == 1:
        return None  # copied tokens are told apart by their weight: with no answer weight they cannot be
    copied = weights == answer_weight
    if not copied.any():
        return None
    hits = logits.argmax(-1) == batch[:, 1:]
    return (hits & copied).sum().item() / copied.sum().item()
