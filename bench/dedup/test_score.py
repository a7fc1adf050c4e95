#!/usr/bin/env python3
"""Self-test of score.py on a hand-made truth and a fake `storyline dedup --json`
output (no corpus needed):  python3 bench/dedup/test_score.py"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import score  # noqa: E402

TRUTH = [
    {"a": "o1", "b": "v1", "type": "exact", "edit_rate": 0.0, "spans": [{"a": [0, 100], "b": [0, 100]}]},
    {"a": "o1", "b": "v2", "type": "partial", "edit_rate": 0.0,
     "spans": [{"a": [0, 50], "b": [10, 60]}, {"a": [200, 300], "b": [70, 170]}]},
    {"a": "v1", "b": "v2", "type": "sibling", "edit_rate": None,
     "spans": [{"a": [0, 50], "b": [10, 60]}]},
    {"a": "o2", "b": "v3", "type": "edit20", "edit_rate": 0.2, "spans": [{"a": [0, 400], "b": [0, 390]}]},
    {"a": "o1", "b": "o2", "type": "unrelated", "edit_rate": None, "spans": []},
    {"a": "v3", "b": "v4", "type": "disjoint", "edit_rate": None, "spans": []},
]
PRED = {"pairs": [
    # exact, reported in the other order, span exact
    {"a": "v1", "b": "o1", "kind": "exact", "jaccard_estimate": 1.0, "jaccard": 1.0,
     "spans": [{"a": [0, 100], "b": [0, 100], "words": 20, "quotation": False}]},
    # partial: first span off by 5 / 12, second missing
    {"a": "o1", "b": "v2", "kind": "reuse", "jaccard_estimate": 0.2, "jaccard": 0.25,
     "spans": [{"a": [5, 50], "b": [15, 72], "words": 9, "quotation": False},
               {"a": [400, 420], "b": [300, 320], "words": 4, "quotation": True}]},
    {"a": "o1", "b": "o2", "kind": "near", "jaccard_estimate": 0.3, "jaccard": 0.3, "spans": []},
    {"a": "o2", "b": "v9", "kind": "reuse", "jaccard_estimate": 0.1, "jaccard": 0.1, "spans": []},
    {"a": "v3", "b": "v4", "kind": "reuse", "jaccard_estimate": 0.1, "jaccard": 0.1, "spans": []},
], "reuse": [], "stats": {"articles": 7, "pairs": 5, "index_bytes": 1000, "bytes_per_article": 142.8,
                          "seconds": 0.01}}


def main():
    with tempfile.TemporaryDirectory() as d:
        tp, pp = os.path.join(d, "truth.jsonl"), os.path.join(d, "pred.json")
        with open(tp, "w") as f:
            f.writelines(json.dumps(r) + "\n" for r in TRUTH)
        with open(pp, "w") as f:
            json.dump(PRED, f)
        res = score.score(score.load_truth(tp), PRED)
        # v1 is an exact copy of o1, listed once: it shares o1's pairs, so
        # (v1, v2) is found (the sibling) and (v1, o2) is an unlabelled FP.
        assert (res["tp"], res["fp"], res["fn"]) == (3, 3, 1), res
        assert (res["fp_labelled_unrelated"], res["fp_unlabelled"]) == (1, 2)
        assert abs(res["precision"] - 0.5) < 1e-9 and abs(res["recall"] - 0.75) < 1e-9
        assert res["unrelated_reported_share"] == 1.0
        assert res["types"]["exact"]["recall"] == 1.0 and res["types"]["edit20"]["recall"] == 0.0
        assert res["types"]["partial"]["predicted_kind"] == {"reuse": 1}
        sp = res["spans"]
        # truth spans: exact (IoU 1, within), partial #1 (IoU 90/112; b end off by 12, so not within 10)
        # partial #2 (no overlap: IoU 0)
        assert sp["n"] == 3, sp
        assert abs(sp["within10"] - 1 / 3) < 1e-9, sp
        iou_p1 = (45 / 50 + 45 / 62) / 2
        assert abs(sp["mean_iou"] - (1 + iou_p1 + 0) / 3) < 1e-9, sp
        assert abs(sp["iou90"] - 1 / 3) < 1e-9
        assert abs(sp["pred_spans_on_truth"] - 2 / 3) < 1e-9, sp
        # restriction to a subset of ids
        res2 = score.score(score.load_truth(tp), dict(PRED, ids=["o1", "v1"]))
        assert (res2["tp"], res2["fn"]) == (1, 0), res2
        out = subprocess.run([sys.executable, os.path.join(HERE, "score.py"), "--truth", tp, "--pred", pp,
                              "--label", "fake"], capture_output=True, text=True, check=True).stdout
        assert "P 0.500 R 0.750" in out, out
        # A near-copy group of o2, v3 and v4 lists (o2, v3) and (o2, v4), and
        # (v3, v4) is implied: found, kind near, no spans scored for it. An
        # exact copy of v4 (v5) shares its pairs, the implied ones too.
        group = {"pairs": [
            {"a": "o2", "b": "v3", "kind": "near", "jaccard_estimate": 0.8, "jaccard": 0.8,
             "spans": [{"a": [0, 400], "b": [0, 390], "words": 80, "quotation": False}]},
            {"a": "o2", "b": "v4", "kind": "near", "jaccard_estimate": 0.7, "jaccard": 0.7, "spans": []},
            {"a": "v4", "b": "v5", "kind": "exact", "jaccard_estimate": 1, "jaccard": 1, "spans": []},
        ], "near_groups": [{"first": "o2", "members": ["o2", "v3", "v4"]}], "reuse": [], "stats": {}}
        truth = score.load_truth(tp)
        truth[frozenset(("v3", "v5"))] = {"a": "v3", "b": "v5", "type": "sibling", "spans": []}
        res3 = score.score(truth, group)
        assert res3["pairs_predicted"] == 6, res3  # 3 listed, (v3, v4), (o2, v5), (v3, v5)
        assert res3["types"]["edit20"]["recall"] == 1.0
        assert res3["types"]["sibling"]["predicted_kind"] == {"near": 1}, res3
        assert res3["spans"]["n"] == 1, res3
    print("score.py self-test: ok")


if __name__ == "__main__":
    main()
