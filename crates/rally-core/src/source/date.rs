//! Dates in front matter: `YYYY-MM-DD` or RFC 3339 (`2025-09-14T10:30:00+01:00`), also without an
//! offset (`2025-09-14T10:30:00`, `2025-09-14 10:30`), which is read as UTC.

use jiff::civil;
use std::fmt;

/// A moment a page is dated at, kept in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub civil::DateTime);

impl Date {
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        if let Ok(ts) = s.parse::<jiff::Timestamp>() {
            return Some(Date(ts.to_zoned_datetime(jiff::tz::TimeZone::UTC).datetime()));
        }
        if let Ok(dt) = s.replacen(' ', "T", 1).parse::<civil::DateTime>() {
            return Some(Date(dt));
        }
        None
    }

    pub fn from_timestamp(ts: jiff::Timestamp) -> Date {
        Date(ts.to_zoned_datetime(jiff::tz::TimeZone::UTC).datetime())
    }

    pub fn day(&self) -> civil::Date {
        self.0.date()
    }

    /// `2025-09-14T00:00:00Z`
    pub fn rfc3339(&self) -> String {
        self.0.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
    }

    /// `2025-09-14`
    pub fn iso_day(&self) -> String {
        self.0.strftime("%Y-%m-%d").to_string()
    }

    /// `Sun, 14 Sep 2025 00:00:00 +0000` (RSS)
    pub fn rfc2822(&self) -> String {
        self.0.strftime("%a, %d %b %Y %H:%M:%S +0000").to_string()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.rfc3339())
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date as YYYY-MM-DD or RFC 3339")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Date, E> {
                Date::parse(s).ok_or_else(|| E::custom(format!("unknown date `{s}`: expected YYYY-MM-DD or RFC 3339")))
            }
        }
        d.deserialize_str(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_documented_forms() {
        assert_eq!(Date::parse("2025-09-14").unwrap().rfc3339(), "2025-09-14T00:00:00Z");
        assert_eq!(Date::parse("2025-09-14T10:30:00+01:00").unwrap().rfc3339(), "2025-09-14T09:30:00Z");
        assert_eq!(Date::parse("2025-09-14T10:30:00Z").unwrap().rfc3339(), "2025-09-14T10:30:00Z");
        assert_eq!(Date::parse("2025-09-14 10:30").unwrap().rfc3339(), "2025-09-14T10:30:00Z");
    }

    #[test]
    fn rejects_impossible_dates() {
        for bad in ["2025-02-30", "2025-13-01", "14/09/2025", "yesterday", ""] {
            assert!(Date::parse(bad).is_none(), "{bad}");
        }
    }
}
