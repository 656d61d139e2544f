//! View structs: what templates see. Built from the model by borrowing, serialised once per site
//! (site-wide data) or once per page, never by cloning the whole site per page.

use serde::Serialize;

use super::charts;
use super::phrases::Words;
use super::strings::Strings;
use super::style::StyleUrls;
use rally_core::config::{Brand, Organization};
use rally_core::format::Formatter;
use rally_core::model::goals::GoalProgress;
use rally_core::model::page::{Page, PageKind};
use rally_core::model::{Site, urls};
use rally_core::source::front_matter::{Cta, Movement};

#[derive(Serialize)]
pub struct LinkView {
    pub name: String,
    pub url: String,
}

/// A language of the site.
#[derive(Serialize)]
pub struct LanguageView<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub url: String,
}

/// Every language of the site, the default first.
pub fn languages_of(c: &rally_core::config::Config) -> Vec<LanguageView<'_>> {
    c.languages
        .iter()
        .map(|l| LanguageView { code: &l.code, name: &l.name, url: format!("{}{}", c.root_path, l.prefix) })
        .collect()
}

/// An author as pages and lists show them: their page on the site, their photo and website.
#[derive(Serialize)]
pub struct AuthorView<'a> {
    pub key: &'a str,
    pub name: &'a str,
    /// The author's page on this site (`/authors/KEY/`).
    pub url: String,
    pub bio: Option<&'a str>,
    pub avatar: Option<String>,
    /// The author's own website.
    pub website: Option<&'a str>,
    /// How many updates and pages the author wrote.
    pub count: usize,
}

/// The author of `authors:` with key `key` as templates show them, if there is one.
pub fn author_view<'a>(site: &'a Site, key: &str) -> Option<AuthorView<'a>> {
    let a = site.author(key)?;
    Some(AuthorView {
        key: &a.key,
        name: &a.name,
        url: author_url(site, &a.key),
        bio: a.bio.as_deref(),
        avatar: a.avatar.as_deref().map(|u| urls::site_url(&site.config.root_path, u)),
        website: a.url.as_deref(),
        count: site.authors.iter().find(|x| x.key == a.key).map_or(0, |x| x.pages.len()),
    })
}

/// The URL of an author's page.
pub fn author_url(site: &Site, key: &str) -> String {
    format!("{}authors/{key}/", site.config.base_path)
}

/// The absolute URL of an author's page, for feeds and JSON-LD.
pub fn author_permalink(site: &Site, key: &str) -> String {
    urls::permalink(&site.config.base_url, &site.config.base_path, &author_url(site, key))
}

/// A navigation entry, its URL under the base path.
#[derive(Serialize)]
pub struct MenuView {
    pub label: String,
    pub url: String,
}

#[derive(Serialize)]
pub struct SocialView<'a> {
    pub name: &'a str,
    pub label: String,
    pub url: &'a str,
}

#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub base_url: &'a str,
    pub base_path: &'a str,
    /// The site's own root, where its shared files are (the same for every language).
    pub root_path: &'a str,
    pub language: &'a str,
    pub brand: &'a Brand,
    pub logo_url: Option<String>,
    pub social: Vec<SocialView<'a>>,
    pub cta: Option<CtaView>,
    pub organization: &'a Organization,
    pub menu: Vec<MenuView>,
    pub atom_url: Option<String>,
    pub rss_url: Option<String>,
    pub json_feed_url: Option<String>,
    /// The analytics provider's script tag (`analytics:` in site.yaml), for the head.
    pub analytics_script: Option<String>,
    pub css_url: String,
    /// The brand's own fonts (`brand.fonts`), for `<link rel="preload">`.
    pub font_preloads: Vec<String>,
    /// The code highlighting stylesheet, for pages with code blocks (Rally links it on those
    /// pages by itself when their template does not).
    pub highlight_css_url: Option<String>,
    pub year: i16,
    /// The search page, when the site has search (`search.enabled`).
    pub search_url: Option<String>,
    /// The list of authors, when site.yaml names any.
    pub authors_url: Option<String>,
    /// Every language of the site, the default first: `code`, `name` and the `url` of its home.
    pub languages: Vec<LanguageView<'a>>,
    pub extra: &'a serde_json::Value,
}

#[derive(Serialize, Clone)]
pub struct CtaView {
    pub label: String,
    pub url: String,
}

impl CtaView {
    pub fn new(cta: &Cta, base_path: &str) -> CtaView {
        CtaView { label: cta.label.clone(), url: urls::site_url(base_path, &cta.url) }
    }
}

/// A page as it appears in lists: updates, reports, tag and section pages.
#[derive(Serialize)]
pub struct PageSummary<'a> {
    pub title: &'a str,
    pub url: String,
    pub permalink: String,
    pub description: Option<&'a str>,
    pub summary: Option<&'a str>,
    pub summary_html: Option<&'a str>,
    pub date: Option<String>,
    pub date_display: Option<String>,
    pub image: Option<String>,
    pub image_alt: Option<&'a str>,
    /// The language of the page's text when it is not the page's language (not translated yet).
    pub lang: Option<&'a str>,
    /// The writing direction of `lang` (`ltr`, `rtl`), when it is given.
    pub dir: Option<&'static str>,
    /// `top`, `bottom-left`, …: the photo's focal point, for a `focus-…` class.
    pub image_focus: Option<&'a str>,
    pub tags: Vec<LinkView>,
    pub authors: Vec<AuthorView<'a>>,
    pub goals: Vec<LinkView>,
    pub period: Option<&'a str>,
    pub reading_time: usize,
    pub weight: i64,
    pub extra: &'a serde_json::Value,
    /// Events only: when, where, and whether it goes ahead.
    pub event: Option<EventView>,
    /// Campaigns only: the count, the target and the time left.
    pub campaign: Option<CampaignView>,
}

/// A campaign as templates show it.
#[derive(Serialize)]
pub struct CampaignView {
    /// `pledge`, `petition` or `fundraiser`.
    pub kind: rally_core::model::campaigns::CampaignKind,
    pub kind_label: String,
    pub count: f64,
    pub count_display: String,
    pub target: f64,
    pub target_display: String,
    pub unit: Option<String>,
    /// The target, or the next milestone once the target is passed.
    pub goal: f64,
    pub goal_display: String,
    pub reached: bool,
    /// Of `goal`, 0 to 100.
    pub percent: u32,
    /// "3,412 of 5,000 signatures"
    pub progress_display: String,
    pub bar_svg: String,
    pub deadline: Option<String>,
    pub deadline_display: Option<String>,
    /// "23 days left", "Last day", "Ended on December 31, 2026"
    pub time_left: Option<String>,
    pub open: bool,
    pub cta: Option<CtaView>,
    /// The adjustments, each as "312 — Paper pledges from the festival".
    pub adjustments: Vec<String>,
}

pub fn campaign_view(site: &Site, words: &Words, c: &rally_core::model::campaigns::CampaignData) -> CampaignView {
    use rally_core::model::campaigns::{CampaignKind, is_open, milestone};
    let f = words.format();
    let full = rally_core::format::NumberFormat::Full;
    let (format_number, quantity) =
        (|v: f64| f.figure(v, c.unit.as_deref(), full), |v: f64, u: Option<&str>| f.quantity(v, u));
    let today = rally_core::source::date::Date::from_timestamp(site.now).day();
    let unit = c.unit.as_deref();
    let goal = milestone(c.count, c.target);
    let percent = if goal > 0.0 { ((c.count / goal) * 100.0).clamp(0.0, 100.0).round() as u32 } else { 0 };
    let progress_display =
        words.say("campaign_progress", &[("count", format_number(c.count)), ("goal", quantity(goal, unit))]);
    let reached = c.count >= c.target;
    let label = if reached {
        let args = [("progress", progress_display.clone()), ("target", quantity(c.target, unit))];
        words.say("campaign_target_reached", &args)
    } else {
        format!("{progress_display} ({})", f.percent(f64::from(percent) / 100.0))
    };
    let kind = match c.kind {
        CampaignKind::Pledge => "campaign_kind_pledge",
        CampaignKind::Petition => "campaign_kind_petition",
        CampaignKind::Fundraiser => "campaign_kind_fundraiser",
    };
    CampaignView {
        kind: c.kind,
        kind_label: words.say(kind, &[]),
        count: c.count,
        count_display: format_number(c.count),
        target: c.target,
        target_display: quantity(c.target, unit),
        unit: c.unit.clone(),
        goal,
        goal_display: quantity(goal, unit),
        reached,
        percent,
        bar_svg: charts::bar(Some(percent), if reached { "achieved" } else { "on_track" }, &label),
        progress_display,
        deadline: c.deadline.map(|d| d.to_string()),
        deadline_display: c.deadline.map(|d| f.date(d)),
        time_left: words.time_left(c.deadline, today),
        open: is_open(c.deadline, today),
        cta: c.cta.as_ref().map(|cta| CtaView::new(cta, &site.config.base_path)),
        adjustments: c
            .adjustments
            .iter()
            .map(|a| match &a.note {
                Some(n) => format!("{} — {n}", format_number(a.value)),
                None => format_number(a.value),
            })
            .collect(),
    }
}

/// An event as templates show it.
#[derive(Serialize)]
pub struct EventView {
    /// For `<time datetime>`: a date when all day, else RFC 3339 with the event's offset.
    pub start: String,
    pub end: Option<String>,
    pub all_day: bool,
    /// "Saturday, April 18, 2026 at 10:00 AM – 1:00 PM BST", in the page's language
    pub when_display: String,
    /// The first day, for calendar tiles: "18", "Apr" (in the page's language), "2026".
    pub day: String,
    pub month: String,
    pub year: String,
    pub location: Option<rally_core::model::events::Location>,
    pub online_url: Option<String>,
    pub registration_url: Option<String>,
    /// `scheduled`, `cancelled`, `postponed` or `moved_online`.
    pub status: rally_core::model::events::EventStatus,
    pub status_label: String,
    /// `offline`, `online` or `mixed`.
    pub attendance: &'static str,
    pub past: bool,
    /// The event's own `.ics` file.
    pub ics_url: String,
}

pub fn event_view(site: &Site, words: &Words, p: &Page, e: &rally_core::model::events::EventData) -> EventView {
    use rally_core::model::events::{EventStatus, When};
    let bp = &site.config.base_path;
    let all_day = matches!(e.when, When::AllDay { .. });
    let (start, end) = e.datetimes();
    // an all-day event of one day has no end to show
    let end = end.filter(|end| !all_day || *end != start);
    let day = e.first_day();
    let status = match e.status {
        EventStatus::Scheduled => "event_status_scheduled",
        EventStatus::Cancelled => "event_status_cancelled",
        EventStatus::Postponed => "event_status_postponed",
        EventStatus::MovedOnline => "event_status_moved_online",
    };
    EventView {
        start,
        end,
        all_day,
        when_display: words.event_when(e),
        day: day.strftime("%-d").to_string(),
        month: words.format().month_short(day),
        year: day.strftime("%Y").to_string(),
        location: e.location.clone(),
        online_url: e.online_url.clone(),
        registration_url: e.registration_url.as_deref().map(|u| urls::site_url(bp, u)),
        status: e.status,
        status_label: words.say(status, &[]),
        attendance: e.attendance(),
        past: e.is_past(site.now),
        ics_url: super::ics::event_url(site, p),
    }
}

/// The page being rendered, in full.
#[derive(Serialize)]
pub struct PageView<'a> {
    #[serde(flatten)]
    pub summary: PageSummary<'a>,
    pub kind: PageKind,
    pub content: &'a str,
    /// Values and FAQ pages: the body before the first `## ` heading (the rest is in `sections`).
    pub intro: &'a str,
    pub toc: &'a [rally_core::markdown::Heading],
    pub word_count: usize,
    pub updated: Option<String>,
    pub updated_display: Option<String>,
}

/// What the landing page's hero shows: its headline (sized by its length) and its photo.
#[derive(Serialize)]
pub struct LandingView<'a> {
    pub headline: &'a str,
    /// `short`, `long` or `xlong`: themes scale the headline's type down as it grows.
    pub headline_size: &'static str,
    pub hero_image: Option<String>,
    pub hero_image_alt: Option<&'a str>,
    /// The focal point of the hero photo, a class suffix (`top`, `bottom-left`).
    pub hero_image_focus: Option<&'a str>,
}

/// The landing page's headline: its own `headline`, else the mission's, else the mission
/// statement, else the site's title; and the photo the landing page chooses (none unless it does).
pub fn landing_view(site: &Site) -> LandingView<'_> {
    let home = site.page_by_kind(site.home).and_then(Page::home);
    let mission = site.page_by_kind(site.mission).and_then(Page::mission);
    let headline = home
        .and_then(|h| h.headline.as_deref())
        .or(mission.and_then(|m| m.headline.as_deref()))
        .or(mission.and_then(|m| m.statement.as_deref()))
        .unwrap_or(&site.config.title);
    let size = match headline.chars().count() {
        0..=60 => "short",
        61..=120 => "long",
        _ => "xlong",
    };
    LandingView {
        headline,
        headline_size: size,
        hero_image: home.and_then(|h| h.hero_image.as_deref()).map(|i| urls::site_url(&site.config.root_path, i)),
        hero_image_alt: home.and_then(|h| h.hero_image_alt.as_deref()),
        hero_image_focus: home.and_then(|h| h.hero_image_focus.as_deref()),
    }
}

#[derive(Serialize)]
pub struct MissionView<'a> {
    pub title: &'a str,
    pub url: String,
    pub statement: Option<&'a str>,
    pub vision: Option<&'a str>,
    pub movement: Option<&'a Movement>,
    pub cta: Option<CtaView>,
    pub content: &'a str,
}

#[derive(Serialize)]
pub struct GoalView<'a> {
    #[serde(flatten)]
    pub progress: &'a GoalProgress,
    /// The goal's label as pages show it, with the language's punctuation (`def.label` is as
    /// written, as the open data files publish it).
    pub label: String,
    /// One sentence for screen readers and text alternatives, in the page's language.
    pub summary: String,
    /// "On track", "Behind"…, in the page's language.
    pub status_label: String,
    /// The goal's id on the impact page (`goal-{anchor}`), the one its chart's ids are built on.
    pub anchor: String,
    pub current_display: Option<String>,
    /// The current value without a unit that is a word (`71`), with money and percent signs
    /// (`£1.04M`), for templates that write `unit_label` beside it.
    pub current_figure: Option<String>,
    /// The goal's unit when it is a word (`km`); none for money and percent.
    pub unit_label: Option<&'a str>,
    /// Each value of `history`, written as `current_figure` is.
    pub history_figures: Vec<String>,
    pub target_display: String,
    pub baseline_display: String,
    pub deadline_display: Option<String>,
    pub bar_svg: String,
    pub chart_svg: String,
    pub url: String,
    /// The goal's embeddable badge (a site URL) and the HTML snippet that shows it elsewhere.
    pub badge_url: String,
    pub embed_html: String,
}

#[derive(Serialize)]
pub struct SectionItem<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub title_html: &'a str,
    pub html: &'a str,
}

#[derive(Serialize)]
pub struct MetricView {
    pub key: String,
    pub label: String,
    pub value: f64,
    pub value_display: String,
    pub unit: Option<String>,
    pub goal_url: Option<String>,
}

fn social_label(name: &str) -> String {
    match name {
        "x" | "twitter" => "X (Twitter)".into(),
        "linkedin" => "LinkedIn".into(),
        "youtube" => "YouTube".into(),
        "tiktok" => "TikTok".into(),
        "github" => "GitHub".into(),
        other => {
            let mut c = other.chars();
            c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
        }
    }
}

pub fn site_view<'a>(site: &'a Site, strings: &Strings, styles: &StyleUrls, now_year: i16) -> SiteView<'a> {
    let c = &site.config;
    SiteView {
        title: &c.title,
        description: &c.description,
        base_url: &c.base_url,
        base_path: &c.base_path,
        root_path: &c.root_path,
        language: &c.language,
        brand: &c.brand,
        logo_url: c.brand.logo.as_deref().map(|l| urls::site_url(&c.root_path, l)),
        social: c.social.iter().map(|(n, u)| SocialView { name: n, label: social_label(n), url: u }).collect(),
        cta: c.cta.as_ref().map(|x| CtaView::new(x, &c.base_path)),
        organization: &c.organization,
        menu: menu(site, &Words::new(strings, &c.language)),
        atom_url: c.feeds.atom.then(|| format!("{}atom.xml", c.base_path)),
        rss_url: c.feeds.rss.then(|| format!("{}rss.xml", c.base_path)),
        json_feed_url: c.feeds.json.then(|| format!("{}feed.json", c.base_path)),
        analytics_script: c.analytics.as_ref().map(super::analytics::script),
        css_url: styles.main.clone(),
        font_preloads: c
            .brand
            .fonts
            .iter()
            .flat_map(|f| f.files())
            .map(|(_, p, _)| super::style::font_url(site, p))
            .collect(),
        highlight_css_url: styles.highlight.clone(),
        year: now_year,
        search_url: c.search.enabled.then(|| format!("{}{}", c.base_path, crate::search::PAGE_URL)),
        authors_url: (!c.authors.is_empty()).then(|| format!("{}authors/", c.base_path)),
        languages: languages_of(c),
        extra: &c.extra,
    }
}

/// The navigation: `menu` from site.yaml, or the hub's standard pages that exist.
fn menu(site: &Site, words: &Words) -> Vec<MenuView> {
    let bp = &site.config.base_path;
    if let Some(m) = &site.config.menu {
        return m.iter().map(|i| MenuView { label: i.label.clone(), url: urls::site_url(bp, &i.url) }).collect();
    }
    let mut items = Vec::new();
    let mut add =
        |key: &str, path: &str| items.push(MenuView { label: words.say(key, &[]), url: format!("{bp}{path}") });
    if site.mission.is_some() {
        add("menu_mission", "mission/");
    }
    if !site.reports.is_empty() || !site.goals.is_empty() {
        add("menu_impact", "impact/");
    }
    if !site.updates.is_empty() {
        add("menu_updates", "updates/");
    }
    if site.has_events() {
        add("menu_events", "events/");
    }
    if !site.campaigns.is_empty() {
        add("menu_campaigns", "campaigns/");
    }
    if site.values.is_some() {
        add("menu_values", "values/");
    }
    if site.faq.is_some() {
        add("menu_faq", "faq/");
    }
    items
}

pub fn summary<'a>(site: &'a Site, strings: &Strings, p: &'a Page) -> PageSummary<'a> {
    let bp = &site.config.base_path;
    let words = Words::new(strings, &site.config.language);
    PageSummary {
        title: &p.title,
        url: site.url(p),
        permalink: site.permalink(p),
        description: p.description.as_deref(),
        summary: p.teaser(),
        summary_html: p.md.summary_html.as_deref(),
        date: p.date.map(|d| d.rfc3339()),
        date_display: p.date.map(|d| words.format().date(d.day())),
        image: p.image.as_deref().map(|i| urls::site_url(&site.config.root_path, i)),
        image_alt: p.image_alt.as_deref(),
        lang: p.lang.as_deref(),
        dir: p.lang.as_deref().map(rally_core::format::direction),
        image_focus: p.image_focus.as_deref(),
        tags: p
            .tags
            .iter()
            .map(|t| LinkView { name: t.clone(), url: format!("{bp}tags/{}/", urls::tag_slug(t)) })
            .collect(),
        authors: p.authors.iter().filter_map(|k| author_view(site, k)).collect(),
        goals: p
            .goal_keys
            .iter()
            .filter_map(|k| site.goal(k))
            .map(|g| LinkView {
                name: g.def.label.clone(),
                url: format!("{bp}impact/#goal-{}", goal_anchor(&g.def.key)),
            })
            .collect(),
        period: p.period(),
        reading_time: p.md.word_count.div_ceil(220).max(1),
        weight: p.weight,
        extra: &p.extra,
        event: p.event().map(|e| event_view(site, &words, p, e)),
        campaign: p.campaign().map(|c| campaign_view(site, &words, c)),
    }
}

pub fn page_view<'a>(site: &'a Site, strings: &Strings, p: &'a Page) -> PageView<'a> {
    PageView {
        summary: summary(site, strings, p),
        kind: p.kind(),
        content: &p.md.html,
        intro: &p.md.intro_html,
        toc: &p.md.toc,
        word_count: p.md.word_count,
        updated: p.updated.map(|d| d.rfc3339()),
        updated_display: p.updated.map(|d| Formatter::for_lang(&site.config.language).date(d.day())),
    }
}

pub fn mission_view<'a>(site: &'a Site, p: &'a Page) -> MissionView<'a> {
    let m = p.mission();
    MissionView {
        title: &p.title,
        url: site.url(p),
        statement: m.and_then(|m| m.statement.as_deref()),
        vision: m.and_then(|m| m.vision.as_deref()),
        movement: m.and_then(|m| m.movement.as_ref()),
        cta: m
            .and_then(|m| m.cta.as_ref())
            .or(site.config.cta.as_ref())
            .map(|c| CtaView::new(c, &site.config.base_path)),
        content: &p.md.html,
    }
}

/// An id-safe form of a goal key, for `#goal-KEY` anchors.
pub fn goal_anchor(key: &str) -> String {
    rally_core::format::slug_or(key, "goal")
}

pub fn goal_view<'a>(site: &Site, strings: &Strings, g: &'a GoalProgress) -> GoalView<'a> {
    let words = Words::new(strings, &site.config.language);
    let f = words.format();
    let unit = |v: f64| f.amount(v, g.def.unit.as_deref(), g.def.format);
    let figure = |v: f64| f.figure(v, g.def.unit.as_deref(), g.def.format);
    let summary = words.goal_summary(g);
    GoalView {
        progress: g,
        label: words.smarten(&g.def.label),
        status_label: words.say(goal_status_key(g.status), &[]),
        anchor: goal_anchor(&g.def.key),
        current_display: g.current.map(unit),
        current_figure: g.current.map(figure),
        unit_label: g.def.unit.as_deref().filter(|u| *u != "%" && !rally_core::format::is_currency(u)),
        history_figures: g.history.iter().map(|o| figure(o.value)).collect(),
        target_display: unit(g.def.target),
        baseline_display: unit(g.def.baseline),
        deadline_display: g.def.deadline.map(|d| f.date(d)),
        bar_svg: charts::progress_bar(g, &summary),
        chart_svg: charts::history_chart(g, &words, &summary),
        url: format!("{}impact/#goal-{}", site.config.base_path, goal_anchor(&g.def.key)),
        badge_url: format!("{}{}", site.config.root_path, super::impact_data::badge_path(&g.def.key)),
        embed_html: super::impact_data::embed_snippet(site, g, &summary),
        summary,
    }
}

/// The theme string of a goal's status: `goal_status_on_track`…
pub fn goal_status_key(s: rally_core::model::goals::Status) -> &'static str {
    use rally_core::model::goals::Status;
    match s {
        Status::Achieved => "goal_status_achieved",
        Status::OnTrack => "goal_status_on_track",
        Status::Behind => "goal_status_behind",
        Status::NoData => "goal_status_no_data",
    }
}

pub fn sections_of(p: &Page) -> Vec<SectionItem<'_>> {
    p.md.sections
        .iter()
        .map(|s| SectionItem { id: &s.id, title: &s.title, title_html: &s.title_html, html: &s.html })
        .collect()
}

/// A `# ` heading of the FAQ and the questions under it; the questions before the first heading
/// come first, in a group without a title.
#[derive(Serialize)]
pub struct SectionGroupView<'a> {
    pub id: Option<&'a str>,
    pub title: Option<&'a str>,
    pub title_html: Option<&'a str>,
    pub intro: &'a str,
    pub sections: Vec<SectionItem<'a>>,
}

/// The groups of a page's sections (see [`SectionGroupView`]); none when it has no `# ` heading.
pub fn section_groups_of(p: &Page) -> Vec<SectionGroupView<'_>> {
    let items = sections_of(p);
    let groups = &p.md.groups;
    let Some(first) = groups.first() else { return Vec::new() };
    let mut items = items.into_iter();
    let mut out = Vec::with_capacity(groups.len() + 1);
    let loose: Vec<_> = items.by_ref().take(first.sections.start).collect();
    if !loose.is_empty() {
        out.push(SectionGroupView { id: None, title: None, title_html: None, intro: "", sections: loose });
    }
    for g in groups {
        out.push(SectionGroupView {
            id: Some(&g.id),
            title: Some(&g.title),
            title_html: Some(&g.title_html),
            intro: &g.intro_html,
            sections: items.by_ref().take(g.sections.len()).collect(),
        });
    }
    out
}

pub fn metrics_of(site: &Site, p: &Page) -> Vec<MetricView> {
    let f = Formatter::for_lang(&site.config.language);
    p.metrics()
        .iter()
        .map(|m| {
            let goal = site.goal(&m.key);
            let unit = m.unit.clone().or_else(|| goal.and_then(|g| g.def.unit.clone()));
            let format = m.format.or(goal.map(|g| g.def.format)).unwrap_or_default();
            MetricView {
                key: m.key.clone(),
                label: m
                    .label
                    .clone()
                    .or_else(|| goal.map(|g| g.def.label.clone()))
                    .unwrap_or_else(|| m.key.replace('_', " ")),
                value: m.value,
                value_display: f.figure(m.value, unit.as_deref(), format),
                // money and percent are written with the value
                unit: unit.filter(|u| u != "%" && !rally_core::format::is_currency(u)),
                goal_url: goal.map(|g| format!("{}impact/#goal-{}", site.config.base_path, goal_anchor(&g.def.key))),
            }
        })
        .collect()
}
