//! The model stage: parsed pages become a `Site` — pages with rendered bodies, the mission and its
//! goals with progress, values, FAQ, impact reports, updates, sections and tags.

pub mod campaigns;
pub mod events;
pub mod fields;
pub mod goals;
pub mod kinds;
pub mod page;
pub mod urls;

use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::config::Config;
use crate::error::Diagnostic;
use crate::markdown::{self, LinkResolver};
use crate::source::data::DataFiles;
use crate::source::date::Date;
use crate::source::discover::SourceFile;
use goals::{Direction, GoalDef, GoalProgress, Observation};
use page::{KindData, Page, PageKind};

/// A tag and the updates and pages that carry it, newest first.
#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    pub slug: String,
    pub pages: Vec<usize>,
}

/// An author of `authors:` and the updates and pages they wrote: updates newest first, then other
/// pages.
#[derive(Debug, Clone)]
pub struct AuthorPages {
    pub key: String,
    pub pages: Vec<usize>,
}

/// A folder of content: its `_index.md` (if any) and its pages, by weight then title.
#[derive(Debug, Clone)]
pub struct Section {
    pub path: String,
    pub index: Option<usize>,
    pub pages: Vec<usize>,
}

/// The whole site, ready to render.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub pages: Vec<Page>,
    pub home: Option<usize>,
    pub mission: Option<usize>,
    pub values: Option<usize>,
    pub faq: Option<usize>,
    /// Impact reports, newest first.
    pub reports: Vec<usize>,
    /// Updates, newest first.
    pub updates: Vec<usize>,
    pub goals: Vec<GoalProgress>,
    /// Index into `goals` by goal key.
    pub goal_index: HashMap<String, usize>,
    pub tags: Vec<Tag>,
    /// Every author of `config.authors`, in its order, with their pages.
    pub authors: Vec<AuthorPages>,
    /// Sections other than updates and impact, by path.
    pub sections: Vec<Section>,
    /// Events that have not ended at `now`, soonest first.
    pub upcoming_events: Vec<usize>,
    /// Events that have ended, the latest first.
    pub past_events: Vec<usize>,
    /// Campaigns: open ones first, the soonest deadline first.
    pub campaigns: Vec<usize>,
    /// How many of `campaigns` (the first ones) are open.
    pub campaigns_open: usize,
    /// The files of `data/`, by name; the sites of the other languages share them.
    pub data: Arc<DataFiles>,
    /// The build time: what upcoming and past are judged against.
    pub now: jiff::Timestamp,
    /// The site in each other language of `config.languages`, in that order. Their untranslated
    /// pages share their text and rendered body with this site's pages.
    pub others: Vec<Site>,
    /// The translations of the site's pages.
    pub translations: Vec<crate::languages::sites::TranslationStatus>,
}

impl Site {
    /// The pages of `kind` in the order its list page shows them: updates and reports newest
    /// first, upcoming events soonest first and then past ones, open campaigns first.
    pub fn list_of(&self, kind: PageKind) -> Vec<usize> {
        match kind {
            PageKind::Update => self.updates.clone(),
            PageKind::Report => self.reports.clone(),
            PageKind::Event => self.upcoming_events.iter().chain(&self.past_events).copied().collect(),
            PageKind::Campaign => self.campaigns.clone(),
            _ => (0..self.pages.len()).filter(|&i| self.pages[i].kind() == kind).collect(),
        }
    }

    /// Does the site have a page of `kind`?
    pub fn has(&self, kind: PageKind) -> bool {
        self.pages.iter().any(|p| p.kind() == kind)
    }

    /// The campaigns still open, soonest deadline first.
    pub fn open_campaigns(&self) -> &[usize] {
        &self.campaigns[..self.campaigns_open]
    }

    pub fn has_events(&self) -> bool {
        !self.upcoming_events.is_empty() || !self.past_events.is_empty()
    }

    pub fn page_by_kind(&self, idx: Option<usize>) -> Option<&Page> {
        idx.map(|i| &self.pages[i])
    }

    /// The URL path (with base path) of a page.
    pub fn url(&self, page: &Page) -> String {
        urls::url_of_output(&self.config.base_path, &page.out)
    }

    pub fn permalink(&self, page: &Page) -> String {
        urls::permalink(&self.config.base_url, &self.config.base_path, &self.url(page))
    }

    /// The goal with this key, if the mission defines one.
    pub fn goal(&self, key: &str) -> Option<&GoalProgress> {
        self.goal_index.get(key).map(|&i| &self.goals[i])
    }

    /// The author with this key in `authors:`.
    pub fn author(&self, key: &str) -> Option<&crate::config::Author> {
        self.config.authors.iter().find(|a| a.key == key)
    }

    /// The section page (`_index.md`) of a folder, if the folder has one.
    pub fn section_index(&self, path: &str) -> Option<&Page> {
        self.sections.iter().find(|s| s.path == path).and_then(|s| s.index).map(|i| &self.pages[i])
    }
}

/// Maps content paths to URLs for `@/` links (the Markdown stage's [`LinkResolver`]).
struct ContentResolver<'a> {
    /// The pages, sorted by `rel`.
    pages: &'a [Page],
    /// The base path page URLs are under.
    pages_base: &'a str,
    /// Content files that exist but did not parse: links to them are not reported as leading
    /// nowhere (the file's own error is the one to fix, and the build stops at it anyway).
    unparsed: &'a [&'a str],
    base_path: &'a str,
}

impl<'a> ContentResolver<'a> {
    /// Resolves links to `pages` (sorted by `rel`) with the URLs of `config`.
    fn new(pages: &'a [Page], config: &'a Config, unparsed: &'a [&'a str]) -> ContentResolver<'a> {
        // root-relative links lead to the site's own files, which every language shares
        ContentResolver { pages, pages_base: &config.base_path, unparsed, base_path: &config.root_path }
    }
}

impl LinkResolver for ContentResolver<'_> {
    fn resolve(&self, content_path: &str) -> Option<String> {
        let rel = content_path.trim_start_matches('/');
        let normal = crate::source::discover::markdown_rel(rel);
        let rel = normal.as_deref().unwrap_or(rel);
        match self.pages.binary_search_by(|p| p.rel.as_str().cmp(rel)) {
            Ok(i) => Some(urls::url_of_output(self.pages_base, &self.pages[i].out)),
            Err(_) => self.unparsed.contains(&rel).then(|| self.base_path.to_string()),
        }
    }

    fn base_path(&self) -> &str {
        self.base_path
    }
}

/// Builds the site model from the content files, complete (titled and its components expanded
/// `with` what later stages lend) before anything reads it. Every problem found is returned.
pub fn build(
    config: Config,
    content: Vec<SourceFile>,
    data: DataFiles,
    opts: &Selection,
    with: &dyn Complete,
) -> Result<Site, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let codes: Vec<&str> = config.languages[1..].iter().map(|l| l.code.as_str()).collect();
    let (content, translations) = crate::languages::sites::split_translations(content, &codes, &mut errors);
    let parsed: Vec<_> = content.into_par_iter().map(|f| (f.rel.clone(), page::parse(f))).collect();
    let now = Date::from_timestamp(opts.now);
    let mut pages: Vec<Page> = Vec::with_capacity(parsed.len());
    let mut unparsed: Vec<String> = Vec::new();
    let mut left_out: Vec<String> = Vec::new();
    for (rel, p) in parsed {
        match p {
            Ok(p) if !included(&p, opts, now) => left_out.push(rel),
            Ok(p) => pages.push(p),
            Err(d) => {
                errors.extend(d);
                unparsed.push(rel);
            }
        }
    }
    let unparsed: Vec<&str> = unparsed.iter().map(String::as_str).collect();
    let (mut site, more) = build_from_pages(config, pages, &unparsed, Arc::new(data), opts.now, &|_| true);
    errors.extend(more);
    let translations: Vec<_> = translations
        .into_iter()
        .filter(|t| !unparsed.contains(&t.original.as_str()) && !left_out.contains(&t.original))
        .collect();
    (site.others, site.translations) = crate::languages::sites::build(&site, translations, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    // complete before it is frozen: nothing changes the site once it is built
    let (site, errors) = completed(site, errors, with);
    if errors.is_empty() { Ok(site) } else { Err(errors) }
}

/// `site` completed as a build completes it before it is frozen: titled, then, when the model
/// stage met no problem (`errors`, returned with those of the components), its components
/// expanded.
pub fn completed(site: Site, mut errors: Vec<Diagnostic>, with: &dyn Complete) -> (Site, Vec<Diagnostic>) {
    let site = titled(site, with);
    if !errors.is_empty() {
        return (site, errors);
    }
    let (site, more) = expanded(site, with);
    errors.extend(more);
    (site, errors)
}

/// Which pages a build publishes: drafts and future-dated pages are left out unless asked for,
/// expired pages (`expires`) always.
#[derive(Debug, Clone, Copy)]
pub struct Selection {
    pub drafts: bool,
    pub future: bool,
    /// "Now", for leaving out future-dated pages.
    pub now: jiff::Timestamp,
}

/// Is this page published by a build with these options? `now` is `opts.now` as a date.
pub fn included(page: &Page, opts: &Selection, now: Date) -> bool {
    (!page.draft || opts.drafts) && (page.date.is_none_or(|d| d <= now) || opts.future) && !page.expired(now)
}

/// What the stages after the model lend it to complete itself before it is frozen: the theme's
/// strings, which title the pages Rally titles itself, and the components, which need the whole
/// site to expand.
pub trait Complete: Sync {
    /// The title of a page that gives none (see [`page::Untitled`]) in language `lang`, or `None`
    /// to keep the English one.
    fn title(&self, lang: &str, untitled: page::Untitled, period: &str) -> Option<String>;
    /// The expansion of the components of each page of `site`, by page index (`None`: the page
    /// has none).
    fn expansions(&self, site: &Site) -> Vec<Option<crate::components::Expansion>>;
    /// The expansion of the components of `page`, which takes the place of the page of its path
    /// in `site` (`None`: it has none).
    fn expansion(&self, site: &Site, page: &Page) -> Option<crate::components::Expansion>;
}

/// Completes a site whose pages have none of what later stages lend: untitled pages keep their
/// English title and components are left unexpanded, for a site that is only checked.
pub struct AsWritten;

impl Complete for AsWritten {
    fn title(&self, _: &str, _: page::Untitled, _: &str) -> Option<String> {
        None
    }

    fn expansions(&self, site: &Site) -> Vec<Option<crate::components::Expansion>> {
        vec![None; site.pages.len()]
    }

    fn expansion(&self, _: &Site, _: &Page) -> Option<crate::components::Expansion> {
        None
    }
}

/// `site` with the pages whose front matter gives no title (see [`page::Untitled`]) titled in
/// their language, in it and in the site of every other language.
pub fn titled(mut site: Site, with: &dyn Complete) -> Site {
    let lang = site.config.language.clone();
    for p in &mut site.pages {
        title(p, &lang, with);
    }
    site.others = std::mem::take(&mut site.others).into_iter().map(|o| titled(o, with)).collect();
    site
}

/// Titles `p`, in language `lang` unless it is in its own, when its front matter gives no title.
fn title(p: &mut Page, lang: &str, with: &dyn Complete) {
    if let Some(u) = p.untitled
        && let Some(title) = with.title(p.lang.as_deref().unwrap_or(lang), u, p.period().unwrap_or(""))
    {
        p.title = title;
    }
}

/// `page`, parsed, as the model stage makes it to take the place of the page of its path in
/// `site` (the preview's edit that leaves the page where it was): its Markdown rendered with the
/// links of `site`, titled and its components expanded as [`completed`] does; with the problems
/// of its Markdown and its components.
pub fn in_place(site: &Site, page: Page, with: &dyn Complete) -> (Page, Vec<Diagnostic>) {
    let (page, errors) = rendered_in_place(site, page);
    completed_in_place(site, page, errors, with)
}

/// `page`, parsed, with its Markdown rendered with the links of `site` (where it takes the place of
/// the page of its path), as the model stage has it before the site is completed: what the sites
/// of other languages make their page of it from. With the problems of its Markdown.
pub fn rendered_in_place(site: &Site, mut page: Page) -> (Page, Vec<Diagnostic>) {
    page.md = Arc::new(render_markdown_of(site, &page));
    let errors = markdown_problems(&page);
    (page, errors)
}

/// `page`, rendered, completed in `site` as [`completed`] completes the pages of a site: titled in
/// its language and its components expanded; with `errors` and the problems of its components.
pub fn completed_in_place(
    site: &Site,
    mut page: Page,
    mut errors: Vec<Diagnostic>,
    with: &dyn Complete,
) -> (Page, Vec<Diagnostic>) {
    title(&mut page, &site.config.language, with);
    if let Some(e) = with.expansion(site, &page) {
        errors.extend(e.apply(&mut page));
    }
    (page, errors)
}

/// `site` with the components of its pages expanded, in it and in the site of every other
/// language, and every problem met, sorted, each once (a page every language shares has its
/// problems once).
pub fn expanded(mut site: Site, with: &dyn Complete) -> (Site, Vec<Diagnostic>) {
    let mut errors = Vec::new();
    let done = with.expansions(&site);
    for (page, e) in site.pages.iter_mut().zip(done) {
        errors.extend(e.map(|e| e.apply(page)).unwrap_or_default());
    }
    let mut others = Vec::with_capacity(site.others.len());
    for other in std::mem::take(&mut site.others) {
        let (other, more) = expanded(other, with);
        errors.extend(more);
        others.push(other);
    }
    site.others = others;
    crate::error::sort_once(&mut errors);
    (site, errors)
}

/// The model stage from pages already parsed and filtered with [`included`], for callers that keep
/// pages between builds (the preview server): only the pages for which `render_md` is true get
/// their Markdown rendered; the others keep the `md` they have. The site comes back even when there
/// are errors, so that its pages can be reused. `unparsed` names the content files (relative to
/// `content/`) that exist but did not parse: nothing is reported about their absence.
pub fn build_from_pages(
    config: Config,
    mut pages: Vec<Page>,
    unparsed: &[&str],
    data: Arc<DataFiles>,
    now: jiff::Timestamp,
    render_md: &(dyn Fn(&Page) -> bool + Sync),
) -> (Site, Vec<Diagnostic>) {
    pages.sort_by(|a, b| a.rel.cmp(&b.rel));
    let mut errors = apply_permalinks(&mut pages, &config);
    errors.extend(check_authors(&pages, &config));
    errors.extend(check_unique_outputs(&pages, &config));
    for p in &mut pages {
        smarten_front_matter(p, &config);
    }
    render_markdown(&mut pages, &config, unparsed, &mut errors, render_md);
    count_campaigns(&mut pages, &data, &mut errors);
    let mut site = assemble(config, pages, data, now);
    errors.extend(check_unique_periods(&site));
    let mission_unparsed = unparsed.contains(&"mission.md");
    link_goals(&mut site, mission_unparsed, &mut errors);
    (site, errors)
}

/// Smart punctuation in the page's language for the texts of its front matter that pages show:
/// its title, description and summary, a headline, and the mission's statement and vision (goals'
/// labels are data, published as written in the impact data files).
pub fn smarten_front_matter(p: &mut Page, config: &Config) {
    let lang = p.lang.clone().unwrap_or_else(|| config.language.clone());
    let smart = |text: &mut String| *text = crate::format::smarten(text, &lang);
    smart(&mut p.title);
    p.description.as_mut().map(smart);
    p.summary.as_mut().map(smart);
    match &mut p.kind {
        page::KindData::Home(h) => {
            h.headline.as_mut().map(smart);
        }
        page::KindData::Mission(m) => {
            for text in [&mut m.headline, &mut m.statement, &mut m.vision] {
                text.as_mut().map(smart);
            }
        }
        _ => {}
    }
}

fn markdown_options(config: &Config, p: &Page) -> markdown::Options {
    let body = kinds::kind(p.kind()).body;
    let groups = body == kinds::Body::GroupedSections;
    let lang = p.lang.as_deref().unwrap_or(&config.language);
    markdown::Options {
        highlight: config.highlight.enabled,
        sections: groups || body == kinds::Body::Sections,
        groups,
        smart: Some(crate::format::Marks::of(lang)),
    }
}

/// The Markdown of `page` rendered with the links of `site`, whose pages are all parsed: for a
/// page edited in place, where it was in `site` (the preview).
fn render_markdown_of(site: &Site, page: &Page) -> markdown::Rendered {
    let resolver = ContentResolver::new(&site.pages, &site.config, &[]);
    markdown::render(page.body(), page.body_line, &resolver, &markdown_options(&site.config, page))
}

fn render_markdown(
    pages: &mut [Page],
    config: &Config,
    unparsed: &[&str],
    errors: &mut Vec<Diagnostic>,
    which: &(dyn Fn(&Page) -> bool + Sync),
) {
    let resolver = ContentResolver::new(pages, config, unparsed);
    let rendered: Vec<_> = pages
        .par_iter()
        .map(|p| which(p).then(|| markdown::render(p.body(), p.body_line, &resolver, &markdown_options(config, p))))
        .collect();
    for (page, md) in pages.iter_mut().zip(rendered) {
        if let Some(md) = md {
            page.md = Arc::new(md);
        }
        errors.extend(markdown_problems(page));
    }
}

/// The problems of the rendered Markdown of `page`, at their lines of its file.
pub(crate) fn markdown_problems(page: &Page) -> Vec<Diagnostic> {
    let at = |prob: &markdown::Problem| {
        Diagnostic::error(&page.display, prob.line, prob.col, prob.message.clone()).with_source(&page.text)
    };
    page.md.problems.iter().map(at).collect()
}

/// Gives the pages of each folder of `permalinks:` the URL its pattern makes (the other pages keep
/// the URL their place gives them). Each page whose URL cannot be made is an error.
fn apply_permalinks(pages: &mut [Page], config: &Config) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    if config.permalinks.is_empty() {
        return errors;
    }
    for p in pages.iter_mut().filter(|p| !matches!(p.kind(), PageKind::Home | PageKind::Section)) {
        let top = p.section.split('/').next().unwrap_or_default();
        let found = config
            .permalinks
            .iter()
            .find(|(f, _)| *f == p.section)
            .or_else(|| config.permalinks.iter().find(|(f, _)| f == top && !top.is_empty()));
        let Some((key, permalink)) = found else { continue };
        match page::permalink_output(p, permalink, key) {
            Ok(out) => p.out = out,
            Err(d) => errors.push(d),
        }
    }
    errors
}

/// Every author a page names is one of `authors:`.
fn check_authors(pages: &[Page], config: &Config) -> Vec<Diagnostic> {
    let keys: Vec<&str> = config.authors.iter().map(|a| a.key.as_str()).collect();
    let mut errors = Vec::new();
    for p in pages {
        let single = p.positions.get("author").is_some();
        for (i, key) in p.authors.iter().enumerate() {
            if keys.contains(&key.as_str()) {
                continue;
            }
            let at = if single { "author".to_string() } else { format!("authors[{i}]") };
            let msg = match crate::error::did_you_mean(key, keys.iter().copied()) {
                Some(near) => format!("no author `{key}` in `authors:` of site.yaml: did you mean `{near}`?"),
                None if keys.is_empty() => format!(
                    "no author `{key}`: site.yaml lists no `authors:` (add `authors: {{ {key}: {{ name: ... }} }}` there)"
                ),
                None => format!("no author `{key}` in `authors:` of site.yaml: the authors are {}", keys.join(", ")),
            };
            errors.push(p.error_at_key(&at, msg));
        }
    }
    errors
}

/// Two files (or an alias and a file) published at one URL are an error, and so is a redirect of
/// site.yaml from the URL of a page or an alias: it would hide it.
fn check_unique_outputs(pages: &[Page], config: &Config) -> Vec<Diagnostic> {
    let mut seen: HashMap<String, &Page> = HashMap::new();
    let mut errors = Vec::new();
    for p in pages {
        match seen.entry(p.out.clone()) {
            std::collections::hash_map::Entry::Occupied(other) => {
                let msg = format!("this page has the same URL as {}", other.get().display.display());
                errors.push(p.error_at_key("slug", msg));
            }
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(p);
            }
        }
    }
    for p in pages {
        for (i, alias) in p.aliases.iter().enumerate() {
            let at = format!("aliases[{i}]");
            match urls::alias_output_path(alias) {
                Ok(out) => {
                    if let Some(other) = seen.get(&out) {
                        errors.push(
                            p.error_at_key(&at, format!("alias `{alias}` is the URL of {}", other.display.display())),
                        );
                    } else {
                        seen.insert(out, p);
                    }
                }
                Err(e) => errors.push(p.error_at_key(&at, e)),
            }
        }
    }
    // a redirect with a query (`/?p=42`) leaves the page at its path alone
    for (i, r) in config.redirects.iter().enumerate().filter(|(_, r)| !r.from.contains('?')) {
        let Some(p) = urls::alias_output_path(r.from.trim()).ok().and_then(|out| seen.get(&out)) else { continue };
        let msg = format!(
            "redirect from `{}`: that is the URL of {}; redirect from a URL no page has, or move the page (or give it `aliases`)",
            r.from.trim(),
            p.display.display()
        );
        errors.push(config.error_at(&format!("redirects[{i}].from"), msg));
    }
    errors
}

/// Two impact reports for one period would count in every goal's history twice: the later one
/// (by date, then file name) is an error at its `period` line.
/// The form of a report period that two reports of one period share (`2025-Q3`, ` 2025-q3`).
pub fn period_key(period: &str) -> String {
    period.trim().to_lowercase()
}

fn check_unique_periods(site: &Site) -> Vec<Diagnostic> {
    let mut oldest_first: Vec<&Page> = site.reports.iter().map(|&i| &site.pages[i]).collect();
    oldest_first.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.rel.cmp(&b.rel)));
    let mut seen: HashMap<String, &Page> = HashMap::new();
    let mut errors = Vec::new();
    for p in oldest_first {
        let Some(period) = p.period() else { continue };
        match seen.entry(period_key(period)) {
            std::collections::hash_map::Entry::Occupied(first) => {
                let msg = format!("same period as {}: write one report per period", first.get().display.display());
                errors.push(p.error_at_key("period", msg));
            }
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(p);
            }
        }
    }
    errors
}

fn by_date_desc(pages: &[Page], idx: &mut [usize]) {
    idx.sort_by(|&a, &b| pages[b].date.cmp(&pages[a].date).then_with(|| pages[a].title.cmp(&pages[b].title)));
}

/// Sorts pages into their roles.
fn assemble(config: Config, pages: Vec<Page>, data: Arc<DataFiles>, now: jiff::Timestamp) -> Site {
    let find = |k: PageKind| pages.iter().position(|p| p.kind() == k);
    let (home, mission, values, faq) =
        (find(PageKind::Home), find(PageKind::Mission), find(PageKind::Values), find(PageKind::Faq));
    let mut reports: Vec<usize> = (0..pages.len()).filter(|&i| pages[i].kind() == PageKind::Report).collect();
    let mut updates: Vec<usize> = (0..pages.len()).filter(|&i| pages[i].kind() == PageKind::Update).collect();
    by_date_desc(&pages, &mut reports);
    by_date_desc(&pages, &mut updates);
    let mut tags: BTreeMap<String, Tag> = BTreeMap::new();
    let mut tagged: Vec<usize> = updates.clone();
    tagged.extend((0..pages.len()).filter(|&i| pages[i].kind() != PageKind::Update && !pages[i].tags.is_empty()));
    for &i in &tagged {
        for t in &pages[i].tags {
            let slug = urls::tag_slug(t);
            let tag = tags.entry(slug.clone()).or_insert_with(|| Tag { name: t.clone(), slug, pages: Vec::new() });
            if tag.pages.last() != Some(&i) {
                tag.pages.push(i);
            }
        }
    }
    let mut authors: Vec<AuthorPages> =
        config.authors.iter().map(|a| AuthorPages { key: a.key.clone(), pages: Vec::new() }).collect();
    let mut written: Vec<usize> = updates.clone();
    written.extend((0..pages.len()).filter(|&i| pages[i].kind() != PageKind::Update && !pages[i].authors.is_empty()));
    for &i in &written {
        for key in &pages[i].authors {
            if let Some(a) = authors.iter_mut().find(|a| &a.key == key)
                && a.pages.last() != Some(&i)
            {
                a.pages.push(i);
            }
        }
    }
    let sections = collect_sections(&pages);
    let (upcoming_events, past_events) = split_events(&pages, now);
    let (campaigns, open_campaigns) = order_campaigns(&pages, now);
    Site {
        config,
        pages,
        home,
        mission,
        values,
        faq,
        reports,
        updates,
        goals: Vec::new(),
        goal_index: HashMap::new(),
        tags: tags.into_values().collect(),
        authors,
        sections,
        upcoming_events,
        past_events,
        campaigns,
        campaigns_open: open_campaigns,
        data,
        now,
        others: Vec::new(),
        translations: Vec::new(),
    }
}

/// Works out each campaign's count from its spec and the data files.
fn count_campaigns(pages: &mut [Page], data: &DataFiles, errors: &mut Vec<Diagnostic>) {
    for p in pages.iter_mut() {
        let Some(c) = p.campaign() else { continue };
        match campaigns::count(&c.count_spec, &c.adjustments, data) {
            Ok(n) => {
                if let KindData::Campaign(c) = &mut p.kind {
                    c.count = n;
                }
            }
            Err((None, msg)) => errors.push(p.error_at_key("count", msg)),
            Err((Some((path, line)), msg)) => {
                let source = data.values().find(|f| f.display == path).map_or("", |f| f.text.as_str());
                errors.push(Diagnostic::error(path, line, 1, msg).with_source(source));
            }
        }
    }
}

/// Open campaigns, the soonest deadline first (those without one last), then closed ones, the
/// latest deadline first; and how many are open.
fn order_campaigns(pages: &[Page], now: jiff::Timestamp) -> (Vec<usize>, usize) {
    let today = Date::from_timestamp(now).day();
    let mut open = Vec::new();
    let mut closed = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        let Some(c) = p.campaign() else { continue };
        if campaigns::is_open(c.deadline, today) { open.push((i, c.deadline)) } else { closed.push((i, c.deadline)) }
    }
    open.sort_by(|a, b| (a.1.is_none(), a.1, &pages[a.0].title).cmp(&(b.1.is_none(), b.1, &pages[b.0].title)));
    closed.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| pages[a.0].title.cmp(&pages[b.0].title)));
    let count = open.len();
    (open.into_iter().chain(closed).map(|(i, _)| i).collect(), count)
}

/// The events that have not ended by `now`, soonest first, and those that have, latest first.
fn split_events(pages: &[Page], now: jiff::Timestamp) -> (Vec<usize>, Vec<usize>) {
    let mut events: Vec<(usize, &events::EventData)> =
        pages.iter().enumerate().filter_map(|(i, p)| p.event().map(|e| (i, e))).collect();
    events
        .sort_by(|(a, ea), (b, eb)| ea.starts().cmp(&eb.starts()).then_with(|| pages[*a].title.cmp(&pages[*b].title)));
    let (past, upcoming): (Vec<_>, Vec<_>) = events.into_iter().partition(|(_, e)| e.is_past(now));
    (upcoming.into_iter().map(|(i, _)| i).collect(), past.into_iter().rev().map(|(i, _)| i).collect())
}

fn collect_sections(pages: &[Page]) -> Vec<Section> {
    let mut sections: BTreeMap<String, Section> = BTreeMap::new();
    for (i, p) in pages.iter().enumerate() {
        match p.kind() {
            PageKind::Section => {
                let path = p.rel.trim_end_matches("/_index.md").to_string();
                sections
                    .entry(path.clone())
                    .or_insert_with(|| Section { path, index: None, pages: Vec::new() })
                    .index = Some(i);
            }
            PageKind::Page if !p.section.is_empty() => {
                let path = p.section.clone();
                sections
                    .entry(path.clone())
                    .or_insert_with(|| Section { path, index: None, pages: Vec::new() })
                    .pages
                    .push(i);
            }
            _ => {}
        }
    }
    let mut out: Vec<Section> = sections.into_values().collect();
    for s in &mut out {
        s.pages
            .sort_by(|&a, &b| pages[a].weight.cmp(&pages[b].weight).then_with(|| pages[a].title.cmp(&pages[b].title)));
    }
    out
}

/// Computes goal progress from the reports and checks the goal keys updates name. When
/// mission.md exists but did not parse, its own error is the one reported.
fn link_goals(site: &mut Site, mission_unparsed: bool, errors: &mut Vec<Diagnostic>) {
    let Some(mi) = site.mission else {
        for &u in site.updates.iter().filter(|_| !mission_unparsed) {
            if !site.pages[u].goal_keys.is_empty() {
                errors.push(site.pages[u].error_at_key(
                    "goals",
                    "this update names goals, but there is no content/mission.md defining them",
                ));
            }
        }
        return;
    };
    let defs = site.pages[mi].mission().map(|m| m.goals.clone()).unwrap_or_default();
    let mut seen = std::collections::HashSet::new();
    for (i, d) in defs.iter().enumerate() {
        if !seen.insert(d.key.as_str()) {
            let at = format!("goals[{i}].key");
            errors.push(site.pages[mi].error_at_key(&at, format!("goal key `{}` is defined twice", d.key)));
        }
    }
    let suggestions = std::cell::OnceCell::new();
    for &u in site.updates.iter().chain(&site.upcoming_events).chain(&site.past_events) {
        for (i, k) in site.pages[u].goal_keys.iter().enumerate().filter(|(_, k)| !seen.contains(k.as_str())) {
            let hint = match suggestions.get_or_init(|| crate::error::Suggestions::new(seen.iter().copied())).nearest(k)
            {
                Some(near) => format!(": did you mean `{near}`?"),
                None => String::new(),
            };
            let msg = format!("no goal `{k}` in content/mission.md{hint}");
            errors.push(site.pages[u].error_at_key(&format!("goals[{i}]"), msg));
        }
    }
    let mut histories = observations(site, &defs);
    site.goals = defs
        .into_iter()
        .enumerate()
        .map(|(i, d)| {
            let history = std::mem::take(&mut histories[i]);
            let def = GoalDef {
                key: d.key,
                label: d.label,
                target: d.target,
                unit: d.unit,
                baseline: d.baseline,
                deadline: d.deadline.map(|x| x.day()),
                direction: match d.direction {
                    crate::source::front_matter::RawDirection::Up => Direction::Up,
                    crate::source::front_matter::RawDirection::Down => Direction::Down,
                },
                format: d.format,
            };
            goals::compute(def, history)
        })
        .collect();
    site.goal_index = HashMap::with_capacity(site.goals.len());
    for (i, g) in site.goals.iter().enumerate() {
        site.goal_index.entry(g.def.key.clone()).or_insert(i);
    }
}

/// The values of each goal of `defs` in the impact reports, oldest report first: one pass over
/// every report's metrics (a report that names a goal twice counts the first).
fn observations(site: &Site, defs: &[crate::source::front_matter::RawGoal]) -> Vec<Vec<Observation>> {
    let mut by_key: HashMap<&str, usize> = HashMap::with_capacity(defs.len());
    for (i, d) in defs.iter().enumerate() {
        by_key.entry(d.key.as_str()).or_insert(i);
    }
    let mut out = vec![Vec::new(); defs.len()];
    for &r in site.reports.iter().rev() {
        let p = &site.pages[r];
        let Some(date) = p.date else { continue };
        let mut counted = std::collections::HashSet::new();
        for m in p.metrics() {
            let Some(&g) = by_key.get(m.key.as_str()) else { continue };
            if counted.insert(g) {
                out[g].push(Observation {
                    date: date.day(),
                    period: p.period().unwrap_or_default().to_string(),
                    value: m.value,
                    report_url: site.url(p),
                });
            }
        }
    }
    out
}
