#!/usr/bin/env python3
"""TempEval-3 style scoring of time expressions.
Usage: timex_score.py GOLD.jsonl PRED.jsonl [--split aquaint-dev] [--types DATE,TIME] [--errors N]
--split names a selection of timex_data.SELECTIONS (the protocol is in
timex_data.py: aquaint-test is held aside, never print its errors).
Span P/R/F1 strict (exact) and relaxed (overlap, one-to-one); value and type
accuracy over relaxed matches; value F1 = relaxed F1 x value accuracy."""
import argparse, json

import timex_data

def load(path):
    return {d['doc']: d for d in map(json.loads, open(path, encoding='utf-8'))}

def score(gold, pred, split, types, errors=0):
    """split: None (every document), a selection name of timex_data.SELECTIONS,
    or a set of split fields."""
    keep = timex_data.SELECTIONS[split] if isinstance(split, str) else split
    ng = np = strict = relaxed = val_ok = type_ok = 0
    errs = []
    for doc, g in gold.items():
        if keep is not None and g['split'] not in keep:
            continue
        gs = [x for x in g['gold'] if not types or x['type'] in types]
        ps = [x for x in pred.get(doc, {'pred': []})['pred'] if not types or x['type'] in types]
        ng += len(gs)
        np += len(ps)
        used = set()
        for p in ps:
            best = None
            for k, x in enumerate(gs):
                if k in used or x['e'] <= p['b'] or p['e'] <= x['b']:
                    continue
                exact = x['b'] == p['b'] and x['e'] == p['e']
                if best is None or exact:
                    best = k
                    if exact:
                        break
            if best is None:
                errs.append(('FP', doc, p['text'], p['value'], ''))
                continue
            used.add(best)
            x = gs[best]
            relaxed += 1
            strict += x['b'] == p['b'] and x['e'] == p['e']
            val_ok += x['value'] == p['value']
            type_ok += x['type'] == p['type']
            if x['value'] != p['value']:
                errs.append(('VAL', doc, p['text'] + ' | ' + x['text'], p['value'], x['value'] + ' dct=' + g['dct']))
        for k, x in enumerate(gs):
            if k not in used:
                errs.append(('FN', doc, x['text'], '', x['value']))
    def prf(m):
        p = m / np if np else 0
        r = m / ng if ng else 0
        return p, r, (2 * p * r / (p + r) if p + r else 0)
    sp, sr, sf = prf(strict)
    rp, rr, rf = prf(relaxed)
    acc = val_ok / relaxed if relaxed else 0
    res = dict(gold=ng, pred=np, strict_p=sp, strict_r=sr, strict_f1=sf, relaxed_p=rp, relaxed_r=rr,
               relaxed_f1=rf, value_acc=acc, type_acc=type_ok / relaxed if relaxed else 0, value_f1=rf * acc)
    return res, errs

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('gold'); ap.add_argument('pred')
    ap.add_argument('--split', default='aquaint-dev', choices=sorted(timex_data.SELECTIONS))
    ap.add_argument('--types', default='')
    ap.add_argument('--errors', type=int, default=0)
    a = ap.parse_args()
    types = set(a.types.split(',')) if a.types else None
    keep = timex_data.SELECTIONS[a.split]
    if a.errors and (keep is None or 'aquaint-test' in keep):
        ap.error('aquaint-test is held aside: its errors are never printed')
    res, errs = score(load(a.gold), load(a.pred), a.split, types)
    print(json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in res.items()}))
    for e in errs[:a.errors]:
        print('\t'.join(map(str, e)))

if __name__ == '__main__':
    main()
