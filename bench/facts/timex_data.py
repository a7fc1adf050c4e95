#!/usr/bin/env python3
"""Reads TimeML .tml files (TBAQ-cleaned) into JSON lines:
{"doc","split","dct","text","gold":[{"b","e","type","value","text"}]}
Offsets are byte offsets into the UTF-8 text of <TEXT> with tags removed and
XML entities decoded. split: "heldout" for AQUAINT (never used for tuning),
"tune" for TimeBank."""
import html, json, os, re, sys

TAG = re.compile(r'<(/?)([A-Za-z0-9_]+)([^>]*)>')
ATTR = re.compile(r'(\w+)="([^"]*)"')

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

def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.environ.get('STORYLINE_SHARED', '/work/shared'), 'data/timex/TBAQ-cleaned')
    for sub, split in (('TimeBank', 'tune'), ('AQUAINT', 'heldout')):
        for name in sorted(os.listdir(os.path.join(root, sub))):
            if not name.endswith('.tml'):
                continue
            dct, text, gold = parse(os.path.join(root, sub, name))
            print(json.dumps({'doc': name, 'split': split, 'dct': dct, 'text': text, 'gold': gold}, ensure_ascii=False))

if __name__ == '__main__':
    main()
