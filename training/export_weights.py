"""Writes a trained model in the compact shipped form: one .bin with every tensor already encoded as GGUF
stores it (Q8_0 blocks for matrices, F32 for norms and the router), and a .json that names each tensor with
its ggml dims, type, offset and length. The TypeScript writer (lib/models/trained/) copies these bytes into
a GGUF unchanged, so the file llama.cpp loads is exactly what was exported here."""
import hashlib
import json

import numpy as np


def q8_0(values):
    """ggml's Q8_0: blocks of 32 along the innermost dimension, an f16 scale amax/127 then 32 int8."""
    x = values.astype(np.float32).reshape(-1, 32)
    d = np.abs(x).max(axis=1) / 127.0
    inv = np.divide(1.0, d, out=np.zeros_like(d), where=d > 0)
    q = np.clip(np.round(x * inv[:, None]), -127, 127).astype(np.int8)
    block = np.zeros(len(x), dtype=[("d", "<f2"), ("qs", "i1", (32,))])
    block["d"] = d.astype(np.float16)
    block["qs"] = q
    return block.tobytes()


def dequant_q8_0(raw, shape):
    block = np.frombuffer(raw, dtype=[("d", "<f2"), ("qs", "i1", (32,))])
    return (block["qs"].astype(np.float32) * block["d"].astype(np.float32)[:, None]).reshape(shape)


def gguf_tensors(model):
    """(gguf name, torch tensor, type) in llama.cpp's names; ggml dims are the torch shape reversed."""
    c = model.c
    out = [("token_embd.weight", model.embed.weight, "Q8_0")]
    for i, b in enumerate(model.blocks):
        p = f"blk.{i}"
        out += [
            (f"{p}.attn_norm.weight", b.attn_norm.weight, "F32"),
            (f"{p}.attn_q.weight", b.attn.q.weight, "Q8_0"),
            (f"{p}.attn_k.weight", b.attn.k.weight, "Q8_0"),
            (f"{p}.attn_v.weight", b.attn.v.weight, "Q8_0"),
            (f"{p}.attn_output.weight", b.attn.o.weight, "Q8_0"),
            (f"{p}.ffn_norm.weight", b.ffn_norm.weight, "F32"),
        ]
        if c.get("experts"):
            out += [
                (f"{p}.ffn_gate_inp.weight", b.ffn.router.weight, "F32"),
                (f"{p}.ffn_gate_exps.weight", b.ffn.gate, "Q8_0"),
                (f"{p}.ffn_up_exps.weight", b.ffn.up, "Q8_0"),
                (f"{p}.ffn_down_exps.weight", b.ffn.down, "Q8_0"),
            ]
        else:
            out += [
                (f"{p}.ffn_gate.weight", b.ffn.gate.weight, "Q8_0"),
                (f"{p}.ffn_up.weight", b.ffn.up.weight, "Q8_0"),
                (f"{p}.ffn_down.weight", b.ffn.down.weight, "Q8_0"),
            ]
    out += [("output_norm.weight", model.norm.weight, "F32"), ("output.weight", model.output.weight, "Q8_0")]
    return out


def export(model, bin_path, spec):
    """Writes the .bin, returns the tensor table for the .json spec; loads the quantised values back into
    the model, so evaluation after export measures the weights that ship."""
    tensors, offset = [], 0
    digest = hashlib.sha256()
    with open(bin_path, "wb") as f:
        for name, t, kind in gguf_tensors(model):
            values = t.detach().cpu().numpy()
            raw = q8_0(values) if kind == "Q8_0" else values.astype("<f4").tobytes()
            if kind == "Q8_0":
                t.data.copy_(__import__("torch").from_numpy(dequant_q8_0(raw, values.shape)))
            f.write(raw)
            digest.update(raw)
            tensors.append({"name": name, "dims": list(reversed(values.shape)), "type": kind, "offset": offset, "bytes": len(raw)})
            offset += len(raw)
    return {**spec, "tensors": tensors, "sha256": digest.hexdigest(), "bytes": offset}


def write_json(path, value):
    with open(path, "w") as f:
        json.dump(value, f, indent=1)
        f.write("\n")
