#!/usr/bin/env python3
"""Tuning loop for the time expression finder on TimeBank only (the tuning
half of TBAQ-cleaned; the AQUAINT half stays held aside for timex_bench.py).

  bench/facts/timex_study.py [--shared DIR] [--errors N] [--kind VAL|FP|FN]

TimeBank is split once more: sorted file names, every third one (index % 3
== 2) is the CHECK slice, only scored, so a change's effect can be seen on
documents whose errors were never read; the rest is the STUDY slice, whose
errors (--errors N) are printed. Builds the finder straight from the sources
like timex_bench.py."""
import argparse, json, os, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import timex_data, timex_score  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--shared', default=os.environ.get('STORYLINE_SHARED', os.path.join(ROOT, '..', 'shared')))
    ap.add_argument('--errors', type=int, default=0)
    ap.add_argument('--kind', default='')
    a = ap.parse_args()
    data_dir = os.path.join(a.shared, 'data', 'timex', 'TBAQ-cleaned', 'TimeBank')
    names = sorted(n for n in os.listdir(data_dir) if n.endswith('.tml'))
    gold = {}
    for k, name in enumerate(names):
        dct, text, g = timex_data.parse(os.path.join(data_dir, name))
        gold[name] = {'doc': name, 'split': 'check' if k % 3 == 2 else 'study', 'dct': dct, 'text': text, 'gold': g}
    tmp = tempfile.mkdtemp(prefix='timex_study_')
    exe = os.path.join(tmp, 'timex_eval')
    subprocess.run(['g++', '-O2', '-std=c++20', '-I', os.path.join(ROOT, 'include'), '-I', os.path.join(ROOT, 'src'),
                    os.path.join(HERE, 'timex_eval.cc')] + [os.path.join(ROOT, 'src', 'facts', f) for f in
                                                            ('timex.cc', 'timex_lex.cc', 'quantities.cc', 'form_set.cc')] + ['-o', exe],
                   check=True)
    inp = ''.join(json.dumps({'doc': d['doc'], 'dct': d['dct'], 'text': d['text']}) + '\n' for d in gold.values())
    out = subprocess.run([exe], input=inp, capture_output=True, text=True, check=True).stdout
    pred = {d['doc']: d for d in map(json.loads, out.splitlines())}
    for split in ('study', 'check'):
        res, errs = timex_score.score(gold, pred, split, None)
        print(split, json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in res.items()}))
        if split == 'study':
            shown = [e for e in errs if not a.kind or e[0] == a.kind]
            for e in shown[:a.errors]:
                print('\t'.join(map(str, e)))
    res, _ = timex_score.score(gold, pred, None, None)
    print('all TimeBank', json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in res.items()}))


if __name__ == '__main__':
    main()
