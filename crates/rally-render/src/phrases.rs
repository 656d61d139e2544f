//! The sentences Rally writes into pages itself (a goal's summary, a campaign's time left and
//! progress, an event's dates) in the page's language: the words from the theme strings, the
//! numbers and dates from that language's [`Formatter`].

use std::rc::Rc;

use jiff::civil::Date;

use super::strings::{BASE_LANG, Strings};
use rally_core::format::Formatter;
use rally_core::model::events::{EventData, When, zone_label};
use rally_core::model::goals::{Direction, GoalProgress, Status};

/// The theme strings and the formatter of one language.
pub struct Words<'a> {
    strings: &'a Strings,
    lang: &'a str,
    f: Rc<Formatter>,
}

impl<'a> Words<'a> {
    pub fn new(strings: &'a Strings, lang: &'a str) -> Words<'a> {
        Words { strings, lang, f: Formatter::for_lang(lang) }
    }

    /// The formatter of the language.
    pub fn format(&self) -> &Formatter {
        &self.f
    }

    /// `text` (written by a writer) with the language's punctuation: its quotation marks, dashes
    /// and ellipses.
    pub fn smarten(&self, text: &str) -> String {
        rally_core::format::smarten(text, self.lang)
    }

    /// The string `key` with its `{NAME}`s filled in. Every key Rally writes is in the built-in
    /// strings; should a site's own file break one (plural forms where text is expected), the
    /// base language's is used, and at worst the key itself.
    pub fn say(&self, key: &str, args: &[(&str, String)]) -> String {
        self.lookup(key, None, args)
    }

    /// The plural form of `key` for `n`, with `{count}` and the `{NAME}`s filled in.
    pub fn count(&self, key: &str, n: f64, args: &[(&str, String)]) -> String {
        self.lookup(key, Some(n), args)
    }

    fn lookup(&self, key: &str, n: Option<f64>, args: &[(&str, String)]) -> String {
        self.strings
            .get(self.lang, key, n, args)
            .or_else(|_| self.strings.get(BASE_LANG, key, n, args))
            .unwrap_or_else(|_| key.to_string())
    }

    /// A goal's summary, one sentence for screen readers and text alternatives:
    /// "42.5 of 120 km (35%), on track for December 31, 2030." or "No data yet."
    pub fn goal_summary(&self, g: &GoalProgress) -> String {
        let (f, def) = (&self.f, &g.def);
        let Some(current) = g.current else { return self.say("goal_summary_no_data", &[]) };
        let unit = def.unit.as_deref();
        let now = f.amount(current, unit, def.format);
        let target = f.amount(def.target, unit, def.format);
        let Some(percent) = g.percent else {
            let why = if def.target == def.baseline { "goal_summary_equal" } else { "goal_summary_not_number" };
            return self.say(why, &[("now", now)]);
        };
        let percent = f.percent(f64::from(percent) / 100.0);
        let state = self.goal_state(g);
        if def.direction == Direction::Up && def.baseline == 0.0 {
            let args = [
                ("current", f.figure(current, unit, def.format)),
                ("target", target),
                ("percent", percent),
                ("state", state),
            ];
            self.say("goal_summary_of", &args)
        } else {
            let args = [
                ("current", now),
                ("baseline", f.figure(def.baseline, unit, def.format)),
                ("target", target),
                ("percent", percent),
                ("state", state),
            ];
            self.say("goal_summary_from", &args)
        }
    }

    /// "on track for December 31, 2030", "behind the pace for ...", "achieved"...
    fn goal_state(&self, g: &GoalProgress) -> String {
        let last = g.history.last().map(|o| o.date);
        let on = |key: &str, d: Date| self.say(key, &[("date", self.f.date(d))]);
        match (g.status, g.def.deadline) {
            (Status::Achieved, _) => self.say("goal_state_achieved", &[]),
            (Status::OnTrack, Some(d)) => on("goal_state_on_track_for", d),
            (Status::OnTrack, None) => self.say("goal_state_on_track", &[]),
            (Status::Behind, Some(d)) if last.is_some_and(|l| l >= d) => on("goal_state_missed", d),
            (Status::Behind, Some(d)) => on("goal_state_behind_for", d),
            (Status::Behind, None) => self.say("goal_state_behind", &[]),
            (Status::NoData, _) => self.say("goal_state_no_data", &[]),
        }
    }

    /// How long a campaign has left: "23 days left", "Last day", "Ended on December 31, 2026";
    /// `None` without a deadline.
    pub fn time_left(&self, deadline: Option<Date>, today: Date) -> Option<String> {
        let d = deadline?;
        Some(match (d - today).get_days() {
            n if n < 0 => self.say("ended_on", &[("date", self.f.date(d))]),
            0 => self.say("last_day", &[]),
            n => self.count("days_left", f64::from(n), &[]),
        })
    }

    /// When an event is, as people read it: "Saturday, April 18, 2026 at 10:00 AM – 1:00 PM BST",
    /// "May 1, 2026 – May 2, 2026", "Friday, May 1, 2026 (all day)".
    pub fn event_when(&self, e: &EventData) -> String {
        let f = &self.f;
        match &e.when {
            When::AllDay { first, last } if first == last => {
                self.say("event_all_day", &[("date", f.weekday_date(*first))])
            }
            When::AllDay { first, last } => f.date_range(*first, *last),
            When::Timed { start, end } => {
                let from = f.date_time(start.datetime());
                match end {
                    None => format!("{from} {}", zone_label(start)),
                    Some(end) if end.date() == start.date() => {
                        format!("{from} – {} {}", f.time(end.time()), zone_label(end))
                    }
                    Some(end) => format!("{from} – {} {}", f.date_time(end.datetime()), zone_label(end)),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
