#!/usr/bin/env python3
"""Generate the same brand hub twice: as a Rally site and as an equivalent Hugo site.

    python3 benches/gen_site.py --updates 1000 [--code] --out DIR

writes DIR/rally/ and DIR/hugo/. Content is pseudo-random but deterministic (fixed seed): N progress
updates of about 600 words each, tags from a pool of 20, and with --code a code block in about one
update in three.
"""
import argparse
import os
import random

WORDS = (
    "river water clean volunteers community restore valley people swim wildlife fish otter heron school "
    "data policy funding campaign local council litter plastic sewage bank tree meadow flood rain season "
    "report progress bridge weir sample testing nitrate summer winter spring autumn planting families "
    "children neighbours trust charity grant partners evidence habitat insects kingfisher willow alder "
    "path access footbridge festival survey public meeting petition regulator upgrade overflow beach pool"
).split()
TAGS = [f"topic-{i:02d}" for i in range(20)]
GOALS = ["river_km_restored", "bathing_sites", "schools_adopting"]
CODE = {
    "rust": "fn main() {\n    let readings = vec![12.5, 9.8, 14.1];\n    let total: f64 = readings.iter().sum();\n    let mean = total / readings.len() as f64;\n    println!(\"mean {mean:.2}\");\n    for r in &readings {\n        if *r > mean {\n            println!(\"above: {r}\");\n        }\n    }\n}",
    "python": "import json\n\ndef mean(values):\n    return sum(values) / len(values)\n\nwith open('samples.json') as f:\n    samples = json.load(f)\n\nfor site, values in samples.items():\n    print(site, round(mean(values), 2))\n    if mean(values) > 100:\n        print('  above threshold')",
    "js": "const samples = await fetch('/data/samples.json').then(r => r.json());\nconst bySite = new Map();\nfor (const s of samples) {\n  const list = bySite.get(s.site) ?? [];\n  list.push(s.value);\n  bySite.set(s.site, list);\n}\nfor (const [site, values] of bySite) {\n  const mean = values.reduce((a, b) => a + b, 0) / values.length;\n  console.log(site, mean.toFixed(2));\n}",
    "yaml": "sites:\n  - id: kellbridge\n    lat: 54.12\n    lon: -2.31\n    tests: [e_coli, enterococci, nitrate]\n  - id: ashford\n    lat: 54.15\n    lon: -2.28\n    tests: [e_coli, enterococci]\nschedule:\n  weekly: monday\n  season: [may, september]",
}


def sentence(rnd):
    n = rnd.randint(8, 18)
    words = [rnd.choice(WORDS) for _ in range(n)]
    words[0] = words[0].capitalize()
    if rnd.random() < 0.2:
        i = rnd.randrange(n)
        words[i] = f"**{words[i]}**"
    if rnd.random() < 0.1:
        i = rnd.randrange(n)
        words[i] = f"[{words[i]}](https://example.org/{words[i]})"
    return " ".join(words) + "."


def body(rnd, code):
    parts, words = [], 0
    while words < 600:
        if rnd.random() < 0.12:
            parts.append(f"## {sentence(rnd)[:-1]}")
        elif rnd.random() < 0.1:
            parts.append("\n".join(f"- {sentence(rnd)}" for _ in range(rnd.randint(2, 5))))
        else:
            para = " ".join(sentence(rnd) for _ in range(rnd.randint(3, 6)))
            words += len(para.split())
            parts.append(para)
    if code:
        lang = rnd.choice(sorted(CODE))
        parts.insert(len(parts) // 2, f"```{lang}\n{CODE[lang]}\n```")
    return "\n\n".join(parts) + "\n"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def common_pages(rnd):
    goals = "".join(
        f"  - key: {k}\n    label: {k.replace('_', ' ').capitalize()}\n    target: {100 + i * 20}\n    baseline: 0\n    deadline: 2030-12-31\n"
        for i, k in enumerate(GOALS)
    )
    values = "\n\n".join(f"## Value {i}\n\n{sentence(rnd)} {sentence(rnd)}" for i in range(5))
    faq = "\n\n".join(f"## Question {i}?\n\n{sentence(rnd)} {sentence(rnd)}" for i in range(10))
    return goals, values, faq


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--updates", type=int, required=True)
    ap.add_argument("--code", action="store_true")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    rnd = random.Random(20261124)
    r, h = os.path.join(a.out, "rally"), os.path.join(a.out, "hugo")
    goals, values, faq = common_pages(rnd)
    write(f"{r}/site.yaml", "title: Bench Hub\ndescription: A generated hub.\nbase_url: https://bench.example/\nlanguage: en\ntheme: beacon\nupdates: { per_page: 10 }\nfeeds: { atom: true, rss: false }\n")
    write(f"{r}/content/mission.md", f"---\ntitle: Our mission\ndescription: Why we exist.\nstatement: Clean rivers for everyone.\nvision: A valley of clean rivers.\ngoals:\n{goals}---\n{sentence(rnd)}\n")
    write(f"{r}/content/values.md", f"---\ntitle: Our values\ndescription: What we stand for.\n---\n{values}\n")
    write(f"{r}/content/faq.md", f"---\ntitle: FAQ\ndescription: Questions.\n---\n{faq}\n")
    hugo_cfg = (
        'baseURL = "https://bench.example/"\ntitle = "Bench Hub"\nlanguageCode = "en"\n'
        "[pagination]\n  pagerSize = 10\n[taxonomies]\n  tag = \"tags\"\n"
        "[markup.highlight]\n  noClasses = false\n"
        "[outputs]\n  home = [\"HTML\", \"RSS\"]\n  section = [\"HTML\"]\n  taxonomy = [\"HTML\"]\n  term = [\"HTML\"]\n"
    )
    write(f"{h}/hugo.toml", hugo_cfg)
    write(f"{h}/content/mission.md", f"---\ntitle: Our mission\ndescription: Why we exist.\n---\n{sentence(rnd)}\n")
    write(f"{h}/content/values.md", f"---\ntitle: Our values\ndescription: What we stand for.\n---\n{values}\n")
    write(f"{h}/content/faq.md", f"---\ntitle: FAQ\ndescription: Questions.\n---\n{faq}\n")
    report_dates = ["2025-04-05", "2025-07-05", "2025-10-05", "2026-01-05"]
    for q in range(4):
        metrics = "".join(f"  - {{ key: {k}, value: {10 * (q + 1) + i} }}\n" for i, k in enumerate(GOALS))
        write(f"{r}/content/impact/2025-q{q + 1}.md", f"---\ntitle: Impact report 2025 Q{q + 1}\ndescription: A quarter.\nperiod: 2025-Q{q + 1}\ndate: {report_dates[q]}\nmetrics:\n{metrics}---\n{sentence(rnd)}\n")
        write(f"{h}/content/impact/2025-q{q + 1}.md", f"---\ntitle: Impact report 2025 Q{q + 1}\ndescription: A quarter.\ndate: {report_dates[q]}\n---\n{sentence(rnd)}\n")
    for i in range(a.updates):
        title = sentence(rnd)[:-1][:60]
        date = f"{2015 + i % 10}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        tags = sorted(set(rnd.sample(TAGS, rnd.randint(1, 3))))
        text = body(rnd, a.code and i % 3 == 0)
        desc = sentence(rnd).replace('"', "")
        fm = f"---\ntitle: \"{title}\"\ndate: {date}\ndescription: \"{desc}\"\ntags: [{', '.join(tags)}]\n"
        write(f"{r}/content/updates/{i:05d}-update.md", fm + f"summary: \"{desc}\"\ngoals: [{rnd.choice(GOALS)}]\n---\n" + text)
        write(f"{h}/content/updates/{i:05d}-update.md", fm + "---\n" + text)
    write_hugo_layouts(h)


def write_hugo_layouts(h):
    base = """<!DOCTYPE html>
<html lang="{{ site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} — {{ site.Title }}{{ end }}</title>
<meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ site.Title }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
<meta property="og:title" content="{{ .Title }}">
<meta property="og:url" content="{{ .Permalink }}">
<link rel="stylesheet" href="/style.css">
</head>
<body>
<header><a href="/">{{ site.Title }}</a>
<nav><ul><li><a href="/mission/">Mission</a></li><li><a href="/impact/">Impact</a></li><li><a href="/updates/">Updates</a></li><li><a href="/values/">Values</a></li><li><a href="/faq/">FAQ</a></li></ul></nav>
</header>
<main>{{ block "main" . }}{{ end }}</main>
<footer><p>© {{ now.Year }} {{ site.Title }}</p><a href="/index.xml">Feed</a> <a href="/tags/">Topics</a></footer>
</body>
</html>
"""
    single = """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time> · {{ .ReadingTime }} min read</p>
{{ .Content }}
{{ with .Params.tags }}<ul>{{ range . }}<li><a href="{{ "/tags/" | relURL }}{{ . | urlize }}/">{{ . }}</a></li>{{ end }}</ul>{{ end }}
</article>{{ end }}
"""
    card = """<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><p><time>{{ .Date.Format "2 January 2006" }}</time></p><p>{{ .Description }}</p></article>"""
    lst = """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ $p := .Paginate .Pages.ByDate.Reverse }}{{ range $p.Pages }}""" + card + """{{ end }}
<nav>{{ with $p.Prev }}<a href="{{ .URL }}">Newer</a>{{ end }} Page {{ $p.PageNumber }} of {{ $p.TotalPages }} {{ with $p.Next }}<a href="{{ .URL }}">Older</a>{{ end }}</nav>
{{ end }}
"""
    home = """{{ define "main" }}<h1>{{ site.Title }}</h1>
{{ range first 6 (where site.RegularPages.ByDate.Reverse "Section" "updates") }}""" + card + """{{ end }}
{{ end }}
"""
    terms = """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}
"""
    write(f"{h}/layouts/_default/baseof.html", base)
    write(f"{h}/layouts/_default/single.html", single)
    write(f"{h}/layouts/_default/list.html", lst)
    write(f"{h}/layouts/_default/term.html", lst)
    write(f"{h}/layouts/_default/terms.html", terms)
    write(f"{h}/layouts/index.html", home)
    write(f"{h}/static/style.css", "body{font-family:system-ui;max-width:60rem;margin:auto}\n")


if __name__ == "__main__":
    main()
