# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # 2.0 Error analysis
# Where the shipped model goes wrong on the test split and on the wild set: the confusion of
# primary labels, missed and extra labels, examples, and the tokens the model weighs most.

# %%
from collections import Counter

import pandas as pd

from classifier import load_model
from classifier.dataset import load_split
from classifier.evaluate import score

pd.set_option("display.width", 160)
pd.set_option("display.max_colwidth", 70)
model = load_model()

# %%
for split in ("test", "wild"):
    examples = load_split(split)
    preds = model.predict([ex.text for ex in examples])
    m = score([ex.labels for ex in examples], [list(p.labels) for p in preds], model.labels)
    print(f"{split}: macro-F1 {m['macro_f1']}  exact {m['exact_match']}  other-F1 {m['per_label']['other']['f1']}")
    cm = pd.DataFrame(m["confusion"]["matrix"], index=m["confusion"]["labels"], columns=m["confusion"]["labels"])
    diagonal = pd.DataFrame([[i == j for j in cm.columns] for i in cm.index], index=cm.index, columns=cm.columns)
    off = cm.where(~diagonal, 0)
    print("largest primary-label confusions (gold -> predicted):")
    print(off.stack().sort_values(ascending=False).head(8))
    missed, extra = Counter(), Counter()
    errors = []
    for ex, p in zip(examples, preds, strict=True):
        g, q = set(ex.labels), set(p.labels)
        missed.update(g - q)
        extra.update(q - g)
        if g != q:
            errors.append({"text": ex.text[:70], "gold": ";".join(ex.labels), "pred": ";".join(p.labels),
                           "conf": p.confidence})
    print("missed labels:", dict(missed.most_common(6)))
    print("extra labels: ", dict(extra.most_common(6)))
    print(pd.DataFrame(errors).head(12))

# %% [markdown]
# ## What the model weighs: the strongest features per category

# %%
names = model.linear_model.featurizer.feature_names()
for j, label in enumerate(model.labels):
    coef = model.linear_model.scorer.coef[:, j]
    top = coef.argsort()[::-1][:8]
    print(f"{label:28s} " + " ".join(names[i] for i in top))
