"""A llama-shaped causal language model in plain torch, laid out so every weight maps 1:1 onto a GGUF tensor
that llama.cpp's `llama` architecture reads: RMSNorm, RoPE in llama.cpp's "normal" mode (adjacent pairs
rotate together, so no q/k permutation is needed), grouped-query attention (query head h reads kv head
h // (heads / kv_heads), as llama.cpp groups them), a SwiGLU feed-forward, and top-k mixture of experts with
the softmax taken over the kept router logits (Mixtral; llama.cpp normalises the top-k softmax weights,
which is the same thing)."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class RMSNorm(nn.Module):
    def __init__(self, dim, eps):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


def rope_tables(seq_len, head_dim, base):
    inv = base ** (-torch.arange(0, head_dim, 2, dtype=torch.float32) / head_dim)
    angles = torch.arange(seq_len, dtype=torch.float32)[:, None] * inv[None, :]
    return angles.cos(), angles.sin()


def apply_rope(x, cos, sin):
    # x: [batch, heads, seq, head_dim]; pairs (2i, 2i+1) rotate by angle pos * base^(-2i/d).
    x0, x1 = x[..., 0::2], x[..., 1::2]
    out = torch.stack((x0 * cos - x1 * sin, x0 * sin + x1 * cos), dim=-1)
    return out.flatten(-2)


class Attention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.heads, self.kv_heads, self.hd = c["heads"], c["kv_heads"], c["embd"] // c["heads"]
        self.q = nn.Linear(c["embd"], c["embd"], bias=False)
        self.k = nn.Linear(c["embd"], self.kv_heads * self.hd, bias=False)
        self.v = nn.Linear(c["embd"], self.kv_heads * self.hd, bias=False)
        self.o = nn.Linear(c["embd"], c["embd"], bias=False)

    def forward(self, x, cos, sin, mask):
        b, t, _ = x.shape
        q = self.q(x).view(b, t, self.heads, self.hd).transpose(1, 2)
        k = self.k(x).view(b, t, self.kv_heads, self.hd).transpose(1, 2)
        v = self.v(x).view(b, t, self.kv_heads, self.hd).transpose(1, 2)
        q, k = apply_rope(q, cos, sin), apply_rope(k, cos, sin)
        group = self.heads // self.kv_heads
        if group > 1:
            k = k.repeat_interleave(group, dim=1)
            v = v.repeat_interleave(group, dim=1)
        att = (q @ k.transpose(-2, -1)) / math.sqrt(self.hd) + mask
        y = att.softmax(-1) @ v
        return self.o(y.transpose(1, 2).reshape(b, t, -1))


class FeedForward(nn.Module):
    def __init__(self, embd, ff):
        super().__init__()
        self.gate = nn.Linear(embd, ff, bias=False)
        self.up = nn.Linear(embd, ff, bias=False)
        self.down = nn.Linear(ff, embd, bias=False)

    def forward(self, x):
        return self.down(F.silu(self.gate(x)) * self.up(x))


class MoE(nn.Module):
    def __init__(self, embd, ff, experts, used):
        super().__init__()
        self.used = used
        self.router = nn.Linear(embd, experts, bias=False)
        scale = 1 / math.sqrt(embd)
        # Stacked like the GGUF tensors: gate/up [experts, ff, embd], down [experts, embd, ff].
        self.gate = nn.Parameter(torch.empty(experts, ff, embd).uniform_(-scale, scale))
        self.up = nn.Parameter(torch.empty(experts, ff, embd).uniform_(-scale, scale))
        self.down = nn.Parameter(torch.empty(experts, embd, ff).uniform_(-1 / math.sqrt(ff), 1 / math.sqrt(ff)))

    def forward(self, x):
        shape = x.shape
        x = x.reshape(-1, shape[-1])
        logits = self.router(x)
        top, idx = logits.topk(self.used, dim=-1)
        weights = top.softmax(-1)
        out = torch.zeros_like(x)
        for e in range(self.gate.shape[0]):
            rows, slot = (idx == e).nonzero(as_tuple=True)
            if rows.numel() == 0:
                continue
            xe = x[rows]
            ye = (F.silu(xe @ self.gate[e].t()) * (xe @ self.up[e].t())) @ self.down[e].t()
            out.index_add_(0, rows, ye * weights[rows, slot, None])
        n = self.gate.shape[0]
        share = torch.bincount(idx.flatten(), minlength=n).float() / idx.numel()
        self.aux = n * (share * logits.softmax(-1).mean(0)).sum()
        return out.view(shape)


class Block(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.attn_norm = RMSNorm(c["embd"], c["norm_eps"])
        self.attn = Attention(c)
        self.ffn_norm = RMSNorm(c["embd"], c["norm_eps"])
        self.ffn = MoE(c["embd"], c["ff"], c["experts"], c["experts_used"]) if c.get("experts") else FeedForward(c["embd"], c["ff"])

    def forward(self, x, cos, sin, mask):
        x = x + self.attn(self.attn_norm(x), cos, sin, mask)
        return x + self.ffn(self.ffn_norm(x))


class LlamaLM(nn.Module):
    def __init__(self, c, vocab_size):
        super().__init__()
        self.c = c
        self.embed = nn.Embedding(vocab_size, c["embd"])
        nn.init.normal_(self.embed.weight, std=0.02)
        self.blocks = nn.ModuleList(Block(c) for _ in range(c["layers"]))
        self.norm = RMSNorm(c["embd"], c["norm_eps"])
        self.output = nn.Linear(c["embd"], vocab_size, bias=False)
        cos, sin = rope_tables(c["context_length"], c["embd"] // c["heads"], c["rope_base"])
        self.register_buffer("cos", cos, persistent=False)
        self.register_buffer("sin", sin, persistent=False)

    def forward(self, ids):
        t = ids.shape[1]
        mask = torch.full((t, t), float("-inf")).triu(1)
        x = self.embed(ids)
        cos, sin = self.cos[:t], self.sin[:t]
        for block in self.blocks:
            x = block(x, cos, sin, mask)
        return self.output(self.norm(x))

    def active_params(self):
        """Parameters used per token: all but the experts that are not chosen."""
        total = sum(p.numel() for p in self.parameters())
        c = self.c
        if not c.get("experts"):
            return total
        per_expert = 3 * c["ff"] * c["embd"]
        return total - c["layers"] * (c["experts"] - c["experts_used"]) * per_expert
