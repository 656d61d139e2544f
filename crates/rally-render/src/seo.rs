//! What search engines and social networks read: page meta (title, description, canonical, Open
//! Graph, Twitter card) and JSON-LD (Organization/NGO everywhere, FAQPage, Article).

use serde::Serialize;
use serde_json::{Value, json};

use rally_core::model::kinds::{self, Schema};
use rally_core::model::page::Page;
use rally_core::model::{Site, urls};

#[derive(Serialize)]
pub struct Meta {
    /// The full `<title>`.
    pub title: String,
    pub description: String,
    pub canonical: String,
    /// `website` or `article`.
    pub og_type: &'static str,
    /// The picture the page is shared with (absolute URL): its share card or its photo's share
    /// crop (see `crate::cards`); with cards off, the page's image, else the site's logo.
    pub image: Option<String>,
    pub image_alt: Option<String>,
    /// Size and media type of `image`, when known (cards and share crops).
    pub image_width: Option<u32>,
    pub image_height: Option<u32>,
    pub image_type: Option<&'static str>,
    /// The Twitter card: `summary_large_image` for a card or a page with its own image, else
    /// `summary` (a logo is no large picture).
    pub card: &'static str,
    /// The site's Mastodon profile, for `rel="me"` and `fediverse:creator`.
    pub fediverse: Option<Fediverse>,
    /// The JSON-LD script body, already safe to put inside `<script type="application/ld+json">`.
    pub json_ld: String,
    /// Plain share links for the page (no third-party scripts).
    pub share: Vec<ShareLink>,
}

#[derive(Serialize)]
pub struct Fediverse {
    /// The profile URL.
    pub url: String,
    /// `@name@host`.
    pub creator: String,
}

#[derive(Serialize)]
pub struct ShareLink {
    pub name: &'static str,
    pub url: String,
}

/// Percent-encodes a query value.
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn share_links(title: &str, url: &str) -> Vec<ShareLink> {
    let (t, u) = (encode_component(title), encode_component(url));
    vec![
        ShareLink { name: "Email", url: format!("mailto:?subject={t}&body={u}") },
        ShareLink { name: "Bluesky", url: format!("https://bsky.app/intent/compose?text={t}%20{u}") },
        ShareLink { name: "LinkedIn", url: format!("https://www.linkedin.com/sharing/share-offsite/?url={u}") },
        ShareLink { name: "Facebook", url: format!("https://www.facebook.com/sharer/sharer.php?u={u}") },
        ShareLink { name: "X", url: format!("https://x.com/intent/post?text={t}&url={u}") },
    ]
}

/// The schema.org organisation, with `sameAs` from the social links.
pub fn organization(site: &Site) -> Value {
    let c = &site.config;
    let mut org = json!({
        "@type": c.organization.kind,
        "@id": format!("{}#organization", c.root_url),
        "name": c.title,
        "url": c.root_url,
    });
    if let Some(l) = &c.organization.legal_name {
        org["legalName"] = json!(l);
    }
    if !c.description.is_empty() {
        org["description"] = json!(c.description);
    }
    if let Some(logo) = &c.brand.logo {
        org["logo"] = json!(absolute(site, logo));
    }
    if let Some(e) = &c.organization.email {
        org["email"] = json!(e);
    }
    if let Some(f) = &c.organization.founded {
        org["foundingDate"] = json!(f);
    }
    if !c.social.is_empty() {
        org["sameAs"] = json!(c.social.iter().map(|(_, u)| u).collect::<Vec<_>>());
    }
    org
}

/// An absolute URL for a site link (for meta tags), from the site's root (where its files are).
pub fn absolute(site: &Site, link: &str) -> String {
    let c = &site.config;
    let u = urls::site_url(&c.root_path, link);
    if u.starts_with('/') { urls::permalink(&c.root_url, &c.root_path, &u) } else { u }
}

/// The absolute URL of the page at `url` (a URL path of this language) in the language `lang`.
pub fn in_language(site: &Site, url: &str, lang: &rally_core::languages::Language) -> String {
    let c = &site.config;
    urls::permalink(&c.root_url, &c.root_path, &super::languages::path_in(site, url, &lang.prefix))
}

fn faq_page(site: &Site, page: &Page) -> Value {
    let items: Vec<Value> = page
        .md
        .sections
        .iter()
        .map(|s| json!({"@type": "Question", "name": s.title, "acceptedAnswer": {"@type": "Answer", "text": s.html.trim()}}))
        .collect();
    json!({"@type": "FAQPage", "@id": format!("{}#faq", site.permalink(page)), "mainEntity": items})
}

fn article(site: &Site, page: &Page) -> Value {
    let mut a = json!({
        "@type": "Article",
        "headline": page.title,
        "url": site.permalink(page),
        "mainEntityOfPage": site.permalink(page),
        "author": {"@id": format!("{}#organization", site.config.root_url)},
        "publisher": {"@id": format!("{}#organization", site.config.root_url)},
    });
    let people: Vec<Value> = page.authors.iter().filter_map(|k| site.author(k)).map(|a| person(site, a)).collect();
    if !people.is_empty() {
        a["author"] = if people.len() == 1 { people[0].clone() } else { Value::Array(people) };
    }
    if let Some(d) = page.date {
        a["datePublished"] = json!(d.rfc3339());
        a["dateModified"] = json!(page.updated.unwrap_or(d).rfc3339());
    }
    if let Some(d) = page.teaser() {
        a["description"] = json!(d);
    }
    if let Some(i) = &page.image {
        a["image"] = json!(absolute(site, i));
    }
    if !page.tags.is_empty() {
        a["keywords"] = json!(page.tags.join(", "));
    }
    a
}

/// An author as a schema.org Person: their page on the site, and their own website and photo.
fn person(site: &Site, a: &rally_core::config::Author) -> Value {
    let page = super::views::author_permalink(site, &a.key);
    let mut p = json!({"@type": "Person", "@id": format!("{page}#person"), "name": a.name, "url": page});
    if let Some(u) = &a.url {
        p["sameAs"] = json!(u);
    }
    if let Some(i) = &a.avatar {
        p["image"] = json!(absolute(site, i));
    }
    p
}

/// The impact data as a schema.org Dataset, with the JSON and CSV files as its distributions.
fn dataset(site: &Site, strings: &super::strings::Strings, canonical: &str) -> Value {
    use super::impact_data::{CSV_PATH, JSON_PATH};
    let c = &site.config;
    let words = super::phrases::Words::new(strings, &c.language);
    let dates: Vec<_> = site.reports.iter().filter_map(|&i| site.pages[i].date).collect();
    let mut d = json!({
        "@type": "Dataset",
        "@id": format!("{canonical}#dataset"),
        "name": words.say("dataset_name", &[("site", c.title.clone())]),
        "description": words.say("dataset_description", &[("site", c.title.clone())]),
        "url": canonical,
        "isAccessibleForFree": true,
        "creator": {"@id": format!("{}#organization", c.root_url)},
        "publisher": {"@id": format!("{}#organization", c.root_url)},
        "variableMeasured": site.goals.iter().map(|g| g.def.label.as_str()).collect::<Vec<_>>(),
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": "application/json", "contentUrl": absolute(site, &format!("/{JSON_PATH}"))},
            {"@type": "DataDownload", "encodingFormat": "text/csv", "contentUrl": absolute(site, &format!("/{CSV_PATH}"))},
        ],
    });
    // reports are newest first
    if let (Some(newest), Some(oldest)) = (dates.first(), dates.last()) {
        d["dateModified"] = json!(newest.iso_day());
        d["temporalCoverage"] = json!(format!("{}/{}", oldest.iso_day(), newest.iso_day()));
    }
    d
}

/// A schema.org Event, with its status, attendance mode, place and organiser.
fn event(site: &Site, page: &Page, e: &rally_core::model::events::EventData) -> Value {
    use rally_core::model::events::EventStatus;
    let (start, end) = e.datetimes();
    let status = match e.status {
        EventStatus::Scheduled => "EventScheduled",
        EventStatus::Cancelled => "EventCancelled",
        EventStatus::Postponed => "EventPostponed",
        EventStatus::MovedOnline => "EventMovedOnline",
    };
    let mode = match e.attendance() {
        "mixed" => "MixedEventAttendanceMode",
        "online" => "OnlineEventAttendanceMode",
        _ => "OfflineEventAttendanceMode",
    };
    let mut places = Vec::new();
    if let Some(l) = e.location.as_ref().filter(|_| e.status != EventStatus::MovedOnline) {
        let mut place = json!({"@type": "Place", "name": l.name});
        if let Some(a) = &l.address {
            place["address"] = json!(a);
        }
        places.push(place);
    }
    if let Some(u) = &e.online_url {
        places.push(json!({"@type": "VirtualLocation", "url": u}));
    }
    let mut ev = json!({
        "@type": "Event",
        "name": page.title,
        "url": site.permalink(page),
        "startDate": start,
        "eventStatus": format!("https://schema.org/{status}"),
        "eventAttendanceMode": format!("https://schema.org/{mode}"),
        "organizer": {"@id": format!("{}#organization", site.config.root_url)},
    });
    if let Some(end) = end {
        ev["endDate"] = json!(end);
    }
    match places.len() {
        0 => {}
        1 => ev["location"] = places.remove(0),
        _ => ev["location"] = json!(places),
    }
    if let Some(d) = page.teaser() {
        ev["description"] = json!(d);
    }
    if let Some(i) = &page.image {
        ev["image"] = json!(absolute(site, i));
    }
    if let Some(r) = &e.registration_url {
        ev["offers"] =
            json!({"@type": "Offer", "url": absolute(site, r), "availability": "https://schema.org/InStock"});
    }
    ev
}

/// JSON for an inline script: `<`, `>` and `&` escaped so no `</script>` can close it.
pub fn script_json(v: &Value) -> String {
    v.to_string().replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

/// Meta for a page (or, with `page: None`, for a generated list page with the given title).
pub fn meta(
    site: &Site,
    strings: &super::strings::Strings,
    page: Option<&Page>,
    title: &str,
    description: Option<&str>,
    url: &str,
    share: Option<crate::cards::ShareImage>,
) -> Meta {
    let c = &site.config;
    let full_title = if url == c.base_path { c.title.clone() } else { format!("{title} — {}", c.title) };
    let description = description.filter(|d| !d.is_empty()).unwrap_or(&c.description).to_string();
    // a page not translated yet is the original's copy: search engines are sent to the original
    let canonical = match page.and_then(|p| p.lang.as_deref()) {
        Some(_) => in_language(site, url, c.default_language()),
        None => urls::permalink(&c.base_url, &c.base_path, url),
    };
    let mut graph = vec![organization(site)];
    let schema = page.map(|p| kinds::kind(p.kind()).schema);
    let is_article = schema == Some(Schema::Article);
    match page {
        Some(p) if schema == Some(Schema::FaqPage) => graph.push(faq_page(site, p)),
        Some(p) if is_article => graph.push(article(site, p)),
        Some(p) if p.campaign().is_some() => {
            let mut web = json!({"@type": "WebPage", "name": full_title, "url": canonical, "description": description});
            if let Some(c) = p.campaign()
                && let Some(cta) = &c.cta
            {
                // schema.org's actions: giving is a DonateAction; signing and pledging are joining in
                let kind = match c.kind {
                    rally_core::model::campaigns::CampaignKind::Fundraiser => "DonateAction",
                    _ => "JoinAction",
                };
                web["potentialAction"] = json!({
                    "@type": kind,
                    "name": cta.label,
                    "target": absolute(site, &cta.url),
                });
            }
            graph.push(web);
        }
        Some(p) if p.event().is_some() => {
            graph.push(json!({"@type": "WebPage", "name": full_title, "url": canonical, "description": description}));
            if let Some(e) = p.event() {
                graph.push(event(site, p, e));
            }
        }
        _ if *url == format!("{}impact/", c.base_path) => {
            graph.push(json!({"@type": "WebPage", "name": full_title, "url": canonical, "description": description}));
            graph.push(dataset(site, strings, &canonical));
        }
        _ => graph.push(json!({"@type": "WebPage", "name": full_title, "url": canonical, "description": description})),
    }
    let text_lang = page.and_then(|p| p.lang.as_deref()).unwrap_or(&c.language);
    for node in graph.iter_mut().skip(1) {
        node["inLanguage"] = json!(text_lang);
    }
    let large = share.is_some() || page.is_some_and(|p| p.image.is_some());
    let (image, image_alt, size) = match share {
        Some(s) => (Some(s.url), Some(s.alt), Some((s.width, s.height, s.mime))),
        None => (
            page.and_then(|p| p.image.as_deref()).or(c.brand.logo.as_deref()).map(|i| absolute(site, i)),
            page.and_then(|p| p.image.as_ref().and(p.image_alt.clone())),
            None,
        ),
    };
    let fediverse =
        c.social.iter().find(|(name, _)| name == "mastodon").and_then(|(_, u)| {
            Some(Fediverse { creator: rally_core::config::mastodon_handle(u)?, url: u.to_string() })
        });
    Meta {
        share: if is_article { share_links(title, &canonical) } else { Vec::new() },
        title: full_title,
        description,
        og_type: if is_article { "article" } else { "website" },
        card: if large { "summary_large_image" } else { "summary" },
        image,
        image_alt,
        image_width: size.map(|s| s.0),
        image_height: size.map(|s| s.1),
        image_type: size.map(|s| s.2),
        fediverse,
        json_ld: script_json(&json!({"@context": "https://schema.org", "@graph": graph})),
        canonical,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_the_script() {
        let s = script_json(&json!({"a": "</script><b>&"}));
        assert!(!s.contains("</script>") && !s.contains('&') && !s.contains('<'));
    }

    #[test]
    fn encodes_components() {
        assert_eq!(encode_component("a b&c/é"), "a%20b%26c%2F%C3%A9");
    }
}
