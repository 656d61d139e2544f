//! Templates: a built-in theme embedded in the binary (or a local one under `themes/NAME/`),
//! overridden file by file by the site's own `templates/`, loaded into Tera.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tera::{Kwargs, State, Tera};

use super::strings::{Strings, StringsFile};
use crate::images::Images;
use rally_core::config::{Color, Config};
use rally_core::error::Diagnostic;
use rally_core::source::discover::{files_under, read_text};

/// The embedded themes (see `build.rs`).
pub mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// The names of the built-in themes.
pub fn builtin_themes() -> Vec<&'static str> {
    let mut names: Vec<&str> = embedded::THEME_FILES.iter().filter_map(|(p, _)| p.split('/').next()).collect();
    names.dedup();
    names
}

/// A file of a theme's static folder, from the binary or from disk.
#[derive(Debug, Clone)]
pub enum ThemeFile {
    Embedded(&'static [u8]),
    Disk(PathBuf),
}

/// The loaded templates of a site, plus its theme's static files and stylesheet source.
pub struct Templates {
    tera: Tera,
    /// Template name -> path shown in diagnostics.
    origins: HashMap<String, PathBuf>,
    /// Template name -> its text.
    sources: HashMap<String, String>,
    pub static_files: Vec<(String, ThemeFile)>,
    pub stylesheet: String,
    /// The theme's page background (light scheme); white unless its theme.yaml says otherwise.
    pub background: Color,
    /// The site's published photos, read by the `image()` function and the page markup: none
    /// until [`Templates::with_images`] gives them.
    images: Arc<Images>,
    /// The theme strings of every language, the site's overriding the theme's.
    pub strings: Arc<Strings>,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates").field("templates", &self.origins.len()).finish()
    }
}

#[derive(Default)]
struct ThemeSource {
    templates: Vec<(String, String, PathBuf)>,
    static_files: Vec<(String, ThemeFile)>,
    stylesheet: String,
    background: Option<Color>,
    /// `i18n/LANG.yaml` files, the theme's own after those of the themes it extends.
    strings: Vec<StringsFile>,
}

/// theme.yaml: a theme may extend another, taking every template and static file it does not
/// have itself.
#[derive(Debug, Default, serde::Deserialize)]
struct ThemeMeta {
    #[serde(default)]
    extends: Option<String>,
    /// The page background of the light scheme, for checking brand colours against.
    #[serde(default)]
    background: Option<String>,
    #[serde(default)]
    #[allow(dead_code)]
    name: Option<String>,
    #[serde(default)]
    #[allow(dead_code)]
    description: Option<String>,
}

fn theme_meta(text: &str, shown: &Path) -> Result<ThemeMeta, Diagnostic> {
    rally_core::source::yaml::parse(shown, text, 0..text.len()).map(|(meta, _)| meta)
}

/// Adds `parent` files under `child` ones: the child's templates and static files win.
fn inherit(child: &mut ThemeSource, parent: ThemeSource) {
    for t in parent.templates {
        if !child.templates.iter().any(|c| c.0 == t.0) {
            child.templates.push(t);
        }
    }
    for f in parent.static_files {
        if !child.static_files.iter().any(|c| c.0 == f.0) {
            child.static_files.push(f);
        }
    }
    if child.stylesheet.is_empty() {
        child.stylesheet = parent.stylesheet;
    }
    child.background = child.background.or(parent.background);
    let own = std::mem::replace(&mut child.strings, parent.strings);
    child.strings.extend(own);
}

fn theme_source(root: &Path, config: &Config) -> Result<ThemeSource, Diagnostic> {
    let mut name = config.theme.clone();
    let mut chain = Vec::new();
    let mut result: Option<ThemeSource> = None;
    loop {
        if chain.contains(&name) || chain.len() > 8 {
            let msg = format!("themes extend each other in a loop: {} -> {name}", chain.join(" -> "));
            return Err(config.error_at("theme", msg));
        }
        chain.push(name.clone());
        let (mut src, meta) = one_theme(root, config, &name)?;
        if let Some(bg) = &meta.background {
            src.background = Some(Color::parse(bg).ok_or_else(|| {
                Diagnostic::error(
                    format!("(theme {name})/theme.yaml"),
                    0,
                    0,
                    format!("background `{bg}` is not a #rrggbb colour"),
                )
            })?);
        }
        match &mut result {
            Some(child) => inherit(child, src),
            None => result = Some(src),
        }
        match meta.extends {
            Some(parent) => name = parent,
            None => break,
        }
    }
    Ok(result.unwrap_or_default())
}

/// One theme's own files (a folder under the site's `themes/`, or a built-in one) and its theme.yaml.
fn one_theme(root: &Path, config: &Config, name: &str) -> Result<(ThemeSource, ThemeMeta), Diagnostic> {
    let local = root.join("themes").join(name);
    if local.is_dir() && !name.contains(['/', '\\']) && name != ".." {
        let src = local_theme(&local, name)?;
        let yaml = local.join("theme.yaml");
        let meta = match yaml.is_file() {
            true => {
                let shown = Path::new("themes").join(name).join("theme.yaml");
                theme_meta(&read_text(&yaml, &shown)?, &shown)?
            }
            false => ThemeMeta::default(),
        };
        return Ok((src, meta));
    }
    let prefix = format!("{name}/");
    let files: Vec<_> = embedded::THEME_FILES.iter().filter(|(p, _)| p.starts_with(&prefix)).collect();
    if files.is_empty() {
        let msg = format!(
            "no theme `{name}`: built-in themes are {}, or add a folder themes/{name}/",
            builtin_themes().join(", ")
        );
        return Err(config.error_at("theme", msg));
    }
    let mut src = ThemeSource::default();
    let mut meta = ThemeMeta::default();
    for (path, bytes) in files {
        let rel = &path[prefix.len()..];
        let text = || String::from_utf8_lossy(bytes).into_owned();
        if let Some(t) = rel.strip_prefix("templates/") {
            src.templates.push((t.to_string(), text(), PathBuf::from(format!("(theme {name})/templates/{t}"))));
        } else if let Some(s) = rel.strip_prefix("static/") {
            src.static_files.push((s.to_string(), ThemeFile::Embedded(bytes)));
        } else if rel == "style.css" {
            src.stylesheet = text();
        } else if let Some(lang) = rel.strip_prefix("i18n/").and_then(|f| f.strip_suffix(".yaml")) {
            let shown = PathBuf::from(format!("(theme {name})/{rel}"));
            src.strings.push(StringsFile { lang: lang.to_string(), text: text(), shown });
        } else if rel == "theme.yaml" {
            meta = theme_meta(&text(), Path::new(&format!("(theme {name})/theme.yaml")))?;
        }
    }
    Ok((src, meta))
}

fn local_theme(dir: &Path, name: &str) -> Result<ThemeSource, Diagnostic> {
    let display = PathBuf::from("themes").join(name);
    let mut src = ThemeSource::default();
    for (rel, abs) in files_under(&dir.join("templates")) {
        let shown = display.join("templates").join(&rel);
        src.templates.push((rel, read_text(&abs, &shown)?, shown));
    }
    for (rel, abs) in files_under(&dir.join("static")) {
        src.static_files.push((rel, ThemeFile::Disk(abs)));
    }
    let css = dir.join("style.css");
    if css.is_file() {
        src.stylesheet = read_text(&css, &display.join("style.css"))?;
    }
    src.strings = strings_files(&dir.join("i18n"), &display.join("i18n"))?;
    Ok(src)
}

/// The strings of the built-in base theme, which every theme's own strings override.
pub(super) fn builtin_strings() -> Vec<StringsFile> {
    let prefix = format!("{BASE_THEME}/i18n/");
    embedded::THEME_FILES
        .iter()
        .filter_map(|(p, bytes)| {
            let lang = p.strip_prefix(&prefix)?.strip_suffix(".yaml")?;
            let shown = PathBuf::from(format!("(theme {BASE_THEME})/i18n/{lang}.yaml"));
            Some(StringsFile { lang: lang.to_string(), text: String::from_utf8_lossy(bytes).into_owned(), shown })
        })
        .collect()
}

/// The theme every built-in theme extends, whose strings are the base of every theme's.
const BASE_THEME: &str = "beacon";

/// The `LANG.yaml` files of an `i18n/` folder (none when there is no folder), sorted by language.
fn strings_files(dir: &Path, display: &Path) -> Result<Vec<StringsFile>, Diagnostic> {
    let mut out = Vec::new();
    for (rel, abs) in files_under(dir) {
        if let Some(lang) = rel.strip_suffix(".yaml").filter(|l| !l.contains('/')) {
            let shown = display.join(&rel);
            out.push(StringsFile { lang: lang.to_string(), text: read_text(&abs, &shown)?, shown });
        }
    }
    out.sort_by(|a, b| a.lang.cmp(&b.lang));
    Ok(out)
}

impl Templates {
    /// Loads the theme named in the config and the site's overrides.
    /// Every syntax error of every template is reported.
    pub fn load(root: &Path, config: &Config, overrides: &[(String, String)]) -> Result<Templates, Vec<Diagnostic>> {
        let theme = theme_source(root, config).map_err(|d| vec![d])?;
        let mut all: HashMap<String, (String, PathBuf)> = HashMap::new();
        for (name, text, shown) in theme.templates {
            all.insert(name, (text, shown));
        }
        for (name, text) in overrides {
            all.insert(name.clone(), (text.clone(), Path::new("templates").join(name)));
        }
        // the built-in strings come first, so that any theme has the ones Rally itself writes
        let mut files = builtin_strings();
        files.extend(theme.strings);
        files.extend(strings_files(&root.join("i18n"), Path::new("i18n")).map_err(|d| vec![d])?);
        let strings = Arc::new(Strings::merge(&files)?);
        let mut unknown: Vec<Diagnostic> =
            all.iter().flat_map(|(_, (text, shown))| strings.check_template(text, shown)).collect();
        if !unknown.is_empty() {
            unknown.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
            return Err(unknown);
        }
        let mut tera = Tera::new();
        // share cards (`card.svg`) are escaped like HTML: a title cannot add SVG markup
        tera.autoescape_on(vec![".html", ".htm", ".xml", ".svg"]);
        let images = Arc::<Images>::default();
        register_helpers(&mut tera, config, Arc::clone(&strings));
        register_image(&mut tera, Arc::clone(&images));
        let origins: HashMap<String, PathBuf> = all.iter().map(|(k, (_, p))| (k.clone(), p.clone())).collect();
        let texts: HashMap<String, String> = all.iter().map(|(k, (t, _))| (k.clone(), t.clone())).collect();
        if let Err(e) = tera.add_raw_templates(all.iter().map(|(k, (t, _))| (k.as_str(), t.as_str()))) {
            if !matches!(e.kind(), tera::ErrorKind::SyntaxError(_)) {
                return Err(tera_diagnostics(&e, &origins, &texts));
            }
            // Tera stops at the first template that does not parse: parse each alone to find them all
            let mut syntax: Vec<Diagnostic> = all
                .iter()
                .filter_map(|(k, (t, _))| Tera::new().add_raw_template(k, t).err())
                .filter(|e| matches!(e.kind(), tera::ErrorKind::SyntaxError(_)))
                .flat_map(|e| tera_diagnostics(&e, &origins, &texts))
                .collect();
            if syntax.is_empty() {
                return Err(tera_diagnostics(&e, &origins, &texts));
            }
            syntax.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
            return Err(syntax);
        }
        Ok(Templates {
            tera,
            origins,
            sources: texts,
            static_files: theme.static_files,
            stylesheet: theme.stylesheet,
            background: theme.background.unwrap_or(Color([255, 255, 255])),
            images,
            strings,
        })
    }

    /// These templates, rendering with the site's published photos (what the photo stage made):
    /// the `image()` function and the page markup read them.
    pub fn with_images(mut self, images: Images) -> Templates {
        self.images = Arc::new(images);
        register_image(&mut self.tera, Arc::clone(&self.images));
        self
    }

    /// The site's published photos (none before [`Templates::with_images`]).
    pub fn images(&self) -> &Arc<Images> {
        &self.images
    }

    /// Every template, as (name, text): the theme's and the site's overrides, which replace them.
    pub fn sources(&self) -> impl Iterator<Item = (&str, &str)> {
        self.sources.iter().map(|(n, t)| (n.as_str(), t.as_str()))
    }

    pub fn has(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// Renders template `name`; a failure is a diagnostic at the template's line.
    pub fn render(&self, name: &str, ctx: &tera::Context) -> Result<String, Diagnostic> {
        self.tera.render(name, ctx).map_err(|e| {
            let mut all = tera_diagnostics(&e, &self.origins, &self.sources);
            all.swap_remove(0)
        })
    }
}

/// Turns a Tera error into diagnostics at the template files and lines (never none).
fn tera_diagnostics(
    e: &tera::Error,
    origins: &HashMap<String, PathBuf>,
    texts: &HashMap<String, String>,
) -> Vec<Diagnostic> {
    use tera::ErrorKind as K;
    let shown = |name: &str| origins.get(name).cloned().unwrap_or_else(|| PathBuf::from(format!("templates/{name}")));
    let at = |name: &str, line: usize, col: usize, msg: String| {
        let d = Diagnostic::error(shown(name), line, col, msg);
        match texts.get(name) {
            Some(t) => d.with_source(t),
            None => d,
        }
    };
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg = format!("{msg}: {s}");
        src = s.source();
    }
    let one = match e.kind() {
        K::SyntaxError(r) | K::RenderingError(r) => {
            at(r.filename(), r.span().start_line, r.span().start_col + 1, r.message().to_string())
        }
        K::TemplateNotFound(name) => Diagnostic::error(shown(name), 0, 0, format!("template `{name}` not found")),
        K::MissingParent { current, parent } => {
            let line = texts.get(current).and_then(|t| t.lines().position(|l| l.contains(parent.as_str())));
            at(current, line.map_or(1, |l| l + 1), 1, format!("extends `{parent}`, which does not exist"))
        }
        K::CircularExtend { tpl, .. } | K::CircularInclude { tpl, .. } => at(tpl, 1, 1, msg),
        _ => {
            let found = joined_reports(&msg);
            if !found.is_empty() {
                return found.into_iter().map(|(name, line, col, m)| at(&name, line, col, m)).collect();
            }
            Diagnostic::error("templates", 0, 0, msg)
        }
    };
    vec![one]
}

/// Tera joins some problems (unknown filters, tests, functions, included templates) into one
/// message of reports `error: MESSAGE` / ` --> NAME:LINE:COL`; as (name, line, column, message).
fn joined_reports(msg: &str) -> Vec<(String, usize, usize, String)> {
    let mut out = Vec::new();
    let mut current: Option<&str> = None;
    for line in msg.lines() {
        if let Some(m) = line.strip_prefix("error: ") {
            current = Some(m);
        } else if let (Some(m), Some(loc)) = (current, line.trim_start().strip_prefix("--> ")) {
            let mut parts = loc.rsplitn(3, ':');
            let col = parts.next().and_then(|c| c.trim().parse().ok()).unwrap_or(0);
            let line_no = parts.next().and_then(|l| l.trim().parse().ok()).unwrap_or(0);
            out.push((parts.next().unwrap_or_default().to_string(), line_no, col, m.to_string()));
            current = None;
        }
    }
    out
}

/// The `image()` function, reading `images`.
fn register_image(tera: &mut Tera, images: Arc<Images>) {
    tera.register_function("image", move |kwargs: Kwargs, _: &State| image_function(&images, &kwargs));
}

fn register_helpers(tera: &mut Tera, config: &Config, strings: Arc<Strings>) {
    let base_path = config.base_path.clone();
    tera.register_filter("url", move |s: &str, _: Kwargs, _: &State| rally_core::model::urls::site_url(&base_path, s));
    let (base_url, base_path) = (config.base_url.clone(), config.base_path.clone());
    tera.register_filter("abs_url", move |s: &str, _: Kwargs, _: &State| {
        let u = rally_core::model::urls::site_url(&base_path, s);
        if u.starts_with('/') { rally_core::model::urls::permalink(&base_url, &base_path, &u) } else { u }
    });
    tera.register_filter("slugify", |s: &str, _: Kwargs, _: &State| rally_core::format::slugify(s));
    let root_path = config.root_path.clone();
    tera.register_filter("markdown", move |s: &str, kwargs: Kwargs, _: &State| markdown_filter(s, &root_path, &kwargs));
    super::locale_filters::register(tera, strings);
    tera.register_function("wrap", |kwargs: Kwargs, _: &State| wrap_function(&kwargs));
    tera.register_filter("card_x", |x: f64, kwargs: Kwargs, _: &State| card_x(x, &kwargs));
}

/// Links of Markdown written in templates and data: root-relative ones get the base path;
/// `@/` links to content files are for pages' own Markdown.
struct RootLinks<'a>(&'a str);

impl rally_core::markdown::LinkResolver for RootLinks<'_> {
    fn resolve(&self, _: &str) -> Option<String> {
        None
    }

    fn base_path(&self) -> &str {
        self.0
    }
}

/// `text | markdown`: Markdown (from data files or front matter `extra`) as HTML, to print with
/// `| safe`; `markdown(inline=true)` leaves out the paragraph around a single paragraph.
fn markdown_filter(text: &str, root_path: &str, kwargs: &Kwargs) -> tera::TeraResult<String> {
    let options = rally_core::markdown::Options { highlight: false, sections: false, groups: false, smart: None };
    let html = rally_core::markdown::render(text, 1, &RootLinks(root_path), &options).html;
    if kwargs.get::<bool>("inline")?.unwrap_or(false) {
        let t = html.trim();
        if let Some(inner) = t.strip_prefix("<p>").and_then(|r| r.strip_suffix("</p>"))
            && !inner.contains("<p>")
        {
            return Ok(inner.to_string());
        }
    }
    Ok(html)
}

/// `wrap(text=..., size=64, width=1000, lines=3, bold=true, serif=false)`: `text` broken into
/// lines that fit `width` pixels at font size `size` in the share cards' font (the bold serif with
/// `serif=true`), at most `lines` (the last one ellipsed when text is left over), for `<tspan>`s in
/// `card.svg` (see `crate::cards::wrap`).
fn wrap_function(kwargs: &Kwargs) -> tera::TeraResult<tera::Value> {
    let text: &str = kwargs.must_get("text")?;
    let size: f64 = kwargs.must_get("size")?;
    let width: f64 = kwargs.must_get("width")?;
    let lines: i64 = kwargs.get("lines")?.unwrap_or(1);
    use crate::cards::fonts::Face;
    let face = match (kwargs.get("serif")?.unwrap_or(false), kwargs.get("bold")?.unwrap_or(false)) {
        (true, _) => Face::SerifBold,
        (false, true) => Face::Bold,
        (false, false) => Face::Regular,
    };
    let mut out = crate::cards::wrap::wrap(text, size as f32, width as f32, lines.max(1) as usize, face);
    if kwargs.get::<&str>("dir")? == Some("rtl") {
        out = out.into_iter().map(|l| crate::cards::wrap::right_to_left(&l)).collect();
    }
    Ok(tera::Value::from_serializable(&out))
}

/// `x | card_x(dir=dir, w=WIDTH)`: the left edge of a box `w` wide that starts `x` pixels from the
/// card's starting side: from the left in left-to-right cards, from the right in right-to-left
/// ones (for a text, whose `start` is its right end there, leave out `w`).
fn card_x(x: f64, kwargs: &Kwargs) -> tera::TeraResult<tera::Value> {
    let w: f64 = kwargs.get("w")?.unwrap_or(0.0);
    let x = if kwargs.get::<&str>("dir")? == Some("rtl") { f64::from(crate::cards::WIDTH) - x - w } else { x };
    Ok(if x.fract() == 0.0 { tera::Value::from(x as i64) } else { tera::Value::from(x) })
}

/// `image(src=URL, sizes="...")`: the data of a `<picture>` for a published photo (`src`, `width`,
/// `height`, `type`, `srcset`, `webp_srcset`, `sizes`), or `{src}` alone for any other image (an SVG
/// logo, a photo on another host), so that templates can fall back to a plain `<img>`.
fn image_function(images: &Images, kwargs: &Kwargs) -> tera::TeraResult<tera::Value> {
    let src: String = kwargs.must_get::<&str>("src")?.to_string();
    let sizes: String = kwargs.get::<&str>("sizes")?.unwrap_or(crate::images::markup::DEFAULT_SIZES).to_string();
    let base = images.base_path().to_string();
    let data = match images.find(&src, &base) {
        Some(pic) => {
            let mut v = serde_json::to_value(pic).map_err(tera::Error::message)?;
            v["sizes"] = serde_json::Value::String(sizes);
            v
        }
        None => serde_json::json!({ "src": rally_core::model::urls::site_url(&base, &src) }),
    };
    Ok(tera::Value::from_serializable(&data))
}
