"""Loads shipped weights (training/weights/<id>.json + .bin) back into the torch model: used to check that
torch and llama.cpp agree on the exported model (training/check_greedy.py) and by the smoke test."""
import json
import os

import numpy as np
import torch

from export_weights import dequant_q8_0, gguf_tensors
from model import LlamaLM


def load(dir_, id_):
    with open(os.path.join(dir_, f"{id_}.json")) as f:
        spec = json.load(f)
    with open(os.path.join(dir_, spec["vocab"])) as f:
        vocab = json.load(f)
    model = LlamaLM(spec["shape"], len(vocab["tokens"]))
    raw = open(os.path.join(dir_, spec["bin"]), "rb").read()
    for (name, t, kind), info in zip(gguf_tensors(model), spec["tensors"]):
        assert info["name"] == name and info["type"] == kind, (name, info)
        chunk = raw[info["offset"]: info["offset"] + info["bytes"]]
        shape = tuple(t.shape)
        values = dequant_q8_0(chunk, shape) if kind == "Q8_0" else np.frombuffer(chunk, dtype="<f4").reshape(shape)
        t.data.copy_(torch.from_numpy(values.copy()))
    model.eval()
    return model, vocab
