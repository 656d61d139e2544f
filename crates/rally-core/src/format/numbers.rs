//! Amounts as a language writes them: money (a unit that is an ISO 4217 currency code), percent
//! (`%`) and the short compact form (`762M`, `762 M`, `762 Mio.`), from CLDR's patterns for the
//! languages themes ship strings for; other languages are written like English.

use super::Formatter;

/// How a goal, metric or campaign writes its numbers: in full (`2,650,000`) or compact (`2.65M`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NumberFormat {
    #[default]
    Full,
    Compact,
}

/// The currencies Rally writes with a symbol: (ISO 4217 code, symbol, digits after the
/// separator). Any other code of three capital letters is written with the code itself.
const CURRENCIES: &[(&str, &str, i16)] = &[
    ("USD", "$", 2),
    ("EUR", "€", 2),
    ("GBP", "£", 2),
    ("JPY", "¥", 0),
    ("CNY", "CN¥", 2),
    ("INR", "₹", 2),
    ("CAD", "CA$", 2),
    ("AUD", "A$", 2),
    ("NZD", "NZ$", 2),
    ("BRL", "R$", 2),
    ("MXN", "MX$", 2),
    ("ILS", "₪", 2),
    ("KRW", "₩", 0),
    ("NGN", "₦", 2),
    ("PHP", "₱", 2),
    ("VND", "₫", 0),
    ("UAH", "₴", 2),
    ("CHF", "CHF", 2),
    ("KES", "KSh", 2),
    ("ZAR", "R", 2),
    ("SEK", "kr", 2),
    ("NOK", "kr", 2),
    ("DKK", "kr", 2),
    ("PLN", "zł", 2),
];

/// Is `unit` an ISO 4217 currency code (`USD`, `EUR`): three capital ASCII letters?
pub fn is_currency(unit: &str) -> bool {
    unit.len() == 3 && unit.bytes().all(|b| b.is_ascii_uppercase())
}

/// Where a language puts a currency symbol: before the number (`$5`, `€ 5`) or after (`5 €`).
enum Place {
    Before,
    BeforeSpaced,
    After,
}

fn place(language: &str) -> Place {
    match language {
        "en" | "ja" | "zh" | "ko" | "hi" | "sw" | "th" => Place::Before,
        "nl" | "pt" => Place::BeforeSpaced,
        _ => Place::After,
    }
}

/// The symbol of `code` in `language` (`$US` in French, `US$` where `$` alone would be read as
/// another dollar).
fn symbol(code: &str, language: &str) -> (String, i16) {
    let Some(&(_, sym, digits)) = CURRENCIES.iter().find(|(c, ..)| *c == code) else {
        return (code.to_string(), 2);
    };
    let sym = match (code, language) {
        ("USD", "fr") => "$US",
        ("USD", "es" | "pt" | "nl" | "ar" | "he" | "sw") => "US$",
        ("CAD", "fr") => "$CA",
        ("AUD", "fr") => "$AU",
        _ => sym,
    };
    (sym.to_string(), digits)
}

/// The short compact suffixes of a language for thousands, millions, billions and trillions, and
/// whether a space comes between the number and the suffix. `None` for thousands a language does
/// not shorten (German writes `1234`).
fn compact_suffixes(language: &str) -> ([Option<&'static str>; 4], bool) {
    match language {
        "fr" => ([Some("k"), Some("M"), Some("Md"), Some("Bn")], true),
        "de" => ([None, Some("Mio."), Some("Mrd."), Some("Bio.")], true),
        "es" => ([Some("mil"), Some("M"), Some("mil M"), Some("B")], true),
        "pt" => ([Some("mil"), Some("mi"), Some("bi"), Some("tri")], true),
        "it" => ([None, Some("Mln"), Some("Mrd"), Some("Bln")], true),
        "nl" => ([Some("K"), Some("mln."), Some("mld."), Some("bln.")], true),
        "ar" => ([Some("ألف"), Some("مليون"), Some("مليار"), Some("ترليون")], true),
        _ => ([Some("K"), Some("M"), Some("B"), Some("T")], false),
    }
}

impl Formatter {
    /// A value with its unit, in full or compact: `1,810 km`; `$2,650,000` or `$2.65M` (unit
    /// `USD`); `80%` (unit `%`); `762M`. In English a unit ending in `s` loses it for exactly one
    /// (`1 volunteer`).
    pub fn amount(&self, v: f64, unit: Option<&str>, format: NumberFormat) -> String {
        let unit = unit.map(str::trim).filter(|u| !u.is_empty());
        let language = self.language().to_string();
        match unit {
            Some("%") => self.percent_of(v),
            Some(code) if is_currency(code) => {
                let (sym, digits) = symbol(code, &language);
                let n = match format {
                    NumberFormat::Compact if v.abs() >= 1000.0 => self.compact(v),
                    _ if v.fract() == 0.0 => self.number_fixed(v, 0),
                    _ => self.number_fixed(v, digits),
                };
                let (n, neg) = match n.strip_prefix('-') {
                    Some(rest) => (rest.to_string(), "-"),
                    None => (n, ""),
                };
                match place(&language) {
                    Place::Before => format!("{neg}{sym}{n}"),
                    Place::BeforeSpaced => format!("{neg}{sym}\u{a0}{n}"),
                    Place::After if n.ends_with(|c: char| c.is_alphabetic()) && !n.ends_with('.') => {
                        format!("{neg}{n}{sym}")
                    }
                    Place::After => format!("{neg}{n}\u{a0}{sym}"),
                }
            }
            unit => {
                let n = match format {
                    NumberFormat::Compact => self.compact(v),
                    NumberFormat::Full => self.number(v),
                };
                match unit {
                    None => n,
                    Some(u) if language == "en" && v == 1.0 && singular_drops_s(u) => {
                        format!("{n} {}", &u[..u.len() - 1])
                    }
                    Some(u) => format!("{n} {u}"),
                }
            }
        }
    }

    /// A value as it stands beside its unit written once elsewhere ("42.5 of 120 km"): the number
    /// alone for a unit that is a word, the whole amount for money and percent (`$1.2M of $2.65M`).
    pub fn figure(&self, v: f64, unit: Option<&str>, format: NumberFormat) -> String {
        match unit.map(str::trim) {
            Some(u) if u == "%" || is_currency(u) => self.amount(v, Some(u), format),
            _ => self.amount(v, None, format),
        }
    }

    /// A value with its unit, in full: [`Formatter::amount`].
    pub fn quantity(&self, v: f64, unit: Option<&str>) -> String {
        self.amount(v, unit, NumberFormat::Full)
    }

    /// The short compact form of a number: at most three significant digits and the language's
    /// suffix (`762M`, `2.65M`, `12.4K`, `762 M` in French); numbers under a thousand in full.
    pub fn compact(&self, v: f64) -> String {
        let (suffixes, spaced) = compact_suffixes(self.language());
        let mut scaled = v;
        let mut step = 0;
        while scaled.abs() >= 1000.0 && step < 4 {
            scaled /= 1000.0;
            step += 1;
        }
        // 999,950 rounds to 1000K: write it as 1M
        if step > 0 && step < 4 && round_significant(scaled).abs() >= 1000.0 {
            scaled /= 1000.0;
            step += 1;
        }
        let Some(suffix) = (step > 0).then(|| suffixes[step - 1]).flatten() else {
            return if step == 1 { self.number(v.round()) } else { self.number(v) };
        };
        let n = self.number(round_significant(scaled));
        if spaced { format!("{n}\u{a0}{suffix}") } else { format!("{n}{suffix}") }
    }
}

/// `v` rounded to three significant digits (at most two decimals).
fn round_significant(v: f64) -> f64 {
    let decimals = if v.abs() >= 100.0 {
        0
    } else if v.abs() >= 10.0 {
        1
    } else {
        2
    };
    let p = 10f64.powi(decimals);
    (v * p).round() / p
}

fn singular_drops_s(u: &str) -> bool {
    u.len() > 3 && u.ends_with('s') && !["ss", "us", "is", "ies"].iter().any(|e| u.ends_with(e))
}
