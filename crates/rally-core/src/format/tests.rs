use super::*;
use jiff::civil::date;

#[test]
fn numbers_follow_each_language() {
    let n = 1810.0;
    assert_eq!(Formatter::for_lang("en").number(n), "1,810");
    assert_eq!(Formatter::for_lang("fr").number(n), "1\u{202F}810");
    assert_eq!(Formatter::for_lang("de").number(n), "1.810");
    assert_eq!(Formatter::for_lang("ar").number(n), "1,810");
    assert_eq!(Formatter::for_lang("ar-EG").number(n), "١٬٨١٠");
    assert_eq!(Formatter::for_lang("fr").number(1234.5), "1\u{202F}234,5");
    assert_eq!(Formatter::for_lang("de").number(-0.125), "-0,13");
}

#[test]
fn english_numbers_round_to_two_decimals() {
    let en = Formatter::for_lang("en");
    let cases = [
        (42.5, "42.5"),
        (1200.0, "1,200"),
        (0.125, "0.13"),
        (1234567.891, "1,234,567.89"),
        (999.999, "1,000"),
        (0.0, "0"),
        (-0.001, "0"),
        (-1234.5, "-1,234.5"),
        (1e18, "1,000,000,000,000,000,000"),
        (f64::NAN, "–"),
        (f64::NEG_INFINITY, "–"),
    ];
    for (v, want) in cases {
        assert_eq!(en.number(v), want, "{v}");
    }
}

#[test]
fn percentages_and_quantities() {
    assert_eq!(Formatter::for_lang("en").percent(0.42), "42%");
    assert_eq!(Formatter::for_lang("fr").percent(0.42), "42\u{202F}%");
    assert_eq!(Formatter::for_lang("de").percent(0.425), "43\u{A0}%");
    assert_eq!(Formatter::for_lang("ar").percent(0.42), "42\u{200E}%\u{200E}");
    assert_eq!(Formatter::for_lang("en").quantity(1.0, Some("volunteers")), "1 volunteer");
    assert_eq!(Formatter::for_lang("en").quantity(2.0, Some("volunteers")), "2 volunteers");
    assert_eq!(Formatter::for_lang("fr").quantity(1810.0, Some("km")), "1\u{202F}810 km");
    assert_eq!(Formatter::for_lang("fr").quantity(1.0, Some("bénévoles")), "1 bénévoles");
    let en = Formatter::for_lang("en");
    let q = |v: f64, u: &str| en.quantity(v, Some(u));
    assert_eq!(
        (q(1.0, "sites"), q(2.0, "sites"), q(1.5, "hours")),
        ("1 site".into(), "2 sites".into(), "1.5 hours".into())
    );
    assert_eq!(
        (q(1.0, "tonnes"), q(1.0, "km"), q(1.0, "people")),
        ("1 tonne".into(), "1 km".into(), "1 people".into())
    );
    assert_eq!(
        (q(1.0, "species"), q(1.0, "grass"), q(1.0, "bus")),
        ("1 species".into(), "1 grass".into(), "1 bus".into())
    );
    assert_eq!((en.quantity(3.0, None), en.quantity(3.0, Some(" "))), ("3".into(), "3".into()));
}

#[test]
fn dates_are_written_out() {
    let d = date(2025, 9, 14);
    assert_eq!(Formatter::for_lang("en").date(d), "September 14, 2025");
    assert_eq!(Formatter::for_lang("en-GB").date(d), "14 September 2025");
    assert_eq!(Formatter::for_lang("fr").date(d), "14 septembre 2025");
    assert_eq!(Formatter::for_lang("de").date(d), "14. September 2025");
    assert_eq!(Formatter::for_lang("ar").date(d), "14 سبتمبر 2025");
}

#[test]
fn plural_categories() {
    let ar = Formatter::for_lang("ar");
    let got: Vec<&str> = [0.0, 1.0, 2.0, 3.0, 11.0, 100.0].iter().map(|&n| ar.plural(n).key()).collect();
    assert_eq!(got, ["zero", "one", "two", "few", "many", "other"]);
    assert_eq!(Formatter::for_lang("fr").plural(0.0), Plural::One);
    assert_eq!(Formatter::for_lang("en").plural(0.0), Plural::Other);
    assert_eq!(Formatter::for_lang("en").plural(1.0), Plural::One);
    assert_eq!(Formatter::for_lang("fr").plural(1_000_000.0), Plural::Many);
}

#[test]
fn direction_of_scripts() {
    for rtl in ["ar", "he", "fa", "ur", "ar-EG"] {
        assert_eq!(direction(rtl), "rtl", "{rtl}");
    }
    for ltr in ["en", "fr", "de", "zh-Hant"] {
        assert_eq!(direction(ltr), "ltr", "{ltr}");
    }
}

#[test]
fn formatters_are_made_once_per_language() {
    let a = Formatter::for_lang("nl");
    let b = Formatter::for_lang("nl");
    assert!(std::rc::Rc::ptr_eq(&a, &b));
}

#[test]
fn weekdays_times_and_months_follow_each_language() {
    let d = date(2026, 4, 18);
    let at = d.at(10, 0, 0, 0);
    let cases = [
        ("en", "Saturday, April 18, 2026", "Saturday, April 18, 2026 at 10:00\u{202F}AM", "1:00\u{202F}PM", "Apr"),
        ("fr", "samedi 18 avril 2026", "samedi 18 avril 2026 à 10:00", "13:00", "avr."),
        ("de", "Samstag, 18. April 2026", "Samstag, 18. April 2026 um 10:00", "13:00", "Apr"),
        ("ar", "السبت، 18 أبريل 2026", "السبت، 18 أبريل 2026 في 10:00 ص", "1:00 م", "أبريل"),
    ];
    for (lang, day, day_time, time, month) in cases {
        let f = Formatter::for_lang(lang);
        assert_eq!(f.weekday_date(d), day, "{lang}");
        assert_eq!(f.date_time(at), day_time, "{lang}");
        assert_eq!(f.time(jiff::civil::time(13, 0, 0, 0)), time, "{lang}");
        assert_eq!(f.month_short(d), month, "{lang}");
    }
    let ranges = [
        ("en", "June 5–6, 2027", "June 30 – July 2, 2027", "December 30, 2027 – January 2, 2028"),
        ("fr", "5–6 juin 2027", "30 juin – 2 juillet 2027", "30 décembre 2027 – 2 janvier 2028"),
        ("de", "5.–6. Juni 2027", "30. Juni – 2. Juli 2027", "30. Dezember 2027 – 2. Januar 2028"),
        (
            "es",
            "5–6 de junio de 2027",
            "30 de junio – 2 de julio de 2027",
            "30 de diciembre de 2027 – 2 de enero de 2028",
        ),
    ];
    for (lang, days, months, years) in ranges {
        let f = Formatter::for_lang(lang);
        assert_eq!(f.date_range(date(2027, 6, 5), date(2027, 6, 6)), days, "{lang}");
        assert_eq!(f.date_range(date(2027, 6, 30), date(2027, 7, 2)), months, "{lang}");
        assert_eq!(f.date_range(date(2027, 12, 30), date(2028, 1, 2)), years, "{lang}");
        assert_eq!(f.date_range(date(2027, 6, 5), date(2027, 6, 5)), f.date(date(2027, 6, 5)), "{lang}");
    }
}

#[test]
fn money_percent_and_compact_numbers_as_each_language_writes_them() {
    use super::NumberFormat::{Compact, Full};
    let en = Formatter::for_lang("en");
    assert_eq!(en.amount(2_650_000.0, Some("USD"), Compact), "$2.65M");
    assert_eq!(en.amount(2_650_000.0, Some("USD"), Full), "$2,650,000");
    assert_eq!(en.amount(12.5, Some("GBP"), Full), "£12.50");
    assert_eq!(en.amount(-40.0, Some("EUR"), Full), "-€40");
    assert_eq!(en.amount(1500.0, Some("JPY"), Full), "¥1,500");
    assert_eq!(en.amount(20.0, Some("XOF"), Full), "XOF20");
    assert_eq!(en.amount(80.0, Some("%"), Full), "80%");
    assert_eq!(en.amount(762_000_000.0, None, Compact), "762M");
    assert_eq!(en.amount(12_420.0, Some("trees"), Compact), "12.4K trees");
    assert_eq!(en.amount(999_960.0, None, Compact), "1M");
    assert_eq!(en.amount(950.0, None, Compact), "950");
    assert_eq!(en.amount(1.0, Some("volunteers"), Full), "1 volunteer");
    let fr = Formatter::for_lang("fr");
    assert_eq!(fr.amount(2_650_000.0, Some("USD"), Compact), "2,65\u{a0}M$US");
    assert_eq!(fr.amount(2_650_000.0, Some("EUR"), Full), "2\u{202f}650\u{202f}000\u{a0}€");
    assert_eq!(fr.amount(80.0, Some("%"), Full), "80\u{202f}%");
    assert_eq!(fr.amount(762_000_000.0, None, Compact), "762\u{a0}M");
    let de = Formatter::for_lang("de");
    assert_eq!(de.amount(762_000_000.0, None, Compact), "762\u{a0}Mio.");
    assert_eq!(de.amount(2_650_000.0, Some("EUR"), Compact), "2,65\u{a0}Mio.\u{a0}€");
    assert_eq!(de.amount(4_200.0, None, Compact), "4.200", "German does not shorten thousands");
    assert_eq!(Formatter::for_lang("nl").amount(12.5, Some("EUR"), Full), "€\u{a0}12,50");
}
