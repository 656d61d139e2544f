//! Render jobs: one per output page (or group of paginated pages). Site-wide template data is
//! serialised once into a shared context; each job adds only its own page.

use serde_json::json;
use tera::{Context, Value};

use super::deps::TemplateDeps;
use super::strings::Strings;
use super::style::StyleUrls;
use super::templates::Templates;
use super::views::{self, goal_view, mission_view, page_view, sections_of, site_view, summary};
use super::{OutputFile, feeds, seo};
use rally_core::error::Diagnostic;
use rally_core::model::kinds::{self, Extra};
use rally_core::model::page::{Page, PageKind};
use rally_core::model::{Site, urls};

/// One unit of rendering work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Job {
    Home,
    Page(usize),
    /// The list page of a kind's folder (see [`kinds::List`]), with every page of it when it is
    /// paginated, and the files its extras add (the calendar of upcoming events).
    List(PageKind),
    /// One page (numbered from 1) of a paginated kind's list.
    ListPage(PageKind, usize),
    TagIndex,
    Tag(usize),
    /// One page (numbered from 1) of a tag's list.
    TagPage(usize, usize),
    /// The list of authors.
    AuthorIndex,
    Author(usize),
    /// One page (numbered from 1) of an author's list.
    AuthorPage(usize, usize),
    Section(usize),
    NotFound,
    Aliases(usize),
    /// The search page, when the site has search.
    Search,
}

/// What a render job's output shows of the site. Each job declares its reads beside the code that
/// builds its context (see [`SharedContext::touched`]), and every key of the shared context is
/// inserted with the read it shows, so the preview re-renders exactly the jobs an edit touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Read {
    /// One page in full: its front matter and body.
    Page(usize),
    /// The updates one page (numbered from 1) of the updates list (the paginated list) shows:
    /// their summaries and their order.
    UpdatesChunk(usize),
    /// The same, of a tag's list.
    TagChunk(usize, usize),
    /// The same, of an author's list.
    AuthorChunk(usize, usize),
    /// The pages of a section: their summaries and their order.
    Section(usize),
    /// The newer and older update beside an update.
    Neighbours(usize),
    /// Every update's summary, newest first.
    Updates,
    /// Everything else: configuration, the landing page, mission, goals, values, FAQ, reports,
    /// events, campaigns, tags, data files. A change to any of these renders every file.
    Site,
}

/// The jobs that produce every HTML file of the site.
pub fn all_jobs(site: &Site) -> Vec<Job> {
    let listed = || kinds::KINDS.iter().filter_map(|k| Some((k.kind, k.list?)));
    let mut jobs = vec![Job::Home];
    jobs.extend(listed().filter(|(_, l)| l.always).map(|(k, _)| Job::List(k)));
    jobs.extend([Job::TagIndex, Job::NotFound]);
    for (i, p) in site.pages.iter().enumerate() {
        if p.kind() != PageKind::Home && p.kind() != PageKind::Section {
            jobs.push(Job::Page(i));
        }
        if !p.aliases.is_empty() {
            jobs.push(Job::Aliases(i));
        }
    }
    if site.config.search.enabled {
        jobs.push(Job::Search);
    }
    jobs.extend(listed().filter(|&(k, l)| !l.always && site.has(k)).map(|(k, _)| Job::List(k)));
    jobs.extend((0..site.tags.len()).map(Job::Tag));
    if !site.authors.is_empty() {
        jobs.push(Job::AuthorIndex);
        jobs.extend((0..site.authors.len()).map(Job::Author));
    }
    for (i, s) in site.sections.iter().enumerate() {
        // the folder of a kind with a list page is listed by it
        if !kinds::KINDS.iter().any(|k| k.list.is_some() && k.folder() == Some(s.path.as_str())) {
            jobs.push(Job::Section(i));
        }
    }
    jobs
}

/// Like [`all_jobs`], with each paginated list split into its pages, for picking the few that an
/// edit touches. (The `page/1/` redirect of a list only changes with the site.)
pub fn fine_jobs(site: &Site) -> Vec<Job> {
    let mut jobs = Vec::new();
    for job in all_jobs(site) {
        match job {
            Job::List(k) if list(k).paginated => {
                jobs.extend(list_pages(site, site.list_of(k).len()).map(|n| Job::ListPage(k, n)))
            }
            Job::Tag(t) => jobs.extend(list_pages(site, site.tags[t].pages.len()).map(|n| Job::TagPage(t, n))),
            Job::Author(a) => jobs.extend(list_pages(site, site.authors[a].pages.len()).map(|n| Job::AuthorPage(a, n))),
            job => jobs.push(job),
        }
    }
    jobs
}

/// The numbers (from 1) of the pages a list of `items` is split into, `updates.per_page` a page
/// (one page when the list is empty).
fn list_pages(site: &Site, items: usize) -> std::ops::RangeInclusive<usize> {
    1..=items.div_ceil(site.config.updates.per_page.max(1)).max(1)
}

/// The template a job renders with, if it renders with one (alias pages do not).
pub fn template_of<'s>(site: &'s Site, job: &Job) -> Option<&'s str> {
    let chosen =
        |p: Option<&'s Page>, default: &'static str| Some(p.and_then(|p| p.template.as_deref()).unwrap_or(default));
    match *job {
        Job::Home => chosen(site.page_by_kind(site.home), "index.html"),
        Job::Page(i) => chosen(Some(&site.pages[i]), default_template(site.pages[i].kind())),
        Job::List(k) | Job::ListPage(k, _) => Some(list(k).template),
        Job::TagIndex => Some("tags.html"),
        Job::Tag(_) | Job::TagPage(..) => Some("tag.html"),
        Job::AuthorIndex => Some("authors.html"),
        Job::Author(_) | Job::AuthorPage(..) => Some("author.html"),
        Job::Section(s) => chosen(site.sections[s].index.map(|i| &site.pages[i]), "section.html"),
        Job::NotFound => Some("404.html"),
        Job::Search => Some("search.html"),
        Job::Aliases(_) => None,
    }
}

/// The template of a page that names none, by its kind.
fn default_template(kind: PageKind) -> &'static str {
    kinds::kind(kind).template
}

/// The list page of a kind that has one (jobs of lists are made for those kinds only).
fn list(kind: PageKind) -> kinds::List {
    kinds::kind(kind).list.unwrap_or_else(|| unreachable!("a list job of a kind without a list: {kind:?}"))
}

/// Template data shared by every page, serialised once.
pub struct SharedContext<'a> {
    site: &'a Site,
    templates: &'a Templates,
    base: Context,
    /// What each key of `base` shows.
    base_reads: Vec<(&'static str, Read)>,
    /// Summary of every page, by page index, as template values.
    summaries: Vec<Value>,
    /// Every goal as templates show it, in the mission's order, made once for all the pages
    /// that show the goals they advance.
    goal_views: Vec<Value>,
    /// The pages beside each page of a kind that shows its neighbours (see [`Extra::Neighbours`]),
    /// in its list's order: the one before (newer) and the one after (older), by page index.
    beside: std::collections::HashMap<usize, (Option<usize>, Option<usize>)>,
    styles: StyleUrls,
    /// Share cards: where they are cached (`None`: cards are off), and those waiting to be drawn.
    cards: Option<crate::cards::Setup>,
    pending_cards: std::sync::Mutex<Vec<crate::cards::Pending>>,
}

impl<'a> SharedContext<'a> {
    pub fn new(site: &'a Site, templates: &'a Templates, styles: StyleUrls, year: i16) -> SharedContext<'a> {
        use rayon::prelude::*;
        let summaries: Vec<Value> = site.pages.par_iter().map(|p| summary_value(site, &templates.strings, p)).collect();
        Self::with_summaries(site, templates, styles, year, summaries)
    }

    /// Like `new`, with the summary of every page (by page index, as `summary_value` makes them)
    /// given, for callers that keep the summaries of unchanged pages between builds.
    pub fn with_summaries(
        site: &'a Site,
        templates: &'a Templates,
        styles: StyleUrls,
        year: i16,
        summaries: Vec<Value>,
    ) -> SharedContext<'a> {
        let mut base = Shared::default();
        let strings = &templates.strings;
        base.insert("site", Read::Site, &site_view(site, strings, &styles, year));
        // the language of the page and its writing direction: every template reads these
        let lang = site.config.current_language();
        base.insert("lang", Read::Site, &lang.code);
        base.insert("dir", Read::Site, lang.dir);
        base.insert("og_locale", Read::Site, &super::languages::og_locale(&lang.code));
        let mission = site.page_by_kind(site.mission).map(|p| mission_view(site, p));
        base.insert("mission", Read::Site, &mission);
        base.insert("landing", Read::Site, &views::landing_view(site));
        let goal_views: Vec<Value> =
            site.goals.iter().map(|g| Value::from_serializable(&goal_view(site, strings, g))).collect();
        base.insert_value("goals", Read::Site, Value::from(goal_views.clone()));
        base.insert("values", Read::Site, &site.page_by_kind(site.values).map(sections_of).unwrap_or_default());
        base.insert("faq", Read::Site, &site.page_by_kind(site.faq).map(sections_of).unwrap_or_default());
        let pick = |idx: &[usize]| Value::from(idx.iter().map(|&i| summaries[i].clone()).collect::<Vec<_>>());
        base.insert_value("reports", Read::Site, pick(&site.reports));
        base.insert_value("latest_updates", Read::Updates, pick(&site.updates[..site.updates.len().min(6)]));
        // every update, newest first: one shared array, so each page's context only copies a pointer
        base.insert_value("updates", Read::Updates, pick(&site.updates));
        base.insert_value("upcoming_events", Read::Site, pick(&site.upcoming_events));
        base.insert_value("past_events", Read::Site, pick(&site.past_events));
        base.insert_value("campaigns", Read::Site, pick(&site.campaigns));
        base.insert_value("open_campaigns", Read::Site, pick(site.open_campaigns()));
        let data = Value::from_serializable(&rally_core::source::data::template_value(&site.data));
        base.insert_value("data", Read::Site, data);
        // the updates that advance each goal, newest first, by goal key
        let mut advancing: Vec<Vec<Value>> = vec![Vec::new(); site.goals.len()];
        for &u in &site.updates {
            let mut counted = std::collections::HashSet::new();
            for g in site.pages[u].goal_keys.iter().filter_map(|k| site.goal_index.get(k)) {
                if counted.insert(*g) {
                    advancing[*g].push(summaries[u].clone());
                }
            }
        }
        let goal_updates: std::collections::BTreeMap<String, Vec<Value>> =
            site.goals.iter().zip(advancing).map(|(g, ups)| (g.def.key.clone(), ups)).collect();
        base.insert_value("goal_updates", Read::Updates, Value::from(goal_updates));
        base.insert("brand", Read::Site, &site.config.brand);
        let tags: Vec<_> = site
            .tags
            .iter()
            .map(|t| json!({"name": t.name, "slug": t.slug, "url": tag_url(site, &t.slug), "count": t.pages.len()}))
            .collect();
        base.insert("tags", Read::Site, &tags);
        let authors: Vec<_> = site.config.authors.iter().filter_map(|a| views::author_view(site, &a.key)).collect();
        base.insert("authors", Read::Site, &authors);
        base.insert("home", Read::Site, &site.page_by_kind(site.home).map(|p| page_view(site, strings, p)));
        let mut beside = std::collections::HashMap::new();
        for k in kinds::KINDS.iter().filter(|k| k.shows(Extra::Neighbours)) {
            let list = site.list_of(k.kind);
            for (pos, &i) in list.iter().enumerate() {
                beside.insert(i, (pos.checked_sub(1).map(|p| list[p]), list.get(pos + 1).copied()));
            }
        }
        SharedContext {
            site,
            templates,
            base: base.ctx,
            base_reads: base.reads,
            summaries,
            goal_views,
            beside,
            styles,
            cards: None,
            pending_cards: std::sync::Mutex::default(),
        }
    }

    /// What a job shows of the site apart from the shared keys of its template (whose reads are
    /// declared where [`SharedContext::with_summaries`] inserts them), declared here beside
    /// [`SharedContext::run`].
    fn own_reads(&self, job: &Job) -> Vec<Read> {
        let site = self.site;
        let index = |folder: &str| site.sections.iter().find(|s| s.path == folder).and_then(|s| s.index);
        let mut reads = Vec::new();
        match *job {
            Job::Page(i) => {
                reads.push(Read::Page(i));
                if kinds::kind(site.pages[i].kind()).shows(Extra::Neighbours) {
                    reads.push(Read::Neighbours(i));
                }
            }
            Job::Aliases(i) => reads.push(Read::Page(i)),
            Job::ListPage(_, n) => reads.push(Read::UpdatesChunk(n)),
            Job::List(k) if list(k).paginated => {
                reads.extend(list_pages(site, site.list_of(k).len()).map(Read::UpdatesChunk))
            }
            Job::TagPage(t, n) => reads.push(Read::TagChunk(t, n)),
            Job::Tag(t) => reads.extend(list_pages(site, site.tags[t].pages.len()).map(|n| Read::TagChunk(t, n))),
            Job::AuthorPage(a, n) => reads.push(Read::AuthorChunk(a, n)),
            Job::Author(a) => {
                reads.extend(list_pages(site, site.authors[a].pages.len()).map(|n| Read::AuthorChunk(a, n)))
            }
            Job::Section(s) => {
                reads.push(Read::Section(s));
                reads.extend(site.sections[s].index.map(Read::Page));
            }
            Job::Home => reads.extend(site.home.map(Read::Page)),
            Job::List(k) => reads.extend(kinds::kind(k).folder().and_then(index).map(Read::Page)),
            Job::TagIndex | Job::AuthorIndex | Job::NotFound | Job::Search => {}
        }
        reads
    }

    /// What the shared keys a template can read show.
    fn template_reads(&self, template: &str, deps: &TemplateDeps) -> Vec<Read> {
        self.base_reads.iter().filter(|(key, _)| deps.reads(template, key)).map(|(_, read)| *read).collect()
    }

    /// The jobs of `jobs` that read something `touched` says changed. What each template's
    /// shared keys show is worked out once per template.
    pub fn touched(&self, jobs: &[Job], deps: &TemplateDeps, touched: impl Fn(&Read) -> bool) -> Vec<Job> {
        let mut by_template: std::collections::HashMap<&str, bool> = std::collections::HashMap::new();
        jobs.iter()
            .copied()
            .filter(|job| {
                let shared = template_of(self.site, job).is_some_and(|t| {
                    *by_template.entry(t).or_insert_with(|| self.template_reads(t, deps).iter().any(&touched))
                });
                shared || self.own_reads(job).iter().any(&touched)
            })
            .collect()
    }

    /// Fills share cards (see [`crate::cards`]) with this setup; `None` leaves them off.
    pub fn with_cards(mut self, setup: Option<crate::cards::Setup>) -> SharedContext<'a> {
        self.cards = setup.filter(|_| self.templates.has(crate::cards::TEMPLATE));
        self
    }

    /// How share cards are drawn, when they are on (and the theme has a card template).
    pub fn cards(&self) -> Option<&crate::cards::Setup> {
        self.cards.as_ref()
    }

    /// The cards of the pages rendered so far, to draw.
    pub fn take_cards(&self) -> Vec<crate::cards::Pending> {
        self.pending_cards.lock().map(|mut v| std::mem::take(&mut *v)).unwrap_or_default()
    }

    /// The picture a page is shared with: its own photo's share crop, else its card (queued to be
    /// drawn), else none (cards off: the meta falls back to the page's image or the logo). A page
    /// whose card is that of the page at another URL (the later pages of a list share the first
    /// page's: `card` is its title and URL) names that card and queues none.
    fn share_image(
        &self,
        page: Option<&Page>,
        card: (&str, &str),
        description: &str,
        url: &str,
    ) -> Result<Option<crate::cards::ShareImage>, Diagnostic> {
        let (title, card_url) = card;
        let site = self.site;
        if let Some(p) = page
            && let Some(img) = &p.image
            && let Some(c) = self
                .templates
                .images()
                .cover_of(&urls::site_url(&site.config.root_path, img), &super::languages::in_default(site, url))
        {
            return Ok(Some(crate::cards::ShareImage {
                url: seo::absolute(site, &c.src),
                width: c.width,
                height: c.height,
                mime: "image/jpeg",
                alt: p.image_alt.clone().unwrap_or_else(|| p.title.clone()),
            }));
        }
        let Some(setup) = &self.cards else { return Ok(None) };
        let p = crate::cards::view::PageRef { page, title, description, url: card_url };
        if card_url != url {
            return Ok(Some(crate::cards::view::image(site, &p)));
        }
        let (pending, image) = crate::cards::view::card(site, &p, self.templates.images(), setup, self.templates)?;
        if let Ok(mut queue) = self.pending_cards.lock() {
            queue.push(pending);
        }
        Ok(Some(image))
    }

    /// Renders an HTML page; a page with a code block gets the highlighting stylesheet linked in
    /// its head, unless its template links it already, and a page with a video its script.
    /// Its photos get responsive markup (see [`crate::images::markup`]); `out` is its output path.
    fn html(&self, template: &str, ctx: &Context, out: &str) -> Result<String, Diagnostic> {
        let html = self.templates.render(template, ctx)?;
        let page_url = urls::url_of_output(&self.site.config.base_path, out);
        let mut html = crate::images::markup::rewrite(html, &page_url, self.templates.images());
        if let Some(url) = &self.styles.highlight
            && html.contains("class=\"hl hl-code\"")
            && !html.contains(url.as_str())
            && let Some(at) = html.find("</head>")
        {
            html.insert_str(at, &format!("<link rel=\"stylesheet\" href=\"{url}\">\n"));
        }
        for script in [
            crate::components::video_script(&html, &self.site.config.root_path),
            crate::components::embed_script(&html, &self.site.config.root_path),
        ]
        .into_iter()
        .flatten()
        {
            if let Some(at) = html.find("</head>") {
                html.insert_str(at, &script);
            }
        }
        Ok(html)
    }

    /// The goals page `p` advances, in the mission's order, each once.
    fn advanced_goals(&self, p: &Page) -> Value {
        let mut advanced: Vec<usize> =
            p.goal_keys.iter().filter_map(|k| self.site.goal_index.get(k).copied()).collect();
        advanced.sort_unstable();
        advanced.dedup();
        Value::from(advanced.iter().map(|&g| self.goal_views[g].clone()).collect::<Vec<_>>())
    }

    fn values_of(&self, idx: &[usize]) -> Value {
        Value::from(idx.iter().map(|&i| self.summaries[i].clone()).collect::<Vec<_>>())
    }

    /// Renders one job into its output files.
    pub fn run(&self, job: &Job) -> Result<Vec<OutputFile>, Diagnostic> {
        let site = self.site;
        let bp = &site.config.base_path;
        match *job {
            Job::Home => {
                let home = site.page_by_kind(site.home);
                let mut ctx =
                    self.context(home, &site.config.title, home.and_then(|p| p.description.as_deref()), bp, None)?;
                ctx.insert("page", &home.map(|p| page_view(site, &self.templates.strings, p)));
                self.one("index.html", template_of(site, job).unwrap_or("index.html"), &ctx, home)
            }
            Job::Page(i) => self.page(i),
            Job::List(k) => self.list(k, None),
            Job::ListPage(k, n) => self.list(k, Some(n)),
            Job::TagIndex => self.generated("tags/", "tags.html", "topics", "every_topic"),
            Job::Tag(t) => self.tag(t, None),
            Job::TagPage(t, n) => self.tag(t, Some(n)),
            Job::AuthorIndex => self.generated("authors/", "authors.html", "authors", "every_author"),
            Job::Author(a) => self.author(a, None),
            Job::AuthorPage(a, n) => self.author(a, Some(n)),
            Job::Section(s) => self.section(s),
            Job::Search => {
                let url = format!("{bp}{}", crate::search::PAGE_URL);
                let title = self.text("search")?;
                let mut ctx = self.context(None, &title, Some(&self.text("search_description")?), &url, None)?;
                ctx.insert("page", &self.list_page(None, &title, &url));
                ctx.insert("faq_url", &site.page_by_kind(site.faq).map(|p| site.url(p)));
                ctx.insert("tags_url", &(!site.tags.is_empty()).then(|| format!("{bp}tags/")));
                // one bundle for every language, at the site's root
                ctx.insert("pagefind_url", &format!("{}{}", site.config.root_path, crate::search::BUNDLE_DIR));
                self.one(&format!("{}index.html", crate::search::PAGE_URL), "search.html", &ctx, None)
            }
            Job::NotFound => self.generated("404.html", "404.html", "page_not_found", "not_found_description"),
            Job::Aliases(i) => Ok(self.aliases(&site.pages[i])),
        }
    }

    /// A page Rally writes from a template alone at `path` (under the base path), titled and
    /// described by the theme strings `title` and `description`.
    fn generated(
        &self,
        path: &str,
        template: &str,
        title: &str,
        description: &str,
    ) -> Result<Vec<OutputFile>, Diagnostic> {
        let url = format!("{}{path}", self.site.config.base_path);
        let title = self.text(title)?;
        let mut ctx = self.context(None, &title, Some(&self.text(description)?), &url, None)?;
        ctx.insert("page", &self.list_page(None, &title, &url));
        let out = if path.ends_with('/') { format!("{path}index.html") } else { path.to_string() };
        self.one(&out, template, &ctx, None)
    }

    /// A theme string, in the site's language, for a title or description Rally writes itself.
    fn text(&self, key: &str) -> Result<String, Diagnostic> {
        let lang = &self.site.config.language;
        self.templates
            .strings
            .get(lang, key, None, &[])
            .map_err(|e| Diagnostic::error(format!("i18n/{lang}.yaml"), 0, 0, e))
    }

    /// The list page of `kind`'s folder (`events/`, `updates/`), titled and described by its
    /// `_index.md` when there is one, else by the list's theme strings; of a paginated list, every
    /// page (or page `only`).
    fn list(&self, kind: PageKind, only: Option<usize>) -> Result<Vec<OutputFile>, Diagnostic> {
        let site = self.site;
        let (row, list) = (kinds::kind(kind), list(kind));
        let folder = row.folder().unwrap_or_default();
        let index = site.section_index(folder);
        let fallback = self.text(list.title)?;
        let title = index.map_or(fallback.as_str(), |p| p.title.as_str());
        let fallback = list.description.map(|d| self.text(d)).transpose()?;
        let description = index.and_then(|p| p.description.as_deref()).or(fallback.as_deref());
        let bp = &site.config.base_path;
        // the calendar of the upcoming ones, beside the list: `events.ics`
        let calendar = row.shows(Extra::Calendar).then(|| format!("{folder}.ics"));
        let extra = |ctx: &mut Context| {
            if let Some(file) = &calendar {
                ctx.insert("calendar_url", &format!("{bp}{file}"));
            }
        };
        if list.paginated {
            let items = site.list_of(kind);
            return self.paginated(folder, list.template, &items, index, title, description, only, extra);
        }
        let url = format!("{bp}{folder}/");
        let mut ctx = self.context(index, title, description, &url, None)?;
        ctx.insert("page", &self.list_page(index, title, &url));
        extra(&mut ctx);
        let mut files = self.one(&format!("{folder}/index.html"), list.template, &ctx, index)?;
        if let Some(file) = calendar {
            files.push(OutputFile::text(file, super::ics::upcoming(site)));
        }
        Ok(files)
    }

    fn tag(&self, t: usize, only: Option<usize>) -> Result<Vec<OutputFile>, Diagnostic> {
        let site = self.site;
        let tag = &site.tags[t];
        let tag_json =
            json!({"name": tag.name, "slug": tag.slug, "url": tag_url(site, &tag.slug), "count": tag.pages.len()});
        let title = self.templates.strings.get(&site.config.language, "tagged", None, &[("tag", tag.name.clone())]);
        let title = title.map_err(|e| Diagnostic::error("i18n", 0, 0, e))?;
        self.paginated(&format!("tags/{}", tag.slug), "tag.html", &tag.pages, None, &title, None, only, |ctx| {
            ctx.insert("tag", &tag_json)
        })
    }

    fn author(&self, a: usize, only: Option<usize>) -> Result<Vec<OutputFile>, Diagnostic> {
        let site = self.site;
        let written = &site.authors[a];
        let Some(author) = views::author_view(site, &written.key) else { return Ok(Vec::new()) };
        let description = author.bio.map(str::to_string);
        self.paginated(
            &format!("authors/{}", written.key),
            "author.html",
            &written.pages,
            None,
            author.name,
            description.as_deref(),
            only,
            |ctx| ctx.insert("author", &author),
        )
    }

    /// The shared context plus page meta and the current URL. `card`: the title and URL of the
    /// page whose card this one is shared with, when not its own.
    fn context(
        &self,
        page: Option<&Page>,
        title: &str,
        description: Option<&str>,
        url: &str,
        card: Option<(&str, &str)>,
    ) -> Result<Context, Diagnostic> {
        let mut ctx = self.base.clone();
        let description = description.or_else(|| page.and_then(Page::teaser));
        let shown = description.filter(|d| !d.is_empty()).unwrap_or(&self.site.config.description);
        let share = self.share_image(page, card.unwrap_or((title, url)), shown, url)?;
        ctx.insert("meta", &seo::meta(self.site, &self.templates.strings, page, title, description, url, share));
        ctx.insert("current_url", url);
        ctx.insert("translations", &super::languages::versions(self.site, url));
        let content_lang = page.and_then(|p| p.lang.as_deref());
        ctx.insert("content_lang", &content_lang);
        // untranslated text keeps its own direction inside a page of another script
        ctx.insert("content_dir", &content_lang.map(rally_core::format::direction));
        Ok(ctx)
    }

    /// A `page` value for generated pages (lists), from an optional `_index.md`.
    fn list_page(&self, index: Option<&Page>, title: &str, url: &str) -> serde_json::Value {
        match index {
            Some(p) => serde_json::to_value(page_view(self.site, &self.templates.strings, p)).unwrap_or_default(),
            None => json!({
                "title": title, "url": url,
                "permalink": urls::permalink(&self.site.config.base_url, &self.site.config.base_path, url),
                "kind": "section", "content": "", "toc": [], "description": null, "summary": null, "summary_html": null,
                "date": null, "date_display": null, "updated": null, "updated_display": null, "image": null, "image_alt": null, "image_focus": null,
                "tags": [], "authors": [], "goals": [], "period": null, "reading_time": 0, "word_count": 0, "weight": 0, "extra": {}, "event": null, "campaign": null,
            }),
        }
    }

    fn one(
        &self,
        out: &str,
        template: &str,
        ctx: &Context,
        page: Option<&Page>,
    ) -> Result<Vec<OutputFile>, Diagnostic> {
        self.check_template(template, page)?;
        Ok(vec![OutputFile::text(out, self.html(template, ctx, out)?)])
    }

    fn check_template(&self, template: &str, page: Option<&Page>) -> Result<(), Diagnostic> {
        if self.templates.has(template) {
            return Ok(());
        }
        Err(match page {
            Some(p) if p.template.as_deref() == Some(template) => {
                p.error_at_key("template", format!("no template `{template}` in the theme or templates/"))
            }
            _ => Diagnostic::error(
                format!("templates/{template}"),
                0,
                0,
                format!("template `{template}` is missing from the theme"),
            ),
        })
    }

    fn page(&self, i: usize) -> Result<Vec<OutputFile>, Diagnostic> {
        let site = self.site;
        let p = &site.pages[i];
        let url = site.url(p);
        let mut ctx = self.context(Some(p), &p.title, p.description.as_deref(), &url, None)?;
        ctx.insert("page", &page_view(site, &self.templates.strings, p));
        ctx.insert("sections", &sections_of(p));
        ctx.insert("section_groups", &views::section_groups_of(p));
        let row = kinds::kind(p.kind());
        if row.shows(Extra::Metrics) {
            ctx.insert("metrics", &views::metrics_of(site, p));
        }
        if row.shows(Extra::AdvancedGoals) {
            ctx.insert_value("update_goals", self.advanced_goals(p));
        }
        if row.shows(Extra::Neighbours) {
            let (newer, older) = self.beside.get(&i).copied().unwrap_or_default();
            let (newer, older) = (newer.map(|n| self.summaries[n].clone()), older.map(|o| self.summaries[o].clone()));
            ctx.insert_value("newer", newer.unwrap_or_else(Value::none));
            ctx.insert_value("older", older.unwrap_or_else(Value::none));
        }
        let mut files = self.one(&p.out, p.template.as_deref().unwrap_or(row.template), &ctx, Some(p))?;
        if row.shows(Extra::Calendar) && p.event().is_some() {
            files.push(OutputFile::text(super::ics::event_path(p), super::ics::event(site, p)));
        }
        if row.shows(Extra::EmailEditions) && site.config.feeds.email {
            let words = super::phrases::Words::new(&self.templates.strings, &site.config.language);
            let colours = super::style::brand_colours(site, &self.templates.stylesheet);
            let (html, text) = super::email::paths(&p.out);
            files.push(OutputFile::text(html, super::email::html(site, p, &words, &colours)));
            files.push(OutputFile::text(text, super::email::text(site, p, &words)));
        }
        Ok(files)
    }

    fn section(&self, s: usize) -> Result<Vec<OutputFile>, Diagnostic> {
        let site = self.site;
        let sec = &site.sections[s];
        let index = sec.index.map(|i| &site.pages[i]);
        let url = format!(
            "{}{}/",
            site.config.base_path,
            sec.path.split('/').map(urls::segment_from_name).collect::<Vec<_>>().join("/")
        );
        let fallback = sec.path.rsplit('/').next().unwrap_or(&sec.path).replace(['-', '_'], " ");
        let title = index.map_or(fallback.as_str(), |p| p.title.as_str());
        let mut ctx = self.context(index, title, index.and_then(|p| p.description.as_deref()), &url, None)?;
        ctx.insert("page", &self.list_page(index, title, &url));
        ctx.insert_value("pages", self.values_of(&sec.pages));
        let out = format!("{}index.html", &url[site.config.base_path.len()..]);
        self.one(&out, template_of(site, &Job::Section(s)).unwrap_or("section.html"), &ctx, index)
    }

    /// Renders `items` in pages of `updates.per_page` under `dir/`, `dir/page/2/`, ... (or only
    /// page `only`, without the `page/1/` redirect), each described by `description`.
    #[allow(clippy::too_many_arguments)]
    fn paginated(
        &self,
        dir: &str,
        template: &str,
        items: &[usize],
        index: Option<&Page>,
        title: &str,
        description: Option<&str>,
        only: Option<usize>,
        extra: impl Fn(&mut Context),
    ) -> Result<Vec<OutputFile>, Diagnostic> {
        let site = self.site;
        let bp = &site.config.base_path;
        let per = site.config.updates.per_page;
        let total = *list_pages(site, items.len()).end();
        let page_url = |n: usize| if n == 1 { format!("{bp}{dir}/") } else { format!("{bp}{dir}/page/{n}/") };
        let mut files = Vec::with_capacity(total + 1);
        let first = page_url(1);
        self.check_template(template, index)?;
        for n in (1..=total).filter(|&n| only.is_none_or(|o| o == n)) {
            let chunk = &items[((n - 1) * per).min(items.len())..(n * per).min(items.len())];
            let url = page_url(n);
            let shown = if n == 1 { title.to_string() } else { format!("{title} — page {n} of {total}") };
            // every page of a list is shared with the card of its first page
            let mut ctx = self.context(index, &shown, description, &url, Some((title, &first)))?;
            ctx.insert("page", &self.list_page(index, title, &url));
            let pages = super::paginate::entries(n, total, page_url);
            ctx.insert(
                "paginator",
                &json!({
                    "current": n, "total": total, "total_items": items.len(),
                    "prev_url": (n > 1).then(|| page_url(n - 1)), "next_url": (n < total).then(|| page_url(n + 1)),
                    "first_url": page_url(1), "last_url": page_url(total), "pages": pages,
                }),
            );
            ctx.insert_value("items", self.values_of(chunk));
            extra(&mut ctx);
            let out = if n == 1 { format!("{dir}/index.html") } else { format!("{dir}/page/{n}/index.html") };
            let html = self.html(template, &ctx, &out)?;
            files.push(OutputFile::text(out, html));
        }
        if only.is_some() {
            return Ok(files);
        }
        files.push(OutputFile::text(
            format!("{dir}/page/1/index.html"),
            feeds::alias_page(site, &first, &urls::permalink(&site.config.base_url, bp, &first)),
        ));
        Ok(files)
    }

    fn aliases(&self, p: &Page) -> Vec<OutputFile> {
        let (url, perma) = (self.site.url(p), self.site.permalink(p));
        p.aliases
            .iter()
            .filter_map(|a| urls::redirect_page_path(a))
            .map(|out| OutputFile::text(out, feeds::alias_page(self.site, &url, &perma)))
            .collect()
    }
}

/// The shared context as it is built: each key is inserted with what it shows.
#[derive(Default)]
struct Shared {
    ctx: Context,
    reads: Vec<(&'static str, Read)>,
}

impl Shared {
    fn insert<T: serde::Serialize + ?Sized>(&mut self, key: &'static str, read: Read, value: &T) {
        self.ctx.insert(key, value);
        self.reads.push((key, read));
    }

    fn insert_value(&mut self, key: &'static str, read: Read, value: Value) {
        self.ctx.insert_value(key, value);
        self.reads.push((key, read));
    }
}

/// A page as lists show it, as a template value.
pub fn summary_value(site: &Site, strings: &Strings, p: &Page) -> Value {
    Value::from_serializable(&summary(site, strings, p))
}

fn tag_url(site: &Site, slug: &str) -> String {
    format!("{}tags/{slug}/", site.config.base_path)
}
