//! The template helpers that write for a language: the filters `number`, `percent`,
//! `quantity(unit=...)` and `date`, and the function `t(key=..., count=...)`. Each takes the
//! language from a `lang=` argument, or else from the page's `lang`.

use std::rc::Rc;
use std::sync::Arc;

use tera::{Kwargs, State, Tera, TeraResult};

use super::strings::{BASE_LANG, Strings};
use rally_core::format::{Formatter, NumberFormat};

/// The language of a call: its `lang=` argument, or the context's `lang`.
fn lang_of(kwargs: &Kwargs, state: &State) -> TeraResult<String> {
    if let Some(l) = kwargs.get::<&str>("lang")? {
        return Ok(l.to_string());
    }
    Ok(state.get::<String>("lang")?.unwrap_or_else(|| BASE_LANG.to_string()))
}

fn formatter(kwargs: &Kwargs, state: &State) -> TeraResult<Rc<Formatter>> {
    Ok(Formatter::for_lang(&lang_of(kwargs, state)?))
}

/// The `format` argument of a number filter: `compact` or `full` (the default).
fn number_format(kwargs: &Kwargs) -> TeraResult<NumberFormat> {
    match kwargs.get::<&str>("format")? {
        None | Some("full") => Ok(NumberFormat::Full),
        Some("compact") => Ok(NumberFormat::Compact),
        Some(other) => {
            Err(tera::Error::message(format!("format `{other}` is not a number format: write `compact` or `full`")))
        }
    }
}

/// Registers the filters and `t()`, which reads `strings`.
pub fn register(tera: &mut Tera, strings: Arc<Strings>) {
    tera.register_filter("number", |v: f64, k: Kwargs, s: &State| -> TeraResult<String> {
        let f = formatter(&k, s)?;
        Ok(if number_format(&k)? == NumberFormat::Compact { f.compact(v) } else { f.number(v) })
    });
    // a whole percentage (`42`), as goals and campaigns give it
    tera.register_filter("percent", |v: f64, k: Kwargs, s: &State| -> TeraResult<String> {
        Ok(formatter(&k, s)?.percent(v / 100.0))
    });
    tera.register_filter("quantity", |v: f64, k: Kwargs, s: &State| -> TeraResult<String> {
        let unit = k.get::<&str>("unit")?.map(str::to_string);
        Ok(formatter(&k, s)?.amount(v, unit.as_deref(), number_format(&k)?))
    });
    tera.register_filter("date", |v: &str, k: Kwargs, s: &State| -> TeraResult<String> {
        let day = v.get(..10).and_then(|d| d.parse::<jiff::civil::Date>().ok());
        let day =
            day.ok_or_else(|| tera::Error::message(format!("`date` needs a date such as 2025-09-14, not `{v}`")))?;
        Ok(formatter(&k, s)?.date(day))
    });
    tera.register_function("t", move |k: Kwargs, s: &State| -> TeraResult<String> {
        let key = k.must_get::<&str>("key")?;
        let lang = lang_of(&k, s)?;
        let count = k.get::<f64>("count")?;
        // only numeric arguments need the language's number format
        let f = std::cell::OnceCell::new();
        let mut args = Vec::new();
        for (name, value) in k.iter() {
            let name = name.to_string();
            if matches!(name.as_str(), "key" | "lang" | "count") {
                continue;
            }
            let text = match (value.as_number(), value.as_str()) {
                (Some(n), _) => f.get_or_init(|| Formatter::for_lang(&lang)).number(n.as_float()),
                (None, Some(t)) => t.to_string(),
                (None, None) => value.to_string(),
            };
            args.push((name, text));
        }
        let args: Vec<(&str, String)> = args.iter().map(|(n, v)| (n.as_str(), v.clone())).collect();
        strings.get(&lang, key, count, &args).map_err(tera::Error::message)
    });
}
