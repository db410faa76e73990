"""Check a seed gold annotation against its text (stdlib only).

Usage: python seeds/check_gold.py [GOLD.json ...]   (default: every *.gold.json next to this script)
"""

import glob
import json
import os
import sys

SOURCE_TYPES = {
    "government",
    "politician",
    "state_media",
    "news_outlet",
    "separatist_or_militant",
    "international_org",
    "expert",
    "witness",
    "organization",
    "social_media",
    "anonymous",
    "narrator",
    "unknown",
}
CUE_KINDS = {"neutral", "distancing", "factive", "according_to", "denial"}
HEDGE_KINDS = {"hedge", "booster", "disclaimer", "scare_quote", "conditional"}


def check(gold_path):
    here = os.path.dirname(os.path.abspath(gold_path))
    with open(gold_path, encoding="utf-8") as f:
        g = json.load(f)
    text = open(os.path.join(here, g["text_file"]), encoding="utf-8").read()

    def span(d, where, within=None):
        s, e = d["start"], d["end"]
        assert isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text), (where, s, e)
        assert text[s:e] == d["text"], (where, d["text"], text[s:e])
        if within is not None:
            assert within[0] <= s and e <= within[1], (where, "outside its statement")

    for ent in g.get("entities", []):
        assert ent["type"] in SOURCE_TYPES, ent["entity"]
        for s, e in ent["mentions"]:
            assert 0 <= s < e <= len(text), (ent["entity"], s, e)

    sts = g["statements"]
    assert [s["statement_id"] for s in sts] == list(range(len(sts))), "ids must be 0..n-1"
    assert all(a["end"] <= b["start"] for a, b in zip(sts, sts[1:])), (
        "statements not in document order"
    )
    for st in sts:
        sid = st["statement_id"]
        span(st, f"statement {sid}")
        bounds = (st["start"], st["end"])
        span(st["content"], f"statement {sid} content", bounds)
        if st["source"] is not None:
            span(st["source"], f"statement {sid} source", bounds)
            assert st["source"]["type"] in SOURCE_TYPES, (sid, st["source"]["type"])
        if st["cue"] is not None:
            span(st["cue"], f"statement {sid} cue", bounds)
            assert st["cue"]["kind"] in CUE_KINDS, (sid, st["cue"]["kind"])
        if st["channel"] is not None:
            span(st["channel"], f"statement {sid} channel", bounds)
            assert st["channel"]["type"] in SOURCE_TYPES, (sid, st["channel"]["type"])
        for h in st["hedges"]:
            assert h["kind"] in HEDGE_KINDS, (sid, h["kind"])
            # a disclaimer may sit in another sentence; every other hedge is inside its statement
            span(h, f"statement {sid} hedge", None if h["kind"] == "disclaimer" else bounds)
        assert isinstance(st["quoted"], bool) and isinstance(st["dpr_sourced"], bool), sid

    ids = {s["statement_id"] for s in sts}
    for d in g.get("disclaimers", []):
        span(d, "disclaimer")
        span(d["object"], "disclaimer object")
        for c in d["covers"]:
            assert c in ids, ("covers unknown statement", c)
            assert any(
                h["kind"] == "disclaimer" and h["start"] == d["start"] for h in sts[c]["hedges"]
            ), ("covered statement lacks the disclaimer hedge", c)
    for q in g.get("scare_quotes", []):
        span(q, "scare quote")
    return len(sts)


if __name__ == "__main__":
    paths = sys.argv[1:] or sorted(
        glob.glob(os.path.join(os.path.dirname(os.path.abspath(__file__)), "*.gold.json"))
    )
    assert paths, "no gold files found"
    for p in paths:
        print(f"ok {check(p)} statements")
