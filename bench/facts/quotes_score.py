#!/usr/bin/env python3
"""Scores quote predictions (quotes_eval output) against PolNeAR gold.

Usage: quotes_score.py GOLD.jsonl PRED.jsonl [--json]

Units. A gold unit is one content span of one attribution (an interrupted
quote, "A," he said, "B.", is one PolNeAR attribution with two content spans:
two units with the same source). A predicted unit is one Quote. A predicted
partial quote lying inside a predicted indirect quote with the same speaker
span is folded into it (PolNeAR annotates such mixed quotes as one
attribution) and not scored on its own.

Which gold attributions count:
  all     every attribution with a content span (speech, beliefs, "sources
          said", perceptions, evaluations: "Clinton cited ...", "voted against").
  speech  attributions of speech or writing: the cue contains a verb of
          saying/communication from SPEECH below (a fixed list, not the finder's
          cue lexicon), or is only ':' or a dash, or the content contains a
          quotation mark. Predictions matched to a gold unit outside the subset
          are ignored (neither right nor wrong); unmatched ones count as wrong.

Content matching (one-to-one, greedy by shared tokens; tokens are \\w+ runs):
  exact   equal spans after trimming, on both sides, white space, quotation
          marks, , . : ; and dashes, and a leading "that ".
  overlap the spans share at least half of the gold span's tokens and half of
          the predicted span's tokens (the headline figure).
  any     the spans share at least one token (lenient, like citron's partial).

Speaker: a predicted quote with a speaker (span or resolved name) is right when
its content is matched (in the same regime) to a gold unit with a source and
  exact   its speaker span equals a gold source span (after the same trimming,
          and a leading "the " dropped on both sides), or
  overlap/any  its speaker span shares a token with a gold source span, or it
          has no span (a quote running on from the previous one) and the last
          word of its resolved name occurs in the gold source text.
Precision over predicted quotes with a speaker, recall over gold units with a
source.
"""
import json
import re
import sys

SPEECH = set("""say says said saying tell tells told telling add adds added adding write writes
wrote writing written tweet tweets tweeted tweeting state states stated stating note notes
noted noting announce announces announced announcing claim claims claimed claiming warn warns
warned warning urge urges urged urging argue argues argued arguing insist insists insisted
insisting explain explains explained explaining acknowledge acknowledges acknowledged
acknowledging admit admits admitted admitting concede concedes conceded conceding confirm
confirms confirmed confirming declare declares declared declaring report reports reported
reporting reiterate reiterates reiterated reply replies replied replying respond responds
responded responding suggest suggests suggested suggesting predict predicts predicted
predicting promise promises promised promising vow vows vowed vowing recall recalls recalled
recalling assert asserts asserted asserting emphasize emphasizes emphasized stress stresses
stressed continue continues continued joke jokes joked remark remarks remarked complain
complains complained caution cautions cautioned indicate indicates indicated reveal reveals
revealed disclose discloses disclosed ask asks asked asking according deny denies denied
quote quotes quoted post posts posted email emailed told tweeted statement""".split())
QUOTES = "\"“”«»„‘’'`"
TRIM = QUOTES + " \t\n,.:;—–―-"
WORD = re.compile(r"\w+", re.UNICODE)


def trim(text, b, e, drop_the=False):
    while b < e and text[b] in TRIM:
        b += 1
    while e > b and text[e - 1] in TRIM:
        e -= 1
    for lead in (("that ",) + (("the ",) if drop_the else ())):
        if text[b:b + len(lead)].lower() == lead:
            b += len(lead)
    return b, e


def tokens(text, b, e):
    return {(m.start() + b) for m in WORD.finditer(text[b:e])}


def is_speech(at, text):
    cue = " ".join(c["text"] for c in at.get("cue", [])).lower()
    words = re.findall(r"[a-z]+", cue)
    if any(w in SPEECH for w in words):
        return True
    if cue.strip() and not words:  # ':' or a dash
        return True
    return any(q in c["text"] for c in at.get("content", []) for q in "\"“”«»„`")


def load_gold(path):
    docs = {}
    for line in open(path, encoding="utf-8"):
        a = json.loads(line)
        units = []
        for at in a["attributions"]:
            srcs = [tuple(s) for src in at.get("source", []) for s in src["spans"]]
            speech = is_speech(at, a["text"])
            for c in at.get("content", []):
                for b, e in c["spans"]:
                    units.append({"b": b, "e": e, "src": srcs, "speech": speech})
        docs[a["filename"]] = (a["text"], units)
    return docs


def fold(preds):
    out = []
    for p in preds:
        if p["kind"] == "partial" and any(
                q["kind"] == "indirect" and q["b"] <= p["b"] and p["e"] <= q["e"] and
                (q["sb"], q["se"]) == (p["sb"], p["se"]) for q in preds):
            continue
        out.append(p)
    return out


def match(text, gold, preds, regime):
    """One-to-one matching: list of (gold index, pred index)."""
    cands = []
    for i, g in enumerate(gold):
        gt = tokens(text, g["b"], g["e"])
        gx = trim(text, g["b"], g["e"])
        for j, p in enumerate(preds):
            if p["e"] <= g["b"] or p["b"] >= g["e"]:
                continue
            pt = tokens(text, p["b"], p["e"])
            shared = len(gt & pt)
            if regime == "exact":
                ok = trim(text, p["b"], p["e"]) == gx
            elif regime == "overlap":
                ok = gt and pt and shared * 2 >= len(gt) and shared * 2 >= len(pt)
            else:
                ok = shared > 0
            if ok:
                cands.append((-shared, i, j))
    cands.sort()
    used_g, used_p, pairs = set(), set(), []
    for _, i, j in cands:
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        pairs.append((i, j))
    return pairs


def speaker_ok(text, g, p, regime):
    if not g["src"]:
        return False
    if p["se"] > p["sb"]:
        if regime == "exact":
            ps = trim(text, p["sb"], p["se"], True)
            return any(trim(text, b, e, True) == ps for b, e in g["src"])
        pt = tokens(text, p["sb"], p["se"])
        return any(pt & tokens(text, b, e) for b, e in g["src"])
    if regime == "exact" or not p["speaker"]:
        return False
    last = p["speaker"].split()[-1].lower()
    return any(last in {w.lower() for w in WORD.findall(text[b:e])} for b, e in g["src"])


def prf(tp, npred, ngold):
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(gold_docs, pred_docs, subset):
    res = {}
    for regime in ("exact", "overlap", "any"):
        c_tp = c_pred = c_gold = s_tp = s_pred = s_gold = 0
        for name, (text, units) in gold_docs.items():
            preds = fold(pred_docs.get(name, []))
            pairs = match(text, units, preds, regime)
            matched = dict((j, i) for i, j in pairs)
            for i, g in enumerate(units):
                if subset == "speech" and not g["speech"]:
                    continue
                c_gold += 1
                s_gold += bool(g["src"])
            for j, p in enumerate(preds):
                has_spk = p["se"] > p["sb"] or bool(p["speaker"])
                if j in matched:
                    g = units[matched[j]]
                    if subset == "speech" and not g["speech"]:
                        continue  # ignored region
                    c_tp += 1
                    if has_spk and speaker_ok(text, g, p, regime):
                        s_tp += 1
                c_pred += 1
                s_pred += has_spk
        res[regime] = {"content": prf(c_tp, c_pred, c_gold), "speaker": prf(s_tp, s_pred, s_gold),
                       "n_gold": c_gold, "n_pred": c_pred}
    return res


def main():
    gold = load_gold(sys.argv[1])
    preds = {}
    for line in open(sys.argv[2], encoding="utf-8"):
        d = json.loads(line)
        preds[d["filename"]] = d["pred"]
    out = {s: score(gold, preds, s) for s in ("speech", "all")}
    if "--json" in sys.argv:
        print(json.dumps(out))
        return
    for subset, res in out.items():
        print(f"## {subset} attributions (gold units {res['exact']['n_gold']}, predicted {res['exact']['n_pred']})")
        print("| match | content P | content R | content F1 | speaker P | speaker R | speaker F1 |")
        print("|---|---|---|---|---|---|---|")
        for regime, r in res.items():
            c, s = r["content"], r["speaker"]
            print(f"| {regime} | {c[0]:.3f} | {c[1]:.3f} | {c[2]:.3f} | {s[0]:.3f} | {s[1]:.3f} | {s[2]:.3f} |")


if __name__ == "__main__":
    main()
