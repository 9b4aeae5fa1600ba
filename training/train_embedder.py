"""Trains the demo embedder: the same ONNX graph as the bag-of-words one (a Gather from a token table, mean
pooled and normalised by transformers.js), with the table trained contrastively on the synthetic reviews so a
"like" question lands near praise and a "dislike" question near complaints of the same product. It starts from
the bag-of-words table and is pulled back towards it, so words it never saw still match lexically.

  /usr/bin/python3 training/train_embedder.py --data training/data --out training/weights [--steps N]
"""
import argparse
import hashlib
import json
import os
import re
import time
from collections import defaultdict

import numpy as np
import torch

LIKE = ["What do people like about the product?", "What do customers like about the product?", "What are the good points of the product?",
        "What do reviewers praise?", "What do people love about it?", "What works well?", "What are the pros?"]
DISLIKE = ["What do people dislike about the product?", "What do customers dislike about the product?", "What do people complain about?",
           "What problems do reviewers mention?", "What are the complaints?", "What goes wrong with it?", "What are the cons?"]


class WordPiece:
    """BERT's lowercase + punctuation split + greedy longest-match WordPiece, as transformers.js runs it."""

    def __init__(self, vocab):
        self.ids = {t: i for i, t in enumerate(vocab)}

    def word(self, w):
        if w in self.ids:
            return [self.ids[w]]
        out, start = [], 0
        while start < len(w):
            end, found = len(w), None
            while start < end:
                piece = w[start:end] if start == 0 else "##" + w[start:end]
                if piece in self.ids:
                    found = self.ids[piece]
                    break
                end -= 1
            if found is None:
                return [self.ids["[UNK]"]]
            out.append(found)
            start = end
        return out

    def __call__(self, text):
        ids = [self.ids["[CLS]"]]
        for w in re.findall(r"[a-z0-9]+|[^a-z0-9\s]", text.lower()):
            ids += self.word(w)
        return ids[:255] + [self.ids["[SEP]"]]


def bags(texts, tok, n_vocab):
    """A sparse (texts x vocab) count matrix: mean pooling is this times the table, up to a scale."""
    rows, cols = [], []
    for r, t in enumerate(texts):
        for i in tok(t):
            rows.append(r)
            cols.append(i)
    idx = torch.tensor([rows, cols])
    return torch.sparse_coo_tensor(idx, torch.ones(len(rows)), (len(texts), n_vocab)).coalesce()


def embed(bag, table):
    return torch.nn.functional.normalize(torch.sparse.mm(bag, table), dim=-1)


def recall_at_2(reviews, table, tok, n_vocab):
    """Share of the top-2 reviews (within each product) whose polarity matches the question's."""
    by_product = defaultdict(list)
    for r in reviews:
        by_product[r["asin"]].append(r)
    q = embed(bags([LIKE[0], DISLIKE[0]], tok, n_vocab), table)
    hits = {"like": 0, "dislike": 0}
    for docs in by_product.values():
        d = embed(bags([r["doc"] for r in docs], tok, n_vocab), table)
        for qi, name in enumerate(["like", "dislike"]):
            top = (d @ q[qi]).topk(2).indices.tolist()
            hits[name] += sum(docs[i]["positive"] == (name == "like") for i in top)
    return {k: round(v / (2 * len(by_product)), 3) for k, v in hits.items()}


def word_reviews(words, rng, n):
    """Short reviews made of rated words ("The strap is flimsy and overpriced."), half praise, half complaint: every
    rated word AFINN-165 lists is pulled to its side, including the many the corpus's sentences never use."""
    out = []
    for i in range(n):
        positive = i % 2 == 0
        pool = words["praise" if positive else "complaint"]
        a, b = rng.choice(pool, 2)
        out.append({"doc": f"The {rng.choice(words['nouns'])} is {a} and {b}.", "positive": positive})
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="training/data")
    ap.add_argument("--out", default="training/weights")
    ap.add_argument("--steps", type=int, default=400)
    ap.add_argument("--seed", type=int, default=20261128)
    ap.add_argument("--lr", type=float, default=0.01)
    ap.add_argument("--pull", type=float, default=0.1, help="weight of the pull back towards the bag-of-words table")
    args = ap.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(1)
    began = time.time()
    vocab = json.load(open(os.path.join(args.data, "embedder-vocab.json")))
    n, init = len(vocab), np.fromfile(os.path.join(args.data, "embedder-init.f32"), dtype=np.float32)
    dim = init.size // n
    w0 = torch.from_numpy(init.reshape(n, dim).copy())
    table = torch.nn.Parameter(w0.clone())
    tok = WordPiece(vocab)
    reviews = json.load(open(os.path.join(args.data, "reviews.json")))
    held = json.load(open(os.path.join(args.data, "reviews-heldout.json")))
    by_product = defaultdict(list)
    for r in reviews:
        by_product[r["asin"]].append(r)
    products = sorted(by_product)
    doc_bags = {p: bags([r["doc"] for r in by_product[p]], tok, n) for p in products}
    polarity = {p: torch.tensor([r["positive"] for r in by_product[p]]) for p in products}
    words = json.load(open(os.path.join(args.data, "embedder-words.json")))
    q_bags = bags(LIKE + DISLIKE, tok, n)
    q_like = torch.tensor([True] * len(LIKE) + [False] * len(DISLIKE))
    special = torch.tensor([vocab.index(t) for t in ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]])
    opt = torch.optim.Adam([table], lr=args.lr)
    before = recall_at_2(held, w0, tok, n)
    rng = np.random.default_rng(args.seed)
    curve = []
    for step in range(args.steps):
        q = embed(q_bags, table)
        loss = 0.0
        for p in rng.choice(products, 16, replace=False):
            extra = word_reviews(words, rng, 4)
            d = embed(torch.cat([doc_bags[p].to_dense(), bags([r["doc"] for r in extra], tok, n).to_dense()]).to_sparse(), table)
            pol = torch.cat([polarity[p], torch.tensor([r["positive"] for r in extra])])
            logits = (q @ d.t()) / 0.1  # [questions, reviews of this product]
            match = q_like[:, None] == pol[None, :]
            # Every matching review must outrank all the others (InfoNCE per positive): a loss over the
            # positives' total mass would let "like" (8 of 12 reviews) rank a complaint first.
            neg = logits.masked_fill(match, float("-inf")).logsumexp(-1, keepdim=True)
            per_pos = torch.nn.functional.softplus(neg - logits)
            loss = loss + (per_pos * match).sum() / match.sum() / 16
        total = loss + args.pull * (table - w0).pow(2).sum()
        opt.zero_grad()
        total.backward()
        opt.step()
        with torch.no_grad():
            table[special] = 0
        if step % 20 == 0 or step == args.steps - 1:
            curve.append([step + 1, round(float(loss), 4)])
            print(f"embedder step {step + 1}/{args.steps} loss {float(loss):.4f}", flush=True)
    final = table.detach()
    # Compact form: one f32 scale per row, then int8 values (row * 127 / max|row|).
    scale = final.abs().max(-1).values / 127
    q8 = torch.where(scale[:, None] > 0, (final / scale.clamp_min(1e-12)[:, None]).round().clamp(-127, 127), torch.zeros_like(final)).to(torch.int8)
    raw = scale.numpy().astype("<f4").tobytes() + q8.numpy().tobytes()
    shipped = q8.float() * scale[:, None]
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "embedder.bin"), "wb") as f:
        f.write(raw)
    with open(os.path.join(args.out, "embedder-vocab.json"), "w") as f:
        json.dump(vocab, f)
    data = json.load(open(os.path.join(args.data, "data.json")))
    manifest = {
        "id": "lineup-review-embedder", "dim": dim, "vocab_size": n, "vocab": "embedder-vocab.json", "bin": "embedder.bin",
        "bytes": len(raw), "sha256": hashlib.sha256(raw).hexdigest(), "seed": args.seed, "steps": args.steps, "lr": args.lr, "pull": args.pull, "temperature": 0.1,
        "data_sha256": data["sha256"], "loss_curve": curve, "wall_seconds": round(time.time() - began, 1),
        "heldout_recall_at_2": {"bag_of_words": before, "trained": recall_at_2(held, shipped, tok, n)},
    }
    with open(os.path.join(args.out, "embedder.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    print(json.dumps(manifest["heldout_recall_at_2"]))


if __name__ == "__main__":
    main()
