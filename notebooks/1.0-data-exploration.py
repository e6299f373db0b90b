# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # 1.0 Data exploration
# Counts per category, text lengths, label co-occurrence in multi-reason messages and the most
# distinctive tokens per category, on the processed splits (`make data`). A jupytext
# "percent" notebook: open it in Jupyter with jupytext, or run it as a script; the test suite
# runs it so it never rots.

# %%
from collections import Counter
from itertools import combinations

import pandas as pd

from classifier.dataset import load_split
from classifier.taxonomy import load_taxonomy
from classifier.text import normalize, tokenize

pd.set_option("display.width", 160)
splits = {s: load_split(s) for s in ("train", "dev", "test", "wild")}
rows = [
    {"split": s, "text": ex.text, "labels": ex.labels, "kind": ex.kind, "source": ex.source}
    for s, exs in splits.items() for ex in exs
]
df = pd.DataFrame(rows)
df["n_labels"] = df["labels"].str.len()
df["chars"] = df["text"].str.len()
titles = {c.id: c.title for c in load_taxonomy().categories}

# %% [markdown]
# ## Rows per split and kind

# %%
print(df.pivot_table(index="split", columns="kind", values="text", aggfunc="count", fill_value=0))

# %% [markdown]
# ## Messages per category (every label a message carries)

# %%
exploded = df.explode("labels")
counts = exploded.pivot_table(index="labels", columns="split", values="text", aggfunc="count", fill_value=0)
counts.insert(0, "title", [titles[i] for i in counts.index])
print(counts.sort_values("train", ascending=False))

# %% [markdown]
# ## Text length (characters)

# %%
print(df.groupby("split")["chars"].describe(percentiles=[0.1, 0.5, 0.9]).round(1))

# %% [markdown]
# ## Label co-occurrence in multi-reason messages

# %%
pairs = Counter()
for labels in df.loc[df["n_labels"] > 1, "labels"]:
    for a, b in combinations(sorted(labels), 2):
        pairs[(a, b)] += 1
print(pd.Series(pairs).sort_values(ascending=False).head(15))
print("share of multi-reason messages per split:")
print(df.groupby("split")["n_labels"].apply(lambda s: round((s > 1).mean(), 3)))

# %% [markdown]
# ## Most distinctive tokens per category (single-label training messages, lift over the corpus)

# %%
single = df[(df["split"] == "train") & (df["n_labels"] == 1)]
token_lists = single["text"].map(lambda t: set(tokenize(normalize(t))))
overall = Counter(t for toks in token_lists for t in toks)
total = len(single)
first_label = single["labels"].map(lambda ls: ls[0])
for label in load_taxonomy().ids:
    mask = first_label == label
    n = int(mask.sum())
    c = Counter(t for toks in token_lists[mask] for t in toks)
    lift = {t: (k / n) / (overall[t] / total) for t, k in c.items() if k >= 5}
    top = sorted(lift, key=lambda t: -lift[t])[:8]
    print(f"{label:28s} {' '.join(top)}")
assert len(df) > 0 and set(exploded["labels"]) <= set(load_taxonomy().ids)
