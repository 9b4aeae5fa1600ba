"""The quoting stage: RAG prompts whose reviews are sentences of random words, so that quoting the context is the
only way to lower the answer's loss.

The copy task (copy_task.py) makes the induction circuit form, but on copy-world's RAG corpus the answers did not
use it: the sentence templates carry most of every answer, and a model can lower its loss by recalling them. Here
each review is one or two sentences of a capitalised opener and 3-8 unrated words of the training text (its first
2M tokens), four in five with one AFINN-rated word of a side: no template, nothing to recall. With spelled_share,
that share of sentences is drawn in real reviews' forms instead (spelled_sentence: pseudo-words, numbers,
capitals, punctuation, encoded by spm.py). Questions, in the corpus's own wordings and raw or chat framing (half and
half):
- like or dislike (three in ten each): the answer quotes the first two sentences of that side, or, one time in
  six, the reviews hold none and it says so;
- "What do people say about the <word>?" (three in ten): the answer quotes the sentence holding it
  (`One review says: "<sentence>".`); one in ten names a word no review holds (`The reviews do not mention the
  <word>.`; with spelled_share, half of these are pseudo-words).
"""
import numpy as np
import torch

from spm import Spm

NEWLINE = "<0x0A>"
OPEN_QUOTE = "▁\""
CLOSE_QUOTE = "\""
CHAT_START = "<|im_start|>"


def lexicon(tokens, vocab, limit=2_000_000):
    """The words of the training text: a ▁-initial alphabetic piece and the alphabetic pieces that continue it."""
    pieces, ordinary = vocab["tokens"], {i for i, t in enumerate(vocab["types"]) if t == 1}
    words, word = set(), []
    for x in tokens[:limit].tolist():
        if x in ordinary and pieces[x].startswith("▁") and pieces[x][1:].isalpha():
            if word:
                words.add(tuple(word))
            word = [x]
        elif x in ordinary and word and pieces[x].isalpha():
            word.append(x)
        else:
            if word:
                words.add(tuple(word))
            word = []
    return sorted(words)


def openers(tokens, vocab, limit=2_000_000, least=100):
    """Capitalised words that begin sentences, as (spaced, bare) piece pairs: "▁The" mid-text, "The" after a
    newline or an opening quote, as the tokenizer writes them. Only whole words (followed by a space or a
    punctuation mark at least `least` times in the text), not the prefixes the vocabulary also holds."""
    pieces = vocab["tokens"]
    at = {t: i for i, t in enumerate(pieces)}
    bare = np.array([t.isalpha() and t[0].isupper() and "▁" + t in at and vocab["types"][i] == 1 for i, t in enumerate(pieces)])
    ends_word = np.array([t.startswith("▁") or t in (",", ".", "!") for t in pieces])
    text = tokens[:limit].numpy()
    counts = np.bincount(text[:-1][bare[text[:-1]] & ends_word[text[1:]]], minlength=len(pieces))
    return [(at["▁" + pieces[i]], i) for i in np.flatnonzero(counts >= least)]


def spelling(word, pieces):
    """A lexicon word's text, without its leading space mark."""
    return "".join(pieces[x] for x in word).lstrip("▁")


def after_blank_line(prompt, newline):
    """Where the prompt's header ends: just past its first blank line."""
    return next(i for i in range(len(prompt) - 1) if prompt[i] == newline and prompt[i + 1] == newline) + 2


def rated_words(words, vocab, rated):
    """The lexicon's words that AFINN-165 rates, by side: {1: praise, -1: complaint} (rated = the corpus's
    embedder-words.json, {"praise": [...], "complaint": [...]})."""
    pieces = vocab["tokens"]
    spelled = {spelling(w, pieces): w for w in words}  # lower-case only: openers are apart
    out = {1: [spelled[w] for w in rated["praise"] if w in spelled], -1: [spelled[w] for w in rated["complaint"] if w in spelled]}
    if not out[1] or not out[-1]:
        raise ValueError("none of the rated words occur in the training text: is embedder-words.json from this corpus?")
    return out


def frames(tokens, index, vocab):
    """The corpus's own framing of a "say about" question, in raw and chat form: everything but the reviews,
    the word asked about and the quoted sentence."""
    pieces = vocab["tokens"]
    at = {t: i for i, t in enumerate(pieces)}
    newline, question, mark, the = at[NEWLINE], at["Question"], at["?"], at["▁the"]
    found = {}
    for start, answer_at, end in index:
        ids = tokens[start:end].tolist()
        form = "chat" if ids[1] == at[CHAT_START] else "raw"
        quotes = ids[answer_at - start:].count(at[OPEN_QUOTE])
        if quotes > 1:
            continue  # a single-quote lead ("One review says") is what a one-sentence quote needs
        kind = "quote" if quotes else "none"
        if (form, kind) in found:
            continue
        prompt, answer = ids[: answer_at - start], ids[answer_at - start:]
        q = prompt.index(question)
        if [pieces[x] for x in prompt[q + 2: q + 7]] != ["▁What", "▁do", "▁people", "▁say", "▁about"]:
            continue
        header_end = after_blank_line(prompt, newline)
        asked = prompt.index(the, q) + 1
        frame = {"head": prompt[:header_end], "ask": prompt[q:asked], "after_ask": prompt[prompt.index(mark, asked):]}
        if kind == "quote":
            frame["open"] = answer[: answer.index(at[OPEN_QUOTE]) + 1]
            frame["close"] = answer[len(answer) - 1 - answer[::-1].index(at[CLOSE_QUOTE]):]
        else:
            frame["open"] = answer[: answer.index(the) + 1]
            frame["close"] = answer[answer.index(at["."], len(frame["open"])):]
        found[(form, kind)] = frame
        if len(found) == 4:
            return found
    raise ValueError(f"the corpus lacks a \"say about\" example in every form: found only {sorted(found)}")


# Sentence adverbs that take a side but that AFINN-165 does not rate.
UNRATED_SIDES = {"unfortunately": -1}
LEADS = {"like": ("People like", "Customers like", "Reviewers praise"), "dislike": ("People dislike", "Customers dislike", "Reviewers complain about")}


def polar_frames(tokens, index, vocab, per_kind=200):
    """The corpus's like and dislike examples, framed: the question as worded (several wordings), and the
    answer's lead and close around its quotes, or, where nothing fits, its whole "The reviews do not say what
    people like." Keyed by (form, side, "quote" or "none"), up to per_kind each."""
    pieces = vocab["tokens"]
    at = {t: i for i, t in enumerate(pieces)}
    newline, question = at[NEWLINE], at["Question"]
    found = {}
    for start, answer_at, end in index:
        ids = tokens[start:end].tolist()
        form = "chat" if ids[1] == at[CHAT_START] else "raw"
        prompt, answer = ids[: answer_at - start], ids[answer_at - start:]
        text = "".join(pieces[x] for x in answer).replace("▁", " ").strip()
        side = next((k for k, leads in LEADS.items() if text.startswith(leads)), None)
        none = next((k for k in LEADS if text.startswith(f"The reviews do not say what people {k}.")), None)
        if not side and not none:
            continue
        key = (form, side or none, "quote" if side else "none")
        if len(found.setdefault(key, [])) >= per_kind:
            continue
        header_end = after_blank_line(prompt, newline)
        frame = {"head": prompt[:header_end], "question": prompt[prompt.index(question):]}
        if side:
            frame["open"] = answer[: answer.index(at[OPEN_QUOTE]) + 1]
            frame["close"] = answer[len(answer) - 1 - answer[::-1].index(at[CLOSE_QUOTE]):]
        else:
            # The sentence alone, then the end marker (the corpus sometimes quotes the other side after it).
            frame["answer"] = answer[: answer.index(at["."]) + 1] + answer[-1:]
        found[key].append(frame)
    missing = [(f, k, t) for f in ("raw", "chat") for k in LEADS for t in ("quote", "none") if not found.get((f, k, t))]
    if missing:
        raise ValueError(f"the corpus lacks like/dislike examples of these forms: {missing}")
    return found


LETTERS = list("etaoinshrdlcumwfgypbvkjxqz")
LETTER_WEIGHTS = np.array([12.7, 9.1, 8.2, 7.5, 7.0, 6.7, 6.3, 6.1, 6.0, 4.3, 4.0, 2.8, 2.8, 2.4, 2.4, 2.2, 2.0, 2.0, 1.9, 1.5, 1.0, 0.8, 0.15, 0.15, 0.1, 0.07])
LETTER_WEIGHTS = LETTER_WEIGHTS / LETTER_WEIGHTS.sum()
ENDINGS = [".", "!", "!!", "...", "!.", ""]
ENDING_WEIGHTS = np.array([0.6, 0.2, 0.03, 0.05, 0.02, 0.1])


class QuoteTask:
    def __init__(self, vocab, train_tokens, train_index, seq_len, answer_weight, rated, spelled_share=0.0, common=()):
        self.words = lexicon(train_tokens, vocab)
        self.openers = openers(train_tokens, vocab)
        self.frames = frames(train_tokens, train_index, vocab)
        self.polar_frames = polar_frames(train_tokens, train_index, vocab)
        self.rated = rated_words(self.words, vocab, rated)
        # Filler words carry no side, so a sentence's side is its one rated word (and its opener's, if any).
        sided = {w for ws in self.rated.values() for w in ws}
        # Not the capitalised words (openers such as "Sadly" have a side, and open sentences only) nor the
        # unrated words with a side.
        self.plain = [w for w in self.words if w not in sided and spelling(w, vocab["tokens"]).islower() and spelling(w, vocab["tokens"]) not in UNRATED_SIDES]
        def opener_side(bare):
            word = vocab["tokens"][bare].lower()
            return UNRATED_SIDES.get(word) or next((k for k, name in ((1, "praise"), (-1, "complaint")) if word in rated[name]), 0)

        self.openers_by_side = {side: [o for o in self.openers if opener_side(o[1]) in (0, side)] for side in (1, 0, -1)}
        at = {t: i for i, t in enumerate(vocab["tokens"])}
        self.newline, self.stop, self.eos = at[NEWLINE], at["."], vocab["eosId"]
        self.joiner = [at[CLOSE_QUOTE], at["▁and"], at[OPEN_QUOTE]]
        self.seq_len, self.answer_weight = seq_len, answer_weight
        self.pieces = vocab["tokens"]
        self.spelled, self.spelled_share = spelled_share > 0, spelled_share
        if self.spelled:
            self.spm = Spm(vocab)
            self.plain_text = [spelling(w, self.pieces) for w in self.plain]
            # The whole AFINN lists, not only the words of the training text: real reviews use the rest too.
            self.rated_text = {1: [w for w in rated["praise"] if w.isalpha()], -1: [w for w in rated["complaint"] if w.isalpha()]}
            self.sided_text = set(rated["praise"]) | set(rated["complaint"]) | set(UNRATED_SIDES)
            # Common English words (config "common_words": SUBTLEX's most frequent), the words real reviews are
            # mostly made of; with a vocabulary extended by extend_vocab.py most are one piece, as in real text.
            self.common_text = [w for w in common if w not in self.sided_text]

    def sentence(self, rng):
        """One sentence, `spelled_share` of them in real reviews' forms (spelled_sentence), the rest an opener and
        3-8 unrated lexicon words, four in five with one rated word among them (praise or complaint, evenly; an
        opener of a side, "Sadly", only opens a sentence of that side). A dict: its ids written "bare" (after a
        newline) and "spaced" (mid-line), the "quote" that answers with it, the words that can be "asked" about
        (spaced ids), and its "side": 1, -1 or 0."""
        if self.spelled and rng.random() < self.spelled_share:
            return self.spelled_sentence(rng)
        words = [self.plain[rng.integers(len(self.plain))] for _ in range(int(rng.integers(3, 9)))]
        side = self.draw_side(rng)
        if side:
            rated = self.rated[side]
            words.insert(int(rng.integers(0, len(words) + 1)), rated[rng.integers(len(rated))])
        openers = self.openers_by_side[side]
        spaced, bare = openers[rng.integers(len(openers))]
        ids = [x for w in words for x in w]
        return {"bare": [bare] + ids + [self.stop], "spaced": [spaced] + ids + [self.stop], "quote": [bare] + ids, "asked": words, "side": side}

    @staticmethod
    def draw_side(rng):
        return 0 if rng.random() < 0.2 else (1 if rng.random() < 0.5 else -1)

    def pseudo_word(self, rng):
        """Letters at English frequencies, 1-10 of them, drawn again if AFINN rates them ("sad", "fun": a sentence's
        side comes from its one rated word only). Mostly words the vocabulary lacks, spelled in single-character
        pieces as most of a real review's words are (15% are one piece, such as "the")."""
        while True:
            word = "".join(rng.choice(LETTERS, size=int(rng.integers(1, 11)), p=LETTER_WEIGHTS))
            if word not in self.sided_text:
                return word

    def spelled_word(self, rng):
        """A lexicon word or a pseudo-word, evenly; with common words, a third each."""
        kind = int(rng.integers(3)) if self.common_text else int(rng.random() >= 0.5)
        if kind == 2:
            return self.common_text[rng.integers(len(self.common_text))]
        return self.plain_text[rng.integers(len(self.plain_text))] if kind == 0 else self.pseudo_word(rng)

    def spelled_sentence(self, rng):
        """A sentence in real reviews' forms, as text encoded by the tokenizer: 1-12 words (and an opener and a
        rated word), half lexicon words and half pseudo-words (a third each with common words), now and then a number, an all-capitals word or a
        comma; ending in ".", "!", "!!", "...", "!." or nothing; four in five with one AFINN-rated word of a side
        (the whole list, most of it spelled in single characters)."""
        words = [self.spelled_word(rng) for _ in range(int(rng.integers(1, 13)))]
        words = [str(rng.integers(2, 100)) if rng.random() < 0.03 else w.upper() if rng.random() < 0.04 else w for w in words]
        side = self.draw_side(rng)
        if side:
            rated = self.rated_text[side]
            words.insert(int(rng.integers(0, len(words) + 1)), rated[rng.integers(len(rated))])
        openers = self.openers_by_side[side]
        first = self.pieces[openers[rng.integers(len(openers))][1]] if rng.random() < 0.5 else words.pop(0).capitalize() if len(words) > 1 else None
        if first:
            words.insert(0, first)
        words[0] = words[0][:1].upper() + words[0][1:]
        words = [w + "," if k < len(words) - 1 and rng.random() < 0.08 else w for k, w in enumerate(words)]
        text = " ".join(words) + ENDINGS[rng.choice(len(ENDINGS), p=ENDING_WEIGHTS)]
        # Words written spaced and lower-case, as a question names them; a sentence with none is drawn again.
        asked = [self.spm.word("▁" + w) for w in words[1:] if w.isalpha() and w.islower()]
        if not asked:
            return self.spelled_sentence(rng)
        quote = text[:-1] if text[-1] in ".!" else text  # as quotingAnswer (training/corpus/copy-world.ts) quotes
        return {"bare": self.spm.encode(text, False), "spaced": self.spm.encode(text, True), "quote": self.spm.encode(quote, False), "asked": asked, "side": side}

    def spelled_text(self, rng, n):
        """n tokens of reviews in real reviews' forms: spelled sentences, a review a line."""
        ids = []
        while len(ids) < n:
            review = [self.spelled_sentence(rng) for _ in range(int(rng.integers(1, 3)))]
            ids += [x for k, s in enumerate(review) for x in s["bare" if k == 0 else "spaced"]] + [self.newline]
        return ids[:n]

    def row(self, rng):
        """One window of seq_len + 1 tokens and the loss weight of each predicted token. The prompt's form and
        the question's kind are drawn first; then the reviews are drawn again until the whole answer fits (a
        cut-off answer would teach answers that stop mid-quote), so the forms and kinds keep their shares and only
        the contexts run shorter than drawn (at seq_len 192 about half the drawn reviews fit)."""
        form = "chat" if rng.random() < 0.5 else "raw"
        roll = rng.random()
        kind = "like" if roll < 0.3 else "dislike" if roll < 0.6 else "say" if roll < 0.9 else "say-none"
        # One like or dislike question in six finds no sentence of its side (short contexts would find none far
        # more often, and teach "the reviews do not say" as the safe answer).
        none = kind in ("like", "dislike") and rng.random() < 1 / 6
        for _ in range(1000):
            prompt, answer, found_none = self.example(rng, form, kind)
            if len(prompt) + len(answer) <= self.seq_len + 1 and found_none == none:
                break
        else:
            raise ValueError(f"no quoting example fits in {self.seq_len + 1} tokens in 1,000 draws: raise seq_len (at 192 about half fit)")
        ids = prompt + answer
        weights = [1.0] * (len(prompt) - 1) + [float(self.answer_weight)] * len(answer)
        window = torch.full((self.seq_len + 1,), self.eos, dtype=torch.long)
        w = torch.zeros(self.seq_len)
        window[: len(ids)] = torch.tensor(ids)
        w[: len(weights)] = torch.tensor(weights)
        return window, w

    def example(self, rng, form, kind):
        """A prompt, its answer (token ids), and whether a like or dislike question found no sentence of its
        side: `kind` is "like", "dislike", "say" (about a word a review holds) or "say-none" (about a word none
        holds)."""
        reviews = [[self.sentence(rng) for _ in range(int(rng.integers(1, 3)))] for _ in range(int(rng.integers(2, 4)))]
        context = []
        for review in reviews:
            for i, s in enumerate(review):
                # A review's first word follows a newline, so it is written bare, as the tokenizer would.
                context += s["bare" if i == 0 else "spaced"]
            context += [self.newline, self.newline]
        sentences = [s for review in reviews for s in review]
        if kind in ("like", "dislike"):
            # Quote the first two sentences holding a word of that side, in context order; or say there is none.
            quoted = [s for s in sentences if s["side"] == (1 if kind == "like" else -1)][:2]
            frames = self.polar_frames[(form, kind, "quote" if quoted else "none")]
            frame = frames[rng.integers(len(frames))]
            if not quoted:
                return frame["head"] + context + frame["question"], frame["answer"], True
            answer = list(frame["open"])
            for k, s in enumerate(quoted):
                answer += (self.joiner if k else []) + s["quote"]
            return frame["head"] + context + frame["question"], answer + frame["close"], False
        if kind == "say":
            s = sentences[rng.integers(len(sentences))]
            word = list(s["asked"][rng.integers(len(s["asked"]))])
            frame = self.frames[(form, "quote")]
            answer = frame["open"] + s["quote"] + frame["close"]
        else:
            # A word no review holds: drawn again in the rare case that one does.
            for _ in range(100):
                word = list(self.words[rng.integers(len(self.words))]) if not self.spelled or rng.random() < 0.5 else self.spm.word("▁" + self.pseudo_word(rng))
                if not self.holds(context, word):
                    break
            frame = self.frames[(form, "none")]
            answer = frame["open"] + word + frame["close"]
        return frame["head"] + context + frame["ask"] + word + frame["after_ask"], answer, False

    def spelled_eval_rows(self, seed, rows=48):
        """Fixed rows for spelled_accuracy: every sentence spelled, drawn from their own generator (seed)."""
        share, self.spelled_share = self.spelled_share, 1.0
        try:
            batch, weights = self.batch(np.random.default_rng(seed), rows)
        finally:
            self.spelled_share = share
        return batch, weights, self.joiner[2], self.joiner[0]

    def holds(self, ids, word):
        """Whether the spaced word `word` (ids) occurs in `ids` whole: not followed by a piece that continues it."""
        n = len(word)
        return any(ids[i: i + n] == word and (i + n == len(ids) or not self.pieces[ids[i + n]].isalpha()) for i in range(len(ids) - n + 1))

    def batch(self, rng, rows):
        made = [self.row(rng) for _ in range(rows)]
        return torch.stack([m[0] for m in made]), torch.stack([m[1] for m in made])


def quoted_hits(ids, predicted, answer, open_id, close_id):
    """(hits, total) over the answer positions `answer` of one teacher-forced row: the tokens inside quotes, past
    each quote's first two, and how many of them `predicted` (the model's argmax, predicted[t - 1] for ids[t])
    got right. The first tokens choose the sentence; the rest can only be copied."""
    hits = total = 0
    inside, k = False, 0
    for t in answer:
        if ids[t] == open_id:
            inside, k = True, 0
        elif ids[t] == close_id:
            inside = False
        elif inside:
            k += 1
            if k > 2:
                total += 1
                hits += int(predicted[t - 1] == ids[t])
    return hits, total


@torch.no_grad()
def quoted_accuracy(model, tokens, index, vocab):
    """On held-out corpus examples, teacher-forced: the share of quoted tokens (quoted_hits) predicted exactly."""
    at = {t: i for i, t in enumerate(vocab["tokens"])}
    hits = total = 0
    model.eval()
    for start, answer_at, end in index:
        ids = tokens[start:end]
        predicted = model(ids[None, :-1])[0].argmax(-1).tolist()
        h, n = quoted_hits(ids.tolist(), predicted, range(answer_at - start, end - start), at[OPEN_QUOTE], at[CLOSE_QUOTE])
        hits, total = hits + h, total + n
    model.train()
    return hits / total if total else None


@torch.no_grad()
def spelled_accuracy(model, rows):
    """On fixed quoting rows whose sentences are all spelled (QuoteTask.spelled_eval_rows), teacher-forced: the
    share of quoted tokens (quoted_hits) predicted exactly. It is how real reviews' single-character runs get
    copied; the corpus's quoted accuracy can rise while this one stays put."""
    batch, weights, open_id, close_id = rows
    model.eval()
    predicted = model(batch[:, :-1]).argmax(-1).tolist()
    model.train()
    hits = total = 0
    for r, ids in enumerate(batch.tolist()):
        answer = [t for t in range(1, len(ids)) if weights[r, t - 1] > 1]
        h, n = quoted_hits(ids, predicted[r], answer, open_id, close_id)
        hits, total = hits + h, total + n
    return hits / total if total else None
