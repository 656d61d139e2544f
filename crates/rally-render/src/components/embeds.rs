//! Embeds that keep working under the site's policy: `donate`, `signup` and `map`. Each renders a
//! plain link (or, for `signup`, a plain HTML form) that works without JavaScript and loads nothing
//! from the provider; a frame (the map, a Donorbox form) comes only after a click, swapped in by
//! the theme's `embed.js`. [`hosts`] names what a call needs in the page's policy, which
//! `_headers` gives that page alone (see [`crate::publishing`]).

use super::parse::{Arg, Call};
use crate::phrases::Words;
use rally_core::format::escape_html;

/// A provider of a component: its name, the arguments it needs and may take (beside `provider`
/// and `label`).
struct Provider {
    component: &'static str,
    name: &'static str,
    needs: &'static [&'static str],
}

const PROVIDERS: [Provider; 7] = [
    Provider { component: "donate", name: "donorbox", needs: &["campaign"] },
    Provider { component: "donate", name: "every.org", needs: &["nonprofit"] },
    Provider { component: "donate", name: "stripe", needs: &["url"] },
    Provider { component: "donate", name: "paypal", needs: &["url"] },
    Provider { component: "signup", name: "buttondown", needs: &["list"] },
    Provider { component: "signup", name: "mailchimp", needs: &["action"] },
    Provider { component: "signup", name: "listmonk", needs: &["url", "list"] },
];

/// The arguments of `donate` and `signup` (`BUILTIN` checks them against these first).
pub(super) const DONATE_ARGS: &[&str] = &["provider", "?campaign", "?nonprofit", "?url", "?label"];
pub(super) const SIGNUP_ARGS: &[&str] = &["provider", "?list", "?action", "?url", "?label"];
pub(super) const MAP_ARGS: &[&str] = &["?lat", "?lon", "?zoom", "label"];

const OSM: &str = "https://www.openstreetmap.org";

fn text<'c>(call: &'c Call, key: &str) -> Option<&'c str> {
    call.args
        .iter()
        .find(|(k, _)| k == key)
        .and_then(|(_, v)| if let Arg::Str(s) = v { Some(s.as_str()) } else { None })
}

/// The provider a `donate` or `signup` call names, its arguments checked: an unknown provider, a
/// missing argument, an argument of another provider, a name that is not one, or an address
/// that is not https is an error that lists what fits.
fn provider(call: &Call) -> Result<&'static Provider, String> {
    let name = text(call, "provider").unwrap_or_default();
    let ours: Vec<&Provider> = PROVIDERS.iter().filter(|p| p.component == call.name).collect();
    let Some(p) = ours.iter().find(|p| p.name == name) else {
        let names: Vec<String> = ours.iter().map(|p| format!("`{}`", p.name)).collect();
        return Err(format!("no {} provider `{name}`: the providers are {}", call.name, names.join(", ")));
    };
    let how = |p: &Provider| p.needs.iter().map(|a| format!("{a}=\"...\"")).collect::<Vec<_>>().join(", ");
    for (k, _) in &call.args {
        if k != "provider" && k != "label" && !p.needs.contains(&k.as_str()) {
            return Err(format!(
                "`{k}` is not an argument of `{}` with provider `{name}`: it takes {} and an optional label=\"...\"",
                call.name,
                how(p)
            ));
        }
    }
    for need in p.needs {
        let value = text(call, need).unwrap_or_default();
        if value.trim().is_empty() {
            return Err(format!("`{}(provider=\"{name}\")` needs {}", call.name, how(p)));
        }
        if *need == "url" || *need == "action" {
            https_url(value).map_err(|why| format!("`{need}` of `{}`: {why}", call.name))?;
        } else if !value.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')) {
            return Err(format!(
                "`{need}` of `{}` is `{value}`: give the name as the provider writes it in its addresses (letters, digits, `-`, `_`, `.`)",
                call.name
            ));
        }
    }
    Ok(p)
}

/// An `https://` address with a host, else why not.
fn https_url(url: &str) -> Result<&str, String> {
    let host = url.strip_prefix("https://").map(|r| r.split(['/', '?', '#']).next().unwrap_or_default());
    match host {
        Some(h) if !h.is_empty() && !h.contains(['"', '<', '>', ' ', '\'', '@']) => Ok(h),
        _ => Err(format!("`{url}` is not an https:// address: a donation or sign-up page must be served over https")),
    }
}

/// The sources a call adds to its page's policy, as (directive, source); none for a call in
/// error (reported when it is rendered) and for providers that are a link only.
pub fn hosts(call: &Call) -> Vec<(&'static str, String)> {
    if call.name == "map" {
        return vec![("frame-src", OSM.to_string())];
    }
    if call.name != "donate" && call.name != "signup" {
        return Vec::new();
    }
    let Ok(p) = provider(call) else { return Vec::new() };
    let host_of = |key| text(call, key).and_then(|u| https_url(u).ok()).map(|h| format!("https://{h}"));
    match p.name {
        "donorbox" => vec![("frame-src", "https://donorbox.org".to_string())],
        "buttondown" => vec![("form-action", "https://buttondown.com".to_string())],
        "mailchimp" => host_of("action").map(|h| vec![("form-action", h)]).unwrap_or_default(),
        "listmonk" => host_of("url").map(|h| vec![("form-action", h)]).unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// A button, hidden until `embed.js` shows it, that swaps in the frame at `src`.
fn load_button(src: &str, title: &str, label: &str) -> String {
    format!(
        "<button type=\"button\" class=\"embed-load\" data-embed-src=\"{}\" data-embed-title=\"{}\" hidden>{}</button>",
        escape_html(src),
        escape_html(title),
        escape_html(label)
    )
}

pub(super) fn donate(words: &Words, call: &Call) -> Result<String, String> {
    let p = provider(call)?;
    let label = text(call, "label").map_or_else(|| words.say("donate_label", &[]), str::to_string);
    let arg = |k| text(call, k).unwrap_or_default();
    let (href, frame) = match p.name {
        "donorbox" => (
            format!("https://donorbox.org/{}", arg("campaign")),
            Some(format!("https://donorbox.org/embed/{}", arg("campaign"))),
        ),
        "every.org" => (format!("https://www.every.org/{}#/donate", arg("nonprofit")), None),
        _ => (arg("url").to_string(), None),
    };
    let button =
        frame.map_or(String::new(), |src| format!("\n{}", load_button(&src, &label, &words.say("donate_here", &[]))));
    Ok(format!(
        "<div class=\"component component-donate\" data-provider=\"{}\">\n<a class=\"button donate-link\" href=\"{}\">{}</a>{button}\n</div>\n",
        p.name,
        escape_html(&href),
        escape_html(&label)
    ))
}

pub(super) fn signup(words: &Words, call: &Call) -> Result<String, String> {
    let p = provider(call)?;
    let arg = |k| text(call, k).unwrap_or_default();
    let (action, field, hidden, page) = match p.name {
        "buttondown" => (
            format!("https://buttondown.com/api/emails/embed-subscribe/{}", arg("list")),
            "email",
            String::new(),
            format!("https://buttondown.com/{}", arg("list")),
        ),
        "mailchimp" => (
            "".to_string() + arg("action"),
            "EMAIL",
            String::new(),
            arg("action").replacen("/subscribe/post", "/subscribe", 1),
        ),
        _ => {
            let base = arg("url").trim_end_matches('/');
            let list = escape_html(arg("list"));
            (
                format!("{base}/subscription/form"),
                "email",
                format!("\n<input type=\"hidden\" name=\"l\" value=\"{list}\">"),
                format!("{base}/subscription/form"),
            )
        }
    };
    let id = format!("signup-{}-{}", call.line, call.col);
    let label = text(call, "label").map_or_else(|| words.say("signup_label", &[]), str::to_string);
    Ok(format!(
        "<form class=\"component component-signup\" data-provider=\"{name}\" action=\"{action}\" method=\"post\">\n\
         <label for=\"{id}\">{email}</label>\n<input type=\"email\" id=\"{id}\" name=\"{field}\" autocomplete=\"email\" required>{hidden}\n\
         <button type=\"submit\">{label}</button>\n<a class=\"signup-link\" href=\"{page}\">{elsewhere}</a>\n</form>\n",
        name = p.name,
        action = escape_html(&action),
        email = escape_html(&words.say("signup_email", &[])),
        label = escape_html(&label),
        page = escape_html(&page),
        elsewhere = escape_html(&words.say("signup_elsewhere", &[])),
    ))
}

/// A number argument of `map` in `range`, given as a number or as text.
fn coordinate(call: &Call, key: &str, range: std::ops::RangeInclusive<f64>, example: &str) -> Result<f64, String> {
    let value = match call.args.iter().find(|(k, _)| k == key).map(|(_, v)| v) {
        Some(Arg::Num(n)) => Some(*n),
        Some(Arg::Str(s)) => s.trim().parse::<f64>().ok(),
        Some(Arg::Bool(_)) => None,
        None => return Err(format!("`map` needs `{key}={example}`: it takes lat, lon, zoom and label")),
    };
    value.filter(|v| range.contains(v)).ok_or_else(|| {
        format!("`{key}` of `map` must be a number from {} to {}, like `{key}={example}`", range.start(), range.end())
    })
}

pub(super) fn map(words: &Words, call: &Call) -> Result<String, String> {
    let lat = coordinate(call, "lat", -90.0..=90.0, "51.5")?;
    let lon = coordinate(call, "lon", -180.0..=180.0, "-0.12")?;
    let zoom = if call.args.iter().any(|(k, _)| k == "zoom") {
        coordinate(call, "zoom", 1.0..=19.0, "15")?.round()
    } else {
        15.0
    };
    let label = text(call, "label").unwrap_or_default();
    // the frame shows about the area of the zoom level around the marker
    let half = 180.0 / 2f64.powf(zoom);
    let (lat5, lon5) = (format!("{lat:.5}"), format!("{lon:.5}"));
    let link = format!("{OSM}/?mlat={lat5}&mlon={lon5}#map={zoom}/{lat5}/{lon5}");
    let frame = format!(
        "{OSM}/export/embed.html?bbox={:.5}%2C{:.5}%2C{:.5}%2C{:.5}&layer=mapnik&marker={lat5}%2C{lon5}",
        lon - half,
        lat - half / 2.0,
        lon + half,
        lat + half / 2.0
    );
    Ok(format!(
        "<div class=\"component component-map\">\n<a class=\"map-link\" href=\"{}\">{} — {}</a>\n{}\n</div>\n",
        escape_html(&link),
        escape_html(label),
        escape_html(&words.say("map_open", &[])),
        load_button(&frame, label, &words.say("map_show", &[]))
    ))
}

/// The script that swaps a button for its frame, for the head of a page with one.
pub fn embed_script(html: &str, root_path: &str) -> Option<String> {
    let src = format!("{root_path}embed.js");
    (html.contains("class=\"embed-load\"") && !html.contains(&src))
        .then(|| format!("<script src=\"{src}\" defer></script>\n"))
}
