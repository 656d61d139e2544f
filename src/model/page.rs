//! The parse stage: a content file becomes a `Page` with its kind, URL and typed front matter.

use std::path::PathBuf;

use super::urls;
use crate::error::Diagnostic;
use crate::markdown::Rendered;
use crate::source::date::Date;
use crate::source::discover::SourceFile;
use crate::source::front_matter::{self, Cta, FrontMatter, GoalEntry, Metric, Movement, RawGoal};
use crate::source::limits;
use crate::source::url::SafeUrl;

/// What a content file is, by its place in `content/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
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
    /// `_index.md` of a folder.
    Section,
    /// Anything else.
    Page,
}

impl PageKind {
    pub fn of(rel: &str) -> PageKind {
        match rel {
            "_index.md" => PageKind::Home,
            "mission.md" => PageKind::Mission,
            "values.md" => PageKind::Values,
            "faq.md" => PageKind::Faq,
            _ if rel.ends_with("/_index.md") => PageKind::Section,
            _ if rel.starts_with("impact/") && !rel[7..].contains('/') => PageKind::Report,
            _ if rel.starts_with("updates/") && !rel[8..].contains('/') => PageKind::Update,
            _ => PageKind::Page,
        }
    }
}

/// Mission-only front matter.
#[derive(Debug, Clone, Default)]
pub struct MissionData {
    pub statement: Option<String>,
    pub vision: Option<String>,
    pub movement: Option<Movement>,
    pub cta: Option<Cta>,
    pub goals: Vec<RawGoal>,
}

/// A content page, from front matter to rendered body.
#[derive(Debug, Clone)]
pub struct Page {
    pub kind: PageKind,
    /// Path relative to `content/`.
    pub rel: String,
    pub display: PathBuf,
    pub text: String,
    /// The folder the page is in, relative to `content/` (`""` at the top).
    pub section: String,
    /// Output path relative to the output root: `updates/kell/index.html`.
    pub out: String,
    pub title: String,
    pub description: Option<String>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub draft: bool,
    pub tags: Vec<String>,
    pub template: Option<String>,
    pub weight: i64,
    pub aliases: Vec<String>,
    pub image: Option<String>,
    pub image_alt: Option<String>,
    pub extra: serde_json::Value,
    pub summary: Option<String>,
    pub goal_keys: Vec<String>,
    pub period: Option<String>,
    pub metrics: Vec<Metric>,
    pub mission: Option<MissionData>,
    pub body_line: usize,
    pub body_start: usize,
    pub md: Rendered,
}

impl Page {
    /// What lists, feeds and meta descriptions show of the page: its `summary`, else its
    /// `description`, else the text before `<!-- more -->` or its first paragraph.
    pub fn teaser(&self) -> Option<&str> {
        self.summary.as_deref().or(self.description.as_deref()).or(self.md.summary_text.as_deref())
    }

    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    /// A warning at the line of front matter key `key`.
    pub fn warning_at_key(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        let line = front_matter::key_line(&self.text, key);
        Diagnostic::warning(&self.display, line, 1, message).with_source(&self.text)
    }

    /// A diagnostic at the line of front matter key `key`.
    pub fn error_at_key(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        let line = front_matter::key_line(&self.text, key);
        Diagnostic::error(&self.display, line, 1, message).with_source(&self.text)
    }
}

/// Parses one content file; every front matter key that does not fit is reported.
pub fn parse(file: SourceFile) -> Result<Page, Vec<Diagnostic>> {
    let (fm, split) = front_matter::parse(&file.text, &file.display)?;
    let (body_line, body_start) = (split.body_line, file.text.len() - split.body.len());
    from_front_matter(file, fm, body_line, body_start).map_err(|d| vec![d])
}

fn from_front_matter(
    file: SourceFile,
    fm: FrontMatter,
    body_line: usize,
    body_start: usize,
) -> Result<Page, Diagnostic> {
    let kind = PageKind::of(&file.rel);
    let out = output_path(&file, kind, fm.slug.as_deref())?;
    let section = file.rel.rsplit_once('/').map_or("", |(d, _)| d).to_string();
    let section =
        if kind == PageKind::Section { section.rsplit_once('/').map_or("", |(d, _)| d).to_string() } else { section };
    let mut page = Page {
        kind,
        rel: file.rel,
        display: file.display,
        text: String::new(),
        section,
        out,
        title: String::new(),
        description: None,
        date: None,
        updated: None,
        draft: false,
        tags: Vec::new(),
        template: None,
        weight: 0,
        aliases: Vec::new(),
        image: None,
        image_alt: None,
        extra: serde_json::Value::Object(Default::default()),
        summary: None,
        goal_keys: Vec::new(),
        period: None,
        metrics: Vec::new(),
        mission: None,
        body_line,
        body_start,
        md: Rendered::default(),
    };
    page.text = file.text;
    apply_front_matter(&mut page, fm)?;
    Ok(page)
}

fn apply_front_matter(page: &mut Page, fm: FrontMatter) -> Result<(), Diagnostic> {
    let mut defs = Vec::new();
    for g in fm.goals {
        match (g, page.kind) {
            (GoalEntry::Def(d), PageKind::Mission) => defs.push(d),
            (GoalEntry::Key(k), k2) if k2 != PageKind::Mission => page.goal_keys.push(k),
            (GoalEntry::Def(_), _) => {
                return Err(
                    page.error_at_key("goals", "goals are defined in mission.md; here, list goal keys: `goals: [key]`")
                );
            }
            (GoalEntry::Key(_), _) => {
                return Err(page.error_at_key("goals", "each goal in mission.md needs key, label and target"));
            }
        }
    }
    if page.kind == PageKind::Mission {
        page.mission = Some(MissionData {
            statement: fm.statement,
            vision: fm.vision,
            movement: fm.movement,
            cta: fm.cta,
            goals: defs,
        });
    }
    page.title = match (fm.title, page.kind) {
        (Some(t), kind) if t.trim().is_empty() => {
            let how = if kind == PageKind::Update { "an update needs one" } else { "write one, or leave the key out" };
            return Err(page.error_at_key("title", format!("`title` is empty: {how}")));
        }
        (Some(t), _) => t,
        (None, PageKind::Update) => return Err(page.error_at_key("title", "an update needs a `title`")),
        (None, PageKind::Mission) => "Our mission".into(),
        (None, PageKind::Values) => "Our values".into(),
        (None, PageKind::Faq) => "Frequently asked questions".into(),
        (None, PageKind::Report) => format!("Impact report — {}", fm.period.as_deref().unwrap_or("")),
        (None, _) => title_from_path(&page.rel),
    };
    if matches!(page.kind, PageKind::Update | PageKind::Report) && fm.date.is_none() {
        return Err(page.error_at_key("date", "a dated page needs a `date: YYYY-MM-DD`"));
    }
    if page.kind == PageKind::Report && fm.period.is_none() {
        return Err(page.error_at_key("period", "an impact report needs a `period`, e.g. `period: 2025-Q3`"));
    }
    if fm.tags.len() > limits::MAX_TAGS_PER_PAGE {
        let msg = format!(
            "this page has {} tags, over Rally's limit of {} per page (no reader follows that many): keep the few that say what the page is about",
            fm.tags.len(),
            limits::MAX_TAGS_PER_PAGE
        );
        return Err(page.error_at_key("tags", msg));
    }
    if let Some(long) = fm.tags.iter().find(|t| urls::tag_slug(t).len() > urls::MAX_SEGMENT_BYTES) {
        let shown: String = long.chars().take(30).collect();
        let msg = format!(
            "tag `{shown}…` makes a URL segment of {} bytes: its page's folder name would be over the {} bytes file systems allow; make it shorter",
            urls::tag_slug(long).len(),
            urls::MAX_SEGMENT_BYTES
        );
        return Err(page.error_at_key("tags", msg));
    }
    if let Some(bad) = fm.tags.iter().find(|t| urls::slugify(t).is_empty()) {
        let msg = if bad.trim().is_empty() {
            "a tag is empty: remove it or give it a name".to_string()
        } else {
            format!("tag `{bad}` has no letter or digit to make its URL from")
        };
        return Err(page.error_at_key("tags", msg));
    }
    page.description = fm.description.filter(|d| !d.trim().is_empty());
    page.date = fm.date;
    page.updated = fm.updated;
    page.draft = fm.draft;
    page.tags = fm.tags;
    page.template = fm.template;
    page.weight = fm.weight;
    page.aliases = fm.aliases.into_iter().map(SafeUrl::into_string).collect();
    page.image = fm.image.map(SafeUrl::into_string);
    page.image_alt = fm.image_alt;
    if let Some(extra) = fm.extra {
        page.extra = extra;
    }
    page.summary = fm.summary;
    page.period = fm.period;
    page.metrics = fm.metrics;
    Ok(())
}

fn title_from_path(rel: &str) -> String {
    let stem = rel.trim_end_matches(".md").trim_end_matches("/_index");
    let name = stem.rsplit('/').next().unwrap_or(stem).replace(['-', '_'], " ");
    let mut c = name.chars();
    c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

/// The output path of a content file, from its place and its `slug`.
fn output_path(file: &SourceFile, kind: PageKind, slug: Option<&str>) -> Result<String, Diagnostic> {
    let slug_err = |msg: String| {
        Diagnostic::error(&file.display, front_matter::key_line(&file.text, "slug"), 1, msg).with_source(&file.text)
    };
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
            let last = segs.pop().unwrap_or_default();
            let last = match slug {
                Some(s) => s.to_string(),
                None if kind == PageKind::Update => urls::strip_date_prefix(&last).to_string(),
                None => last,
            };
            segs.push(last);
        }
    }
    for s in &segs {
        urls::check_segment(s).map_err(|e| slug_err(format!("this file's path cannot be published: {e}")))?;
    }
    if segs.len() == 1 && matches!(segs[0].as_str(), "tags" | "updates" | "impact") && kind == PageKind::Page {
        return Err(slug_err(format!("`/{}/` is used by Rally itself: rename the file or set a `slug`", segs[0])));
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
    fn an_empty_tag_is_an_error_at_the_tags_line() {
        let e = parse(file("updates/a.md", "---\ntitle: A\ndate: 2025-01-01\ntags: [ok, \"\"]\n---\n"))
            .unwrap_err()
            .remove(0);
        assert_eq!(e.line, 4, "{e}");
        assert!(e.message.contains("a tag is empty"), "{e}");
        let e = parse(file("a.md", "---\ntags:\n  - \"!!!\"\n---\n")).unwrap_err().remove(0);
        assert_eq!(e.line, 2, "{e}");
        assert!(parse(file("a.md", "---\ntags: [Café, 日本語]\n---\n")).is_ok());
    }

    #[test]
    fn goal_definitions_belong_to_the_mission() {
        let e = parse(file(
            "updates/a.md",
            "---\ntitle: A\ndate: 2025-01-01\ngoals:\n  - {key: a, label: A, target: 1}\n---\n",
        ))
        .unwrap_err()
        .remove(0);
        assert_eq!(e.line, 4, "{e}");
    }
}
