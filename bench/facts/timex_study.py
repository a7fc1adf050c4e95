#!/usr/bin/env python3
"""Tuning loop for the time expression finder on the development data:
TimeBank and aquaint-dev (protocol in timex_data.py; aquaint-test, the
AQUAINT documents dated 1999-03-01 or later, is never loaded here and stays
held aside for timex_bench.py).

  bench/facts/timex_study.py [--shared DIR] [--errors N] [--kind VAL|FP|FN]
                             [--errors-from study|aquaint-dev]

TimeBank is split once more: sorted file names, every third one (index % 3
== 2) is the CHECK slice, only scored, so a change's effect can be seen on
documents whose errors were never read; the rest is the STUDY slice. Errors
(--errors N, optionally of one --kind) are printed for the study slice or
for aquaint-dev (--errors-from). Prints the scores of study, check, all
TimeBank and aquaint-dev. Builds the finder straight from the sources like
timex_bench.py."""
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
    ap.add_argument('--errors-from', default='study', choices=('study', 'aquaint-dev'))
    a = ap.parse_args()
    data_dir = os.path.join(a.shared, 'data', 'timex', 'TBAQ-cleaned')
    gold = {}
    timebank = [d for d in timex_data.load(data_dir, 'tune')]
    for k, d in enumerate(timebank):  # sorted by file name
        d['split'] = 'check' if k % 3 == 2 else 'study'
        gold[d['doc']] = d
    for d in timex_data.load(data_dir, 'aquaint-dev'):
        gold[d['doc']] = d
    assert all(d['split'] != 'aquaint-test' for d in gold.values())
    tmp = tempfile.mkdtemp(prefix='timex_study_')
    exe = os.path.join(tmp, 'timex_eval')
    subprocess.run(['g++', '-O2', '-std=c++20', '-I', os.path.join(ROOT, 'include'), '-I', os.path.join(ROOT, 'src'),
                    os.path.join(HERE, 'timex_eval.cc')] + [os.path.join(ROOT, 'src', 'facts', f) for f in
                                                            ('timex.cc', 'timex_lex.cc', 'quantities.cc', 'form_set.cc')] + ['-o', exe, '-lfmt'],
                   check=True)
    inp = ''.join(json.dumps({'doc': d['doc'], 'dct': d['dct'], 'text': d['text']}) + '\n' for d in gold.values())
    out = subprocess.run([exe], input=inp, capture_output=True, text=True, check=True).stdout
    pred = {d['doc']: d for d in map(json.loads, out.splitlines())}

    def show(label, keep):
        res, errs = timex_score.score(gold, pred, keep, None)
        print(label, json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in res.items()}))
        return errs
    errs = {'study': show('study', {'study'})}
    show('check', {'check'})
    show('all TimeBank', {'study', 'check'})
    errs['aquaint-dev'] = show('aquaint-dev', {'aquaint-dev'})
    shown = [e for e in errs[a.errors_from] if not a.kind or e[0] == a.kind]
    for e in shown[:a.errors]:
        print('\t'.join(map(str, e)))


if __name__ == '__main__':
    main()
