"""Compares torch's next-token log-probabilities with llama.cpp's (scripts/training-logprobs.ts) on the same
shipped weights: a wrong tensor mapping, RoPE layout or GQA grouping shows up as large differences.
  /usr/bin/python3 training/check_logprobs.py <weights dir> <model id> <llama.json>"""
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from load_weights import load  # noqa: E402

dir_, id_, llama_file = sys.argv[1:4]
llama = json.load(open(llama_file))
model, vocab = load(dir_, id_)
ids = torch.tensor([[vocab["bosId"]] + llama["ids"]])
with torch.no_grad():
    lp = model(ids)[0, :-1].log_softmax(-1).gather(1, ids[0, 1:, None])[:, 0].numpy()
diff = np.abs(np.array(llama["lp"]) - lp)
print(json.dumps({"positions": len(lp), "max_abs_diff": float(diff.max()), "mean_abs_diff": float(diff.mean()),
                  "mean_logprob_torch": float(lp.mean()), "mean_logprob_llama": float(np.mean(llama["lp"]))}))
