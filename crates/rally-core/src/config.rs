//! site.yaml in two layers: `RawConfig` mirrors the file (unknown keys are errors at their line),
//! `Config` is the checked form the rest of the build uses.

use indexmap::IndexMap;
use serde::Deserialize;
use std::path::Path;

use crate::error::Diagnostic;
use crate::source::front_matter::Cta;
use crate::source::url::SafeUrl;
use crate::source::yaml::{self, Positions};

/// A colour written as `#rgb` or `#rrggbb`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Color(pub [u8; 3]);

impl Color {
    pub fn parse(s: &str) -> Option<Color> {
        let hex = s.strip_prefix('#')?;
        let digits: Vec<u8> = hex.chars().map(|c| c.to_digit(16).map(|d| d as u8)).collect::<Option<_>>()?;
        match digits[..] {
            [r, g, b] => Some(Color([r * 17, g * 17, b * 17])),
            [r1, r2, g1, g2, b1, b2] => Some(Color([r1 * 16 + r2, g1 * 16 + g2, b1 * 16 + b2])),
            _ => None,
        }
    }

    pub fn hex(&self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0[0], self.0[1], self.0[2])
    }

    /// WCAG 2 relative luminance.
    pub fn luminance(&self) -> f64 {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * lin(self.0[0]) + 0.7152 * lin(self.0[1]) + 0.0722 * lin(self.0[2])
    }

    /// This colour, moved towards black or white (whichever `bg` contrasts with more) until it
    /// reaches `ratio` against `bg`.
    pub fn with_contrast(self, bg: Color, ratio: f64) -> Color {
        let toward: f64 =
            if bg.contrast(Color([0, 0, 0])) >= bg.contrast(Color([255, 255, 255])) { 0.0 } else { 255.0 };
        let mut c = self;
        for step in 1..=20 {
            if c.contrast(bg) >= ratio {
                break;
            }
            let t = f64::from(step) / 20.0;
            c = Color(self.0.map(|v| (f64::from(v) + (toward - f64::from(v)) * t).round() as u8));
        }
        c
    }

    /// WCAG 2 contrast ratio between two colours (1 to 21).
    pub fn contrast(&self, other: Color) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }
}

impl<'de> Deserialize<'de> for Color {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Color::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("`{s}` is not a colour: write it as #rrggbb")))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default = "default_base_url")]
    base_url: String,
    #[serde(default = "default_language")]
    language: String,
    #[serde(default)]
    languages: IndexMap<String, crate::languages::RawLanguage>,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default)]
    brand: Brand,
    #[serde(default)]
    social: IndexMap<String, SafeUrl>,
    #[serde(default)]
    cta: Option<Cta>,
    #[serde(default)]
    organization: Organization,
    #[serde(default)]
    updates: UpdatesConfig,
    #[serde(default)]
    feeds: FeedsConfig,
    #[serde(default)]
    highlight: HighlightConfig,
    #[serde(default)]
    check: CheckConfig,
    #[serde(default)]
    voice: VoiceConfig,
    #[serde(default)]
    menu: Option<Vec<MenuItem>>,
    #[serde(default)]
    redirects: Vec<Redirect>,
    #[serde(default)]
    authors: IndexMap<String, RawAuthor>,
    #[serde(default)]
    permalinks: IndexMap<String, String>,
    #[serde(default)]
    images: ImagesConfig,
    #[serde(default)]
    cards: CardsConfig,
    #[serde(default)]
    search: SearchConfig,
    #[serde(default)]
    analytics: Option<crate::analytics::RawAnalytics>,
    #[serde(default)]
    extra: serde_json::Value,
}

/// `search:` in site.yaml: a Pagefind index of the built pages, a search page and a search box.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchConfig {
    #[serde(default)]
    pub enabled: bool,
}

fn default_base_url() -> String {
    "/".into()
}
fn default_language() -> String {
    "en".into()
}
fn default_theme() -> String {
    "beacon".into()
}

/// Brand colours, logo and fonts.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Brand {
    #[serde(default, serialize_with = "ser_color")]
    pub primary: Option<Color>,
    #[serde(default, serialize_with = "ser_color")]
    pub accent: Option<Color>,
    #[serde(default)]
    pub logo: Option<SafeUrl>,
    #[serde(default)]
    pub logo_alt: Option<String>,
    /// CSS font stack for body text.
    #[serde(default)]
    pub font: Option<String>,
    /// CSS font stack for headings.
    #[serde(default)]
    pub heading_font: Option<String>,
    /// The brand's own typefaces: WOFF2 files of the site, served with `@font-face`.
    #[serde(default)]
    pub fonts: Option<BrandFonts>,
}

/// `brand.fonts`: a heading and a body typeface, each a site path to a WOFF2 file in `static/`
/// (`/fonts/Inter.woff2`; a variable font covers every weight).
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct BrandFonts {
    #[serde(default)]
    pub heading: Option<String>,
    #[serde(default)]
    pub body: Option<String>,
}

impl BrandFonts {
    /// The fonts that are set, as (role, site path, weight as written): `heading` first. A value
    /// is the path alone (a variable font, for every weight) or the path and the one weight the
    /// file has (`/fonts/Lora-Bold.woff2 700`).
    pub fn files(&self) -> impl Iterator<Item = (&'static str, &str, Option<&str>)> {
        [("heading", &self.heading), ("body", &self.body)].into_iter().filter_map(|(role, value)| {
            let mut words = value.as_deref()?.split_whitespace();
            Some((role, words.next().unwrap_or(""), words.next()))
        })
    }
}

fn ser_color<S: serde::Serializer>(c: &Option<Color>, s: S) -> Result<S::Ok, S::Error> {
    match c {
        Some(c) => s.serialize_str(&c.hex()),
        None => s.serialize_none(),
    }
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    #[serde(default)]
    pub legal_name: Option<String>,
    /// schema.org type: `NGO`, `Organization`, `Corporation`, `NonprofitOrganization`...
    #[serde(default = "default_org_type", rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub founded: Option<String>,
}

fn default_org_type() -> String {
    "Organization".into()
}

impl Default for Organization {
    fn default() -> Self {
        Organization { legal_name: None, kind: default_org_type(), email: None, founded: None }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdatesConfig {
    #[serde(default = "default_per_page")]
    pub per_page: usize,
}
fn default_per_page() -> usize {
    10
}
impl Default for UpdatesConfig {
    fn default() -> Self {
        UpdatesConfig { per_page: default_per_page() }
    }
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct FeedsConfig {
    #[serde(default = "yes")]
    pub atom: bool,
    #[serde(default)]
    pub rss: bool,
    /// `/feed.json`, a JSON Feed 1.1.
    #[serde(default = "yes")]
    pub json: bool,
    /// An email edition (`email.html`, `email.txt`) beside every update.
    #[serde(default = "yes")]
    pub email: bool,
    /// How many updates a feed lists.
    #[serde(default = "default_feed_limit")]
    pub limit: usize,
}
fn yes() -> bool {
    true
}
fn default_feed_limit() -> usize {
    20
}
impl Default for FeedsConfig {
    fn default() -> Self {
        FeedsConfig { atom: true, rss: false, json: true, email: true, limit: default_feed_limit() }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HighlightConfig {
    #[serde(default = "yes")]
    pub enabled: bool,
    #[serde(default = "default_hl_theme")]
    pub theme: String,
}
fn default_hl_theme() -> String {
    "auto".into()
}
impl Default for HighlightConfig {
    fn default() -> Self {
        HighlightConfig { enabled: true, theme: default_hl_theme() }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckConfig {
    #[serde(default = "default_stale")]
    pub stale_after_days: i64,
    /// The weight a page may have (compressed, with what it loads) before `rally check` warns.
    #[serde(default = "default_page_budget")]
    pub page_budget_kb: u64,
}
fn default_page_budget() -> u64 {
    512
}
fn default_stale() -> i64 {
    190
}
impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig { stale_after_days: default_stale(), page_budget_kb: default_page_budget() }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoiceConfig {
    #[serde(default)]
    pub avoid: Vec<String>,
}

/// `images:` the photo pipeline (see `rally_media::images`).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ImagesConfig {
    /// The widths, in pixels, each photo is written at (never wider than the photo itself).
    #[serde(default = "default_widths")]
    pub widths: Vec<u32>,
    /// Lossy quality of WebP and JPEG files, 1 to 100.
    #[serde(default = "default_quality")]
    pub quality: u8,
    /// Also publish each original file as it is, metadata included, at its own path.
    #[serde(default)]
    pub keep_originals: bool,
}
fn default_widths() -> Vec<u32> {
    vec![480, 960, 1600]
}
fn default_quality() -> u8 {
    80
}
impl Default for ImagesConfig {
    fn default() -> Self {
        ImagesConfig { widths: default_widths(), quality: default_quality(), keep_originals: false }
    }
}
/// The fediverse handle (`@name@host`) of a Mastodon profile URL (`https://host/@name`).
pub fn mastodon_handle(url: &str) -> Option<String> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let (host, path) = rest.split_once('/')?;
    let name = path.trim_end_matches('/').strip_prefix('@')?;
    let ok = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
    (ok(host) && ok(name)).then(|| format!("@{name}@{host}"))
}

/// `cards:` share cards (see `rally_media::cards`).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct CardsConfig {
    /// Draw a share card for every page without a photo of its own (`false`: pages share the
    /// site's logo, or their own photo, as before).
    #[serde(default = "default_true")]
    pub enabled: bool,
}
fn default_true() -> bool {
    true
}
impl Default for CardsConfig {
    fn default() -> Self {
        CardsConfig { enabled: true }
    }
}

/// The widest image width accepted in `images.widths`.
pub const MAX_IMAGE_WIDTH: u32 = 8192;

/// Widths sorted and without repeats, or what is wrong with them.
fn check_images(mut images: ImagesConfig) -> Result<ImagesConfig, (&'static str, String)> {
    if images.widths.is_empty() {
        return Err((
            "images.widths",
            "`images.widths` is empty: list at least one width, e.g. [480, 960, 1600]".into(),
        ));
    }
    if let Some(w) = images.widths.iter().find(|&&w| w == 0 || w > MAX_IMAGE_WIDTH) {
        return Err((
            "images.widths",
            format!("`images.widths` has {w}: each width must be 1 to {MAX_IMAGE_WIDTH} pixels"),
        ));
    }
    if !(1..=100).contains(&images.quality) {
        return Err(("images.quality", format!("`images.quality` is {}: it must be 1 to 100", images.quality)));
    }
    images.widths.sort_unstable();
    images.widths.dedup();
    Ok(images)
}

/// A navigation entry.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct MenuItem {
    pub label: String,
    pub url: SafeUrl,
}

/// One entry of `redirects:`: a path of the site that sends its visitors elsewhere, on this site or
/// another (`{ from: /sponsors, to: "https://sponsors.example/", status: 301 }`).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Redirect {
    pub from: String,
    pub to: String,
    #[serde(default = "default_redirect_status")]
    pub status: u16,
}
fn default_redirect_status() -> u16 {
    301
}

/// One person of `authors:` as written: `jo: { name: Jo Smith, bio: ..., avatar: ..., url: ... }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAuthor {
    name: String,
    #[serde(default)]
    bio: Option<String>,
    #[serde(default)]
    avatar: Option<SafeUrl>,
    #[serde(default)]
    url: Option<SafeUrl>,
}

/// An author pages name with `author: KEY` or `authors: [KEY, ...]`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Author {
    /// The key pages name the author by, also the last segment of the author's page URL.
    pub key: String,
    pub name: String,
    pub bio: Option<String>,
    /// A photo of the author: a path of the site or a full URL.
    pub avatar: Option<String>,
    /// The author's own website.
    pub url: Option<String>,
}

/// The authors of `raw` (from site.yaml under `authors.`, or data/authors.yaml at its top level,
/// as `at` names each key), or a problem as (key path, message).
fn check_authors(raw: IndexMap<String, RawAuthor>, at: &str) -> Result<Vec<Author>, Vec<(String, String)>> {
    let mut problems = Vec::new();
    let mut authors = Vec::new();
    for (key, a) in raw {
        let path = format!("{at}{key}");
        let slug = crate::format::slugify(&key);
        if slug != key {
            let msg = if slug.is_empty() {
                format!("author key `{key}` has no letter or digit: the key is the last part of the author's page URL")
            } else {
                format!("author key `{key}` is the last part of the author's page URL: write it as `{slug}`")
            };
            problems.push((path, msg));
            continue;
        }
        if a.name.trim().is_empty() {
            problems.push((
                format!("{path}.name"),
                format!("author `{key}` has an empty `name`: write the name pages show"),
            ));
            continue;
        }
        let url = a.url.map(SafeUrl::into_string).filter(|u| !u.trim().is_empty());
        if let Some(u) = &url
            && !(u.starts_with("https://") || u.starts_with("http://"))
        {
            problems.push((
                format!("{path}.url"),
                format!("`url` of author `{key}` is their own website: a full URL (https://...), not `{u}`"),
            ));
            continue;
        }
        authors.push(Author {
            key,
            name: a.name.trim().to_string(),
            bio: a.bio.filter(|b| !b.trim().is_empty()),
            avatar: a.avatar.map(SafeUrl::into_string).filter(|u| !u.trim().is_empty()),
            url,
        });
    }
    if problems.is_empty() { Ok(authors) } else { Err(problems) }
}

/// The file authors may be listed in instead of site.yaml's `authors:`.
pub const AUTHORS_FILE: &str = "data/authors.yaml";

/// The statuses a host's `_redirects` file gives a redirect.
pub const REDIRECT_STATUSES: [u16; 5] = [301, 302, 303, 307, 308];

/// What is wrong with one redirect, as (key under `redirects[i]`, message), if anything.
fn redirect_problem(r: &Redirect) -> Option<(&'static str, String)> {
    let from = r.from.trim();
    if !from.starts_with('/') || from.starts_with("//") || from.contains(['#', ' ']) {
        return Some((
            "from",
            format!("redirect from `{from}`: `from` is a path of this site, written from its root, such as /sponsors"),
        ));
    }
    let (path, query) = from.split_once('?').unwrap_or((from, ""));
    if from.contains('?')
        && !query.split('&').all(|kv| kv.split_once('=').is_some_and(|(k, v)| !k.is_empty() && !v.is_empty()))
    {
        return Some((
            "from",
            format!("redirect from `{from}`: a query is written as `?name=value` pairs joined by `&`, such as /?p=42"),
        ));
    }
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if segments.is_empty() && query.is_empty() {
        return Some(("from", "a redirect from `/` would replace the home page".to_string()));
    }
    if let Some(e) = segments.iter().find_map(|s| crate::model::urls::check_segment(s).err()) {
        return Some(("from", format!("redirect from `{from}`: {e}")));
    }
    let to = r.to.trim();
    let absolute = to.starts_with("https://") || to.starts_with("http://");
    if to.is_empty() || !(absolute || to.starts_with('/')) || to.starts_with("//") || to.contains(char::is_whitespace) {
        return Some((
            "to",
            format!("redirect to `{to}`: `to` is a full URL (https://...) or a path of this site (/atom.xml)"),
        ));
    }
    if !REDIRECT_STATUSES.contains(&r.status) {
        return Some((
            "status",
            format!("redirect status {} is not a redirect: use 301 (moved for good), 302, 303, 307 or 308", r.status),
        ));
    }
    None
}

/// The checked configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Absolute base URL ending in `/`, e.g. `https://org.github.io/hub/`.
    pub base_url: String,
    /// The path part of the base URL, starting and ending with `/`, e.g. `/hub/`.
    pub base_path: String,
    /// The language of the pages this configuration renders (the default, or a translation's).
    pub language: String,
    /// Every language of the site, the default first.
    pub languages: Vec<crate::languages::Language>,
    /// The site's own root (`base_path` of the default language): where shared assets are.
    pub root_path: String,
    /// The absolute form of `root_path`.
    pub root_url: String,
    pub theme: String,
    pub brand: Brand,
    pub social: Vec<(String, SafeUrl)>,
    pub cta: Option<Cta>,
    pub organization: Organization,
    pub updates: UpdatesConfig,
    pub feeds: FeedsConfig,
    pub highlight: HighlightConfig,
    pub check: CheckConfig,
    pub voice: VoiceConfig,
    pub menu: Option<Vec<MenuItem>>,
    /// `redirects:`, checked: each `from` a path of this site, each `to` a URL or a path.
    pub redirects: Vec<Redirect>,
    /// `authors:` (or data/authors.yaml), in the order written.
    pub authors: Vec<Author>,
    /// `permalinks:`: the URL pattern of the pages of a content folder, by folder.
    pub permalinks: Vec<(String, crate::model::urls::Permalink)>,
    pub images: ImagesConfig,
    pub cards: CardsConfig,
    pub search: SearchConfig,
    /// `analytics:`: a cookie-free analytics provider, its script on every page.
    pub analytics: Option<crate::analytics::Analytics>,
    pub extra: serde_json::Value,
    /// The text of site.yaml, for diagnostics about it.
    pub source: String,
    /// Where each key and value of site.yaml is written.
    pub positions: Positions,
}

pub const CONFIG_FILE: &str = "site.yaml";

/// Reads and checks `root/site.yaml`. `base_url` overrides the file's base URL.
pub fn load(root: &Path, base_url: Option<&str>) -> Result<Config, Vec<Diagnostic>> {
    let path = root.join(CONFIG_FILE);
    if !path.is_file() {
        return Err(vec![Diagnostic::error(
            CONFIG_FILE,
            0,
            0,
            format!("no {CONFIG_FILE} in {}: is this a Rally site? (`rally init` creates one)", root.display()),
        )]);
    }
    let text = crate::source::discover::read_text(&path, Path::new(CONFIG_FILE)).map_err(|d| vec![d])?;
    let (raw, positions) = yaml::parse_all::<RawConfig>(Path::new(CONFIG_FILE), &text, 0..text.len())?;
    let mut config = check(raw, text, positions, base_url)?;
    let authors_file = root.join(AUTHORS_FILE);
    if authors_file.is_file() {
        config.authors = load_authors(&authors_file, &config)?;
    }
    Ok(config)
}

/// The authors of data/authors.yaml (at `path`): an error when site.yaml lists authors too.
fn load_authors(path: &Path, config: &Config) -> Result<Vec<Author>, Vec<Diagnostic>> {
    let display = Path::new(AUTHORS_FILE);
    let text = crate::source::discover::read_text(path, display).map_err(|d| vec![d])?;
    if !config.authors.is_empty() {
        let msg = format!("authors are listed both here and in {AUTHORS_FILE}: keep one list (remove `authors:` here)");
        return Err(vec![config.error_at("authors", msg)]);
    }
    let (raw, positions) = yaml::parse_all::<IndexMap<String, RawAuthor>>(display, &text, 0..text.len())?;
    check_authors(raw, "").map_err(|problems| {
        problems
            .into_iter()
            .map(|(key, msg)| Diagnostic::error_at(display, &text, positions.value_or_start(&key), msg))
            .collect()
    })
}

impl Config {
    /// This configuration for a site served at `origin` (`http://127.0.0.1:1111`), under the
    /// same base path.
    pub fn served_at(mut self, origin: &str) -> Config {
        let origin = origin.trim_end_matches('/');
        self.base_url = format!("{origin}{}", self.base_path);
        self.root_url = format!("{origin}{}", self.root_path);
        self
    }

    /// The configuration the pages of `lang` render with: its pages are under `/CODE/`.
    pub fn for_language(&self, lang: &crate::languages::Language) -> Config {
        let mut c = self.clone();
        c.language = lang.code.clone();
        c.base_path = format!("{}{}", self.root_path, lang.prefix);
        c.base_url = format!("{}{}", self.root_url, lang.prefix);
        if let Some(d) = &lang.description {
            c.description = d.clone();
        }
        if let (Some(cta), Some(label)) = (&mut c.cta, &lang.cta_label) {
            cta.label = label.clone();
        }
        if let Some(menu) = &lang.menu {
            c.menu = Some(menu.clone());
        }
        c
    }

    /// The default language: the one served at the site's root.
    pub fn default_language(&self) -> &crate::languages::Language {
        &self.languages[0]
    }

    /// The language this configuration renders.
    pub fn current_language(&self) -> &crate::languages::Language {
        self.languages.iter().find(|l| l.code == self.language).unwrap_or(&self.languages[0])
    }

    /// A diagnostic at the value of site.yaml key path `key` (`brand.logo`), or at the file's
    /// first line when the key is not written.
    pub fn error_at(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error_at(CONFIG_FILE, &self.source, self.positions.value_or_start(key), message)
    }

    /// A warning at the value of site.yaml key path `key`, like [`Config::error_at`].
    pub fn warning_at(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::warning_at(CONFIG_FILE, &self.source, self.positions.value_or_start(key), message)
    }
}

fn check(
    raw: RawConfig,
    source: String,
    positions: Positions,
    base_url_override: Option<&str>,
) -> Result<Config, Vec<Diagnostic>> {
    let err = |key: &str, msg: String| Diagnostic::error_at(CONFIG_FILE, &source, positions.value_or_start(key), msg);
    // every problem is collected, so that one reading of the file reports them all
    let mut errors = Vec::new();
    let split = match base_url_override {
        Some(u) => split_base_url(u).ok_or_else(|| Diagnostic::error("--base-url", 0, 0, bad_base_url(u))),
        None => split_base_url(&raw.base_url).ok_or_else(|| err("base_url", bad_base_url(&raw.base_url))),
    };
    let (base_url, base_path) = split.unwrap_or_else(|d| {
        errors.push(d);
        ("/".into(), "/".into())
    });
    if raw.title.trim().is_empty() {
        errors.push(err("title", "`title` is empty: give the site a name".into()));
    }
    let analytics = raw.analytics.map(|a| a.check(&err)).transpose().unwrap_or_else(|e| {
        errors.extend(e);
        None
    });
    if raw.check.stale_after_days < 0 {
        errors.push(err(
            "check.stale_after_days",
            format!("`check.stale_after_days` is {}: it must be 0 or more days", raw.check.stale_after_days),
        ));
    }
    if raw.updates.per_page == 0 {
        errors.push(err("updates.per_page", "`updates.per_page` must be at least 1".into()));
    }
    for (name, url) in &raw.social {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            errors.push(err(
                &format!("social.{name}"),
                format!("social link `{name}` must be a full URL (https://...), not `{url}`"),
            ));
        }
    }
    if let Some(url) = raw.social.get("mastodon")
        && (url.starts_with("https://") || url.starts_with("http://"))
        && mastodon_handle(url).is_none()
    {
        errors.push(err(
            "social.mastodon",
            format!(
                "`{url}` is not a Mastodon profile URL: write it as https://HOST/@NAME, e.g. https://mastodon.social/@kellbridge"
            ),
        ));
    }
    for (i, r) in raw.redirects.iter().enumerate() {
        if let Some((key, msg)) = redirect_problem(r) {
            errors.push(err(&format!("redirects[{i}].{key}"), msg));
        }
    }
    let authors = check_authors(raw.authors, "authors.").unwrap_or_else(|problems| {
        errors.extend(problems.into_iter().map(|(key, msg)| err(&key, msg)));
        Vec::new()
    });
    let mut permalinks = Vec::new();
    for (folder, pattern) in raw.permalinks {
        match crate::model::urls::Permalink::parse(&folder, &pattern) {
            Ok(p) => permalinks.push((folder, p)),
            Err(msg) => errors.push(err(&format!("permalinks.{folder}"), msg)),
        }
    }
    let images = check_images(raw.images).unwrap_or_else(|(key, msg)| {
        errors.push(err(key, msg));
        ImagesConfig::default()
    });
    if let Err(m) = crate::languages::check_code(&raw.language) {
        errors.push(err("language", m));
    }
    for code in raw.languages.keys() {
        if let Err(m) = crate::languages::check_code(code) {
            let at =
                positions.key(&format!("languages.{code}")).unwrap_or_else(|| positions.value_or_start("languages"));
            errors.push(Diagnostic::error_at(CONFIG_FILE, &source, at, m));
        }
    }
    if !errors.is_empty() {
        errors.sort_by_key(|d| (d.line, d.col));
        return Err(errors);
    }
    let others: Vec<_> = raw.languages.into_iter().collect();
    let languages = crate::languages::languages(&raw.language, &others);
    Ok(Config {
        title: raw.title,
        description: raw.description,
        root_path: base_path.clone(),
        root_url: base_url.clone(),
        base_url,
        base_path,
        language: raw.language,
        languages,
        theme: raw.theme,
        brand: raw.brand,
        social: raw.social.into_iter().collect(),
        cta: raw.cta,
        organization: raw.organization,
        updates: raw.updates,
        feeds: raw.feeds,
        highlight: raw.highlight,
        check: raw.check,
        voice: raw.voice,
        menu: raw.menu,
        redirects: raw.redirects,
        authors,
        permalinks,
        images,
        cards: raw.cards,
        search: raw.search,
        analytics,
        extra: raw.extra,
        source,
        positions,
    })
}

fn bad_base_url(u: &str) -> String {
    format!("`{u}` is not a usable base URL: write it as https://example.org/ or https://example.org/sub/path/")
}

/// A published site needs the absolute http(s) address it lives at: feeds, the sitemap and
/// canonical links are made from it. `rally build` and `rally check` require one; the preview
/// server supplies its own. The error points at `base_url` in site.yaml.
pub fn require_absolute_base_url(config: &Config) -> Result<(), Diagnostic> {
    if config.base_url.starts_with("https://") || config.base_url.starts_with("http://") {
        return Ok(());
    }
    base_url_problem(config)
}

/// [`require_absolute_base_url`] of the `base_url` written in site.yaml, whatever address the site
/// is served at now (the preview's problem panel says what `rally check` will).
pub fn require_written_base_url(config: &Config) -> Result<(), Diagnostic> {
    match config.positions.scalar("base_url").map(str::trim) {
        Some(u) if u.starts_with("https://") || u.starts_with("http://") => Ok(()),
        _ => base_url_problem(config),
    }
}

fn base_url_problem(config: &Config) -> Result<(), Diagnostic> {
    let Some(at) = config.positions.value("base_url") else {
        let message = "site.yaml has no `base_url`: add the address the site is published at, e.g. `base_url: https://example.org/` (feeds, the sitemap and share links need it)";
        return Err(Diagnostic::error_at(CONFIG_FILE, &config.source, config.positions.start(), message));
    };
    let message = format!(
        "`base_url` must be the absolute address the site is published at, e.g. https://example.org{}: feeds, the sitemap and share links need it",
        config.base_path
    );
    Err(Diagnostic::error_at(CONFIG_FILE, &config.source, at, message))
}

/// Splits a base URL into (absolute URL with trailing slash, path with slashes on both ends).
/// A bare path such as `/` or `/hub/` is accepted for sites that do not know their host.
pub fn split_base_url(u: &str) -> Option<(String, String)> {
    let u = u.trim();
    let (origin, path) = if let Some(rest) = u.strip_prefix("https://").or_else(|| u.strip_prefix("http://")) {
        let host_end = rest.find('/').unwrap_or(rest.len());
        if host_end == 0 || rest[..host_end].contains(['?', '#', ' ']) {
            return None;
        }
        (&u[..u.len() - rest.len() + host_end], &rest[host_end..])
    } else if u.starts_with('/') {
        ("", u)
    } else {
        return None;
    };
    if path.contains(['?', '#', ' ', '\\']) || path.split('/').any(|s| s == "..") {
        return None;
    }
    let trimmed = path.trim_matches('/');
    let path = if trimmed.is_empty() { "/".to_string() } else { format!("/{trimmed}/") };
    Some((format!("{origin}{path}"), path))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The configuration of `yaml`, or its first problem.
    fn load_str(yaml: &str) -> Result<Config, Diagnostic> {
        load_all(yaml).map_err(|mut e| e.remove(0))
    }

    fn load_all(yaml: &str) -> Result<Config, Vec<Diagnostic>> {
        let (raw, positions) =
            yaml::parse::<RawConfig>(Path::new(CONFIG_FILE), yaml, 0..yaml.len()).map_err(|d| vec![d])?;
        check(raw, yaml.to_string(), positions, None)
    }

    #[test]
    fn every_problem_of_the_values_is_reported() {
        let e = load_all(
            "title: \"\"\nbase_url: ftp://x\nupdates: { per_page: 0 }\nsocial:\n  mastodon: mastodon.social/@a\nlanguage: \"e n\"\n",
        )
        .unwrap_err();
        let lines: Vec<usize> = e.iter().map(|d| d.line).collect();
        assert_eq!(lines, [1, 2, 3, 5, 6], "{e:?}");
        assert!(e[3].message.contains("must be a full URL"), "one problem per value: {e:?}");
    }

    #[test]
    fn analytics_presets_are_checked_at_their_lines() {
        let c = load_str("title: T\nanalytics: { provider: plausible, domain: rivers.example }\n").unwrap();
        let a = c.analytics.unwrap();
        assert_eq!((a.provider.key(), a.id.as_str(), a.src), ("plausible", "rivers.example", None));
        let c = load_str("title: T\nanalytics:\n  provider: umami\n  website_id: 94db1cb1-74f4-4a40-ad6c-962362670409\n  src: https://stats.example/script.js\n").unwrap();
        assert_eq!(c.analytics.unwrap().src_origin().as_deref(), Some("https://stats.example"));
        let at = |yaml: &str| {
            let e = load_all(yaml).unwrap_err();
            (e[0].line, e[0].message.clone())
        };
        let e = load_all("title: T\nanalytics:\n  provider: goatcounter\n  domain: x.example\n").unwrap_err();
        let shown: Vec<(usize, &str)> = e.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(
            shown,
            [
                (3, "`analytics` with provider `goatcounter` needs `code`"),
                (4, "`domain` is not a key of `analytics` with provider `goatcounter`: it takes `code`")
            ]
        );
        let (line, msg) = at("title: T\nanalytics:\n  provider: fathom\n");
        assert!(line == 3 && msg.contains("`analytics` with provider `fathom` needs `site`"), "{line} {msg}");
        let (line, msg) = at("title: T\nanalytics:\n  provider: matomo\n  site: x\n");
        assert!(line == 3 && msg.contains("plausible") && msg.contains("cloudflare"), "{line} {msg}");
        let (line, msg) = at("title: T\nanalytics:\n  domain: x.example\n");
        assert!(line == 2 && msg.contains("provider"), "{line} {msg}");
        let (line, msg) =
            at("title: T\nanalytics:\n  provider: umami\n  website_id: abc\n  src: http://x.example/s.js\n");
        assert!(line == 5 && msg.contains("https://"), "{line} {msg}");
        let (line, msg) = at("title: T\nanalytics:\n  provider: plausible\n  domain: x.example\n  colour: red\n");
        assert!(line == 5 && msg.contains("unknown key `colour`"), "{line} {msg}");
    }

    #[test]
    fn redirects_are_checked_at_their_values() {
        let c = load_str("title: T\nredirects:\n  - { from: /sponsors, to: \"https://sponsors.example/\" }\n  - { from: /feed.xml, to: /atom.xml, status: 302 }\n").unwrap();
        assert_eq!(
            c.redirects.iter().map(|r| (r.from.as_str(), r.status)).collect::<Vec<_>>(),
            [("/sponsors", 301), ("/feed.xml", 302)]
        );
        let e = load_all("title: T\nredirects:\n  - { from: sponsors, to: /x/ }\n  - { from: /a, to: \"ftp://x\" }\n  - { from: /b, to: /c/, status: 200 }\n  - { from: /a/../../etc, to: /c/ }\n").unwrap_err();
        let at: Vec<(usize, usize)> = e.iter().map(|d| (d.line, d.col)).collect();
        assert_eq!(at, [(3, 13), (4, 21), (5, 34), (6, 13)], "{e:?}");
        assert!(e[3].message.contains("`..` cannot be part of a URL") && !e[3].message.contains("alias"), "{e:?}");
        assert!(e[0].message.contains("`from` is a path of this site"), "{e:?}");
        assert!(e[2].message.contains("status 200 is not a redirect"), "{e:?}");
        // an old address with a query, such as WordPress's `/?p=42`
        let c = load_str("title: T\nredirects:\n  - { from: \"/?p=42\", to: /2024/05/14/kell/ }\n").unwrap();
        assert_eq!(c.redirects[0].from, "/?p=42");
        let e = load_str("title: T\nredirects:\n  - { from: \"/?p\", to: /x/ }\n").unwrap_err();
        assert!(e.message.contains("a query is written as `?name=value` pairs"), "{e}");
    }

    #[test]
    fn languages_are_checked_at_their_key() {
        let c = load_str("title: T\nlanguage: en\nlanguages:\n  fr: { name: Français }\n  ar: { name: العربية }\n")
            .unwrap();
        let codes: Vec<_> = c.languages.iter().map(|l| (l.code.as_str(), l.prefix.as_str(), l.dir)).collect();
        assert_eq!(codes, [("en", "", "ltr"), ("fr", "fr/", "ltr"), ("ar", "ar/", "rtl")]);
        assert_eq!(c.for_language(&c.languages[1]).base_path, "/fr/");
        let words = "title: T\ndescription: Clean rivers\ncta: { label: Join us, url: /join/ }\nlanguages:\n  fr: { description: Des rivières propres, cta: { label: Rejoignez-nous } }\n";
        let c = load_str(words).unwrap();
        let fr = c.for_language(&c.languages[1]);
        assert_eq!(
            (fr.description.as_str(), fr.cta.as_ref().map(|c| (c.label.as_str(), c.url.as_str()))),
            ("Des rivières propres", Some(("Rejoignez-nous", "/join/")))
        );
        assert_eq!(c.description, "Clean rivers");
        let e = load_str("title: T\nlanguages:\n  fr: { cta: { label: x, url: /y/ } }\n").unwrap_err();
        assert!(format!("{e:?}").contains("url"), "{e:?}");
        let e = load_str("title: T\nlanguages:\n  fr: { name: Français }\n  French: { name: x }\n").unwrap_err();
        assert_eq!((e.line, e.col), (4, 3), "{e}");
        assert!(e.message.contains("`French` is not a language code"), "{e}");
        let e = load_str("title: T\nlanguage: english\n").unwrap_err();
        assert_eq!(e.line, 2, "{e}");
    }

    #[test]
    fn minimal_config_gets_defaults() {
        let c = load_str("title: T\nbase_url: https://org.example/hub\n").unwrap();
        assert_eq!(c.base_url, "https://org.example/hub/");
        assert_eq!(c.base_path, "/hub/");
        assert_eq!(c.theme, "beacon");
        assert_eq!(c.updates.per_page, 10);
        assert!(c.feeds.atom && !c.feeds.rss);
    }

    #[test]
    fn unknown_key_is_an_error_at_its_line() {
        let e = load_str("title: T\nbrand:\n  primray: '#000'\n").unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        assert!(e.message.contains("unknown key `primray`"), "{e}");
    }

    #[test]
    fn bad_colour_and_base_url_are_errors() {
        let e = load_str("title: T\nbrand: { primary: green }\n").unwrap_err();
        assert_eq!(e.line, 2, "{e}");
        let e = load_str("title: T\nbase_url: ftp://x\n").unwrap_err();
        assert_eq!(e.line, 2, "{e}");
    }

    #[test]
    fn published_sites_need_an_absolute_base_url() {
        assert!(require_absolute_base_url(&load_str("title: T\nbase_url: https://a.example/\n").unwrap()).is_ok());
        let e = require_absolute_base_url(&load_str("title: T\nbase_url: /hub/\n").unwrap()).unwrap_err();
        assert_eq!((e.line, e.source_line.as_deref()), (2, Some("base_url: /hub/")), "{e}");
        assert!(e.message.contains("https://example.org/hub/"), "{e}");
        let e = require_absolute_base_url(&load_str("title: T\n").unwrap()).unwrap_err();
        assert!(e.message.contains("no `base_url`"), "{e}");
    }

    #[test]
    fn negative_stale_after_days_is_an_error_at_its_line() {
        let e = load_str("title: T\ncheck:\n  stale_after_days: -5\n").unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        assert!(load_str("title: T\ncheck: { stale_after_days: 0 }\n").is_ok());
    }

    #[test]
    fn images_settings_are_checked_at_their_line() {
        let c = load_str("title: T\n").unwrap();
        assert_eq!(c.images, ImagesConfig { widths: vec![480, 960, 1600], quality: 80, keep_originals: false });
        let c = load_str("title: T\nimages: { widths: [960, 480, 960], quality: 70, keep_originals: true }\n").unwrap();
        assert_eq!((c.images.widths, c.images.quality, c.images.keep_originals), (vec![480, 960], 70, true));
        for (yaml, line, what) in [
            ("title: T\nimages:\n  widths: []\n", 3, "is empty"),
            ("title: T\nimages:\n  widths: [480, 0]\n", 3, "has 0"),
            ("title: T\nimages:\n  widths: [480]\n  quality: 101\n", 4, "must be 1 to 100"),
            ("title: T\nimages:\n  widhts: [480]\n", 3, "unknown key `widhts`"),
            ("title: T\nimages:\n  quality: high\n", 3, "quality"),
        ] {
            let e = load_str(yaml).unwrap_err();
            assert_eq!(e.line, line, "{yaml}: {e}");
            assert!(e.message.contains(what), "{yaml}: {e}");
        }
    }

    #[test]
    fn base_url_forms() {
        assert_eq!(split_base_url("https://a.example").unwrap(), ("https://a.example/".into(), "/".into()));
        assert_eq!(split_base_url("/").unwrap(), ("/".into(), "/".into()));
        assert!(split_base_url("https://a.example/../x/").is_none());
        assert!(split_base_url("example.org").is_none());
    }

    #[test]
    fn colours_parse() {
        assert_eq!(Color::parse("#0b6e4f").unwrap().hex(), "#0b6e4f");
        assert_eq!(Color::parse("#fff").unwrap().0, [255, 255, 255]);
        assert!(Color::parse("#12345").is_none());
    }

    #[test]
    fn contrast_ratios() {
        let (black, white) = (Color([0, 0, 0]), Color([255, 255, 255]));
        assert!((black.contrast(white) - 21.0).abs() < 1e-9);
        assert!((Color::parse("#777777").unwrap().contrast(white) - 4.48).abs() < 0.01);
    }
}
