#!/usr/bin/env python3
"""Unlabelled wire text through the time expression finder, for reading.

TimeBank is saturated for general rules and AQUAINT is held aside, so rules
are also checked on news text with no TIMEX3 labels: every expression the
finder marks is printed with its value and context, to be judged by English
rules. A change is kept when the values it changes read right and TimeBank
(timex_study.py) does not drop.

  bench/facts/timex_wire.py [--corpus conll|polnear] [--shared DIR] > now.tsv
  bench/facts/timex_wire.py --diff before.tsv now.tsv

conll: CoNLL-2003 eng.train + eng.testa (Reuters, Aug 1996; the document date
is the dateline's YYYY-MM-DD; results tables are skipped). polnear: PolNeAR
train (2015-2016 US politics; publication_date). Output: doc, document date,
type, value, context with the expression in [[ ]]. Reads ../shared only;
nothing is written into the repository."""
import argparse, collections, json, os, re, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def conll_docs(shared):
    docs = []
    for name in ('eng.train', 'eng.testa'):
        cur, sent = [], []
        for line in open(os.path.join(shared, 'data', 'ner', name), encoding='utf-8'):
            line = line.rstrip('\n')
            if line.startswith('-DOCSTART-'):
                if sent: cur.append(sent); sent = []
                if cur: docs.append(cur)
                cur = []
            elif not line:
                if sent: cur.append(sent); sent = []
            else:
                sent.append(line.split(' ')[0])
        if sent: cur.append(sent)
        if cur: docs.append(cur)

    def detok(words):
        s = ' '.join(words)
        s = re.sub(r' ([.,;:?!%)\'])', r'\1', s).replace('( ', '(')
        return s.replace(" 's", "'s").replace(" n't", "n't").replace('$ ', '$')

    out = []
    for k, d in enumerate(docs):
        m = re.search(r'\b(19\d\d-\d\d-\d\d)\b', ' '.join(' '.join(s) for s in d[:4]))
        if not m:
            continue
        lines = [detok(s) for s in d]
        text = '\n'.join(lines)
        if len(text) < 600 or sum(c.isdigit() for c in text) > 0.08 * len(text):
            continue  # results tables and price lists
        out.append({'doc': 'conll%04d' % k, 'dct': m.group(1), 'text': text})
    return out


def polnear_docs(shared):
    out = []
    for k, line in enumerate(open(os.path.join(shared, 'data', 'quotes', 'train.jsonl'), encoding='utf-8')):
        d = json.loads(line)
        out.append({'doc': 'polnear%04d' % k, 'dct': d['publication_date'], 'text': d['text']})
    return out


def run(docs):
    tmp = tempfile.mkdtemp(prefix='timex_wire_')
    exe = os.path.join(tmp, 'timex_eval')
    subprocess.run(['g++', '-O2', '-std=c++20', '-I', os.path.join(ROOT, 'include'), '-I', os.path.join(ROOT, 'src'),
                    os.path.join(HERE, 'timex_eval.cc')] + [os.path.join(ROOT, 'src', 'facts', f) for f in
                                                            ('timex.cc', 'timex_lex.cc', 'quantities.cc', 'form_set.cc')] +
                   ['-o', exe, '-lfmt'], check=True)
    inp = ''.join(json.dumps(d) + '\n' for d in docs)
    out = subprocess.run([exe], input=inp, capture_output=True, text=True, check=True).stdout
    by_doc = {d['doc']: d for d in docs}
    for o in map(json.loads, out.splitlines()):
        d = by_doc[o['doc']]
        t = d['text'].encode('utf-8')
        for p in o['pred']:
            b, e = p['b'], p['e']
            ctx = (t[max(0, b - 70):b].decode('utf-8', 'replace') + '[[' + t[b:e].decode('utf-8', 'replace') + ']]' +
                   t[e:e + 50].decode('utf-8', 'replace')).replace('\n', ' / ').replace('\t', ' ')
            print(f"{o['doc']}\t{d['dct']}\t{p['type']}\t{p['value']}\t{ctx}")


def diff(before, now):
    def load(path):
        rows = collections.OrderedDict()
        for line in open(path, encoding='utf-8'):
            f = line.rstrip('\n').split('\t')
            if len(f) == 5:
                rows[(f[0], f[4])] = f
        return rows
    a, b = load(before), load(now)
    n = 0
    for k in list(a) + [k for k in b if k not in a]:
        x, y = a.get(k), b.get(k)
        if x is None or y is None or x[2:4] != y[2:4]:
            n += 1
            print((x or y)[1], ' '.join(x[2:4]) if x else '-', '->', ' '.join(y[2:4]) if y else '-', '\t', k[1])
    print(n, 'changes')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--corpus', choices=('conll', 'polnear'), default='conll')
    ap.add_argument('--shared', default=os.environ.get('STORYLINE_SHARED', os.path.join(ROOT, '..', 'shared')))
    ap.add_argument('--diff', nargs=2, metavar=('BEFORE', 'NOW'))
    a = ap.parse_args()
    if a.diff:
        return diff(*a.diff)
    run(conll_docs(a.shared) if a.corpus == 'conll' else polnear_docs(a.shared))


if __name__ == '__main__':
    main()
