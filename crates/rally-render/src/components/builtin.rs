//! The built-in components and the site's own (`templates/components/NAME.html`): a call and the
//! site in, HTML out.

use super::Failure;
use super::parse::{Arg, Call};
use crate::phrases::Words;
use crate::templates::Templates;
use crate::views;
use rally_core::format::escape_html;
use rally_core::model::Site;
use rally_core::model::page::Page;

/// What a component is made with.
pub(crate) struct Ctx<'a> {
    pub site: &'a Site,
    pub templates: &'a Templates,
    pub page: &'a Page,
    /// What the site's own components see of the site, made once for every page.
    pub shared: &'a SharedValues,
}

/// The site as the site's own components see it: `site`, `data`, `lang`.
pub(crate) struct SharedValues {
    site: tera::Value,
    data: tera::Value,
}

impl SharedValues {
    pub(crate) fn of(site: &Site) -> SharedValues {
        let c = &site.config;
        let languages = views::languages_of(c);
        let view = serde_json::json!({
            "title": c.title, "description": c.description, "base_url": c.base_url, "base_path": c.base_path,
            "root_path": c.root_path, "language": c.language, "languages": languages, "extra": c.extra,
        });
        SharedValues {
            site: tera::Value::from_serializable(&view),
            data: tera::Value::from_serializable(&rally_core::source::data::template_value(&site.data)),
        }
    }
}

/// Built-in components and the arguments each takes (required ones first, then `?optional`).
const BUILTIN: [(&str, &[&str]); 13] = [
    ("goal", &["key"]),
    ("cta", &["label", "url"]),
    ("figure", &["src", "alt", "?caption"]),
    ("video", &["youtube", "title"]),
    ("campaign", &["key"]),
    ("events", &["?limit"]),
    ("table", &["data", "?caption"]),
    ("callout", &["?kind", "?title"]),
    ("gallery", &["?caption"]),
    ("donate", super::embeds::DONATE_ARGS),
    ("signup", super::embeds::SIGNUP_ARGS),
    ("map", super::embeds::MAP_ARGS),
    ("privacy", &[]),
];

/// The built-in components, each with the arguments it takes (required ones first, then
/// `?optional`): what the guide's component reference is checked against.
pub fn builtin_components() -> &'static [(&'static str, &'static [&'static str])] {
    &BUILTIN
}

/// The element of a card's title inside a body: a paragraph, as the card cannot know where it falls
/// in the page's outline of headings.
const CARD_HEADING: &str = "p";

/// Kinds of callout, with the theme string of their label.
const CALLOUTS: [(&str, &str); 3] = [("note", "callout_note"), ("tip", "callout_tip"), ("warning", "callout_warning")];

/// The theme strings and formatter of the page's language (each language's site expands its own
/// pages' components).
fn words<'a>(ctx: &Ctx<'a>) -> Words<'a> {
    Words::new(&ctx.templates.strings, &ctx.site.config.language)
}

/// Makes the HTML of `call`; `body` is the rendered Markdown inside a block component.
pub(crate) fn render(ctx: &Ctx, call: &Call, body: Option<&str>) -> Result<String, Failure> {
    let own = format!("components/{}.html", call.name);
    if ctx.templates.has(&own) {
        return site_component(ctx, &own, call, body);
    }
    let Some((_, params)) = BUILTIN.iter().find(|(n, _)| *n == call.name) else {
        return Err(unknown(ctx, &call.name).into());
    };
    let args = Args::check(call, params)?;
    let block = matches!(call.name.as_str(), "callout" | "gallery");
    if block != call.block {
        let how = if block { "a block: `{% callout() %}...{% end %}`" } else { "inline: `{{ NAME(...) }}`" };
        return Err(format!("`{}` is written {}", call.name, how.replace("NAME", &call.name)).into());
    }
    let html = match call.name.as_str() {
        "goal" => goal(ctx, args.text("key"))?,
        "cta" => cta(args.text("label"), args.text("url"))?,
        "figure" => figure(ctx, args.text("src"), args.text("alt"), args.opt_text("caption"))?,
        "video" => video(&words(ctx), args.text("youtube"), args.text("title"))?,
        "campaign" => campaign(ctx, args.text("key"))?,
        "events" => events(ctx, args.count("limit", 3)?)?,
        "table" => table(ctx, args.text("data"), args.opt_text("caption"))?,
        "gallery" => gallery(args.opt_text("caption"), body.unwrap_or("")),
        "donate" => super::embeds::donate(&words(ctx), call)?,
        "signup" => super::embeds::signup(&words(ctx), call)?,
        "map" => super::embeds::map(&words(ctx), call)?,
        "privacy" => privacy(&words(ctx), ctx.site.config.analytics.as_ref()),
        _ => callout(&words(ctx), args.opt_text("kind").unwrap_or("note"), args.opt_text("title"), body.unwrap_or(""))?,
    };
    Ok(html)
}

/// Is `call` a built-in component whose HTML is a block (which a paragraph cannot hold)?
pub(crate) fn makes_a_block(ctx: &Ctx, call: &Call) -> bool {
    let own = ctx.templates.has(&format!("components/{}.html", call.name));
    !own && ["goal", "figure", "video", "campaign", "events", "table", "donate", "signup", "map", "privacy"]
        .contains(&call.name.as_str())
}

/// The names of the built-in and the site's own components.
fn all_names(templates: &Templates) -> Vec<String> {
    let own = templates
        .sources()
        .filter_map(|(n, _)| n.strip_prefix("components/")?.strip_suffix(".html").map(str::to_string));
    BUILTIN.iter().map(|(n, _)| n.to_string()).chain(own).collect()
}

fn unknown(ctx: &Ctx, name: &str) -> String {
    let names = all_names(ctx.templates);
    match rally_core::error::did_you_mean(name, names.iter().map(String::as_str)) {
        Some(near) => format!("no component `{name}`: did you mean `{near}`?"),
        None => format!(
            "no component `{name}`: the components are {}, or add templates/components/{name}.html",
            names.join(", ")
        ),
    }
}

fn site_component(ctx: &Ctx, template: &str, call: &Call, body: Option<&str>) -> Result<String, Failure> {
    let mut t = tera::Context::new();
    for (k, v) in &call.args {
        t.insert(k.clone(), v);
    }
    if let Some(body) = body {
        t.insert("body", body);
    }
    t.insert("page_url", &ctx.site.url(ctx.page));
    t.insert_value("site", ctx.shared.site.clone());
    t.insert_value("data", ctx.shared.data.clone());
    t.insert("lang", &ctx.site.config.language);
    t.insert("page", &views::summary(ctx.site, &ctx.templates.strings, ctx.page));
    ctx.templates.render(template, &t).map_err(Failure::Template)
}

/// A call's arguments, checked against what its component takes.
struct Args<'c>(&'c Call);

impl<'c> Args<'c> {
    fn check(call: &'c Call, params: &[&str]) -> Result<Args<'c>, String> {
        let names = || params.iter().map(|p| format!("`{}`", p.trim_start_matches('?'))).collect::<Vec<_>>().join(", ");
        for (k, _) in &call.args {
            if !params.iter().any(|p| p.trim_start_matches('?') == k) {
                let takes = if params.is_empty() { "no arguments".to_string() } else { names() };
                return Err(format!("`{}` has no argument `{k}`: it takes {takes}", call.name));
            }
        }
        for p in params.iter().filter(|p| !p.starts_with('?')) {
            match call.args.iter().find(|(k, _)| k == p) {
                None => return Err(format!("`{}` needs `{p}=\"...\"`", call.name)),
                Some((_, Arg::Str(s))) if !s.trim().is_empty() => {}
                Some(_) => return Err(format!("`{p}` of `{}` must be text in quotes (\"...\"), not empty", call.name)),
            }
        }
        for (k, v) in &call.args {
            // counts and the map's coordinates are numbers
            let number = k == "limit" || call.name == "map";
            if params.contains(&format!("?{k}").as_str()) && !number && !matches!(v, Arg::Str(_)) {
                return Err(format!("`{k}` of `{}` must be text in quotes (\"...\")", call.name));
            }
        }
        Ok(Args(call))
    }

    fn get(&self, key: &str) -> Option<&'c Arg> {
        self.0.args.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    fn opt_text(&self, key: &str) -> Option<&'c str> {
        match self.get(key) {
            Some(Arg::Str(s)) => Some(s.as_str()),
            _ => None,
        }
    }

    /// A required text argument (checked present by [`Args::check`]).
    fn text(&self, key: &str) -> &'c str {
        self.opt_text(key).unwrap_or_default()
    }

    fn count(&self, key: &str, default: usize) -> Result<usize, String> {
        match self.get(key) {
            None => Ok(default),
            Some(Arg::Num(n)) if *n >= 1.0 && n.fract() == 0.0 && *n <= 1000.0 => Ok(*n as usize),
            Some(_) => Err(format!("`{key}` of `{}` must be a whole number from 1, like `{key}=3`", self.0.name)),
        }
    }
}

/// Is `url` one a link may lead to: relative, or http(s), mailto or tel?
pub(super) fn safe_url(url: &str) -> Result<(), String> {
    if let Some(why) = rally_core::source::url::dangerous(url) {
        return Err(why);
    }
    match rally_core::source::url::scheme(url).as_deref() {
        None | Some("http" | "https" | "mailto" | "tel") if !url.trim().is_empty() => Ok(()),
        _ => Err(format!("`{url}` is not a URL a link may have: use https://..., mailto:, tel: or a path")),
    }
}

fn wrap(kind: &str, inner: &str) -> String {
    format!("<div class=\"component component-{kind}\">\n{}\n</div>\n", inner.trim())
}

fn goal(ctx: &Ctx, key: &str) -> Result<String, Failure> {
    let Some(g) = ctx.site.goals.iter().find(|g| g.def.key == key) else {
        let keys: Vec<&str> = ctx.site.goals.iter().map(|g| g.def.key.as_str()).collect();
        let hint = rally_core::error::did_you_mean(key, keys.iter().copied())
            .map_or_else(|| choices("goals", &keys), |k| format!("did you mean `{k}`?"));
        return Err(format!("no goal `{key}` in content/mission.md: {hint}").into());
    };
    let mut t = tera::Context::new();
    t.insert("goal", &views::goal_view(ctx.site, &ctx.templates.strings, g));
    t.insert("card_heading", CARD_HEADING);
    let card = ctx.templates.render("partials/goal.html", &t).map_err(Failure::Template)?;
    // the goal's anchor belongs to its card on /impact/ (and the page's own goal cards), not to a copy
    let anchor = format!(" id=\"goal-{}\"", views::goal_anchor(key));
    Ok(wrap("goal", &card.replacen(&anchor, "", 1)))
}

/// "the goals are `a`, `b`", or "there are no goals".
fn choices(what: &str, names: &[&str]) -> String {
    if names.is_empty() {
        return format!("there are no {what}");
    }
    format!("the {what} are {}", names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", "))
}

pub(super) fn cta(label: &str, url: &str) -> Result<String, Failure> {
    safe_url(url)?;
    Ok(format!(
        "<p class=\"component component-cta\"><a class=\"button\" href=\"{}\">{}</a></p>\n",
        escape_html(url),
        escape_html(label)
    ))
}

fn figure(ctx: &Ctx, src: &str, alt: &str, caption: Option<&str>) -> Result<String, Failure> {
    safe_url(src)?;
    let src = rally_core::model::urls::site_url(&ctx.site.config.root_path, src);
    let caption = caption.map_or(String::new(), |c| format!("\n<figcaption>{}</figcaption>", escape_html(c)));
    Ok(format!(
        "<figure class=\"component component-figure\">\n<img src=\"{}\" alt=\"{}\">{caption}\n</figure>\n",
        escape_html(&src),
        escape_html(alt)
    ))
}

pub(super) fn video(words: &Words, id: &str, title: &str) -> Result<String, Failure> {
    if id.len() != 11 || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return Err(
            format!("`{id}` is not a YouTube video id: give the 11 characters after `v=` in its address").into()
        );
    }
    let title = escape_html(title);
    let note = escape_html(&words.say("video_note", &[]));
    Ok(format!(
        "<div class=\"component component-video\">\n<a class=\"video-poster\" href=\"https://www.youtube.com/watch?v={id}\" \
         data-youtube=\"{id}\" data-title=\"{title}\">\
         <svg class=\"video-play\" viewBox=\"0 0 68 48\" width=\"68\" height=\"48\" aria-hidden=\"true\" focusable=\"false\">\
         <rect width=\"68\" height=\"48\" rx=\"12\"/><path d=\"M27 14v20l18-10z\"/></svg>\
         <span class=\"video-title\">{title}</span><span class=\"video-note\">{note}</span></a>\n</div>\n"
    ))
}

/// The script that swaps a video's poster for the player, for the head of a page with a video
/// (none when the page has none).
pub fn video_script(html: &str, base_path: &str) -> Option<String> {
    let src = format!("{base_path}video.js");
    (html.contains("class=\"video-poster\"") && !html.contains(&src))
        .then(|| format!("<script src=\"{src}\" defer></script>\n"))
}

fn campaign(ctx: &Ctx, key: &str) -> Result<String, Failure> {
    let site = ctx.site;
    let rel = format!("campaigns/{key}.md");
    let found = site.campaigns.iter().map(|&i| &site.pages[i]).find(|p| p.rel == rel);
    let Some(p) = found else {
        let keys: Vec<&str> = site
            .campaigns
            .iter()
            .filter_map(|&i| site.pages[i].rel.strip_prefix("campaigns/")?.strip_suffix(".md"))
            .collect();
        let hint = rally_core::error::did_you_mean(key, keys.iter().copied()).map_or_else(
            || choices("campaigns (files of content/campaigns/)", &keys),
            |k| format!("did you mean `{k}`?"),
        );
        return Err(format!("no campaign `{key}`: {hint}").into());
    };
    let mut t = tera::Context::new();
    t.insert("item", &views::summary(site, &ctx.templates.strings, p));
    t.insert("card_heading", CARD_HEADING);
    Ok(wrap("campaign", &ctx.templates.render("partials/campaign_card.html", &t).map_err(Failure::Template)?))
}

fn events(ctx: &Ctx, limit: usize) -> Result<String, Failure> {
    let site = ctx.site;
    let mut cards = String::new();
    for &i in site.upcoming_events.iter().take(limit) {
        let mut t = tera::Context::new();
        t.insert("item", &views::summary(site, &ctx.templates.strings, &site.pages[i]));
        t.insert("card_heading", CARD_HEADING);
        cards.push_str(&ctx.templates.render("partials/event_card.html", &t).map_err(Failure::Template)?);
    }
    if cards.is_empty() {
        let none = words(ctx).say("no_upcoming_events", &[]);
        cards = format!("<p class=\"component-events-none\">{}</p>", escape_html(&none));
    }
    Ok(wrap("events", &cards))
}

fn table(ctx: &Ctx, name: &str, caption: Option<&str>) -> Result<String, Failure> {
    let Some(file) = ctx.site.data.get(name) else {
        let hint = rally_core::error::did_you_mean(name, ctx.site.data.keys().map(String::as_str))
            .map_or("add data/NAME.csv, .yaml or .json".to_string(), |k| format!("did you mean `{k}`?"));
        return Err(format!("no data file `{name}`: {hint}").into());
    };
    let rows = file.value.as_array().filter(|rows| !rows.is_empty() && rows.iter().all(|r| r.is_object()));
    let Some(rows) = rows else {
        let shown = file.display.display();
        return Err(format!("{shown} is not a list of rows with named columns, which a table needs").into());
    };
    let mut columns: Vec<&str> = Vec::new();
    for r in rows.iter().filter_map(|r| r.as_object()) {
        for k in r.keys() {
            if !columns.contains(&k.as_str()) {
                columns.push(k);
            }
        }
    }
    let label = caption.unwrap_or(name);
    let mut h = format!(
        "<div class=\"table-scroll\" role=\"region\" aria-label=\"{}\" tabindex=\"0\">\n<table>\n",
        escape_html(label)
    );
    if let Some(c) = caption {
        h.push_str(&format!("<caption>{}</caption>\n", escape_html(c)));
    }
    h.push_str("<thead><tr>");
    for c in &columns {
        h.push_str(&format!("<th scope=\"col\">{}</th>", escape_html(c)));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    let words = words(ctx);
    let f = words.format();
    for r in rows.iter().filter_map(|r| r.as_object()) {
        h.push_str("<tr>");
        for c in &columns {
            h.push_str(&format!("<td>{}</td>", escape_html(&cell(f, r.get(*c)))));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n</table>\n</div>");
    Ok(wrap("table", &h))
}

/// A table cell's text; numbers as the page's language writes them.
fn cell(f: &rally_core::format::Formatter, v: Option<&serde_json::Value>) -> String {
    match v {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => n.as_f64().map_or(n.to_string(), |v| f.number(v)),
        Some(other) => other.to_string(),
    }
}

/// A gallery: the photos of its body (a Markdown list of images, each with an optional caption
/// after it) in a grid the theme lays out; the images go through the photo pipeline like any other.
pub(super) fn gallery(caption: Option<&str>, body: &str) -> String {
    match caption {
        Some(c) => format!(
            "<figure class=\"component component-gallery\">\n{}\n<figcaption>{}</figcaption>\n</figure>\n",
            body.trim(),
            escape_html(c)
        ),
        None => wrap("gallery", body),
    }
}

pub(super) fn callout(words: &Words, kind: &str, title: Option<&str>, body: &str) -> Result<String, Failure> {
    let Some((_, label)) = CALLOUTS.iter().find(|(k, _)| *k == kind) else {
        let kinds: Vec<String> = CALLOUTS.iter().map(|(k, _)| format!("`{k}`")).collect();
        return Err(format!("no callout kind `{kind}`: the kinds are {}", kinds.join(", ")).into());
    };
    let title = escape_html(&title.map_or_else(|| words.say(label, &[]), str::to_string));
    Ok(format!(
        "<div class=\"component callout callout--{kind}\" role=\"note\" aria-label=\"{title}\">\n\
         <p class=\"callout-title\">{title}</p>\n{body}\n</div>\n"
    ))
}

/// What the site counts of its readers: the analytics provider (`analytics:` in site.yaml), that
/// it sets no cookies, what it keeps, and a link to its own account of it; or that nothing is
/// counted.
fn privacy(words: &Words, analytics: Option<&rally_core::analytics::Analytics>) -> String {
    let Some(a) = analytics else {
        return format!(
            "<p class=\"component component-privacy\">{}</p>\n",
            escape_html(&words.say("privacy_none", &[]))
        );
    };
    let (name, policy) = crate::analytics::about(a.provider);
    let provider = [("provider", name.to_string())];
    format!(
        "<p class=\"component component-privacy\" data-provider=\"{}\">{} <a href=\"{policy}\">{}</a></p>\n",
        a.provider.key(),
        escape_html(&words.say("privacy_analytics", &provider)),
        escape_html(&words.say("privacy_more", &provider))
    )
}
