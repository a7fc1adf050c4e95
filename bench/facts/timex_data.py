#!/usr/bin/env python3
"""Reads TimeML .tml files (TBAQ-cleaned) into JSON lines:
{"doc","split","dct","text","gold":[{"b","e","type","value","text"}]}
Offsets are byte offsets into the UTF-8 text of <TEXT> with tags removed and
XML entities decoded.

Protocol (split field; fixed in session 10 before either AQUAINT part was
measured under it):
  tune          TimeBank (183 documents): tuning data; timex_study.py splits
                it once more into a study and a check slice.
  aquaint-dev   AQUAINT documents whose DCT is before 1999-03-01 (33
                documents): development data; their errors may be read and
                tuned on (timex_study.py --errors-from aquaint-dev).
  aquaint-test  AQUAINT documents whose DCT is on or after 1999-03-01 (40
                documents): held aside; only scored by timex_bench.py, a few
                times per session, never its errors or texts.
A split in time keeps each news event's documents on one side. Named
selections over these (SELECTIONS): "heldout" is all of AQUAINT (the figure
sessions 3-7 reported, kept for continuity; it includes aquaint-test),
"all" is everything."""
import html, json, os, re, sys

TAG = re.compile(r'<(/?)([A-Za-z0-9_]+)([^>]*)>')
ATTR = re.compile(r'(\w+)="([^"]*)"')

AQUAINT_TEST_FROM = '1999-03-01'  # DCTs on or after this day are aquaint-test

# Selection name -> the split fields it covers (None: every document).
SELECTIONS = {
    'tune': {'tune'},
    'aquaint-dev': {'aquaint-dev'},
    'aquaint-test': {'aquaint-test'},
    'heldout': {'aquaint-dev', 'aquaint-test'},
    'all': None,
}


def parse(path):
    raw = open(path, encoding='utf-8').read()
    dct = re.search(r'<DCT>.*?value="([^"]+)"', raw, re.S).group(1)
    body = re.search(r'<TEXT>(.*)</TEXT>', raw, re.S).group(1)
    out = bytearray()
    gold, stack = [], []
    pos = 0
    for m in TAG.finditer(body):
        out += html.unescape(body[pos:m.start()]).encode('utf-8')
        pos = m.end()
        if m.group(2) != 'TIMEX3':
            continue
        if m.group(1) == '':
            stack.append((len(out), dict(ATTR.findall(m.group(3)))))
        else:
            b, a = stack.pop()
            gold.append({'b': b, 'e': len(out), 'type': a.get('type', ''), 'value': a.get('value', '')})
    out += html.unescape(body[pos:]).encode('utf-8')
    for g in gold:
        g['text'] = out[g['b']:g['e']].decode('utf-8')
    gold.sort(key=lambda g: g['b'])
    return dct, out.decode('utf-8'), gold


def split_of(corpus, dct):
    """The protocol split of a document of corpus 'TimeBank' or 'AQUAINT'."""
    if corpus == 'TimeBank':
        return 'tune'
    return 'aquaint-test' if dct[:10] >= AQUAINT_TEST_FROM else 'aquaint-dev'


def load(root, selection='all'):
    """Documents of root (TBAQ-cleaned) in the named selection, sorted by
    corpus then file name, each {"doc","split","dct","text","gold"}."""
    keep = SELECTIONS[selection]
    docs = []
    for corpus in ('TimeBank', 'AQUAINT'):
        for name in sorted(os.listdir(os.path.join(root, corpus))):
            if not name.endswith('.tml'):
                continue
            dct, text, gold = parse(os.path.join(root, corpus, name))
            split = split_of(corpus, dct)
            if keep is None or split in keep:
                docs.append({'doc': name, 'split': split, 'dct': dct, 'text': text, 'gold': gold})
    return docs


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.environ.get('STORYLINE_SHARED', '/work/shared'), 'data/timex/TBAQ-cleaned')
    for d in load(root):
        print(json.dumps(d, ensure_ascii=False))


if __name__ == '__main__':
    main()
