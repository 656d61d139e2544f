//! The YAML parser's event stream, with the parser's own marks: the same libyaml parser that
//! yaml_serde reads documents with, so every position agrees with what the deserializer saw.
//! The only unsafe code of Rally is here, a thin wrapper over the parser's C-style interface.

use libyaml_rs as sys;
use std::mem::MaybeUninit;

/// A position the parser marked: byte offset, 0-based line and 0-based column in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    pub offset: usize,
    pub line: usize,
    pub col: usize,
}

/// What an event is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A scalar and its text; `plain` when written without quotes or block indicators.
    Scalar {
        value: String,
        plain: bool,
    },
    Alias,
    SequenceStart,
    SequenceEnd,
    MappingStart,
    MappingEnd,
    DocumentStart,
    /// Stream boundaries and document ends.
    Other,
}

/// One parser event and the marks where it starts and ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub kind: Kind,
    pub start: Mark,
    pub end: Mark,
}

/// Frees the parser however `events` returns.
struct Parser(Box<MaybeUninit<sys::yaml_parser_t>>);

impl Drop for Parser {
    fn drop(&mut self) {
        // SAFETY: the parser was initialised by `yaml_parser_initialize` before `Parser` was made.
        unsafe { sys::yaml_parser_delete(self.0.as_mut_ptr()) }
    }
}

/// Every event of the YAML text `yaml`, or `None` when the parser stops at a syntax error (the
/// deserializer, which reads the same text with the same parser, reports it). Aliases are not
/// expanded, so the number of events is linear in the text.
pub fn events(yaml: &str) -> Option<Vec<Event>> {
    let mut boxed = Box::new(MaybeUninit::<sys::yaml_parser_t>::uninit());
    // SAFETY: `yaml_parser_initialize` fills the whole struct; it fails only when out of memory.
    if unsafe { sys::yaml_parser_initialize(boxed.as_mut_ptr()) }.fail {
        return None;
    }
    let mut parser = Parser(boxed);
    let p = parser.0.as_mut_ptr();
    // SAFETY: `yaml` outlives the parser, which is dropped at the end of this function.
    unsafe {
        sys::yaml_parser_set_encoding(p, sys::YAML_UTF8_ENCODING);
        sys::yaml_parser_set_input_string(p, yaml.as_ptr(), yaml.len() as u64);
    }
    let mut out = Vec::new();
    loop {
        let mut raw = MaybeUninit::<sys::yaml_event_t>::uninit();
        // SAFETY: the parser is initialised; on success the event is filled in.
        if unsafe { sys::yaml_parser_parse(p, raw.as_mut_ptr()) }.fail {
            return None;
        }
        // SAFETY: the event was filled in by the parser; it is read, then freed once.
        let (event, last) = unsafe {
            let raw = raw.as_mut_ptr();
            let read = (convert(&*raw), (*raw).type_ == sys::YAML_STREAM_END_EVENT);
            sys::yaml_event_delete(raw);
            read
        };
        out.push(event);
        if last {
            return Some(out);
        }
    }
}

fn mark(m: sys::yaml_mark_t) -> Mark {
    Mark { offset: m.index as usize, line: m.line as usize, col: m.column as usize }
}

/// Reads a filled-in event.
///
/// # Safety
/// `raw` must be an event the parser filled in and that has not been freed.
unsafe fn convert(raw: &sys::yaml_event_t) -> Event {
    let kind = match raw.type_ {
        sys::YAML_SCALAR_EVENT => {
            // SAFETY: a scalar event's data is its scalar; `value` points at `length` bytes.
            let (value, plain) = unsafe {
                let s = raw.data.scalar;
                let bytes =
                    if s.value.is_null() { &[][..] } else { std::slice::from_raw_parts(s.value, s.length as usize) };
                (String::from_utf8_lossy(bytes).into_owned(), s.style == sys::YAML_PLAIN_SCALAR_STYLE)
            };
            Kind::Scalar { value, plain }
        }
        sys::YAML_ALIAS_EVENT => Kind::Alias,
        sys::YAML_SEQUENCE_START_EVENT => Kind::SequenceStart,
        sys::YAML_SEQUENCE_END_EVENT => Kind::SequenceEnd,
        sys::YAML_MAPPING_START_EVENT => Kind::MappingStart,
        sys::YAML_MAPPING_END_EVENT => Kind::MappingEnd,
        sys::YAML_DOCUMENT_START_EVENT => Kind::DocumentStart,
        _ => Kind::Other,
    };
    Event { kind, start: mark(raw.start_mark), end: mark(raw.end_mark) }
}
