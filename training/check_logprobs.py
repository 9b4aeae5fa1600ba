import json, sys, os, torch
sys.path.insert(0, "training")
from load_weights import load
d = json.loads(open(sys.argv[3]).read())
m, v = load(sys.argv[1], sys.argv[2])
ids = torch.tensor([[v["bosId"]] + d["ids"]])
with torch.no_grad():
    lp = m(ids)[0, :-1].log_softmax(-1).gather(1, ids[0, 1:, None])[:, 0]
import numpy as np
a, b = np.array(d["lp"]), lp.numpy()
print("positions", len(a), "max |diff|", np.abs(a-b).max(), "mean torch", b.mean(), "mean llama", a.mean())
