//! Locale-aware numbers, dates and plural categories from CLDR data (ICU4X with its compiled
//! data). This is the only module that talks to ICU4X; a formatter per language is made once per
//! thread, on first use, and shared by everything that thread renders.

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use fixed_decimal::Decimal;
use icu_calendar::Gregorian;
use icu_datetime::fieldsets::{M, T, YMD, YMDE, YMDET};
use icu_datetime::input::{Date, DateTime, Time};
use icu_datetime::{FixedCalendarDateTimeFormatter, NoCalendarFormatter};
use icu_decimal::DecimalFormatter;
use icu_locale_core::Locale;
use icu_plurals::{PluralCategory, PluralRules};
use writeable::Writeable;

/// A Gregorian-calendar formatter of a field set for a locale, else for CLDR's root locale.
macro_rules! calendar_formatter {
    ($locale:expr, $fields:expr) => {
        FixedCalendarDateTimeFormatter::try_new($locale.into(), $fields)
            .or_else(|_| FixedCalendarDateTimeFormatter::try_new(Default::default(), $fields))
            .unwrap_or_else(|e| unreachable!("compiled date data: {e}"))
    };
}

/// Formats numbers, percentages, quantities and dates for one language.
pub struct Formatter {
    lang: String,
    locale: Locale,
    decimal: DecimalFormatter,
    date: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
    plurals: PluralRules,
    /// The formatters only event pages need, made on first use.
    weekday_date: OnceCell<FixedCalendarDateTimeFormatter<Gregorian, YMDE>>,
    date_time: OnceCell<FixedCalendarDateTimeFormatter<Gregorian, YMDET>>,
    time: OnceCell<NoCalendarFormatter<T>>,
    month: OnceCell<FixedCalendarDateTimeFormatter<Gregorian, M>>,
}

impl std::fmt::Debug for Formatter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Formatter").field("lang", &self.lang).finish()
    }
}

thread_local! {
    static FORMATTERS: RefCell<HashMap<String, Rc<Formatter>>> = RefCell::new(HashMap::new());
}

/// The CLDR plural category of a count, as theme strings name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plural {
    Zero,
    One,
    Two,
    Few,
    Many,
    Other,
}

impl Plural {
    /// The key of this category in a theme's strings: `zero`, `one`, `two`, `few`, `many`, `other`.
    pub fn key(self) -> &'static str {
        match self {
            Plural::Zero => "zero",
            Plural::One => "one",
            Plural::Two => "two",
            Plural::Few => "few",
            Plural::Many => "many",
            Plural::Other => "other",
        }
    }
}

impl Formatter {
    /// The formatter of a language code (`fr`, `pt-BR`), shared and made on first use. A code CLDR
    /// has no data for falls back to CLDR's root data (which formats like English without grouping
    /// rules of its own); a code that is not a language tag at all formats as `en`.
    pub fn for_lang(lang: &str) -> Rc<Formatter> {
        FORMATTERS.with(|all| {
            if let Some(f) = all.borrow().get(lang) {
                return Rc::clone(f);
            }
            let made = Rc::new(Formatter::new(lang));
            all.borrow_mut().insert(lang.to_string(), Rc::clone(&made));
            made
        })
    }

    fn new(lang: &str) -> Formatter {
        let locale = Locale::try_from_str(lang).unwrap_or(icu_locale_core::locale!("en"));
        let decimal = DecimalFormatter::try_new((&locale).into(), Default::default())
            .or_else(|_| DecimalFormatter::try_new(Default::default(), Default::default()))
            .unwrap_or_else(|e| unreachable!("compiled decimal data: {e}"));
        let date = FixedCalendarDateTimeFormatter::try_new((&locale).into(), YMD::long())
            .or_else(|_| FixedCalendarDateTimeFormatter::try_new(Default::default(), YMD::long()))
            .unwrap_or_else(|e| unreachable!("compiled date data: {e}"));
        let plurals = PluralRules::try_new_cardinal((&locale).into())
            .or_else(|_| PluralRules::try_new_cardinal(Default::default()))
            .unwrap_or_else(|e| unreachable!("compiled plural data: {e}"));
        Formatter {
            lang: lang.to_string(),
            locale,
            decimal,
            date,
            plurals,
            weekday_date: OnceCell::new(),
            date_time: OnceCell::new(),
            time: OnceCell::new(),
            month: OnceCell::new(),
        }
    }

    /// The language code this formatter was made for.
    pub fn lang(&self) -> &str {
        &self.lang
    }

    /// A number rounded (half away from zero) to at most two decimals, with the language's digits,
    /// decimal separator and grouping: `1,810.5` (en), `1 810,5` (fr, U+202F), `1.810,5` (de).
    /// `–` for a value that is not finite.
    pub fn number(&self, v: f64) -> String {
        match to_decimal(v) {
            Some(d) => text(&self.decimal.format(&d)),
            None => "–".into(),
        }
    }

    /// [`Formatter::number`] with exactly `decimals` (0 to 2) digits after the separator:
    /// `12.50` for money.
    pub fn number_fixed(&self, v: f64, decimals: i16) -> String {
        match to_decimal(v) {
            Some(mut d) => {
                d.round(-decimals);
                d.absolute.pad_end(-decimals);
                text(&self.decimal.format(&d))
            }
            None => "–".into(),
        }
    }

    /// The language subtag of the formatter's locale: `fr` for `fr-CA`.
    pub fn language(&self) -> &str {
        self.locale.id.language.as_str()
    }

    /// A number of percent as the language writes it: `80` -> `80%` (en), `80 %` (fr, de).
    pub fn percent_of(&self, percent: f64) -> String {
        percent_pattern(self.language()).replace('#', &self.number(percent))
    }

    /// A whole number of percent (`0.42` -> `42%` in en, `42 %` in fr and de, as CLDR writes them).
    pub fn percent(&self, fraction: f64) -> String {
        let n = self.number((fraction * 100.0).round());
        let pattern = percent_pattern(self.locale.id.language.as_str());
        pattern.replace('#', &n)
    }

    /// A date written out in full: `14 September 2025`, `14 septembre 2025`, `14. September 2025`.
    pub fn date(&self, d: jiff::civil::Date) -> String {
        match gregorian(d) {
            Some(date) => text(&self.date.format(&date)),
            None => d.to_string(),
        }
    }

    /// A date with its weekday: `Saturday, April 18, 2026`, `samedi 18 avril 2026`,
    /// `Samstag, 18. April 2026`.
    pub fn weekday_date(&self, d: jiff::civil::Date) -> String {
        let f = self.weekday_date.get_or_init(|| calendar_formatter!(&self.locale, YMDE::long()));
        match gregorian(d) {
            Some(date) => text(&f.format(&date)),
            None => d.to_string(),
        }
    }

    /// A date with its weekday and a time of day, joined as the language joins them:
    /// `Saturday, April 18, 2026 at 10:00 AM`, `samedi 18 avril 2026 à 10:00`.
    pub fn date_time(&self, dt: jiff::civil::DateTime) -> String {
        let f = self.date_time.get_or_init(|| calendar_formatter!(&self.locale, YMDE::long().with_time_hm()));
        match (gregorian(dt.date()), clock(dt.time())) {
            (Some(date), Some(time)) => text(&f.format(&DateTime { date, time })),
            _ => dt.to_string(),
        }
    }

    /// A time of day in hours and minutes, on the language's clock: `1:00 PM` (en), `13:00` (fr).
    pub fn time(&self, t: jiff::civil::Time) -> String {
        let f = self.time.get_or_init(|| {
            NoCalendarFormatter::try_new((&self.locale).into(), T::hm())
                .or_else(|_| NoCalendarFormatter::try_new(Default::default(), T::hm()))
                .unwrap_or_else(|e| unreachable!("compiled time data: {e}"))
        });
        match clock(t) {
            Some(time) => text(&f.format(&time)),
            None => t.strftime("%H:%M").to_string(),
        }
    }

    /// A month's short name, standing alone (for calendar tiles): `Apr`, `avr.`, `Apr.`.
    pub fn month_short(&self, d: jiff::civil::Date) -> String {
        let f = self.month.get_or_init(|| calendar_formatter!(&self.locale, M::medium()));
        match gregorian(d) {
            Some(date) => text(&f.format(&date)),
            None => d.strftime("%b").to_string(),
        }
    }

    /// From one day to another, the parts both dates share written once, as CLDR's range patterns
    /// do: `June 5–6, 2027`, `June 30 – July 2, 2027`, `5–6 juin 2027`, `5.–6. Juni 2027`; in full
    /// across years.
    pub fn date_range(&self, first: jiff::civil::Date, last: jiff::civil::Date) -> String {
        let (a, b) = (self.date(first), self.date(last));
        if first == last {
            return a;
        }
        if first.year() != last.year() {
            return format!("{a} – {b}");
        }
        shared_parts(&a, &b).unwrap_or_else(|| format!("{a} – {b}"))
    }

    /// The plural category of a count in this language (CLDR cardinal rules).
    pub fn plural(&self, n: f64) -> Plural {
        let category = match to_decimal(n) {
            Some(d) => self.plurals.category_for(&d),
            None => PluralCategory::Other,
        };
        match category {
            PluralCategory::Zero => Plural::Zero,
            PluralCategory::One => Plural::One,
            PluralCategory::Two => Plural::Two,
            PluralCategory::Few => Plural::Few,
            PluralCategory::Many => Plural::Many,
            PluralCategory::Other => Plural::Other,
        }
    }
}

/// Two dates of the same year written out, with the words they share before and after the
/// words that differ written once: `June 5, 2027` and `June 6, 2027` make `June 5–6, 2027`.
/// The differing part grows to whole words (a day's `5.` with its dot); the dash is spaced when
/// either side is more than one word. `None` when nothing is shared.
fn shared_parts(a: &str, b: &str) -> Option<String> {
    let (ac, bc): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut start = ac.iter().zip(&bc).take_while(|(x, y)| x == y).count();
    let mut tail = ac.iter().rev().zip(bc.iter().rev()).take_while(|(x, y)| x == y).count();
    tail = tail.min(ac.len() - start).min(bc.len() - start);
    // whole words: back to the start of the word the difference begins in, on to the end of the
    // word it ends in (and its dot)
    while start > 0 && ac[start - 1].is_alphanumeric() {
        start -= 1;
    }
    let grow = |chars: &[char], mut end: usize| {
        while end < chars.len() && chars[end].is_alphanumeric() {
            end += 1;
        }
        if chars.get(end) == Some(&'.') {
            end += 1;
        }
        end
    };
    let (a_end, b_end) = (grow(&ac, ac.len() - tail), grow(&bc, bc.len() - tail));
    if ac[a_end..] != bc[b_end..] || (start == 0 && a_end == ac.len()) {
        return None;
    }
    let text = |c: &[char]| c.iter().collect::<String>();
    let (x, y) = (text(&ac[start..a_end]), text(&bc[start..b_end]));
    let dash = if x.contains(char::is_whitespace) || y.contains(char::is_whitespace) { " – " } else { "–" };
    Some(format!("{}{x}{dash}{y}{}", text(&ac[..start]), text(&ac[a_end..])))
}

fn gregorian(d: jiff::civil::Date) -> Option<Date<Gregorian>> {
    Date::try_new_gregorian(i32::from(d.year()), d.month() as u8, d.day() as u8).ok()
}

fn clock(t: jiff::civil::Time) -> Option<Time> {
    Time::try_new(t.hour() as u8, t.minute() as u8, 0, 0).ok()
}

fn text(w: &impl Writeable) -> String {
    let mut out = String::new();
    let _ = w.write_to(&mut out);
    out
}

/// `v` rounded half away from zero to two decimals, trailing zeros dropped.
fn to_decimal(v: f64) -> Option<Decimal> {
    if !v.is_finite() {
        return None;
    }
    let (units, pow) = if v.abs() < 1e15 { ((v * 100.0).round(), -2) } else { (v.round(), 0) };
    let mut d = Decimal::from(units as i128);
    d.multiply_pow10(pow);
    d.absolute.trim_end();
    if d.absolute.is_zero() {
        d = Decimal::from(0);
    }
    Some(d)
}

/// CLDR's percent pattern (`#` is the number) for the languages themes ship, `#%` for others.
fn percent_pattern(language: &str) -> &'static str {
    match language {
        "fr" => "#\u{202F}%",
        "de" | "es" | "nl" | "sv" | "nb" | "da" | "fi" | "cs" | "pl" | "ru" => "#\u{A0}%",
        "ar" => "#\u{200E}%\u{200E}",
        _ => "#%",
    }
}

/// Scripts written right to left, by script subtag.
const RTL_SCRIPTS: &[&str] = &["arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg"];

/// The writing direction of a language: by its script subtag when it has one (`az-Arab` is
/// `rtl`, `ku-Latn` is `ltr`), else `rtl` for Arabic, Hebrew, Persian, Urdu and the other
/// right-to-left scripts' languages, else `ltr`.
pub fn direction(lang: &str) -> &'static str {
    let mut parts = lang.split(['-', '_']);
    let primary = parts.next().unwrap_or("").to_ascii_lowercase();
    if let Some(script) = parts.find(|p| p.len() == 4) {
        return if RTL_SCRIPTS.contains(&script.to_ascii_lowercase().as_str()) { "rtl" } else { "ltr" };
    }
    if matches!(primary.as_str(), "ar" | "he" | "iw" | "fa" | "ur" | "ps" | "sd" | "ug" | "yi" | "dv" | "ckb") {
        "rtl"
    } else {
        "ltr"
    }
}
