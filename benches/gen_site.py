#!/usr/bin/env python3
"""Generate one brand hub three times: as a Rally site and as equivalent Hugo and Zola sites.

    python3 benches/gen_site.py --updates N [--code] --out DIR [--hugo-version X.Y.Z]
                                [--goals G] [--metrics M] [--tags T] [--rally-only]

writes DIR/rally/ (site.yaml + content/), DIR/hugo/ (hugo.toml + content/ + layouts/) and DIR/zola/
(config.toml + content/ + templates/) from the same deterministic pseudo-random content (fixed seed): a mission with 3 goals, 5 values, 10 FAQ
entries, 4 impact reports and N progress updates of about 600 words each (paragraphs, subheadings,
a list, bold text, links), dated 2018-2025, with 1-3 tags from a pool of 20 and one goal each.
With --code about one update in three also holds a fenced code block (rust, python, js or yaml;
10-20 lines). The prose is the same with and without --code: code blocks come from their own
random stream. Python 3 standard library only.

Scale options, for `benches/scale.sh` (the default site is unchanged without them):
--goals G gives the mission G goals (the 3 above plus generated ones), each with a value in every
impact report, and each update advances one of them; --metrics M adds M labelled metrics that
name no goal to every impact report; --tags T draws tags from a pool of T generated names instead
of 20, every name used at least once (each update then carries about T / N tags). --rally-only
writes only DIR/rally (no Hugo or Zola site, so no `hugo` needed).

The Hugo layouts are deliberately plain but carry about as much HTML per page as a typical theme
(header nav, footer, title, meta description, canonical, Open Graph, JSON-LD, date, tags, content)
so the builds do comparable work; the Zola templates are the same layouts written in Tera. Hugo's config keys depend on its version (`paginate` became
`[pagination] pagerSize` in 0.128); the installed `hugo` is asked unless --hugo-version is given.
"""
import argparse
import datetime
import os
import random
import re
import shutil
import subprocess

SEED = 20261124

# --- vocabulary -------------------------------------------------------------------------------
NOUNS = """river stream valley bank meadow wetland estuary weir bridge footpath village town council
school teacher pupil family neighbour volunteer farmer angler swimmer kayaker walker ranger scientist
researcher officer regulator company charity trust partner donor funder member supporter campaign
petition meeting workshop festival survey sample reading test result report dataset map chart
season spring summer autumn winter morning evening weekend month year decade storm flood drought
rainfall outflow overflow pipe drain culvert sewer pump plant treatment upgrade permit licence fine
habitat species otter heron kingfisher trout salmon eel mayfly dragonfly beaver willow alder oak
reed hedge orchard woodland field pasture soil sediment nitrate phosphate bacteria algae oxygen
plastic litter trolley tyre bottle bag net rope bucket boat pontoon jetty beach pool shallows
ford island channel riffle bend source mouth catchment basin reservoir lake pond ditch spring
question answer plan strategy budget grant pledge goal target milestone deadline promise story
photo video newsletter website podcast interview article letter banner poster leaflet stall""".split()
ADJS = """clean clear muddy murky shallow deep quiet busy wild green brown cold warm early late
local regional national public private small large long short new old fresh careful steady bold
patient hopeful honest open shared common simple complex rare familiar urgent gentle stubborn
practical visible hidden seasonal weekly monthly annual first second final recent upcoming healthy
fragile resilient thriving struggling polluted restored protected neglected forgotten remarkable
modest ambitious generous cheerful tired determined curious friendly independent collective
measurable reliable surprising encouraging worrying sparkling""".split()
VERBS = """cleared restored planted measured tested sampled mapped counted surveyed recorded
reported published shared explained discussed questioned challenged welcomed joined supported
funded organised hosted led guided trained taught visited walked paddled crossed repaired rebuilt
removed collected sorted recycled replaced protected watched noticed found spotted tracked
monitored reviewed checked compared improved reduced doubled halved extended opened closed
celebrated thanked invited asked answered promised delivered finished started planned drafted
signed submitted presented described documented photographed filmed""".split()
ADVERBS = """quickly slowly carefully quietly steadily finally already again together early late
gradually suddenly patiently openly proudly gently clearly roughly nearly mostly""".split()
PREPS = """along beside near under over across behind below above around through beyond into
towards""".split() + ["upstream of", "downstream of", "on the edge of", "next to"]
DETS = "the the the our our their this every each one another".split()
PLACES = """Kellbridge Ashford Millbrook Harrow Fenwick Lowther Greyhope Stanmoor Willowby Cray
Brockley Hartside Elmstead Thornbury Ravensworth Oakhurst Penmill Swaledale Rookham Ferncombe""".split()
WHO = """we volunteers families pupils anglers swimmers neighbours scientists rangers farmers
councillors members partners walkers kayakers""".split()
CONJ = "and but so while because although and yet".split()
DANGLING = set(DETS + ADVERBS + CONJ + " ".join(PREPS).split())
OPENERS = """In March, | In the spring, | Last year, | By the end of the season, | After the flood, |
Over the winter, | For the first time, | Since then, | Early on, | This month, | Meanwhile, |
Thanks to our donors, | With help from the council, | As promised, | Once again, """.split("|")
OPENERS = [o.strip() + " " for o in OPENERS]

TAGS = """cleanups volunteers water-quality schools policy funding wildlife events sewage
planting data partners campaigns research community access flooding youth advocacy reports""".split()

GOALS = [
    # key, label, target, unit, baseline, direction
    ("river_km_restored", "Kilometres of river restored", 120, "km", 0, "up"),
    ("bathing_sites", "Bathing sites rated good or better", 12, "sites", 2, "up"),
    ("sewage_spills", "Sewage spills a year", 0, "spills", 480, "down"),
]
# The value of each goal in each quarterly impact report of 2025, oldest first.
REPORTS = [
    ("2025-Q1", "2025-04-10", [18.5, 3, 455]),
    ("2025-Q2", "2025-07-09", [27.0, 4, 431]),
    ("2025-Q3", "2025-10-08", [42.5, 5, 402]),
    ("2025-Q4", "2025-12-15", [51.0, 6, 388]),
]
FIRST_DAY = datetime.date(2018, 1, 1).toordinal()
LAST_DAY = datetime.date(2025, 12, 31).toordinal()


# --- prose ------------------------------------------------------------------------------------
def np(r):
    """A noun phrase: determiner, sometimes an adjective or two, a noun."""
    words = [r.choice(DETS)]
    if r.random() < 0.55:
        words.append(r.choice(ADJS))
        if r.random() < 0.12:
            words.append(r.choice(ADJS))
    words.append(r.choice(NOUNS))
    return " ".join(words)


def clause(r):
    roll = r.random()
    if roll < 0.3:
        subj = r.choice(WHO)
    elif roll < 0.4:
        subj = f"{r.randint(3, 400)} {r.choice(WHO[1:])}"
    else:
        subj = np(r)
    words = [subj]
    if r.random() < 0.15:
        words.append(r.choice(ADVERBS))
    words += [r.choice(VERBS), np(r)]
    for _ in range(r.choice((0, 1, 1, 1, 2))):
        words.append(f"{r.choice(PREPS)} {np(r) if r.random() < 0.75 else r.choice(PLACES)}")
    return " ".join(words)


def sentence(r, markup=True):
    """One English-ish sentence; with markup, sometimes **bold** words or a [link](...)."""
    s = clause(r)
    if r.random() < 0.35:
        s += f", {r.choice(CONJ)} {clause(r)}"
    if r.random() < 0.25:
        s = r.choice(OPENERS) + s
    words = s.split(" ")
    words[0] = words[0][0].upper() + words[0][1:]
    if markup and r.random() < 0.12:
        i = r.randrange(len(words) - 1)
        words[i:i + 2] = [f"**{words[i]} {words[i + 1]}**"]
    if markup and r.random() < 0.07:
        i = r.randrange(len(words))
        if words[i].isalpha():
            slug = re.sub(r"[^a-z]+", "-", words[i].lower()).strip("-") or "more"
            words[i] = f"[{words[i]}](https://example.org/{slug}/)"
    return " ".join(words) + "."


def paragraph(r):
    return " ".join(sentence(r) for _ in range(r.randint(3, 6)))


def heading(r):
    words = clause(r).split()[: r.randint(3, 7)]
    while len(words) > 2 and words[-1] in DANGLING:  # do not end on "the", "of", "towards"...
        words.pop()
    return " ".join(words).capitalize()


def bullet_list(r):
    if r.random() < 0.5:
        return "\n".join(f"- {sentence(r)}" for _ in range(r.randint(3, 5)))
    return "\n".join(f"{i}. {sentence(r)}" for i in range(1, r.randint(4, 6)))


def words_in(text):
    return len(text.split())


def update_body(r, target_words=560):
    """Blocks of about 600 words in all (the last paragraph overshoots `target_words`):
    paragraphs, one or two `## ` subheadings and a list, sometimes a quote."""
    parts = [paragraph(r)]
    n_headings = r.randint(1, 2)
    list_at = r.randint(1, 3)  # index of the block after which the list appears
    count = words_in(parts[0])
    block = 1
    while count < target_words:
        if n_headings and block in (2, 5):
            parts.append(f"## {heading(r)}")
            n_headings -= 1
        if block == list_at:
            parts.append(bullet_list(r))
            count += words_in(parts[-1])
        elif r.random() < 0.05:
            parts.append("> " + sentence(r))
            count += words_in(parts[-1])
        parts.append(paragraph(r))
        count += words_in(parts[-1])
        block += 1
    return parts


def plain(text):
    """Text without Markdown markup, for descriptions and summaries."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return text.replace("**", "").replace('"', "")


def slugify(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# --- code blocks ------------------------------------------------------------------------------
def ident(r, camel=False):
    a, b = r.choice(NOUNS), r.choice(ADJS + NOUNS)
    return a + b.capitalize() if camel else f"{b}_{a}"


def code_block(r):
    """A fenced block of 10-20 lines of plausible code in one of four languages."""
    lang = r.choice(("rust", "python", "js", "yaml"))
    n = r.randint(10, 20)
    num = lambda: round(r.uniform(0.5, 500), r.choice((0, 1, 2)))  # noqa: E731
    comment = lambda: " ".join(r.choice(NOUNS + VERBS) for _ in range(r.randint(3, 7)))  # noqa: E731
    if lang == "rust":
        name, arg = ident(r), r.choice(NOUNS) + "s"
        head = [f"/// {comment().capitalize()}.", f"fn {name}({arg}: &[f64]) -> f64 {{", "    let mut total = 0.0;"]
        tail = ["    total", "}"]
        body = lambda: r.choice((  # noqa: E731
            f"    let {ident(r)} = {arg}.len() as f64 * {float(num())};",
            f"    // {comment()}",
            f'    println!("{r.choice(NOUNS)}: {{}}", total);',
            f"    if total > {float(num())} {{ total -= {float(num())}; }}",
            f"    total += {arg}.iter().filter(|v| **v > {float(num())}).sum::<f64>();",
        ))
    elif lang == "python":
        name, arg = ident(r), r.choice(NOUNS) + "s"
        head = ["import statistics", "", f"def {name}({arg}):", f'    """{comment().capitalize()}."""', "    total = 0"]
        tail = ["    return total"]
        body = lambda: r.choice((  # noqa: E731
            f"    {ident(r)} = statistics.mean({arg}) * {num()}",
            f"    # {comment()}",
            f'    print(f"{r.choice(NOUNS)}: {{total}}")',
            f"    if total > {num()}:\n        total -= {num()}",
            f"    total += sum(v for v in {arg} if v > {num()})",
        ))
    elif lang == "js":
        name, arg = ident(r, camel=True), r.choice(NOUNS) + "s"
        head = [f"// {comment().capitalize()}.", f"export function {name}({arg}) {{", "  let total = 0;"]
        tail = ["  return total;", "}"]
        body = lambda: r.choice((  # noqa: E731
            f"  const {ident(r, camel=True)} = {arg}.length * {num()};",
            f"  // {comment()}",
            f"  console.log('{r.choice(NOUNS)}', total);",
            f"  if (total > {num()}) total -= {num()};",
            f"  total += {arg}.filter((v) => v > {num()}).reduce((a, b) => a + b, 0);",
        ))
    else:
        head, tail = [f"# {comment()}", f"{r.choice(NOUNS)}:"], []
        body = lambda: r.choice((  # noqa: E731
            f"  - site: {slugify(r.choice(PLACES))}\n    value: {num()}",
            f"  # {comment()}",
            f"  - site: {slugify(r.choice(PLACES))}\n    tests: [{', '.join(r.sample(['e_coli', 'nitrate', 'phosphate', 'oxygen'], 2))}]",
        ))
    lines = list(head)
    while len(lines) + len(tail) < n:
        chunk = body().split("\n")
        if len(lines) + len(chunk) + len(tail) <= n:  # never cut a statement in two
            lines += chunk
    lines += tail
    return f"```{lang}\n" + "\n".join(lines) + "\n```"


# --- files ------------------------------------------------------------------------------------
def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def yaml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def hugo_version(explicit):
    """(major, minor) of the Hugo to configure for: --hugo-version, else the installed hugo."""
    text = explicit
    if not text and shutil.which("hugo"):
        try:
            text = subprocess.run(["hugo", "version"], capture_output=True, text=True, timeout=30).stdout
        except (OSError, subprocess.SubprocessError):
            text = ""
    m = re.search(r"(\d+)\.(\d+)", text or "")
    return (int(m.group(1)), int(m.group(2))) if m else (0, 140)


def hugo_config(version, code):
    pag = "[pagination]\n  pagerSize = 10\n" if version >= (0, 128) else "paginate = 10\n"
    cfg = (
        'baseURL = "https://bench.example/"\n'
        'title = "Bench Hub"\n'
        'languageCode = "en"\n'
        "enableRobotsTXT = true\n"
        + (pag if version < (0, 128) else "")
        + "[params]\n"
        '  description = "Clean, swimmable rivers, run by the people who live beside them."\n'
        + (pag if version >= (0, 128) else "")
        + "[services.rss]\n  limit = 20\n"
        '[taxonomies]\n  tag = "tags"\n'
        "[outputs]\n"
        '  home = ["HTML", "RSS"]\n  section = ["HTML"]\n  taxonomy = ["HTML"]\n'
        '  term = ["HTML"]\n  page = ["HTML"]\n'
    )
    if code:  # highlight with CSS classes, as Rally does
        cfg += "[markup.highlight]\n  noClasses = false\n"
    return cfg


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--updates", type=int, required=True, metavar="N", help="number of progress updates")
    ap.add_argument("--code", action="store_true", help="a code block in about one update in three")
    ap.add_argument("--out", required=True, metavar="DIR", help="writes DIR/rally, DIR/hugo and DIR/zola")
    ap.add_argument("--hugo-version", help="configure for this Hugo version (default: ask `hugo version`)")
    ap.add_argument("--goals", type=int, default=len(GOALS), metavar="G", help="number of goals in the mission")
    ap.add_argument("--metrics", type=int, default=0, metavar="M", help="extra metrics per impact report")
    ap.add_argument("--tags", type=int, default=0, metavar="T", help="size of the tag pool (default: 20 fixed tags)")
    ap.add_argument("--rally-only", action="store_true", help="write only DIR/rally")
    a = ap.parse_args()
    if a.updates < 0:
        ap.error("--updates must be at least 0")
    if a.goals < len(GOALS) or a.metrics < 0 or a.tags < 0:
        ap.error(f"--goals must be at least {len(GOALS)}, --metrics and --tags at least 0")
    if a.tags and a.updates == 0:
        ap.error("--tags needs at least one update to carry them")
    goals = GOALS + [
        (f"goal_{i:05d}", f"Generated goal {i}", 1000 + i, "units", 0, "up") for i in range(a.goals - len(GOALS))
    ]
    scale_r = random.Random(SEED + 2)  # generated goal values, so the default site is unchanged

    r = random.Random(SEED)  # all prose
    code_r = random.Random(SEED + 1)  # code blocks only, so prose is identical with and without --code
    R, H, Z = (os.path.join(a.out, tool) for tool in ("rally", "hugo", "zola"))
    for d in (R, H, Z):
        if os.path.exists(d):
            shutil.rmtree(d)

    # Configuration.
    write(f"{R}/site.yaml", (
        "title: Bench Hub\n"
        "description: Clean, swimmable rivers, run by the people who live beside them.\n"
        "base_url: https://bench.example/\n"
        "language: en\n"
        "theme: beacon\n"
        "updates: { per_page: 10 }\n"
        "feeds: { atom: true, rss: false }\n"
    ))
    if not a.rally_only:
        write(f"{H}/hugo.toml", hugo_config(hugo_version(a.hugo_version), a.code))
        write(f"{Z}/config.toml", ZOLA_CONFIG + (ZOLA_HIGHLIGHTING if a.code else ""))

    # Mission: the statement, vision and goals are front matter for Rally, body text for Hugo.
    statement = "Every river in the valley safe to swim in by 2030."
    vision = "A valley whose rivers are cared for by the people who live beside them."
    story = "\n\n".join(paragraph(r) for _ in range(3))
    goals_yaml = "".join(
        f"  - key: {k}\n    label: {label}\n    target: {target}\n    unit: {unit}\n"
        f"    baseline: {base}\n    deadline: 2030-12-31\n    direction: {d}\n"
        for k, label, target, unit, base, d in goals
    )
    write(f"{R}/content/mission.md", (
        f"---\ntitle: Our mission\ndescription: Why we exist and what we will achieve by 2030.\n"
        f"statement: {statement}\nvision: {vision}\n"
        "movement: { name: The Swimmable Valley movement, tagline: Rivers are for everyone }\n"
        "cta: { label: Join a clean-up, url: /updates/ }\n"
        f"goals:\n{goals_yaml}---\n{story}\n"
    ))
    goals_md = "\n".join(f"- **{label}**: from {base} to {target} {unit} by 2030" for _, label, target, unit, base, _ in GOALS)
    page = (
        "---\ntitle: Our mission\ndescription: Why we exist and what we will achieve by 2030.\n---\n"
        f"**{statement}**\n\n{vision}\n\n## Our goals\n\n{goals_md}\n\n{story}\n"
    )
    write(f"{H}/content/mission.md", page)
    write(f"{Z}/content/mission.md", page)

    # Values and FAQ: the same file for both.
    values = "\n\n".join(f"## {heading(r)}\n\n{paragraph(r)}" for _ in range(5))
    page = f"---\ntitle: Our values\ndescription: What we stand for and how we work.\n---\n{values}\n"
    write(f"{R}/content/values.md", page)
    write(f"{H}/content/values.md", page)
    write(f"{Z}/content/values.md", page)
    faq = "\n\n".join(f"## {heading(r)}?\n\n{paragraph(r)}" for _ in range(10))
    page = f"---\ntitle: Frequently asked questions\ndescription: Answers to the questions we hear most.\n---\n{faq}\n"
    write(f"{R}/content/faq.md", page)
    write(f"{H}/content/faq.md", page)
    write(f"{Z}/content/faq.md", page)

    # Impact reports: metrics in front matter for Rally, as a table in the body for Hugo.
    for period, date, values_ in REPORTS:
        text = "\n\n".join(paragraph(r) for _ in range(2))
        volunteers = r.randint(200, 600)
        metrics = "".join(f"  - {{ key: {g[0]}, value: {v} }}\n" for g, v in zip(GOALS, values_))
        metrics += "".join(
            f"  - {{ key: {g[0]}, value: {round(g[2] * scale_r.random(), 1)} }}\n" for g in goals[len(GOALS):]
        )
        metrics += "".join(
            f"  - {{ key: metric_{k:05d}, label: Metric {k}, value: {scale_r.randint(0, 9999)}, unit: items }}\n"
            for k in range(a.metrics)
        )
        metrics += f"  - {{ key: volunteers, label: Volunteers, value: {volunteers}, unit: people }}\n"
        fm = f"---\ntitle: Impact report {period}\ndescription: What we achieved in {period}.\ndate: {date}\n"
        write(f"{R}/content/impact/{period.lower()}.md", f"{fm}period: {period}\nmetrics:\n{metrics}---\n{text}\n")
        table = "| Metric | Value |\n| --- | ---: |\n" + "".join(
            f"| {g[1]} | {v} {g[3]} |\n" for g, v in zip(GOALS, values_)) + f"| Volunteers | {volunteers} people |\n"
        write(f"{H}/content/impact/{period.lower()}.md", f"{fm}---\n{table}\n{text}\n")
        write(f"{Z}/content/impact/{period.lower()}.md", f"{fm}---\n{table}\n{text}\n")

    # Updates: same body, equivalent front matter.
    with_code = 0
    for i in range(a.updates):
        title = heading(r)
        date = datetime.date.fromordinal(r.randint(FIRST_DAY, LAST_DAY)).isoformat()
        tags = sorted(r.sample(TAGS, r.randint(1, 3)))
        goal = r.choice(GOALS)[0]
        if a.tags:  # update i takes the next `per` names of the pool, so every name is used
            per = max(len(tags), -(-a.tags // a.updates))
            tags = sorted({f"topic-{(i * per + j) % a.tags:06d}" for j in range(per)})
        if len(goals) > len(GOALS):
            goal = goals[i % len(goals)][0]
        description = plain(sentence(r, markup=False))
        summary = plain(sentence(r, markup=False))
        parts = update_body(r)
        if a.code and code_r.random() < 1 / 3:
            parts.insert(code_r.randint(1, len(parts) - 1), code_block(code_r))
            with_code += 1
        fm = (
            f"---\ntitle: {yaml_str(title)}\ndate: {date}\ndescription: {yaml_str(description)}\n"
            f"summary: {yaml_str(summary)}\ntags: [{', '.join(tags)}]\ngoals: [{goal}]\n---\n"
        )
        name = f"{i + 1:05d}-{slugify(title)[:48].strip('-')}.md"
        body = "\n\n".join(parts) + "\n"
        write(f"{R}/content/updates/{name}", fm + body)
        write(f"{H}/content/updates/{name}", fm + body)
        # Zola reads only its own front matter keys: tags are a taxonomy, the rest goes in `extra`.
        write(f"{Z}/content/updates/{name}", (
            f"---\ntitle: {yaml_str(title)}\ndate: {date}\ndescription: {yaml_str(description)}\n"
            f"taxonomies:\n  tags: [{', '.join(tags)}]\n"
            f"extra:\n  summary: {yaml_str(summary)}\n  goals: [{goal}]\n---\n{body}"
        ))

    if a.rally_only:
        shutil.rmtree(H, ignore_errors=True)
        shutil.rmtree(Z, ignore_errors=True)
        print(f"wrote {a.out}/rally: {a.updates} updates, {len(goals)} goals, {a.metrics} extra metrics per report"
              + (f", {a.tags} tags" if a.tags else ""))
        return
    write_hugo_layouts(H)
    write_zola_templates(Z)
    print(f"wrote {a.out}/rally, {a.out}/hugo and {a.out}/zola: {a.updates} updates" + (f", {with_code} with code" if a.code else ""))


# --- layouts ----------------------------------------------------------------------------------
NAV = [("mission/", "Mission"), ("impact/", "Impact"), ("updates/", "Updates"), ("values/", "Values"), ("faq/", "FAQ")]


def head_meta(title, description, url, site_title, feed, stylesheet, og_type):
    """The title, description, links and Open Graph meta of the Hugo and of the Zola base template,
    from template expressions; `feed` is (MIME type, URL expression)."""
    return (
        f'<title>{title}</title>\n<meta name="description" content="{description}">\n'
        f'<link rel="canonical" href="{url}">\n'
        f'<link rel="alternate" type="{feed[0]}" title="{site_title}" href="{feed[1]}">\n'
        f'<meta property="og:site_name" content="{site_title}">\n<meta property="og:title" content="{title}">\n'
        f'<meta property="og:description" content="{description}">\n<meta property="og:url" content="{url}">\n'
        f'<meta property="og:type" content="{og_type}">\n<meta name="twitter:card" content="summary">\n'
        f'<link rel="stylesheet" href="{stylesheet}">\n'
    )


def page_body(url, title, description, feed, main, year):
    """The <body> of the Hugo and of the Zola base template: header and navigation, main, footer.
    `url(path)` is the template expression of a link to a path of the site; the other arguments
    are template expressions (`feed` is a path)."""
    nav = "".join(f'<li><a href="{url(path)}">{label}</a></li>\n' for path, label in NAV)
    return (
        '<body>\n<a class="skip" href="#main">Skip to content</a>\n<header class="site-header">\n'
        f'<a class="brand" href="{url("")}">{title}</a>\n<nav aria-label="Main"><ul>\n{nav}</ul></nav>\n'
        f'<a class="cta" href="{url("updates/")}">Join a clean-up</a>\n</header>\n'
        f'<main id="main">\n{main}\n</main>\n<footer class="site-footer">\n<p>{description}</p>\n'
        f'<ul><li><a href="{url(feed)}">Feed</a></li><li><a href="{url("tags/")}">Topics</a></li>'
        f'<li><a href="{url("sitemap.xml")}">Sitemap</a></li></ul>\n'
        f"<p>&copy; {year} {title}</p>\n</footer>\n</body>\n</html>\n"
    )


# --- Hugo layouts -----------------------------------------------------------------------------
BASEOF = """<!DOCTYPE html>
<html lang="{{ site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
{{- $desc := .Description | default site.Params.description }}
{{- $title := cond .IsHome site.Title (printf "%s | %s" .Title site.Title) }}
""" + head_meta(
    title="{{ $title }}", description="{{ $desc }}", url="{{ .Permalink }}", site_title="{{ site.Title }}",
    feed=("application/rss+xml", '{{ "index.xml" | absURL }}'), stylesheet='{{ "style.css" | relURL }}',
    og_type="{{ if .IsPage }}article{{ else }}website{{ end }}",
) + """<script type="application/ld+json">{{ dict "@context" "https://schema.org" "@type" "NGO" "name" site.Title "url" site.BaseURL | jsonify | safeJS }}</script>
{{- if and .IsPage (eq .Section "updates") }}
<script type="application/ld+json">{{ dict "@context" "https://schema.org" "@type" "Article" "headline" .Title "description" $desc "datePublished" (.Date.Format "2006-01-02") "url" .Permalink | jsonify | safeJS }}</script>
{{- end }}
</head>
""" + page_body(
    url=lambda path: '{{ "%s" | relURL }}' % path,
    title="{{ site.Title }}", description="{{ site.Params.description }}", feed="index.xml",
    main='{{ block "main" . }}{{ end }}', year="{{ now.Year }}",
)

CARD = """<article class="card">
<h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></p>
<p>{{ with .Params.summary }}{{ . }}{{ else }}{{ .Description }}{{ end }}</p>
{{- with .GetTerms "tags" }}
<ul class="tags">{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{- end }}
</article>
"""

SINGLE = """{{ define "main" }}<article>
<header>
<h1>{{ .Title }}</h1>
{{- if eq .Section "updates" "impact" }}
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time> &middot; {{ .ReadingTime }} min read</p>
{{- end }}
{{- with .Params.goals }}
<p class="goals">Advances: {{ delimit . ", " }}</p>
{{- end }}
</header>
{{ .Content }}
{{- with .GetTerms "tags" }}
<footer><h2>Topics</h2><ul class="tags">{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul></footer>
{{- end }}
{{- if eq .Section "updates" }}
<nav aria-label="Share"><a href="https://mastodon.social/share?text={{ .Permalink }}">Share on Mastodon</a></nav>
<nav aria-label="More updates">{{ with .NextInSection }}<a href="{{ .RelPermalink }}">Newer: {{ .Title }}</a>{{ end }} {{ with .PrevInSection }}<a href="{{ .RelPermalink }}">Older: {{ .Title }}</a>{{ end }}</nav>
{{- end }}
</article>{{ end }}
"""

LIST = """{{ define "main" }}<h1>{{ .Title }}</h1>
{{- $p := .Paginate .Pages.ByDate.Reverse }}
{{ range $p.Pages }}{{ partial "card.html" . }}{{ end }}
<nav class="pagination" aria-label="Pages">
{{- with $p.Prev }}<a rel="prev" href="{{ .URL }}">Newer</a>{{ end }}
<span>Page {{ $p.PageNumber }} of {{ $p.TotalPages }}</span>
{{- with $p.Next }}<a rel="next" href="{{ .URL }}">Older</a>{{ end }}
</nav>
{{ end }}
"""

TERMS = """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul class="terms">{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
"""

HOME = """{{ define "main" }}<section class="hero">
<h1>{{ site.Title }}</h1>
<p>{{ site.Params.description }}</p>
{{ with site.GetPage "/mission" }}<p><a href="{{ .RelPermalink }}">{{ .Title }}</a>: {{ .Description }}</p>{{ end }}
</section>
<section><h2>Latest updates</h2>
{{ range first 10 (where site.RegularPages "Section" "updates").ByDate.Reverse }}{{ partial "card.html" . }}{{ end }}
<p><a href="{{ "updates/" | relURL }}">All updates</a></p>
</section>
<section><h2>Impact</h2><ul>
{{ range (where site.RegularPages "Section" "impact").ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
</ul></section>
{{ end }}
"""

NOT_FOUND = """{{ define "main" }}<h1>Page not found</h1>
<p><a href="{{ "" | relURL }}">Go to the home page</a></p>
{{ end }}
"""

# The home feed: the 20 newest updates with their full content, like Rally's Atom feed.
RSS = """{{- printf "<?xml version=\\"1.0\\" encoding=\\"utf-8\\"?>" | safeHTML }}
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>{{ site.Title }}</title>
<link>{{ .Permalink }}</link>
<description>{{ site.Params.description }}</description>
<language>{{ site.LanguageCode }}</language>
<atom:link href="{{ .Permalink }}index.xml" rel="self" type="application/rss+xml"/>
{{- range first 20 (where site.RegularPages "Section" "updates").ByDate.Reverse }}
<item>
<title>{{ .Title }}</title>
<link>{{ .Permalink }}</link>
<guid>{{ .Permalink }}</guid>
<pubDate>{{ .Date.Format "Mon, 02 Jan 2006 15:04:05 -0700" | safeHTML }}</pubDate>
<description>{{ .Content | html }}</description>
</item>
{{- end }}
</channel>
</rss>
"""

CSS = """:root{--primary:#0b6e4f;--accent:#f2a541}
body{font:1rem/1.6 system-ui,sans-serif;max-width:48rem;margin:0 auto;padding:0 1rem;color:#1a1a1a}
a{color:var(--primary)}.skip{position:absolute;left:-999px}.skip:focus{left:1rem}
.site-header,.site-footer{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;padding:1rem 0}
nav ul,.tags,.site-footer ul{display:flex;flex-wrap:wrap;gap:.75rem;list-style:none;padding:0}
.card{border-bottom:1px solid #ddd;padding:.5rem 0}.meta{color:#555;font-size:.9rem}
pre{overflow-x:auto;padding:1rem;background:#f6f8fa}
"""


def write_hugo_layouts(h):
    write(f"{h}/layouts/_default/baseof.html", BASEOF)
    write(f"{h}/layouts/partials/card.html", CARD)
    write(f"{h}/layouts/_default/single.html", SINGLE)
    write(f"{h}/layouts/_default/list.html", LIST)
    write(f"{h}/layouts/_default/term.html", LIST)
    write(f"{h}/layouts/_default/terms.html", TERMS)
    write(f"{h}/layouts/index.html", HOME)
    write(f"{h}/layouts/index.rss.xml", RSS)
    write(f"{h}/layouts/404.html", NOT_FOUND)
    write(f"{h}/static/style.css", CSS)


# --- Zola templates ---------------------------------------------------------------------------
# The Hugo layouts above, in Tera. Updates and impact reports are sections sorted by date and
# paginated by 10, like Hugo's lists; tag pages are paginated by 10 too. The feed is Zola's built-in
# Atom template over the 20 newest pages, with their full content.
ZOLA_CONFIG = """base_url = "https://bench.example/"
title = "Bench Hub"
description = "Clean, swimmable rivers, run by the people who live beside them."
default_language = "en"
generate_feeds = true
feed_limit = 20
taxonomies = [{ name = "tags", paginate_by = 10, feed = false }]
"""
# Highlighting is opt-in in Zola, and loading its grammars costs time and memory even when no page
# has code, so it is configured only for the hub with code: CSS classes, as Rally does (Zola 0.22
# needs a theme even then; it writes that theme's classes to giallo.css).
ZOLA_HIGHLIGHTING = """
[markdown.highlighting]
theme = "github-light"
style = "class"
error_on_missing_language = true
"""

ZOLA_SECTION = "---\ntitle: {title}\ndescription: {description}\nsort_by: date\npaginate_by: 10\n---\n"

ZOLA_BASE = """<!DOCTYPE html>
<html lang="{{ config.default_language }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
{%- set desc = config.description %}
{%- set url = config.base_url %}
{%- if current_url is defined %}{% set url = current_url %}{% endif %}
{%- if page is defined %}
{%- set title = page.title ~ " | " ~ config.title %}
{%- if page.description %}{% set desc = page.description %}{% endif %}
{%- elif term is defined %}
{%- set title = term.name ~ " | " ~ config.title %}
{%- elif taxonomy is defined %}
{%- set title = "Tags | " ~ config.title %}
{%- elif section is defined and section.path != "/" %}
{%- set title = section.title ~ " | " ~ config.title %}
{%- if section.description %}{% set desc = section.description %}{% endif %}
{%- else %}
{%- set title = config.title %}
{%- endif %}
""" + head_meta(
    title="{{ title }}", description="{{ desc }}", url="{{ url | safe }}", site_title="{{ config.title }}",
    feed=("application/atom+xml", '{{ get_url(path="atom.xml") }}'), stylesheet='{{ get_url(path="style.css") }}',
    og_type="{% if page is defined %}article{% else %}website{% endif %}",
) + """<script type="application/ld+json">{"@context":"https://schema.org","@type":"NGO","name":{{ config.title | json_encode | safe }},"url":{{ config.base_url | json_encode | safe }}}</script>
{%- if page is defined and page.components.0 == "updates" %}
<script type="application/ld+json">{"@context":"https://schema.org","@type":"Article","headline":{{ page.title | json_encode | safe }},"description":{{ desc | json_encode | safe }},"datePublished":"{{ page.date | date(format="%Y-%m-%d") }}","url":{{ page.permalink | json_encode | safe }}}</script>
{%- endif %}
</head>
""" + page_body(
    url=lambda path: '{{ get_url(path="%s"%s) }}' % (path, ", trailing_slash=true" if path.endswith("/") or not path else ""),
    title="{{ config.title }}", description="{{ config.description }}", feed="atom.xml",
    main="{% block main %}{% endblock %}", year='{{ now() | date(format="%Y") }}',
)

ZOLA_MACROS = """{% macro tags(p) %}
{%- if p.taxonomies.tags %}
<ul class="tags">{% for t in p.taxonomies.tags %}<li><a href="{{ get_taxonomy_url(kind="tags", name=t) }}">{{ t }}</a></li>{% endfor %}</ul>
{%- endif %}
{%- endmacro tags %}

{% macro card(p) %}<article class="card">
<h3><a href="{{ p.path | safe }}">{{ p.title }}</a></h3>
<p class="meta"><time datetime="{{ p.date | date(format="%Y-%m-%d") }}">{{ p.date | date(format="%-d %B %Y") }}</time></p>
<p>{% if p.extra.summary %}{{ p.extra.summary }}{% else %}{{ p.description }}{% endif %}</p>
{{- self::tags(p=p) }}
</article>
{% endmacro card %}

{% macro pagination(paginator) %}<nav class="pagination" aria-label="Pages">
{%- if paginator.previous %}<a rel="prev" href="{{ paginator.previous | safe }}">Newer</a>{% endif %}
<span>Page {{ paginator.current_index }} of {{ paginator.number_pagers }}</span>
{%- if paginator.next %}<a rel="next" href="{{ paginator.next | safe }}">Older</a>{% endif %}
</nav>
{% endmacro pagination %}
"""

ZOLA_PAGE = """{% extends "base.html" %}
{% import "macros.html" as m %}
{% block main %}<article>
<header>
<h1>{{ page.title }}</h1>
{%- if page.date %}
<p class="meta"><time datetime="{{ page.date | date(format="%Y-%m-%d") }}">{{ page.date | date(format="%-d %B %Y") }}</time> &middot; {{ page.reading_time }} min read</p>
{%- endif %}
{%- if page.extra.goals %}
<p class="goals">Advances: {{ page.extra.goals | join(sep=", ") }}</p>
{%- endif %}
</header>
{{ page.content | safe }}
{%- if page.taxonomies.tags %}
<footer><h2>Topics</h2>{{ m::tags(p=page) }}</footer>
{%- endif %}
{%- if page.components.0 == "updates" %}
<nav aria-label="Share"><a href="https://mastodon.social/share?text={{ page.permalink | safe }}">Share on Mastodon</a></nav>
<nav aria-label="More updates">{% if page.lower %}<a href="{{ page.lower.path | safe }}">Newer: {{ page.lower.title }}</a>{% endif %} {% if page.higher %}<a href="{{ page.higher.path | safe }}">Older: {{ page.higher.title }}</a>{% endif %}</nav>
{%- endif %}
</article>{% endblock %}
"""

# A paginated list, for sections (HEADING: section.title) and tag pages (HEADING: term.name).
ZOLA_LIST = """{% extends "base.html" %}
{% import "macros.html" as m %}
{% block main %}<h1>{{ HEADING }}</h1>
{% for p in paginator.pages %}{{ m::card(p=p) }}{% endfor %}
{{ m::pagination(paginator=paginator) }}
{% endblock %}
"""

ZOLA_TERMS = """{% extends "base.html" %}
{% block main %}<h1>Tags</h1>
<ul class="terms">{% for t in terms %}<li><a href="{{ t.path | safe }}">{{ t.name }}</a> ({{ t.page_count }})</li>{% endfor %}</ul>
{% endblock %}
"""

ZOLA_HOME = """{% extends "base.html" %}
{% import "macros.html" as m %}
{% block main %}<section class="hero">
<h1>{{ config.title }}</h1>
<p>{{ config.description }}</p>
{%- set mission = get_page(path="mission.md") %}
<p><a href="{{ mission.path | safe }}">{{ mission.title }}</a>: {{ mission.description }}</p>
</section>
<section><h2>Latest updates</h2>
{%- set updates = get_section(path="updates/_index.md") %}
{% for p in updates.pages | slice(end=10) %}{{ m::card(p=p) }}{% endfor %}
<p><a href="{{ get_url(path="updates/", trailing_slash=true) }}">All updates</a></p>
</section>
<section><h2>Impact</h2><ul>
{%- set impact = get_section(path="impact/_index.md") %}
{% for p in impact.pages %}<li><a href="{{ p.path | safe }}">{{ p.title }}</a></li>{% endfor %}
</ul></section>
{% endblock %}
"""

ZOLA_404 = """{% extends "base.html" %}
{% block main %}<h1>Page not found</h1>
<p><a href="{{ get_url(path="", trailing_slash=true) }}">Go to the home page</a></p>
{% endblock %}
"""


def write_zola_templates(z):
    write(f"{z}/content/_index.md", "---\ntitle: Bench Hub\n---\n")
    write(f"{z}/content/updates/_index.md", ZOLA_SECTION.format(
        title="Updates", description="News from the river, newest first."))
    write(f"{z}/content/impact/_index.md", ZOLA_SECTION.format(
        title="Impact", description="What we achieved, quarter by quarter."))
    for name, text in (("base", ZOLA_BASE), ("macros", ZOLA_MACROS), ("page", ZOLA_PAGE),
                       ("section", ZOLA_LIST.replace("HEADING", "section.title")),
                       ("taxonomy_single", ZOLA_LIST.replace("HEADING", "term.name")),
                       ("taxonomy_list", ZOLA_TERMS), ("index", ZOLA_HOME), ("404", ZOLA_404)):
        write(f"{z}/templates/{name}.html", text)
    write(f"{z}/static/style.css", CSS)


if __name__ == "__main__":
    main()
