//! What a card shows, as the data `card.svg` gets, and the picture each page is shared with.

use serde::Serialize;

use super::{Pending, Setup, ShareImage};
use crate::images::Images;
use rally_core::config::Color;
use rally_core::model::page::Page;
use rally_core::model::{Site, urls};

/// A page being rendered, as the card needs it.
pub struct PageRef<'a> {
    pub page: Option<&'a Page>,
    pub title: &'a str,
    pub description: &'a str,
    /// Site URL, with the base path.
    pub url: &'a str,
}

#[derive(Serialize)]
struct CardSite<'a> {
    title: &'a str,
    /// The site's address without `https://`, as a card footer shows it.
    domain: String,
    primary: String,
    accent: String,
    /// The text colour that reads best on `primary`.
    on_primary: String,
    background: String,
    /// The logo file, for `<image href>`.
    logo: Option<String>,
    /// The size to draw the logo at, in its own proportions: 64 pixels high, at most 400 wide.
    logo_width: u32,
    logo_height: u32,
    /// A wide logo (a wordmark) holds the site's name: the card does not write it again.
    logo_wordmark: bool,
}

#[derive(Serialize)]
struct CardGoal {
    label: String,
    percent: u32,
    current_display: Option<String>,
    target_display: String,
    percent_display: String,
}

#[derive(Serialize)]
struct CardMetric {
    label: String,
    value_display: String,
    unit: Option<String>,
}

/// An event: when and where, in the page's language.
#[derive(Serialize)]
struct CardEvent {
    /// "Saturday, April 18, 2026 at 10:00 AM – 1:00 PM BST"
    when_display: String,
    /// The place's name, and its address when it has one.
    place: Option<String>,
    /// "Cancelled", "Postponed", "Moved online"; none for an event that goes ahead.
    status_label: Option<String>,
}

/// A campaign: its count against its target.
#[derive(Serialize)]
struct CardCampaign {
    /// "3,412 of 5,000 signatures"
    progress_display: String,
    /// Of the target (or of the next milestone once it is passed), 0 to 100.
    percent: u32,
    percent_display: String,
    /// "23 days left", "Ended on December 31, 2026"
    time_left: Option<String>,
}

#[derive(Serialize)]
struct CardPage<'a> {
    title: &'a str,
    description: &'a str,
    date_display: Option<String>,
}

/// The data of `card.svg`.
#[derive(Serialize)]
struct CardData<'a> {
    width: u32,
    height: u32,
    font: &'static str,
    /// The serif family, for themes whose titles are set in a serif.
    serif: &'static str,
    /// The language of the page's text, and which way it runs (`ltr`, `rtl`).
    lang: &'a str,
    dir: &'static str,
    /// `home`, `mission`, `impact`, `update`, `event`, `campaign`, `report` or `page`.
    kind: &'static str,
    site: CardSite<'a>,
    page: CardPage<'a>,
    /// The photo file an update or event shows, for `<image href>`.
    photo: Option<String>,
    goals: Vec<CardGoal>,
    metrics: Vec<CardMetric>,
    /// The mission statement (landing and mission pages).
    statement: Option<&'a str>,
    event: Option<CardEvent>,
    campaign: Option<CardCampaign>,
}

/// Logos are drawn this high, and at most this wide.
const LOGO_HEIGHT: f64 = 64.0;
const LOGO_MAX_WIDTH: f64 = 400.0;
/// A logo this many times wider than high is a wordmark.
const WORDMARK_ASPECT: f64 = 2.2;

const DEFAULT_PRIMARY: Color = Color([0x1f, 0x29, 0x37]);
const DEFAULT_ACCENT: Color = Color([0xf5, 0xc4, 0x51]);

fn kind_of(site: &Site, p: &PageRef) -> &'static str {
    let bp = &site.config.base_path;
    if p.url == bp {
        return "home";
    }
    if p.url == format!("{bp}impact/") {
        return "impact";
    }
    p.page.map_or("page", |p| rally_core::model::kinds::kind(p.kind()).card)
}

/// The photo file a page's card shows, and its content key: an update's or event's first photo.
fn photo_of(page: &Page, site: &Site, images: &Images, url: &str) -> Option<(String, String)> {
    let url = crate::languages::in_default(site, url);
    crate::images::named_by(page).iter().find_map(|src| {
        let src = urls::site_url(&site.config.root_path, src);
        images.file_of(&src, &url).map(|(path, key)| (path.display().to_string(), key.clone()))
    })
}

/// The card template's data for a page, and the content keys of the files it shows.
fn data<'a>(
    site: &'a Site,
    p: &PageRef<'a>,
    images: &Images,
    setup: &Setup,
    templates: &crate::templates::Templates,
) -> (CardData<'a>, String) {
    let c = &site.config;
    let primary = c.brand.primary.unwrap_or(DEFAULT_PRIMARY);
    let (white, dark) = (Color([255, 255, 255]), Color([0x11, 0x11, 0x11]));
    let on_primary = if primary.contrast(white) >= primary.contrast(dark) { white } else { dark };
    let kind = kind_of(site, p);
    let lang = p.page.and_then(|pg| pg.lang.as_deref()).unwrap_or(&c.language);
    let mut inputs = String::new();
    let photo = match (kind, p.page) {
        ("update" | "event", Some(page)) => photo_of(page, site, images, p.url),
        _ => None,
    };
    let photo = photo.map(|(path, key)| {
        inputs.push_str(&key);
        path
    });
    let logo = setup.logo.as_ref().inspect(|l| inputs.push_str(&l.key));
    let aspect = logo.map_or(1.0, |l| l.aspect);
    let logo_width = (LOGO_HEIGHT * aspect).min(LOGO_MAX_WIDTH);
    let (logo_width, logo_height) = (logo_width.round() as u32, (logo_width / aspect).round() as u32);
    // the card is in the language of the page's text (a page not translated yet is in the
    // default language's), its numbers and dates too; right-to-left ones embedded as such
    let f = rally_core::format::Formatter::for_lang(lang);
    let dir = rally_core::format::direction(lang);
    let bidi = |s: String| if dir == "rtl" { super::wrap::right_to_left(&s) } else { s };
    let goals = match kind {
        "mission" | "impact" => site
            .goals
            .iter()
            .filter_map(|g| {
                Some(CardGoal {
                    label: rally_core::format::smarten(&g.def.label, lang),
                    percent: g.percent?,
                    percent_display: bidi(f.percent(f64::from(g.percent?) / 100.0)),
                    current_display: g.current.map(|v| bidi(f.amount(v, g.def.unit.as_deref(), g.def.format))),
                    target_display: bidi(f.amount(g.def.target, g.def.unit.as_deref(), g.def.format)),
                })
            })
            .take(3)
            .collect(),
        _ => Vec::new(),
    };
    let metrics = match (kind, p.page) {
        ("report", Some(page)) => crate::views::metrics_of(site, page)
            .into_iter()
            .take(3)
            .map(|m| CardMetric { label: m.label, value_display: m.value_display, unit: m.unit })
            .collect(),
        _ => Vec::new(),
    };
    let words = crate::phrases::Words::new(&templates.strings, lang);
    let event = p.page.and_then(|pg| Some((pg, pg.event()?))).map(|(pg, e)| {
        let v = crate::views::event_view(site, &words, pg, e);
        let scheduled = e.status == rally_core::model::events::EventStatus::Scheduled;
        CardEvent {
            when_display: bidi(v.when_display),
            place: v.location.map(|l| match l.address {
                Some(a) => bidi(format!("{}, {a}", l.name)),
                None => bidi(l.name),
            }),
            status_label: (!scheduled).then(|| bidi(v.status_label)),
        }
    });
    let campaign = p.page.and_then(|pg| pg.campaign()).map(|c| {
        let v = crate::views::campaign_view(site, &words, c);
        CardCampaign {
            progress_display: bidi(v.progress_display),
            percent: v.percent,
            percent_display: bidi(f.percent(f64::from(v.percent) / 100.0)),
            time_left: v.time_left.map(bidi),
        }
    });
    let statement = match kind {
        "home" | "mission" => site.page_by_kind(site.mission).and_then(|m| m.mission()?.statement.as_deref()),
        _ => None,
    };
    let domain = c.base_url.split("://").nth(1).unwrap_or(&c.base_url).trim_end_matches('/').to_string();
    let data = CardData {
        width: super::WIDTH,
        height: super::HEIGHT,
        font: super::fonts::FAMILY,
        serif: super::fonts::SERIF_FAMILY,
        lang,
        dir,
        kind,
        site: CardSite {
            title: &c.title,
            domain,
            primary: primary.hex(),
            accent: c.brand.accent.unwrap_or(DEFAULT_ACCENT).hex(),
            on_primary: on_primary.hex(),
            background: templates.background.hex(),
            logo: logo.map(|l| l.path.display().to_string()),
            logo_width,
            logo_height,
            logo_wordmark: aspect >= WORDMARK_ASPECT,
        },
        page: CardPage {
            title: p.title,
            description: p.description,
            date_display: p.page.and_then(|pg| pg.date).map(|d| bidi(f.date(d.day()))),
        },
        photo,
        goals,
        metrics,
        statement: statement.or((kind == "home").then_some(c.description.as_str()).filter(|s| !s.is_empty())),
        event,
        campaign,
    };
    (data, inputs)
}

/// Fills `card.svg` for a page: the card to draw and the picture its meta tags name.
pub fn card(
    site: &Site,
    p: &PageRef,
    images: &Images,
    setup: &Setup,
    templates: &crate::templates::Templates,
) -> Result<(Pending, ShareImage), rally_core::error::Diagnostic> {
    let (data, inputs) = data(site, p, images, setup, templates);
    let template_error = |e: &dyn std::fmt::Display| {
        rally_core::error::Diagnostic::error(format!("templates/{}", super::TEMPLATE), 0, 0, e.to_string())
    };
    let key = setup.key(&serde_json::to_vec(&data).map_err(|e| template_error(&e))?, &inputs);
    let svg = if setup.is_drawn(&key) {
        None
    } else {
        let ctx = tera::Context::from_serialize(&data).map_err(|e| template_error(&e))?;
        Some(templates.render(super::TEMPLATE, &ctx)?)
    };
    let out = super::card_path(&site.config.base_path, p.url);
    let shown = p.page.map_or_else(|| p.url.to_string(), |pg| pg.display.display().to_string());
    Ok((Pending { out, key, svg, shown }, image(site, p)))
}

/// The picture the card of page `p` is, for its meta tags (and those of pages that share it).
pub fn image(site: &Site, p: &PageRef) -> ShareImage {
    let out = super::card_path(&site.config.base_path, p.url);
    ShareImage {
        // written under the language's folder (`fr/...`), like the page itself
        url: crate::seo::absolute(site, &format!("/{}{out}", site.config.current_language().prefix)),
        width: super::WIDTH,
        height: super::HEIGHT,
        mime: "image/png",
        alt: alt_text(site, p),
    }
}

/// The card's text alternative: what it says.
fn alt_text(site: &Site, p: &PageRef) -> String {
    if p.url == site.config.base_path {
        format!("{}: {}", site.config.title, p.description)
    } else {
        format!("{} — {}", p.title, site.config.title)
    }
}
