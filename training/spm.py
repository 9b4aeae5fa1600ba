"""The corpus vocabulary's tokenizer in Python, as llama.cpp runs it (SentencePiece-style: the pieces of a word are
merged pairwise, the highest-scoring merge first, the leftmost on a tie; characters the vocabulary lacks become
byte tokens). No piece holds "▁" past its first character, so no merge crosses a space and words are encoded
one at a time (and cached).

The quoting stage writes its reviews as text and encodes them here, so a word the vocabulary does not hold is
spelled in the single-character pieces a real review's words come out as: the 1,000 UCI Amazon sentences are
2.6 pieces a word, and two pieces in three are a single character (43% of their words are not one piece). `scripts/training-smoke.test.ts` checks it against llama.cpp's own tokenizer."""


class Spm:
    def __init__(self, vocab):
        tokens, types = vocab["tokens"], vocab["types"]
        if any("▁" in t[1:] for t in tokens):
            raise ValueError("a vocabulary piece holds ▁ past its start: words cannot be encoded one at a time")
        self.ids = {t: i for i, t in enumerate(tokens) if types[i] == 1}
        self.scores = vocab["scores"]
        self.byte_ids = {int(t[3:5], 16): i for i, t in enumerate(tokens) if types[i] == 6}
        self.cache = {}

    def word(self, word):
        """One word's ids; `word` starts with ▁ where a space precedes it."""
        if word in self.cache:
            return self.cache[word]
        symbols = list(word)
        while len(symbols) > 1:
            best = None
            for i in range(len(symbols) - 1):
                merged = self.ids.get(symbols[i] + symbols[i + 1])
                if merged is not None and (best is None or self.scores[merged] > self.scores[best[0]]):
                    best = (merged, i)
            if best is None:
                break
            symbols[best[1]: best[1] + 2] = [symbols[best[1]] + symbols[best[1] + 1]]
        ids = []
        for s in symbols:
            ids += [self.ids[s]] if s in self.ids else [self.byte_ids[b] for b in s.encode()]
        self.cache[word] = ids
        return ids

    def encode(self, text, spaced):
        """Text without a newline, with single spaces (a double space would lose a ▁ that llama.cpp writes);
        `spaced`: a space precedes its first word (mid-line), else it is written bare (after a newline or an
        opening quote)."""
        words = text.split(" ")
        return [x for k, w in enumerate(words) if w for x in self.word(("▁" if k or spaced else "") + w)]
