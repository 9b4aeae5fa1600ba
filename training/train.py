"""Trains the demo language models on the synthetic RAG corpus that scripts/export-training-corpus.ts writes,
and exports each as compact Q8_0 weights + a JSON spec (training/weights/). Reproducible: fixed seeds,
deterministic algorithms, the data hash recorded; resumable from checkpoints.

  /usr/bin/python3 training/train.py training/configs/full.json --data training/data --out STAGE1 [--only id,...]
  /usr/bin/python3 training/train.py training/configs/quote.json --data training/data --init STAGE1 --out STAGE2
(--out training/weights only for weights that ship: it is what `npm start` writes models from.)
"""
import argparse
import hashlib
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from copy_task import CopyTask, copy_accuracy  # noqa: E402
from quote_task import QuoteTask, quoted_accuracy, spelled_accuracy  # noqa: E402
from export_weights import export, write_json  # noqa: E402
from model import LlamaLM, MoE  # noqa: E402
from spm import Spm  # noqa: E402
from extend_vocab import common_words  # noqa: E402


def load_split(data, name):
    tokens = torch.from_numpy(np.fromfile(os.path.join(data, f"{name}.u16"), dtype=np.uint16).astype(np.int64))
    with open(os.path.join(data, f"{name}.index.json")) as f:
        index = json.load(f)
    return tokens, index


def answer_mask(tokens, index):
    """True where a token belongs to an answer (its EOS included): the part a RAG model must get right."""
    mask = torch.zeros(len(tokens), dtype=torch.bool)
    for _, answer_at, end in index:
        mask[answer_at:end] = True
    return mask


def windows(tokens, index, starts, seq_len):
    """Windows of seq_len + 1 tokens, each starting at an example's BOS (padded with EOS past the end)."""
    out = torch.full((len(starts), seq_len + 1), int(tokens[-1]))
    for row, s in enumerate(starts):
        chunk = tokens[index[s][0]: index[s][0] + seq_len + 1]
        out[row, : len(chunk)] = chunk
    return out


def lr_at(step, cfg):
    if step < cfg["warmup"]:
        return cfg["lr"] * (step + 1) / cfg["warmup"]
    progress = (step - cfg["warmup"]) / max(1, cfg["steps"] - cfg["warmup"])
    return cfg["lr"] * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * progress)))


def aux_loss(model):
    """Switch-style load balancing for MoE routers, so all experts stay in use."""
    total = 0.0
    for block in model.blocks:
        if isinstance(block.ffn, MoE):
            total = total + block.ffn.aux
    return total


@torch.no_grad()
def evaluate(model, tokens, index, limit=None):
    """Mean token loss on whole held-out examples: over all tokens, and over answer tokens only."""
    model.eval()
    sums = {"all": [0.0, 0], "answer": [0.0, 0]}
    for start, answer_at, end in index[:limit]:
        ids = tokens[start:end][None]
        logits = model(ids[:, :-1])
        loss = F.cross_entropy(logits[0], ids[0, 1:], reduction="none")
        sums["all"][0] += loss.sum().item()
        sums["all"][1] += loss.numel()
        a = answer_at - start - 1
        sums["answer"][0] += loss[a:].sum().item()
        sums["answer"][1] += loss[a:].numel()
    model.train()
    return {k: s / n for k, (s, n) in sums.items()}


def initial_weights(model, init, spec, vocab, log):
    """A later stage starts from an earlier stage's checkpoint: its weights only (fresh optimiser and schedule).
    Returns what the manifest records of it."""
    path = os.path.join(init, "checkpoints", f"{spec['id']}.pt")
    if not os.path.exists(path):
        raise SystemExit(f"{spec['id']}: --init {init} has no checkpoint for it ({path}); train the earlier stage first")
    saved = torch.load(path)
    weights, grown, old = saved["model"], 0, None
    if os.path.exists(os.path.join(init, "vocab.json")):
        with open(os.path.join(init, "vocab.json")) as f:
            old = json.load(f)
        if vocab["tokens"][: len(old["tokens"])] != old["tokens"]:
            raise SystemExit(f"--init {init}: its vocabulary is not a prefix of this data's: train from scratch, or export with its vocabulary")
    if weights["embed.weight"].shape[0] < model.embed.weight.shape[0]:
        weights, grown = grown_vocabulary(weights, old, vocab)
    model.load_state_dict(weights)
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    log(f"{spec['id']}: starting from {path} (step {saved['state']['step']})" + (f", {grown} new pieces" if grown else ""))
    return {"checkpoint": path, "step": saved["state"]["step"], "sha256": digest, "new_pieces": grown}


def grown_vocabulary(weights, old, vocab):
    """An earlier stage's weights for a vocabulary that extends its own, `old` (training/extend_vocab.py appends
    pieces, every old id unchanged): each new piece's embedding and output row start as the mean of the rows of the
    old pieces it was split into, so it starts out meaning what its spelling meant."""
    if old is None:
        raise SystemExit("--init: the earlier stage has no vocab.json to grow its tables from")
    n = len(old["tokens"])
    spm = Spm(old)
    weights = dict(weights)
    for name in ("embed.weight", "output.weight"):
        table = weights[name]
        new = [table[spm.word(piece)].mean(0) for piece in vocab["tokens"][n:]]
        weights[name] = torch.cat([table, torch.stack(new)])
    return weights, len(vocab["tokens"]) - n


def train_one(spec, cfg, data, out, log, init=None):
    planned_steps = cfg["steps"]
    torch.manual_seed(cfg["seed"])
    rng = np.random.default_rng(cfg["seed"])
    with open(os.path.join(data, "vocab.json")) as f:
        vocab = json.load(f)
    train_tokens, train_index = load_split(data, "train")
    eval_tokens, eval_index = load_split(data, "eval")
    answer_weight = 1 + (cfg.get("answer_weight", 1) - 1) * answer_mask(train_tokens, train_index).long()
    shares = round(cfg["batch"] * cfg.get("copy_mix", 0)) + round(cfg["batch"] * cfg.get("quote_mix", 0))
    if shares > cfg["batch"]:
        raise SystemExit(f"copy_mix and quote_mix ask for {shares} rows of a batch of {cfg['batch']}: lower them")
    quote_task = None
    if cfg.get("quote_mix"):
        with open(os.path.join(data, "embedder-words.json")) as f:
            rated = json.load(f)
        quote_task = QuoteTask(vocab, train_tokens, train_index, cfg["seq_len"], cfg.get("answer_weight", 1), rated, cfg.get("spelled_share", 0.0), [w for w, _ in common_words(cfg["common_words"])] if cfg.get("common_words") else [])
    # Only a curriculum needs the copy task (it checks the window length and counts the text's pieces).
    curriculum = cfg.get("copy_steps", 0) or cfg.get("copy_mix", 0)
    if cfg.get("copy_spelled") and not curriculum:
        raise SystemExit("copy_spelled is a kind of copy row: it needs copy_mix (or copy_steps) above 0")
    if cfg.get("copy_spelled") and not (quote_task and quote_task.spelled):
        raise SystemExit("copy_spelled copies spelled reviews: it needs quote_mix and spelled_share above 0")
    spelled_text = quote_task.spelled_text if cfg.get("copy_spelled") else None
    copy_task = CopyTask(vocab, train_tokens, cfg["seq_len"], cfg.get("answer_weight", 1), cfg.get("copy_alphabet", 0), spelled_text) if curriculum else None
    shape = {**cfg["defaults"], **spec["shape"]}
    model = LlamaLM(shape, len(vocab["tokens"]))
    opt = torch.optim.AdamW(model.parameters(), lr=cfg["lr"], betas=(0.9, 0.95), weight_decay=0.05)
    ckpt = os.path.join(out, "checkpoints", f"{spec['id']}.pt")
    state = {"step": 0, "curve": [], "eval_curve": [], "seconds": 0.0}
    if init and not os.path.exists(ckpt):
        state["init"] = initial_weights(model, init, spec, vocab, log)
    if os.path.exists(ckpt):
        saved = torch.load(ckpt)
        if init and (saved["state"].get("init") or {}).get("checkpoint") != os.path.join(init, "checkpoints", f"{spec['id']}.pt"):
            # Resuming a checkpoint of another stage (or --out the same as --init) would export it unchanged.
            raise SystemExit(f"{spec['id']}: {ckpt} was not started from --init {init}: choose another --out, or remove it")
        model.load_state_dict(saved["model"])
        opt.load_state_dict(saved["opt"])
        state = saved["state"]
        rng = np.random.default_rng(cfg["seed"] + state["step"])
        state.setdefault("resumed_at", []).append(state["step"])
        log(f"{spec['id']}: resumed at step {state['step']}")
    if cfg.get("finish_now"):
        # Out of time budget: ship the last checkpoint as it is, and say so in the manifest.
        cfg = {**cfg, "steps": state["step"]}
        log(f"{spec['id']}: finishing at checkpoint step {state['step']}")
    params = sum(p.numel() for p in model.parameters())
    log(f"{spec['id']}: {params} parameters ({model.active_params()} active per token)")
    eval_subset = eval_index[:: max(1, len(eval_index) // 200)]
    smooth, began = None, time.time() - state["seconds"]
    # --stop-at: end early on the planned schedule (the learning rate still decays over the planned steps).
    stop_at = cfg.get("stop_at")
    if stop_at is not None and not state["step"] <= stop_at <= cfg["steps"] or stop_at == 0:
        raise SystemExit(f"{spec['id']}: --stop-at {stop_at} must lie between the checkpoint's step ({state['step']}) and the planned {cfg['steps']}, above 0")
    last = cfg["steps"] if stop_at is None else stop_at
    # Spelled quoting, measured on fixed rows of its own generator (not the training stream's).
    spelled_rows = quote_task.spelled_eval_rows(cfg["seed"] + 1) if quote_task and quote_task.spelled else None

    def measure_quoting(step):
        """Quoted (and spelled) accuracy at `step`, appended to their curves; the text the log shows of them."""
        quoted = quoted_accuracy(model, eval_tokens, eval_subset, vocab)
        spelled = spelled_accuracy(model, spelled_rows) if spelled_rows else None
        for curve, value in (("quoted_curve", quoted), ("spelled_curve", spelled)):
            if value is not None:
                state.setdefault(curve, []).append([step, round(value, 4)])
        return ("" if quoted is None else f", quoted {quoted:.3f}") + ("" if spelled is None else f", spelled {spelled:.3f}")

    if state.get("init") and state["step"] == 0 and quote_task:
        # Where the stage starts from, measured as at every evaluation.
        log(f"{spec['id']}: before this stage{measure_quoting(0)}")
    while state["step"] < last:
        step = state["step"]
        for g in opt.param_groups:
            g["lr"] = lr_at(step, cfg)
        # Curriculum: the copy task alone for copy_steps, then a copy_mix share of every batch keeps it up.
        copy_rows = cfg["batch"] if step < cfg.get("copy_steps", 0) else round(cfg["batch"] * cfg.get("copy_mix", 0))
        # The quoting stage: a quote_mix share of every batch quotes sentences of random words.
        quote_rows = round(cfg["batch"] * cfg.get("quote_mix", 0)) if copy_rows < cfg["batch"] else 0
        picks = rng.integers(0, len(train_index) - 1, cfg["batch"] - copy_rows - quote_rows)
        batch = windows(train_tokens, train_index, picks, cfg["seq_len"])
        weights = windows(answer_weight, train_index, picks, cfg["seq_len"])[:, 1:].float()
        if quote_rows:
            quote_batch, quote_weights = quote_task.batch(rng, quote_rows)
            batch, weights = torch.cat([batch, quote_batch]), torch.cat([weights, quote_weights])
        if copy_rows:
            copy_batch, copy_weights = copy_task.batch(rng, copy_rows)
            batch, weights = torch.cat([batch, copy_batch]), torch.cat([weights, copy_weights])
        logits = model(batch[:, :-1])
        nll = F.cross_entropy(logits.flatten(0, 1), batch[:, 1:].flatten(), reduction="none")
        # Answer tokens weigh more: copying aspects from the reviews into the answer is the skill that matters.
        loss = (nll * weights.flatten()).sum() / weights.sum()
        total = loss + cfg.get("aux_weight", 0.01) * aux_loss(model)
        opt.zero_grad(set_to_none=True)
        total.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        state["step"] = step = step + 1
        smooth = loss.item() if smooth is None else 0.95 * smooth + 0.05 * loss.item()
        if step % 20 == 0 or step == last:
            state["curve"].append([step, round(smooth, 4)])
            copied = copy_accuracy(logits[-copy_rows:], batch[-copy_rows:], weights[-copy_rows:], cfg.get("answer_weight", 1)) if copy_rows else None
            if copied is not None:
                state.setdefault("copy_curve", []).append([step, round(copied, 4)])
            shown = "" if copied is None else f" copied {copied:.2f}"
            log(f"{spec['id']}: step {step}/{cfg['steps']} loss {smooth:.3f}{shown} {time.time() - began:.0f}s")
        if step % cfg["eval_every"] == 0 or step == last:
            ev = evaluate(model, eval_tokens, eval_subset)
            state["eval_curve"].append([step, round(ev["all"], 4), round(ev["answer"], 4)])
            shown = measure_quoting(step)
            state["seconds"] = time.time() - began
            os.makedirs(os.path.dirname(ckpt), exist_ok=True)
            torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "state": state}, ckpt)
            log(f"{spec['id']}: eval loss {ev['all']:.3f} (answers {ev['answer']:.3f}{shown})")
    if last < cfg["steps"]:
        log(f"{spec['id']}: stopping at step {last} of {cfg['steps']} (--stop-at)")
        cfg = {**cfg, "steps": last}
    seconds = round(time.time() - began, 1)
    exported = export(model, os.path.join(out, f"{spec['id']}.bin"), {
        "id": spec["id"], "name": spec["name"], "kind": spec["kind"], "mimics": spec["mimics"], "shape": shape,
        "vocab": "vocab.json", "bin": f"{spec['id']}.bin",
    })
    final = evaluate(model, eval_tokens, eval_index, cfg.get("final_eval_examples"))
    write_json(os.path.join(out, f"{spec['id']}.json"), exported)
    return {
        "id": spec["id"], "params": params, "active_params": model.active_params(), "steps": cfg["steps"], "planned_steps": planned_steps,
        "tokens_seen": cfg["steps"] * cfg["batch"] * cfg["seq_len"], "wall_seconds": seconds,
        "loss_curve": state["curve"], "eval_curve": state["eval_curve"], "copy_curve": state.get("copy_curve", []),
        "quoted_curve": state.get("quoted_curve", []), "spelled_curve": state.get("spelled_curve", []), "init": state.get("init"),
        "resumed_at": state.get("resumed_at", []), "heldout_perplexity_q8": round(math.exp(final["all"]), 3), "heldout_answer_perplexity_q8": round(math.exp(final["answer"]), 3),
        "weights_sha256": exported["sha256"], "bytes": exported["bytes"],
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("config")
    ap.add_argument("--data", default="training/data")
    ap.add_argument("--out", default="training/weights")
    ap.add_argument("--only", default="")
    ap.add_argument("--init", default=None, help="an earlier stage's --out: start each model from its checkpoint there")
    ap.add_argument("--finish-now", action="store_true", help="export the last checkpoint without training further")
    ap.add_argument("--stop-at", type=int, default=None, help="stop at this step of the planned schedule and export")
    args = ap.parse_args()
    with open(args.config) as f:
        cfg = json.load(f)
    cfg["finish_now"] = args.finish_now
    cfg["stop_at"] = args.stop_at
    torch.set_num_threads(cfg.get("threads", 1))
    torch.use_deterministic_algorithms(True)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.data, "data.json")) as f:
        data_info = json.load(f)
    log_file = open(os.path.join(args.out, "train.log"), "a")

    def log(line):
        stamped = f"{time.strftime('%H:%M:%S')} {line}"
        print(stamped, flush=True)
        log_file.write(stamped + "\n")
        log_file.flush()

    only = set(filter(None, args.only.split(",")))
    for spec in cfg["models"]:
        if only and spec["id"] not in only:
            continue
        result = train_one(spec, cfg, args.data, args.out, log, args.init)
        # One manifest entry per model, beside its weights, so models trained in parallel do not clash.
        write_json(os.path.join(args.out, f"{spec['id']}.manifest.json"), {
            **result, "seed": cfg["seed"], "data_sha256": data_info["sha256"], "data": data_info,
            "config": {k: v for k, v in cfg.items() if k != "models"}, "torch": torch.__version__, "threads": torch.get_num_threads(),
        })
    with open(os.path.join(args.data, "vocab.json")) as f:
        vocab = json.load(f)
    write_json(os.path.join(args.out, "vocab.json"), vocab)


if __name__ == "__main__":
    main()
