#!/usr/bin/env python3
"""Time expressions: Storyline (FindTimeExpressions) vs chrono-node, same run,
same documents. Prints a Markdown report, one table per selection.

  bench/facts/timex_bench.py [--shared DIR] [--reps N] [--split SEL[,SEL...]]

Data: TBAQ-cleaned (TimeBank + AQUAINT) under $STORYLINE_SHARED/data/timex
(default ../shared). Protocol (timex_data.py, session 10): AQUAINT is split
by document date; aquaint-test (DCT on or after 1999-03-01, 40 documents) is
held aside and only scored here, a few times per session, its errors and
texts never read; aquaint-dev (DCT before 1999-03-01, 33 documents) and
TimeBank ("tune", 183) are development data. --split takes selections of
timex_data.SELECTIONS, comma-separated (default "aquaint-test"); "heldout" is
all of AQUAINT, the figure sessions 3-7 reported (it contains aquaint-test:
"aquaint-test,heldout" reports both from one run, one measurement).
Speed is timed over the first selection. Scores as TempEval-3: span
P/R/F1 strict (exact) and relaxed (overlap), value accuracy on relaxed
matches, value F1 = relaxed F1 x value accuracy. chrono-node finds only dates
and times, so it is compared on gold DATE+TIME (both systems' DURATION/SET
output dropped); ours is also reported on all four types. Speed: tokens
(whitespace-separated) per second on one core (taskset -c 0), finder only
(JSON parsing excluded), both systems over the same texts.
Needs: g++ (C++20), nlohmann-json, libfmt (quantities.cc), node, `npm ci` in bench/facts."""
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
    ap.add_argument('--split', default='aquaint-test',
                    help='comma-separated selections of timex_data.SELECTIONS: ' + ', '.join(timex_data.SELECTIONS))
    a = ap.parse_args()
    selections = a.split.split(',')
    for name in selections:
        if name not in timex_data.SELECTIONS:
            ap.error(f'unknown selection {name}')
    data_dir = os.path.join(a.shared, 'data', 'timex', 'TBAQ-cleaned')
    tmp = tempfile.mkdtemp(prefix='timex_bench_')
    docs = []
    for name in selections:
        docs += [d for d in timex_data.load(data_dir, name) if d['doc'] not in {x['doc'] for x in docs}]
    gold_path = os.path.join(tmp, 'gold.jsonl')
    with open(gold_path, 'w', encoding='utf-8') as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + '\n')
    inp = ''.join(json.dumps({'doc': d['doc'], 'dct': d['dct'], 'text': d['text']}, ensure_ascii=False) + '\n' for d in docs)
    first = timex_data.SELECTIONS[selections[0]]
    timed = [d for d in docs if first is None or d['split'] in first]
    timed_inp = ''.join(json.dumps({'doc': d['doc'], 'dct': d['dct'], 'text': d['text']}, ensure_ascii=False) + '\n'
                        for d in timed)
    timed_tokens = sum(len(d['text'].split()) for d in timed)

    exe = os.path.join(tmp, 'timex_eval')
    run(['g++', '-O3', '-DNDEBUG', '-std=c++20', '-I', os.path.join(ROOT, 'include'), '-I', os.path.join(ROOT, 'src'),
         os.path.join(HERE, 'timex_eval.cc')] + [os.path.join(ROOT, 'src', 'facts', f) for f in
                                                  ('timex.cc', 'timex_lex.cc', 'quantities.cc', 'form_set.cc')] + ['-o', exe, '-lfmt'])
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

    def seconds(cmd, reps):
        err = run(pin(cmd + ['--time', str(reps)]), timed_inp).stderr.strip().split()
        return float(err[0]) / reps
    reps = max(1, a.reps)
    t_ours = seconds([exe], reps)
    t_chrono = seconds(['node', chrono_js], max(1, reps // 10))
    speed = {'ours': timed_tokens / t_ours, 'chrono': timed_tokens / t_chrono}

    cpu = platform.processor() or platform.machine()
    try:
        for line in open('/proc/cpuinfo'):
            if line.startswith('model name'):
                cpu = line.split(':', 1)[1].strip()
                break
    except OSError:
        pass
    cmd = 'bench/facts/timex_bench.py ' + ' '.join(sys.argv[1:])
    for selection in selections:
        keep = timex_data.SELECTIONS[selection]
        sel = [d for d in docs if keep is None or d['split'] in keep]
        tokens = sum(len(d['text'].split()) for d in sel)
        rows = []
        for name, label, types in (('ours', 'Storyline FindTimeExpressions', None),
                                   ('ours', 'Storyline FindTimeExpressions', {'DATE', 'TIME'}),
                                   ('chrono', f'chrono-node {chrono_ver}', {'DATE', 'TIME'})):
            res, _ = timex_score.score(gold, timex_score.load(paths[name]), selection, types)
            rows.append((label, 'all' if not types else 'DATE+TIME', res))
        print(f'### Time expressions ({selection} part of TBAQ-cleaned: {len(sel)} documents, '
              f'{sum(len(d["gold"]) for d in sel)} gold TIMEX3, {tokens} tokens)\n')
        print(f'Command: `{cmd.strip()}` · date: {datetime.date.today().isoformat()} · machine: {cpu}, '
              f'{os.cpu_count()} cores, one core used for speed (taskset -c 0; timed over {selections[0]})\n')
        print('| system | types | strict P | strict R | strict F1 | relaxed P | relaxed R | relaxed F1 | value acc | value F1 | tokens/s/core |')
        print('|---|---|---|---|---|---|---|---|---|---|---|')
        for label, types, r in rows:
            sp = speed['chrono' if label.startswith('chrono') else 'ours']
            print(f'| {label} | {types} | {r["strict_p"]:.3f} | {r["strict_r"]:.3f} | {r["strict_f1"]:.3f} | '
                  f'{r["relaxed_p"]:.3f} | {r["relaxed_r"]:.3f} | {r["relaxed_f1"]:.3f} | {r["value_acc"]:.3f} | '
                  f'**{r["value_f1"]:.3f}** | {sp:,.0f} |')
        print()
    print('Value F1 = relaxed span F1 x value accuracy (TempEval-3). A day range ("March 20 to 22") is one '
          'expression valued by its first day. chrono values: finest certain component (see timex_chrono.js).')
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    main()
