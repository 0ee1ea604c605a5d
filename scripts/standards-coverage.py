#!/usr/bin/env python3
"""Regenerates catalog/standards/COVERAGE.md (keeps its hand-written section "What is unverified").

Reads the tab-separated list the ignored test prints, from the repository root:
  cargo test --release --lib standards::tests::catalog_cites_no_superseded_edition \\
      -- --ignored --nocapture | python3 scripts/standards-coverage.py
"""
import collections,sys
import yaml
COV='catalog/standards/COVERAGE.md'
reg=yaml.safe_load(open('catalog/standards/registry.yaml'))
S=reg['standards']
rows=[l.rstrip('\n').split('\t') for l in sys.stdin if l.count('\t')==6]
kept=open(COV).read()
kept=kept[kept.index('## What is unverified'):]
nums=len(S); eds=sum(len(s['editions']) for s in S)
cross=sum(len(s.get('replaced_by',[])) for s in S)
within=sum(len(s['editions'])-1 for s in S)
vs=collections.Counter(e['verified'] for s in S for e in s['editions'])
known=sum(1 for s in S for e in s['editions'] if e['implemented'])
titled=sum(1 for s in S if s['title'])
kinds=collections.Counter(s['kind'] for s in S)
sup=[r for r in rows if r[4]=='Superseded']; und=[r for r in rows if r[4]=='Undated']
out=[]
p=out.append
p('# Standards registry: coverage and superseded citations')
p('')
p('Snapshot of 2026-11-30 (the registry `reference_date`). Regenerate the list with')
p('`cargo test --release --lib standards::tests::catalog_cites_no_superseded_edition -- --ignored --nocapture | python3 scripts/standards-coverage.py`.')
p('')
p('## Registry')
p('')
p(f'- {nums} standard numbers ({kinds["mandatory"]} mandatory, {kinds["recommended"]} recommended, {kinds.get("specification",0)} specification), {eds} editions.')
p(f'- Every number cited in `catalog/national/**/*.yaml` is covered (checked by `standards::tests::every_catalog_citation_resolves_to_a_registry_entry`: every citation in every string of the catalog, {len(rows)} of which are listed below). Series references (`GB 4706 系列`, `GB/T 4706 系列`, `相关 GB 4706 第2部分`, `GB 30000 系列`) name no single standard and are skipped.')
p(f'- {within} changes of edition within one number and {cross} `replaced_by` links across numbers (prefix changes, mergers, the new GB 46517-2025 alongside GB/T 14746/14747-2025).')
p(f'- {known} editions carry a recorded implementation date; all of them come from standards-2026.md.')
p(f'- Verification of editions: ' + ', '.join(f'{k} {v}' for k,v in vs.most_common()) + '.')
tv=sum(1 for s in S if s['title'] and s['verified']=='domain-doc')
p(f'- Titles: {titled} recorded ({tv} from standards-2026.md, {titled-tv} `unverified` from general knowledge), {nums-titled} `null`.')
p('')
p(f'## Citations superseded on 2026-11-30 ({len(sup)})')
p('')
p('Grouped by cited edition: what applies instead, from when, then `file: entry id (field)`. Clauses are')
p('dropped in the replacement because the new editions renumber them (cite per edition or without clause).')
p('')
g=collections.OrderedDict()
for r in sup:
    c=r[3].split(' ')
    key=c[0]+' '+c[1]
    g.setdefault(key,[]).append(r)
for key in sorted(g,key=lambda k:-len(g[k])):
    rs=g[key]
    repl=rs[0][5]
    also=rs[0][6].split('、')[1:]
    # effective date and verification of the replacement
    n,y=repl.rsplit('-',1)
    st=[x for x in S if x['number']==n][0]
    e=[x for x in st['editions'] if x['year']==int(y)][0]
    when=e['implemented'] or f'日期未登记（按 {y}-01-01 计）'
    p(f'### {key} → {"、".join([repl]+also)} (from {when}, {e["verified"]}) — {len(rs)}')
    p('')
    byfile=collections.OrderedDict()
    for r in rs:
        byfile.setdefault(r[0].replace('catalog/national/',''),[]).append(f'{r[1]} ({r[2]})')
    for f,items in byfile.items():
        p(f'- {f}: ' + ', '.join(items))
    p('')
p(f'## Citations without a year ({len(und)})')
p('')
for r in und:
    p(f'- {r[0].replace("catalog/national/","")}: {r[1]} ({r[2]}) — `{r[3]}`')
p('')
p('The registry gives these numbers the edition year from general knowledge (`unverified`):')
p('GB/T 3565.6-2022, GB/T 3565.7-2022, GB/T 28022-2021, GB/T 5296.1-2012, GB/T 19022-2003; JJF 1070 is also cited as JJF 1070-2023.')
p('')
open(COV,'w').write('\n'.join(out)+'\n'+kept)
