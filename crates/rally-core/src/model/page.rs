//! The parse stage: a content file becomes a `Page` with its kind, URL and typed front matter.

use std::path::PathBuf;
use std::sync::Arc;

use super::urls;
use crate::error::{Diagnostic, Location};
use crate::markdown::Rendered;
use crate::source::date::Date;
use crate::source::discover::SourceFile;
use crate::source::front_matter::{self, Cta, FrontMatter, GoalEntry, Metric, Movement, RawGoal};
use crate::source::limits;
use crate::source::url::SafeUrl;
use crate::source::yaml::Positions;

/// What a content file is, by its place in `content/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    /// `content/_index.md`: text and metadata for the landing page.
    Home,
    Mission,
    Values,
    Faq,
    /// `content/impact/*.md`
    Report,
    /// `content/updates/*.md`
    Update,
    /// `content/events/*.md`
    Event,
    /// `content/campaigns/*.md`
    Campaign,
    /// `_index.md` of a folder.
    Section,
    /// Anything else.
    Page,
}

impl PageKind {
    /// The kind of the content file at `rel` (relative to `content/`), by its place (see
    /// [`super::kinds`]).
    pub fn of(rel: &str) -> PageKind {
        super::kinds::of(rel)
    }
}

/// The pages Rally titles itself when their front matter gives no `title`: the title is a theme
/// string in the page's language (see [`super::titled`]), set before the model is frozen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Untitled {
    Mission,
    Values,
    Faq,
    /// An impact report, titled with its `period`.
    Report,
}

impl Untitled {
    /// The theme string that titles such a page.
    pub fn string_key(self) -> &'static str {
        match self {
            Untitled::Mission => "title_mission",
            Untitled::Values => "title_values",
            Untitled::Faq => "title_faq",
            Untitled::Report => "title_report",
        }
    }
}

/// Landing-page-only front matter.
#[derive(Debug, Clone, Default)]
pub struct HomeData {
    pub headline: Option<String>,
    pub hero_image: Option<String>,
    pub hero_image_alt: Option<String>,
    /// The focal point of `hero_image`, as [`Page::image_focus`] is of `image`.
    pub hero_image_focus: Option<String>,
}

/// Mission-only front matter.
#[derive(Debug, Clone, Default)]
pub struct MissionData {
    pub headline: Option<String>,
    pub statement: Option<String>,
    pub vision: Option<String>,
    pub movement: Option<Movement>,
    pub cta: Option<Cta>,
    pub goals: Vec<RawGoal>,
}

/// Impact-report-only front matter.
#[derive(Debug, Clone, Default)]
pub struct ReportData {
    /// The period the report covers, as written (`2025-Q3`).
    pub period: String,
    pub metrics: Vec<Metric>,
}

/// What a page is and the front matter only its kind has: one variant per [`PageKind`].
#[derive(Debug, Clone)]
pub enum KindData {
    Home(HomeData),
    Mission(MissionData),
    Values,
    Faq,
    Report(ReportData),
    Update,
    Event(super::events::EventData),
    Campaign(super::campaigns::CampaignData),
    Section,
    Page,
}

impl KindData {
    pub fn kind(&self) -> PageKind {
        match self {
            KindData::Home(_) => PageKind::Home,
            KindData::Mission(_) => PageKind::Mission,
            KindData::Values => PageKind::Values,
            KindData::Faq => PageKind::Faq,
            KindData::Report(_) => PageKind::Report,
            KindData::Update => PageKind::Update,
            KindData::Event(_) => PageKind::Event,
            KindData::Campaign(_) => PageKind::Campaign,
            KindData::Section => PageKind::Section,
            KindData::Page => PageKind::Page,
        }
    }
}

/// A content page, from front matter to rendered body: what every page has, and in `kind`, what
/// only pages of its kind have.
#[derive(Debug, Clone)]
pub struct Page {
    pub kind: KindData,
    /// Path relative to `content/`.
    pub rel: String,
    pub display: PathBuf,
    /// The file as written; shared with the page's copies in the sites of other languages.
    pub text: Arc<str>,
    /// The folder the page is in, relative to `content/` (`""` at the top).
    pub section: String,
    /// Output path relative to the output root: `updates/kell/index.html`.
    pub out: String,
    pub title: String,
    /// Set when the front matter gives no title and Rally titles the page in its language.
    pub untitled: Option<Untitled>,
    pub description: Option<String>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    /// `expires`: the page is left out of builds after it (see [`Page::expired`]).
    pub expires: Option<Date>,
    pub draft: bool,
    pub tags: Vec<String>,
    /// The keys of the page's authors in site.yaml's `authors:`, as written.
    pub authors: Vec<String>,
    /// The `slug` written in the front matter.
    pub slug: Option<String>,
    pub template: Option<String>,
    pub weight: i64,
    pub aliases: Vec<String>,
    pub image: Option<String>,
    pub image_alt: Option<String>,
    /// The focal point of `image` as a class suffix (`top`, `bottom-left`); `None` is the centre.
    pub image_focus: Option<String>,
    pub extra: serde_json::Value,
    pub summary: Option<String>,
    pub goal_keys: Vec<String>,
    pub body_line: usize,
    pub body_start: usize,
    /// The rendered body; shared with the page's copies in the sites of other languages until
    /// one of them changes it (a translation, its components expanded in its language).
    pub md: Arc<Rendered>,
    /// The language of the page's text when it is not the site's: a page not yet translated,
    /// shown in the default language.
    pub lang: Option<String>,
    /// Where each front matter key and value is written in `text`; shared with the page's copies
    /// in the sites of other languages.
    pub positions: Arc<Positions>,
}

impl Page {
    pub fn kind(&self) -> PageKind {
        self.kind.kind()
    }

    pub fn home(&self) -> Option<&HomeData> {
        if let KindData::Home(h) = &self.kind { Some(h) } else { None }
    }

    pub fn mission(&self) -> Option<&MissionData> {
        if let KindData::Mission(m) = &self.kind { Some(m) } else { None }
    }

    pub fn report(&self) -> Option<&ReportData> {
        if let KindData::Report(r) = &self.kind { Some(r) } else { None }
    }

    /// The period of an impact report.
    pub fn period(&self) -> Option<&str> {
        self.report().map(|r| r.period.as_str())
    }

    /// The metrics of an impact report; none on other pages.
    pub fn metrics(&self) -> &[Metric] {
        self.report().map_or(&[], |r| &r.metrics)
    }

    pub fn event(&self) -> Option<&super::events::EventData> {
        if let KindData::Event(e) = &self.kind { Some(e) } else { None }
    }

    pub fn campaign(&self) -> Option<&super::campaigns::CampaignData> {
        if let KindData::Campaign(c) = &self.kind { Some(c) } else { None }
    }

    /// What lists, feeds and meta descriptions show of the page: its `summary`, else its
    /// `description`, else the text before `<!-- more -->` or its first paragraph.
    pub fn teaser(&self) -> Option<&str> {
        self.summary.as_deref().or(self.description.as_deref()).or(self.md.summary_text.as_deref())
    }

    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    /// When the page last changed, as feeds, the sitemap and calendars give it: `updated`, else
    /// `date`.
    pub fn lastmod(&self) -> Option<Date> {
        self.updated.or(self.date)
    }

    /// Has the page's `expires` passed at `now`? A bare date (midnight) keeps the page to the end
    /// of that day (UTC); a date and time keeps it up to that moment.
    pub fn expired(&self, now: Date) -> bool {
        self.expires
            .is_some_and(|e| if e.0.time() == jiff::civil::Time::midnight() { now.day() > e.day() } else { now > e })
    }

    /// Where the value of front matter key path `key` (`image`, `goals[2].key`) is written; the
    /// start of the file (its opening `---`) when the key is not written.
    pub fn value_of(&self, key: &str) -> Location {
        self.positions.value_or_start(key)
    }

    /// A warning at the value of front matter key path `key` (see [`Page::value_of`]).
    pub fn warning_at_key(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::warning_at(&self.display, &self.text, self.value_of(key), message)
    }

    /// An error at the value of front matter key path `key` (see [`Page::value_of`]).
    pub fn error_at_key(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error_at(&self.display, &self.text, self.value_of(key), message)
    }
}

/// Parses one content file; every front matter key that does not fit is reported.
pub fn parse(file: SourceFile) -> Result<Page, Vec<Diagnostic>> {
    let (fm, positions, split) = front_matter::parse(&file.text, &file.display).map_err(|mut errors| {
        for d in &mut errors {
            reword_unknown_key(d, PageKind::of(&file.rel));
        }
        errors
    })?;
    let (body_line, body_start) = (split.body_line, file.text.len() - split.body.len());
    from_front_matter(file, fm, positions, body_line, body_start)
}

fn from_front_matter(
    file: SourceFile,
    fm: FrontMatter,
    positions: Positions,
    body_line: usize,
    body_start: usize,
) -> Result<Page, Vec<Diagnostic>> {
    let kind = PageKind::of(&file.rel);
    let out = output_path(&file, &positions, kind, fm.slug.as_deref()).map_err(|d| vec![d])?;
    let section = file.rel.rsplit_once('/').map_or("", |(d, _)| d).to_string();
    let section =
        if kind == PageKind::Section { section.rsplit_once('/').map_or("", |(d, _)| d).to_string() } else { section };
    let mut page = Page {
        // the kind's data is read from the front matter below
        kind: KindData::Page,
        rel: file.rel,
        display: file.display,
        text: Arc::from(""),
        section,
        out,
        title: String::new(),
        untitled: None,
        description: None,
        date: None,
        updated: None,
        expires: None,
        draft: false,
        tags: Vec::new(),
        authors: Vec::new(),
        slug: fm.slug.clone(),
        template: None,
        weight: 0,
        aliases: Vec::new(),
        image: None,
        image_alt: None,
        image_focus: None,
        extra: serde_json::Value::Object(Default::default()),
        summary: None,
        goal_keys: Vec::new(),
        body_line,
        body_start,
        md: Arc::default(),
        lang: None,
        positions: Arc::new(positions),
    };
    page.text = Arc::from(file.text);
    let problems = kind_problems(&page, kind);
    if !problems.is_empty() {
        return Err(problems);
    }
    apply_front_matter(&mut page, kind, fm).map_err(|d| vec![d])?;
    Ok(page)
}

/// An unknown top-level key of a content file, worded with the keys of its kind only (the
/// front matter reader knows the keys of every kind): the suggestion and the list a writer sees
/// are keys this file may give.
fn reword_unknown_key(d: &mut Diagnostic, of: PageKind) {
    let Some(rest) = d.message.strip_prefix("unknown key `") else { return };
    let Some((key, after)) = rest.split_once('`') else { return };
    if !after.starts_with(':') {
        return; // a key inside a mapping: its list is that mapping's
    }
    let keys = super::kinds::keys_of(of);
    d.message = crate::source::yaml::unknown_key_among(key, &keys, "");
}

/// The keys the page's kind needs that it does not give, and the keys it gives that belong to
/// other kinds (see [`super::kinds`]), each at its line.
fn kind_problems(page: &Page, of: PageKind) -> Vec<Diagnostic> {
    let kind = super::kinds::kind(of);
    let mut problems: Vec<Diagnostic> = kind
        .required
        .iter()
        .filter(|(key, _)| page.positions.get(key).is_none())
        .map(|(key, what)| {
            page.error_at_key(key, format!("the front matter has no `{key}`: {} needs one, {what}", kind.one))
        })
        .collect();
    let mut misplaced = Vec::new();
    for (key, _) in page.positions.sorted() {
        if key.contains(['.', '[']) {
            continue;
        }
        if let Some(owner) = super::kinds::owner_of(key, of) {
            let msg = format!("`{key}` is a key of {owner}, not of {}: move it there or remove it", kind.called);
            misplaced.push(page.error_at_key(key, msg));
        }
    }
    misplaced.sort_by_key(|d| (d.line, d.col));
    problems.extend(misplaced);
    problems
}

fn apply_front_matter(page: &mut Page, of: PageKind, mut fm: FrontMatter) -> Result<(), Diagnostic> {
    let mut defs = Vec::new();
    for (i, g) in std::mem::take(&mut fm.goals).into_iter().enumerate() {
        let at = format!("goals[{i}]");
        match (g, of) {
            (GoalEntry::Def(d), PageKind::Mission) => defs.push(d),
            (GoalEntry::Key(k), k2) if k2 != PageKind::Mission => page.goal_keys.push(k),
            (GoalEntry::Def(_), _) => {
                return Err(
                    page.error_at_key(&at, "goals are defined in mission.md; here, list goal keys: `goals: [key]`")
                );
            }
            (GoalEntry::Key(_), _) => {
                return Err(page.error_at_key(&at, "each goal in mission.md needs key, label and target"));
            }
        }
    }
    page.kind = kind_data(page, of, &mut fm, defs)?;
    let kind = super::kinds::kind(of);
    page.title = match fm.title {
        Some(t) if t.trim().is_empty() => {
            let how = if kind.required.iter().any(|(k, _)| *k == "title") {
                format!("{} needs one", kind.one)
            } else {
                "write one, or leave the key out".into()
            };
            return Err(page.error_at_key("title", format!("`title` is empty: {how}")));
        }
        Some(t) => t,
        None => {
            // the English title until theme strings name the page in its language
            page.untitled = kind.untitled;
            match kind.untitled {
                Some(Untitled::Mission) => "Our mission".into(),
                Some(Untitled::Values) => "Our values".into(),
                Some(Untitled::Faq) => "Frequently asked questions".into(),
                Some(Untitled::Report) => format!("Impact report — {}", page.period().unwrap_or("")),
                None => title_from_path(&page.rel),
            }
        }
    };
    if fm.tags.len() > limits::MAX_TAGS_PER_PAGE {
        let msg = format!(
            "this page has {} tags, over Rally's limit of {} per page (no reader follows that many): keep the few that say what the page is about",
            fm.tags.len(),
            limits::MAX_TAGS_PER_PAGE
        );
        return Err(page.error_at_key("tags", msg));
    }
    if let Some((i, long)) = fm.tags.iter().enumerate().find(|(_, t)| urls::tag_slug(t).len() > urls::MAX_SEGMENT_BYTES)
    {
        let shown: String = long.chars().take(30).collect();
        let msg = format!(
            "tag `{shown}…` makes a URL segment of {} bytes: its page's folder name would be over the {} bytes file systems allow; make it shorter",
            urls::tag_slug(long).len(),
            urls::MAX_SEGMENT_BYTES
        );
        return Err(page.error_at_key(&format!("tags[{i}]"), msg));
    }
    if let Some((i, bad)) = fm.tags.iter().enumerate().find(|(_, t)| crate::format::slugify(t).is_empty()) {
        let msg = if bad.trim().is_empty() {
            "a tag is empty: remove it or give it a name".to_string()
        } else {
            format!("tag `{bad}` has no letter or digit to make its URL from")
        };
        return Err(page.error_at_key(&format!("tags[{i}]"), msg));
    }
    page.description = fm.description.filter(|d| !d.trim().is_empty());
    page.date = fm.date;
    page.updated = fm.updated;
    page.expires = fm.expires;
    page.draft = fm.draft;
    page.tags = fm.tags;
    page.authors = match (fm.author, fm.authors) {
        (Some(_), Some(_)) => {
            return Err(page.error_at_key("authors", "give `author: KEY` or `authors: [KEY, KEY]`, not both"));
        }
        (Some(one), None) => vec![one],
        (None, Some(many)) => many,
        (None, None) => Vec::new(),
    };
    page.template = fm.template;
    page.weight = fm.weight;
    page.aliases = fm.aliases.into_iter().map(SafeUrl::into_string).collect();
    page.image = fm.image.map(SafeUrl::into_string);
    page.image_alt = fm.image_alt;
    page.image_focus = focus_of(page, "image_focus", fm.image_focus.take())?;
    if let Some(extra) = fm.extra {
        page.extra = extra;
    }
    page.summary = fm.summary;
    Ok(())
}

/// The focal point written as `key` as a class suffix (`None` for the centre), or the error at it.
fn focus_of(page: &Page, key: &str, focus: Option<String>) -> Result<Option<String>, Diagnostic> {
    let Some(focus) = focus else { return Ok(None) };
    focus_class(&focus).ok_or_else(|| {
        page.error_at_key(
            key,
            format!(
                "`{key}: {focus}` is not a focal point: write where the photo's subject is, \
                 as `top`, `bottom`, `left`, `right`, `center` or two of them (`top left`)"
            ),
        )
    })
}

/// The front matter only pages of kind `of` have (on any other page its keys are errors: see
/// [`kind_problems`]).
fn kind_data(page: &Page, of: PageKind, fm: &mut FrontMatter, goals: Vec<RawGoal>) -> Result<KindData, Diagnostic> {
    Ok(match of {
        PageKind::Home => KindData::Home(HomeData {
            headline: fm.headline.take().filter(|h| !h.trim().is_empty()),
            hero_image: fm.hero_image.take().map(SafeUrl::into_string).filter(|u| !u.trim().is_empty()),
            hero_image_alt: fm.hero_image_alt.take(),
            hero_image_focus: focus_of(page, "hero_image_focus", fm.hero_image_focus.take())?,
        }),
        PageKind::Mission => KindData::Mission(MissionData {
            headline: fm.headline.take().filter(|h| !h.trim().is_empty()),
            statement: fm.statement.take(),
            vision: fm.vision.take(),
            movement: fm.movement.take(),
            cta: fm.cta.take(),
            goals,
        }),
        PageKind::Values => KindData::Values,
        PageKind::Faq => KindData::Faq,
        PageKind::Report => {
            let Some(period) = fm.period.take().filter(|p| !p.trim().is_empty()) else {
                return Err(page
                    .error_at_key("period", "`period` is empty: an impact report needs one, e.g. `period: 2025-Q3`"));
            };
            KindData::Report(ReportData { period, metrics: std::mem::take(&mut fm.metrics) })
        }
        PageKind::Update => KindData::Update,
        PageKind::Event => KindData::Event(event_data(page, fm)?),
        PageKind::Campaign => KindData::Campaign(campaign_data(page, fm)?),
        PageKind::Section => KindData::Section,
        PageKind::Page => KindData::Page,
    })
}

/// The keys of an event.
fn event_data(page: &Page, fm: &FrontMatter) -> Result<super::events::EventData, Diagnostic> {
    use super::events::{self, EventData, RawTimes};
    let raw = RawTimes { start: fm.start.as_deref(), end: fm.end.as_deref(), timezone: fm.timezone.as_deref() };
    let when = events::when(&raw).map_err(|(key, msg)| page.error_at_key(key, msg))?;
    let blank = |u: &Option<SafeUrl>| u.as_deref().map(str::trim).filter(|u| !u.is_empty()).map(String::from);
    Ok(EventData {
        when,
        timezone: fm.timezone.clone(),
        location: fm.location.clone().filter(|l| !l.name.trim().is_empty()),
        online_url: blank(&fm.online_url),
        registration_url: blank(&fm.registration_url),
        status: fm.status.unwrap_or_default(),
        status_given: fm.status.is_some(),
    })
}

/// The keys of a campaign.
fn campaign_data(page: &Page, fm: &FrontMatter) -> Result<super::campaigns::CampaignData, Diagnostic> {
    use super::campaigns::{CampaignData, CountSpec};
    let Some(kind) = fm.kind else {
        return Err(page.error_at_key("kind", "a campaign needs a `kind`: pledge, petition or fundraiser"));
    };
    let target = match fm.target {
        Some(t) if t.is_finite() && t > 0.0 => t,
        Some(_) => return Err(page.error_at_key("target", "`target` must be a number above 0")),
        None => return Err(page.error_at_key("target", "a campaign needs a `target`, e.g. `target: 5000`")),
    };
    Ok(CampaignData {
        kind,
        target,
        unit: fm.unit.clone().filter(|u| !u.trim().is_empty()),
        deadline: fm.deadline.map(|d| d.day()),
        count_spec: fm.count.clone().unwrap_or(CountSpec::Number(0.0)),
        adjustments: fm.adjustments.clone(),
        cta: fm.cta.clone(),
        count: 0.0,
    })
}

fn title_from_path(rel: &str) -> String {
    let stem = rel.trim_end_matches(".md").trim_end_matches("/_index");
    let name = stem.rsplit('/').next().unwrap_or(stem).replace(['-', '_'], " ");
    let mut c = name.chars();
    c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

/// The output path of a content file, from its place and its `slug`.
fn output_path(file: &SourceFile, at: &Positions, kind: PageKind, slug: Option<&str>) -> Result<String, Diagnostic> {
    let slug_err = |msg: String| Diagnostic::error_at(&file.display, &file.text, at.value_or_start("slug"), msg);
    if let Some(s) = slug {
        urls::check_segment(s).map_err(|e| slug_err(format!("slug {e}")))?;
    }
    let rel = file.rel.trim_end_matches(".md");
    let mut segs: Vec<String> = rel.split('/').map(urls::segment_from_name).collect();
    match kind {
        PageKind::Home => return Ok("index.html".into()),
        PageKind::Section => {
            segs.pop();
        }
        _ => {
            segs.pop();
            let stem = rel.rsplit('/').next().unwrap_or_default();
            segs.push(last_segment(stem, slug, kind, false));
        }
    }
    for s in &segs {
        urls::check_segment(s).map_err(|e| slug_err(format!("this file's path cannot be published: {e}")))?;
    }
    if segs.len() == 1
        && (matches!(segs[0].as_str(), "tags" | "authors") || super::kinds::folders().any(|f| f == segs[0]))
        && kind == PageKind::Page
    {
        return Err(slug_err(format!("`/{}/` is used by Rally itself: rename the file or set a `slug`", segs[0])));
    }
    Ok(format!("{}/index.html", segs.join("/")))
}

/// The last segment of a page's URL (`kell` for `updates/2025-09-14-kell.md`): its `slug` when it
/// gives one, else its file name's `stem` as a URL segment. A date at the start of the name is
/// left out for the kinds with dated names, and for every kind when a `permalinks:` pattern makes
/// the URL (`permalinked`), whose `:year`, `:month` and `:day` say the date.
fn last_segment(stem: &str, slug: Option<&str>, kind: PageKind, permalinked: bool) -> String {
    match slug {
        Some(s) => s.to_string(),
        None if permalinked => urls::segment_from_name(urls::strip_date_prefix(stem)),
        None if super::kinds::kind(kind).dated_names => {
            urls::strip_date_prefix(&urls::segment_from_name(stem)).to_string()
        }
        None => urls::segment_from_name(stem),
    }
}

/// The output path `permalink` gives `page` (a page of the folder it is written for), or an error
/// at the page's `slug` (or its `date`, when the pattern needs one and the page has none).
pub fn permalink_output(page: &Page, permalink: &urls::Permalink, key: &str) -> Result<String, Diagnostic> {
    let date = page.date.map(|d| {
        let day = d.day();
        (day.year(), day.month(), day.day())
    });
    if date.is_none() && permalink.needs_date() {
        let msg = format!(
            "`permalinks.{key}` is `{}`, which needs the page's date: give this page a `date`",
            permalink.pattern()
        );
        return Err(page.error_at_key("date", msg));
    }
    let stem = page.rel.trim_end_matches(".md").rsplit('/').next().unwrap_or_default();
    let slug = last_segment(stem, page.slug.as_deref(), page.kind(), true);
    let section: Vec<String> = page.section.split('/').filter(|s| !s.is_empty()).map(urls::segment_from_name).collect();
    let parts = urls::PermalinkParts { date, slug: &slug, section: &section.join("/") };
    let segs = permalink.segments(&parts).map_err(|e| {
        page.error_at_key("slug", format!("`permalinks.{key}` gives this page a URL that cannot be published: {e}"))
    })?;
    if segs.is_empty() {
        return Err(page.error_at_key("slug", format!("`permalinks.{key}` gives this page the URL of the home page")));
    }
    Ok(format!("{}/index.html", segs.join("/")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(rel: &str, text: &str) -> SourceFile {
        SourceFile { rel: rel.into(), display: PathBuf::from("content").join(rel), text: text.into() }
    }

    #[test]
    fn kinds_by_location() {
        assert_eq!(PageKind::of("mission.md"), PageKind::Mission);
        assert_eq!(PageKind::of("impact/2025-q3.md"), PageKind::Report);
        assert_eq!(PageKind::of("updates/2025-09-14-kell.md"), PageKind::Update);
        assert_eq!(PageKind::of("updates/_index.md"), PageKind::Section);
        assert_eq!(PageKind::of("about/team.md"), PageKind::Page);
        assert_eq!(PageKind::of("updates/old/x.md"), PageKind::Page);
    }

    #[test]
    fn output_paths() {
        let p = parse(file("updates/2025-09-14-kell.md", "---\ntitle: K\ndate: 2025-09-14\n---\n")).unwrap();
        assert_eq!(p.out, "updates/kell/index.html");
        let p = parse(file("About Us/Team.md", "---\ntitle: T\n---\n")).unwrap();
        assert_eq!(p.out, "about-us/team/index.html");
        let p = parse(file("about/_index.md", "")).unwrap();
        assert_eq!((p.out.as_str(), p.title.as_str()), ("about/index.html", "About"));
        let p = parse(file("x.md", "---\nslug: y\n---\n")).unwrap();
        assert_eq!(p.out, "y/index.html");
    }

    #[test]
    fn a_leading_date_is_left_out_for_dated_kinds_and_for_every_kind_a_permalink_places() {
        let update = parse(file("updates/2025-09-14-kell.md", "---\ntitle: K\ndate: 2025-09-14\n---\n")).unwrap();
        let page = parse(file("about/2020-01-01-founding.md", "---\ntitle: F\n---\n")).unwrap();
        assert_eq!(page.out, "about/2020-01-01-founding/index.html");
        let by_section = urls::Permalink::parse("about", "/:section/:slug/").unwrap();
        assert_eq!(permalink_output(&page, &by_section, "about").unwrap(), "about/founding/index.html");
        let dated = urls::Permalink::parse("updates", "/:year/:slug/").unwrap();
        assert_eq!(permalink_output(&update, &dated, "updates").unwrap(), "2025/kell/index.html");
        let slugged = parse(file("about/2020-01-01-x.md", "---\ntitle: X\nslug: Our-Start\n---\n")).unwrap();
        assert_eq!(slugged.out, "about/Our-Start/index.html");
        assert_eq!(permalink_output(&slugged, &by_section, "about").unwrap(), "about/Our-Start/index.html");
    }

    #[test]
    fn hostile_slugs_are_errors() {
        for slug in ["../../etc", "/abs", "a/b", ".."] {
            let e = parse(file("x.md", &format!("---\ntitle: X\nslug: \"{slug}\"\n---\n"))).unwrap_err().remove(0);
            assert_eq!(e.line, 3, "{slug}: {e}");
        }
    }

    #[test]
    fn updates_need_title_and_date() {
        let e = parse(file("updates/a.md", "---\ntitle: A\n---\n")).unwrap_err().remove(0);
        assert!(e.message.contains("date"), "{e}");
        // reported at the opening `---`, however the other values are worded
        let text = "---\ntitle: A\ndescription: >\n  The start date: soon\n---\n";
        let e = parse(file("updates/a.md", text)).unwrap_err().remove(0);
        assert_eq!((e.line, e.col, e.source_line.as_deref()), (1, 1, Some("---")), "{e}");
        assert!(e.message.contains("no `date`"), "{e}");
        let e = parse(file("updates/a.md", "---\ndate: 2025-01-01\n---\n")).unwrap_err().remove(0);
        assert!(e.message.contains("title"), "{e}");
    }

    #[test]
    fn an_empty_title_is_an_error_at_its_line() {
        for (rel, text) in [
            ("updates/a.md", "---\ndate: 2025-01-01\ntitle: ''\n---\n"),
            ("about.md", "---\ndescription: D\ntitle: \"   \"\n---\n"),
            ("mission.md", "---\nstatement: S\ntitle: \"\"\n---\n"),
        ] {
            let e = parse(file(rel, text)).unwrap_err().remove(0);
            assert_eq!(e.line, 3, "{rel}: {e}");
            assert!(e.message.contains("`title` is empty"), "{rel}: {e}");
        }
        assert_eq!(parse(file("about.md", "---\ntitle:\n---\n")).unwrap().title, "About");
    }

    #[test]
    fn an_empty_tag_is_an_error_at_the_tag() {
        let e = parse(file("updates/a.md", "---\ntitle: A\ndate: 2025-01-01\ntags: [ok, \"\"]\n---\n"))
            .unwrap_err()
            .remove(0);
        assert_eq!((e.line, e.col), (4, 12), "{e}");
        assert!(e.message.contains("a tag is empty"), "{e}");
        let e = parse(file("a.md", "---\ntags:\n  - ok\n  - \"!!!\"\n---\n")).unwrap_err().remove(0);
        assert_eq!((e.line, e.col), (4, 5), "{e}");
        assert!(parse(file("a.md", "---\ntags: [Café, 日本語]\n---\n")).is_ok());
    }

    #[test]
    fn keys_of_other_kinds_are_errors_at_their_lines() {
        let errs = parse(file(
            "updates/a.md",
            "---\ntitle: A\ndate: 2025-01-01\nstatement: We clean rivers\nmetrics:\n  - {key: km, value: 3}\n---\n",
        ))
        .unwrap_err();
        let at: Vec<_> = errs.iter().map(|e| (e.line, e.col)).collect();
        assert_eq!(at, [(4, 12), (6, 3)], "{errs:?}");
        assert_eq!(
            errs[0].message,
            "`statement` is a key of the mission (content/mission.md), not of updates: move it there or remove it"
        );
        assert!(errs[1].message.starts_with("`metrics` is a key of impact reports (content/impact/)"), "{errs:?}");
        let e = parse(file("about.md", "---\ntitle: About\nperiod: 2025-Q3\n---\n")).unwrap_err().remove(0);
        assert_eq!((e.line, e.col), (3, 9), "{e}");
        // the mission and campaigns share `cta`
        assert!(parse(file("mission.md", "---\ncta: {label: Join, url: /join/}\n---\n")).is_ok());
        let e = parse(file("faq.md", "---\ncta: {label: Join, url: /join/}\n---\n")).unwrap_err().remove(0);
        assert!(e.message.contains("the mission (content/mission.md) and campaigns (content/campaigns/)"), "{e}");
    }

    #[test]
    fn an_unknown_key_is_worded_with_the_keys_of_the_files_kind() {
        let e = parse(file("updates/a.md", "---\ntitle: A\ndate: 2025-01-01\nzzz: 1\n---\n")).unwrap_err().remove(0);
        assert!(e.message.starts_with("unknown key `zzz`: the keys here are title, description"), "{e}");
        assert!(!e.message.contains("statement") && !e.message.contains("timezone"), "{e}");
        let e =
            parse(file("events/a.md", "---\ntitle: A\nstart: 2026-01-01\ntimezon: UTC\n---\n")).unwrap_err().remove(0);
        assert_eq!(e.message, "unknown key `timezon`: did you mean `timezone`?");
        let e =
            parse(file("updates/a.md", "---\ntitle: A\ndate: 2025-01-01\nexcerpt: S\n---\n")).unwrap_err().remove(0);
        assert_eq!(e.message, "unknown key `excerpt`: Rally calls it `summary`");
        // the keys of every kind together are the keys the front matter reader knows
        let e = crate::source::front_matter::parse("---\nzzz: 1\n---\n", std::path::Path::new("a.md"))
            .unwrap_err()
            .remove(0);
        let mut read: Vec<&str> = e.message.split("are ").nth(1).unwrap().split(", ").collect();
        let mut ours: Vec<&str> = crate::model::kinds::COMMON_KEYS.to_vec();
        ours.extend(crate::model::kinds::KINDS.iter().flat_map(|k| k.keys.iter().copied()));
        read.sort_unstable();
        ours.sort_unstable();
        ours.dedup();
        assert_eq!(read, ours);
    }

    #[test]
    fn every_missing_key_a_kind_needs_is_reported() {
        let errs = parse(file("impact/q3.md", "---\ntitle: Q3\n---\n")).unwrap_err();
        let messages: Vec<_> = errs.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "the front matter has no `date`: an impact report needs one, e.g. `date: 2025-09-30`",
                "the front matter has no `period`: an impact report needs one, e.g. `period: 2025-Q3`",
            ]
        );
    }

    #[test]
    fn untitled_pages_are_marked_for_their_language() {
        let p = parse(file("impact/q3.md", "---\ndate: 2025-09-30\nperiod: 2025-Q3\n---\n")).unwrap();
        assert_eq!((p.untitled, p.title.as_str()), (Some(Untitled::Report), "Impact report — 2025-Q3"));
        let p = parse(file("faq.md", "---\ntitle: Questions\n---\n")).unwrap();
        assert_eq!(p.untitled, None);
        assert_eq!(parse(file("about.md", "")).unwrap().untitled, None);
    }

    #[test]
    fn each_kind_holds_its_own_front_matter() {
        let p = parse(file(
            "impact/q3.md",
            "---\ndate: 2025-09-30\nperiod: 2025-Q3\nmetrics:\n  - {key: km, value: 3}\n---\n",
        ))
        .unwrap();
        let KindData::Report(r) = &p.kind else { panic!("{:?}", p.kind) };
        assert_eq!((r.period.as_str(), r.metrics.len(), r.metrics[0].key.as_str()), ("2025-Q3", 1, "km"));
        let p = parse(file(
            "mission.md",
            "---\nstatement: We clean rivers\ngoals:\n  - {key: km, label: Km, target: 9}\n---\n",
        ))
        .unwrap();
        let m = p.mission().unwrap();
        assert_eq!((m.statement.as_deref(), m.goals[0].key.as_str()), (Some("We clean rivers"), "km"));
        assert!(p.report().is_none() && p.metrics().is_empty() && p.period().is_none());
        let p = parse(file("events/a.md", "---\ntitle: A\nstart: 2026-05-01T10:00\ntimezone: Europe/Paris\n---\n"))
            .unwrap();
        assert_eq!((p.kind(), p.event().and_then(|e| e.timezone.as_deref())), (PageKind::Event, Some("Europe/Paris")));
        let p = parse(file("campaigns/a.md", "---\ntitle: A\nkind: petition\ntarget: 500\n---\n")).unwrap();
        assert_eq!(p.campaign().map(|c| c.target), Some(500.0));
        for (rel, kind) in [("updates/a.md", PageKind::Update), ("about.md", PageKind::Page), ("faq.md", PageKind::Faq)]
        {
            let p = parse(file(rel, "---\ntitle: A\ndate: 2025-01-01\n---\n")).unwrap();
            assert_eq!(p.kind(), kind);
            assert!(p.mission().is_none() && p.event().is_none() && p.campaign().is_none() && p.report().is_none());
        }
    }

    #[test]
    fn an_impact_report_with_an_empty_period_is_an_error_at_it() {
        for period in ["~", "\"  \""] {
            let e = parse(file("impact/q3.md", &format!("---\ndate: 2025-09-30\nperiod: {period}\n---\n")))
                .unwrap_err()
                .remove(0);
            assert_eq!((e.line, e.col), (3, 9), "{e}");
            assert!(e.message.starts_with("`period` is empty: an impact report needs one"), "{e}");
        }
    }

    #[test]
    fn goal_definitions_belong_to_the_mission() {
        let e = parse(file(
            "updates/a.md",
            "---\ntitle: A\ndate: 2025-01-01\ngoals:\n  - {key: a, label: A, target: 1}\n---\n",
        ))
        .unwrap_err()
        .remove(0);
        assert_eq!((e.line, e.col), (5, 5), "at the definition: {e}");
    }
}

/// The focal point written as `image_focus` (`top`, `left top`, `center`, `bottom right`, any
/// case) as a class suffix: `Some(None)` for the centre, `Some(Some("top-left"))`, and `None` when
/// the words are not a focal point.
pub fn focus_class(focus: &str) -> Option<Option<String>> {
    let (mut v, mut h) = (None, None);
    let words: Vec<String> = focus.split_whitespace().map(str::to_lowercase).collect();
    if words.is_empty() || words.len() > 2 {
        return None;
    }
    for w in &words {
        match w.as_str() {
            "top" | "bottom" if v.is_none() => v = Some(w.as_str()),
            "left" | "right" if h.is_none() => h = Some(w.as_str()),
            "center" | "centre" => {}
            _ => return None,
        }
    }
    Some(match (v, h) {
        (None, None) => None,
        (Some(v), None) => Some(v.to_string()),
        (None, Some(h)) => Some(h.to_string()),
        (Some(v), Some(h)) => Some(format!("{v}-{h}")),
    })
}

#[cfg(test)]
mod focus_tests {
    use super::focus_class;

    #[test]
    fn focal_points_are_words_for_the_subject_place() {
        assert_eq!(focus_class("top"), Some(Some("top".into())));
        assert_eq!(focus_class("Left  Bottom"), Some(Some("bottom-left".into())));
        assert_eq!(focus_class("center top"), Some(Some("top".into())));
        assert_eq!(focus_class("centre"), Some(None));
        assert_eq!(focus_class("top bottom"), None);
        assert_eq!(focus_class("30% 60%"), None);
        assert_eq!(focus_class(""), None);
        assert_eq!(focus_class("top left right"), None);
    }
}

#[cfg(test)]
mod flow_tests {
    use super::*;

    #[test]
    fn a_comma_in_a_flow_mapping_value_is_explained_with_the_quoted_form() {
        let text = "---\ntitle: A\ncta: { label: Join us, today, url: /join/ }\n---\n";
        let e = parse(SourceFile { rel: "mission.md".into(), display: "content/mission.md".into(), text: text.into() })
            .unwrap_err()
            .remove(0);
        assert_eq!((e.line, e.col), (3, 24), "{e}");
        assert!(
            e.message.ends_with("inside `{ }` a comma ends a value, so `today` was read as a key: if it belongs to `label`, quote the value: `label: \"Join us, today\"`"),
            "{e}"
        );
    }
}
