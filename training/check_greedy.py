"""Greedy continuation of a token-id prompt in torch, to compare with llama.cpp on the same GGUF weights.
  /usr/bin/python3 training/check_greedy.py DIR ID '[1, 2, 3]' N"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from load_weights import load  # noqa: E402

dir_, id_, ids, n = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), int(sys.argv[4])
model, vocab = load(dir_, id_)
ids = [vocab["bosId"]] + ids
out = []
with torch.no_grad():
    for _ in range(n):
        logits = model(torch.tensor([ids]))[0, -1]
        nxt = int(logits.argmax())
        if nxt == vocab["eosId"]:
            break
        ids.append(nxt)
        out.append(nxt)
print(json.dumps({"ids": out, "text": "".join(vocab["tokens"][i] for i in out).replace("\u2581", " ")}))
