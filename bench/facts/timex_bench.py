#!/usr/bin/env python3
"""Time expressions: Storyline (FindTimeExpressions) vs chrono-node, same run,
same documents. Prints a Markdown report.

  bench/facts/timex_bench.py [--shared DIR] [--reps N] [--split heldout|tune|all]

Data: TBAQ-cleaned (TimeBank + AQUAINT) under $STORYLINE_SHARED/data/timex
(default ../shared). Held aside, never used for tuning: the AQUAINT half (73
documents); TimeBank (183) was used for tuning. Scores as TempEval-3: span
P/R/F1 strict (exact) and relaxed (overlap), value accuracy on relaxed
matches, value F1 = relaxed F1 x value accuracy. chrono-node finds only dates
and times, so it is compared on gold DATE+TIME (both systems' DURATION/SET
output dropped); ours is also reported on all four types. Speed: tokens
(whitespace-separated) per second on one core (taskset -c 0), finder only
(JSON parsing excluded), both systems over the same texts.
Needs: g++ (C++20), nlohmann-json, node, `npm ci` in bench/facts."""
import argparse, datetime, json, os, platform, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import timex_data, timex_score  # noqa: E402


def run(cmd, stdin=None, **kw):
    return subprocess.run(cmd, input=stdin, capture_output=True, text=True, check=True, **kw)


def pin(cmd):
    return (['taskset', '-c', '0'] + cmd) if shutil.which('taskset') else cmd


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--shared', default=os.environ.get('STORYLINE_SHARED', os.path.join(ROOT, '..', 'shared')))
    ap.add_argument('--reps', type=int, default=20, help='timing repetitions for ours (chrono: reps/10, at least 1)')
    ap.add_argument('--split', default='heldout')
    a = ap.parse_args()
    data_dir = os.path.join(a.shared, 'data', 'timex', 'TBAQ-cleaned')
    tmp = tempfile.mkdtemp(prefix='timex_bench_')
    docs = []
    for sub, split in (('TimeBank', 'tune'), ('AQUAINT', 'heldout')):
        for name in sorted(os.listdir(os.path.join(data_dir, sub))):
            if name.endswith('.tml'):
                dct, text, gold = timex_data.parse(os.path.join(data_dir, sub, name))
                docs.append({'doc': name, 'split': split, 'dct': dct, 'text': text, 'gold': gold})
    gold_path = os.path.join(tmp, 'gold.jsonl')
    with open(gold_path, 'w', encoding='utf-8') as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + '\n')
    sel = [d for d in docs if a.split == 'all' or d['split'] == a.split]
    inp = ''.join(json.dumps({'doc': d['doc'], 'dct': d['dct'], 'text': d['text']}, ensure_ascii=False) + '\n' for d in sel)
    tokens = sum(len(d['text'].split()) for d in sel)

    exe = os.path.join(tmp, 'timex_eval')
    run(['g++', '-O3', '-DNDEBUG', '-std=c++20', '-I', os.path.join(ROOT, 'include'), '-I', os.path.join(ROOT, 'src'),
         os.path.join(HERE, 'timex_eval.cc')] + [os.path.join(ROOT, 'src', 'facts', f) for f in
                                                  ('timex.cc', 'timex_lex.cc', 'quantities.cc', 'form_set.cc')] + ['-o', exe])
    ours = run([exe], inp).stdout
    chrono_js = os.path.join(HERE, 'timex_chrono.js')
    if not os.path.isdir(os.path.join(HERE, 'node_modules', 'chrono-node')):
        run(['npm', 'ci', '--no-audit', '--no-fund'], cwd=HERE)
    chrono = run(['node', chrono_js], inp).stdout
    chrono_ver = json.load(open(os.path.join(HERE, 'node_modules', 'chrono-node', 'package.json')))['version']
    paths = {}
    for name, text in (('ours', ours), ('chrono', chrono)):
        paths[name] = os.path.join(tmp, name + '.jsonl')
        open(paths[name], 'w', encoding='utf-8').write(text)
    gold = timex_score.load(gold_path)
    split = None if a.split == 'all' else a.split
    rows = []
    for name, label, types in (('ours', 'Storyline FindTimeExpressions', None),
                               ('ours', 'Storyline FindTimeExpressions', {'DATE', 'TIME'}),
                               ('chrono', f'chrono-node {chrono_ver}', {'DATE', 'TIME'})):
        res, _ = timex_score.score(gold, timex_score.load(paths[name]), split, types)
        rows.append((label, 'all' if not types else 'DATE+TIME', res))

    def seconds(cmd, reps):
        err = run(pin(cmd + ['--time', str(reps)]), inp).stderr.strip().split()
        return float(err[0]) / reps
    reps = max(1, a.reps)
    t_ours = seconds([exe], reps)
    t_chrono = seconds(['node', chrono_js], max(1, reps // 10))
    speed = {'ours': tokens / t_ours, 'chrono': tokens / t_chrono}

    cpu = platform.processor() or platform.machine()
    try:
        for line in open('/proc/cpuinfo'):
            if line.startswith('model name'):
                cpu = line.split(':', 1)[1].strip()
                break
    except OSError:
        pass
    cmd = 'bench/facts/timex_bench.py ' + ' '.join(sys.argv[1:])
    print(f'### Time expressions ({a.split} part of TBAQ-cleaned: {len(sel)} documents, '
          f'{sum(len(d["gold"]) for d in sel)} gold TIMEX3, {tokens} tokens)\n')
    print(f'Command: `{cmd.strip()}` · date: {datetime.date.today().isoformat()} · machine: {cpu}, '
          f'{os.cpu_count()} cores, one core used for speed (taskset -c 0)\n')
    print('| system | types | strict P | strict R | strict F1 | relaxed P | relaxed R | relaxed F1 | value acc | value F1 | tokens/s/core |')
    print('|---|---|---|---|---|---|---|---|---|---|---|')
    for label, types, r in rows:
        sp = speed['chrono' if label.startswith('chrono') else 'ours']
        print(f'| {label} | {types} | {r["strict_p"]:.3f} | {r["strict_r"]:.3f} | {r["strict_f1"]:.3f} | '
              f'{r["relaxed_p"]:.3f} | {r["relaxed_r"]:.3f} | {r["relaxed_f1"]:.3f} | {r["value_acc"]:.3f} | '
              f'**{r["value_f1"]:.3f}** | {sp:,.0f} |')
    print('\nValue F1 = relaxed span F1 x value accuracy (TempEval-3). A day range ("March 20 to 22") is one '
          'expression valued by its first day. chrono values: finest certain component (see timex_chrono.js).')
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    main()
