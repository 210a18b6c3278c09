//! Front matter: finding it (TOML between `+++`, YAML between `---`, or none), parsing it
//! with line numbers, and mapping the vocabulary of apunte, Jekyll, Hugo, Docusaurus and
//! MkDocs onto apunte's fields.
//!
//! Every line number here is 1-based and counted in the whole file.
use std::cell::Cell;

use super::markdown::clean_inline;
use super::{Lang, Severity};

thread_local! {
    static WORK: Cell<u64> = const { Cell::new(0) };
}

/// Units of work this thread has spent on front matter so far: each byte that apunte's
/// code scans or copies (and each byte handed to the TOML or YAML parser, which read
/// their input once), each parser event, each value built, measured or copied by an
/// alias, each entry and list item mapped, each line lookup. Deterministic for a given
/// input, so a test can keep parsing linear in the size of the front matter without
/// timing anything: a rescan of the text per key (as an earlier version did to find
/// each key's line) makes it grow with the square of the size.
pub fn work() -> u64 {
    WORK.with(Cell::get)
}

fn tally(units: usize) {
    WORK.with(|w| w.set(w.get().saturating_add(units as u64)));
}

/// Which kind of front matter a file has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `+++` fences, TOML inside (apunte's own format, also Hugo).
    Toml,
    /// `---` fences, YAML inside (Jekyll, Hugo, Docusaurus, MkDocs).
    Yaml,
    /// No front matter.
    None,
}

impl Format {
    fn fence(self) -> &'static str {
        match self {
            Format::Toml => "+++",
            Format::Yaml => "---",
            Format::None => "",
        }
    }
}

/// A file's text cut into front matter and body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    pub format: Format,
    /// The text between the fences (empty when there is no front matter).
    pub front: &'a str,
    /// Line of the first front matter line (the one after the opening fence).
    pub front_line: usize,
    /// The Markdown body.
    pub body: &'a str,
    /// Line where the body starts.
    pub body_line: usize,
}

/// Cuts the front matter off. `Err` carries the format whose fence is never closed.
pub fn split(text: &str) -> Result<Split<'_>, Format> {
    let mut lines = text.split_inclusive('\n');
    let Some(first) = lines.next() else {
        return Ok(no_front(text));
    };
    let format = match first.trim_end() {
        "+++" => Format::Toml,
        "---" => Format::Yaml,
        _ => return Ok(no_front(text)),
    };
    let front_start = first.len();
    let mut offset = front_start;
    for (line, l) in (2..).zip(lines) {
        tally(l.len());
        let t = l.trim_end();
        if t == format.fence() || (format == Format::Yaml && t == "...") {
            return Ok(Split {
                format,
                front: &text[front_start..offset],
                front_line: 2,
                body: &text[offset + l.len()..],
                body_line: line + 1,
            });
        }
        offset += l.len();
    }
    Err(format)
}

fn no_front(text: &str) -> Split<'_> {
    Split {
        format: Format::None,
        front: "",
        front_line: 1,
        body: text,
        body_line: 1,
    }
}

/// A front matter value, whatever the format.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    /// Numbers as written.
    Number(String),
    Bool(bool),
    /// A TOML date or date-time, as written.
    Date(String),
    List(Vec<Value>),
    Map(Vec<Entry>),
    Null,
}

/// One `key = value` with its line.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub line: usize,
    pub value: Value,
}

impl Value {
    fn kind(&self) -> &'static str {
        match self {
            Value::Text(_) => "text",
            Value::Number(_) => "a number",
            Value::Bool(_) => "a boolean",
            Value::Date(_) => "a date",
            Value::List(_) => "a list",
            Value::Map(_) => "a table",
            Value::Null => "empty",
        }
    }

    /// Scalars as text (`Text`, numbers, booleans, dates); `None` for lists, maps, null.
    pub fn scalar(&self) -> Option<String> {
        match self {
            Value::Text(s) | Value::Number(s) | Value::Date(s) => Some(s.clone()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
}

/// A finding about the front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub line: usize,
    pub severity: Severity,
    pub message: String,
}

impl Finding {
    fn error(line: usize, message: impl Into<String>) -> Finding {
        Finding {
            line,
            severity: Severity::Error,
            message: message.into(),
        }
    }
    fn warning(line: usize, message: impl Into<String>) -> Finding {
        Finding {
            line,
            severity: Severity::Warning,
            message: message.into(),
        }
    }
}

/// Parses the front matter into entries (file order). `Err` is a syntax error.
pub fn entries(split: &Split<'_>) -> Result<Vec<Entry>, Finding> {
    if split.front.len() > MAX_FRONT {
        return Err(Finding::error(
            split.front_line,
            format!(
                "the front matter is {} KB long: keep it under {} KB (it holds the article's fields; the text goes in the body)",
                split.front.len() / 1024,
                MAX_FRONT / 1024
            ),
        ));
    }
    match split.format {
        Format::None => Ok(Vec::new()),
        Format::Toml => toml_entries(split.front, split.front_line),
        Format::Yaml => yaml_entries(split.front, split.front_line),
    }
}

fn toml_entries(front: &str, first_line: usize) -> Result<Vec<Entry>, Finding> {
    tally(front.len());
    match toml::de::DeTable::parse(front) {
        Ok(table) => toml_table(table.get_ref(), &Lines::new(front), first_line, 0),
        Err(e) => {
            let (line, col) = e
                .span()
                .map(|s| crate::text::line_col(front, s.start))
                .unwrap_or((1, 1));
            let message = e.message().trim().replace('\n', "; ");
            let source = front
                .lines()
                .nth(line - 1)
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(|l| {
                    let short: String = l.chars().take(60).collect();
                    format!(" in `{short}`")
                })
                .unwrap_or_default();
            Err(Finding::error(
                first_line + line - 1,
                format!(
                    "invalid TOML front matter (column {col}): {message}{source}{}",
                    toml_hint(&message)
                ),
            ))
        }
    }
}

/// What to do about a TOML syntax error, when the message has a usual cause.
fn toml_hint(message: &str) -> &'static str {
    if message.contains("must be quoted") {
        ": write text between quotes, e.g. summary = \"…\""
    } else if message.contains("duplicate key") {
        ": each key may appear once; remove or rename the repeated one"
    } else if message.contains("unclosed array") {
        ": close the list with ]"
    } else if message.contains("string") {
        ": close the text with the same quote that opens it"
    } else {
        ""
    }
}

/// Line starts of a text, for many offset → line lookups (each one a binary search,
/// where counting newlines from the start each time is quadratic in the file).
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Lines {
        tally(text.len());
        Lines(
            std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
        )
    }

    /// 1-based line of a byte offset.
    fn of(&self, offset: usize) -> usize {
        tally(1);
        self.0.partition_point(|&start| start <= offset)
    }
}

fn toml_table(
    table: &toml::de::DeTable<'_>,
    lines: &Lines,
    first_line: usize,
    depth: usize,
) -> Result<Vec<Entry>, Finding> {
    let mut items: Vec<_> = table.iter().collect();
    tally(items.len());
    items.sort_by_key(|(k, _)| k.span().start);
    items
        .into_iter()
        .map(|(k, v)| {
            let line = first_line + lines.of(k.span().start) - 1;
            Ok(Entry {
                key: k.get_ref().to_string(),
                line,
                value: toml_value(v.get_ref(), lines, first_line, line, depth)?,
            })
        })
        .collect()
}

fn toml_value(
    v: &toml::de::DeValue<'_>,
    lines: &Lines,
    first_line: usize,
    line: usize,
    depth: usize,
) -> Result<Value, Finding> {
    use toml::de::DeValue;
    if depth > MAX_NESTING {
        return Err(too_deep(line));
    }
    tally(1);
    Ok(match v {
        DeValue::String(s) => {
            tally(s.len());
            Value::Text(s.to_string())
        }
        DeValue::Integer(i) => Value::Number(i.as_str().to_string()),
        DeValue::Float(f) => Value::Number(f.as_str().to_string()),
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => Value::Date(d.to_string()),
        DeValue::Array(a) => Value::List(
            a.iter()
                .map(|x| toml_value(x.get_ref(), lines, first_line, line, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        DeValue::Table(t) => Value::Map(toml_table(t, lines, first_line, depth + 1)?),
    })
}

/// Deepest nesting of lists and tables a front matter may have (apunte's own fields
/// are at most two levels deep; a deeper file is hostile or broken).
pub const MAX_NESTING: usize = 32;

/// Most values that YAML aliases (`*name`) may copy in one front matter: enough for
/// any real use, and a "billion laughs" file (a few lines that expand to gigabytes)
/// stops here.
pub const MAX_ALIAS_VALUES: usize = 10_000;

/// Largest front matter read (bytes): parsing is linear, this bounds a file's work.
pub const MAX_FRONT: usize = 1 << 20;

fn too_deep(line: usize) -> Finding {
    Finding::error(
        line,
        format!(
            "too deeply nested (more than {MAX_NESTING} levels of lists or tables): front matter fields are text or short lists; remove the nesting"
        ),
    )
}

/// Parses YAML front matter from the parser's events (never its recursive loader), so
/// nesting and alias copies are counted as they come: past [`MAX_NESTING`] levels or
/// [`MAX_ALIAS_VALUES`] copied values the file is an error, reported at its line.
/// Only the first document is read. Each key carries the line where it is written.
fn yaml_entries(front: &str, first_line: usize) -> Result<Vec<Entry>, Finding> {
    use yaml_rust2::parser::{Event, Parser};
    use yaml_rust2::scanner::TScalarStyle;

    enum Frame {
        List(Vec<Value>, usize),
        /// Entries, the key waiting for its value (with its line), the anchor.
        Map(Vec<Entry>, Option<(String, usize)>, usize),
    }
    let file_line = |mark: yaml_rust2::scanner::Marker| first_line + mark.line().max(1) - 1;
    tally(front.len());
    let mut parser = Parser::new_from_str(front);
    let mut stack: Vec<Frame> = Vec::new();
    // Anchored values with their size in values (what one alias to them copies).
    let mut anchors: std::collections::HashMap<usize, (Value, usize)> =
        std::collections::HashMap::new();
    let mut copied = 0usize;
    let mut root: Option<Value> = None;
    loop {
        let (event, mark) = parser.next_token().map_err(|e| {
            Finding::error(
                first_line + e.marker().line().max(1) - 1,
                format!(
                    "invalid YAML front matter (column {}): {}",
                    e.marker().col() + 1,
                    e.info()
                ),
            )
        })?;
        tally(1);
        let line = file_line(mark);
        let (value, anchor) = match event {
            Event::StreamEnd | Event::DocumentEnd => break,
            Event::StreamStart | Event::DocumentStart | Event::Nothing => continue,
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_NESTING {
                    return Err(too_deep(line));
                }
                stack.push(if matches!(event, Event::SequenceStart(..)) {
                    Frame::List(Vec::new(), anchor)
                } else {
                    Frame::Map(Vec::new(), None, anchor)
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(Frame::List(items, anchor)) => (Value::List(items), anchor),
                Some(Frame::Map(entries, _, anchor)) => (Value::Map(entries), anchor),
                None => continue,
            },
            Event::Scalar(text, style, anchor, tag) => {
                tally(text.len());
                let is_str = tag
                    .as_ref()
                    .is_some_and(|t| t.handle == "tag:yaml.org,2002:" && t.suffix == "str");
                let value = if style != TScalarStyle::Plain || is_str {
                    Value::Text(text)
                } else {
                    yaml_plain(&text)
                };
                (value, anchor)
            }
            Event::Alias(id) => match anchors.get(&id) {
                Some((value, size)) => {
                    copied += size;
                    if copied > MAX_ALIAS_VALUES {
                        return Err(Finding::error(
                            line,
                            format!(
                                "too many aliases: the *references copy more than {MAX_ALIAS_VALUES} values; write the values out, or use fewer aliases"
                            ),
                        ));
                    }
                    tally(*size);
                    (value.clone(), 0)
                }
                None => (Value::Null, 0),
            },
        };
        if anchor > 0 {
            let size = value_count(&value);
            tally(size);
            anchors.insert(anchor, (value.clone(), size));
        }
        match stack.last_mut() {
            None => root = Some(value),
            Some(Frame::List(items, _)) => items.push(value),
            Some(Frame::Map(entries, pending, _)) => match pending.take() {
                None => *pending = Some((value.scalar().unwrap_or_default(), line)),
                Some((key, key_line)) => entries.push(Entry {
                    key,
                    line: key_line,
                    value,
                }),
            },
        }
    }
    match root {
        Some(Value::Map(entries)) => Ok(entries),
        Some(Value::Null) | None => Ok(Vec::new()),
        Some(_) => Err(Finding::error(
            first_line,
            "YAML front matter must be `key: value` lines (e.g. `title: Cargo duplicado`)",
        )),
    }
}

/// A plain (unquoted) YAML scalar, typed the way YAML 1.2's core schema does.
fn yaml_plain(text: &str) -> Value {
    use yaml_rust2::Yaml;
    match Yaml::from_str(text) {
        Yaml::String(s) => Value::Text(s),
        Yaml::Real(s) => Value::Number(s),
        Yaml::Integer(i) => Value::Number(i.to_string()),
        Yaml::Boolean(b) => Value::Bool(b),
        _ => Value::Null,
    }
}

/// How many values a value holds, itself included.
fn value_count(v: &Value) -> usize {
    tally(1);
    match v {
        Value::List(items) => 1 + items.iter().map(value_count).sum::<usize>(),
        Value::Map(entries) => 1 + entries.iter().map(|e| value_count(&e.value)).sum::<usize>(),
        _ => 1,
    }
}

/// The fields apunte takes from front matter, whatever their spelling in the file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    pub title: Option<String>,
    pub title_line: usize,
    pub id: Option<String>,
    pub lang: Option<Lang>,
    /// Line of the `lang` key (0 when absent).
    pub lang_line: usize,
    pub tags: Vec<String>,
    pub keywords: Vec<String>,
    pub summary: Option<String>,
    pub updated: Option<String>,
    pub owner: Option<String>,
    pub phrases: Vec<String>,
    pub decide: Vec<(String, String)>,
    /// `review_by`: when the owner should check the article again (`YYYY-MM-DD`).
    pub review_by: Option<String>,
    /// `status`: draft, validated or archived.
    pub status: Option<super::ArticleStatus>,
    /// Any key was present (front matter not empty).
    pub any: bool,
}

/// apunte's own keys (for "did you mean").
const KNOWN: &[&str] = &[
    "title",
    "id",
    "lang",
    "tags",
    "summary",
    "keywords",
    "updated",
    "owner",
    "phrases",
    "decide",
    "review_by",
    "status",
];

/// Keys that site generators use and apunte has no use for: silent in YAML (existing
/// collections work as they are), a warning in TOML where typos matter.
const GENERATOR_KEYS: &[&str] = &[
    "draft",
    "weight",
    "aliases",
    "slug",
    "layout",
    "permalink",
    "sidebar_position",
    "sidebar_label",
    "sidebar_class_name",
    "nav_order",
    "nav_exclude",
    "parent",
    "grand_parent",
    "has_children",
    "type",
    "template",
    "toc",
    "hide",
    "search",
    "comments",
    "publishdate",
    "expirydate",
    "url",
    "menu",
    "image",
    "images",
    "cover",
    "pagination_label",
    "pagination_next",
    "pagination_prev",
    "custom_edit_url",
    "hide_title",
    "hide_table_of_contents",
    "displayed_sidebar",
    "icon",
    "subtitle",
    "excerpt",
    "published",
    "linktitle",
    "toc_max_heading_level",
    "toc_min_heading_level",
    "unlisted",
    "last_update",
    "hidden",
    "order",
    "redirect_from",
    "class",
    "style",
];

/// Maps front matter entries onto [`Meta`]. Findings are errors (the article cannot be
/// used) or warnings (it can).
pub fn meta(format: Format, entries: &[Entry]) -> (Meta, Vec<Finding>) {
    let yaml = format == Format::Yaml;
    let mut m = Meta {
        any: !entries.is_empty(),
        ..Meta::default()
    };
    let mut f = Vec::new();
    // Lower rank wins when several keys give the same field.
    let mut summary_rank = usize::MAX;
    let mut updated_rank = usize::MAX;
    let mut updated_line = 0;
    let mut owner_rank = usize::MAX;
    let mut generator_draft = false;

    for e in entries {
        tally(1 + e.key.len());
        let key = e.key.to_ascii_lowercase();
        let line = e.line;
        match key.as_str() {
            "title" => match e.value.scalar() {
                Some(t) => {
                    m.title = Some(clean_inline(&t));
                    m.title_line = line;
                }
                None if yaml && e.value == Value::Null => {}
                None => f.push(Finding::error(
                    line,
                    format!(
                        "title must be text, not {}: write {}",
                        e.value.kind(),
                        if yaml { "title: …" } else { "title = \"…\"" }
                    ),
                )),
            },
            "id" if !yaml => match e.value.scalar() {
                Some(id) => {
                    let id = id.trim().trim_matches('/').to_string();
                    if id.is_empty() || id.contains(char::is_whitespace) {
                        f.push(Finding::warning(
                            line,
                            format!(
                                "id {id:?} is not usable (empty or with spaces); the file path is used as id instead"
                            ),
                        ));
                    } else {
                        m.id = Some(id);
                    }
                }
                None => f.push(Finding::warning(
                    line,
                    "id must be text; the file path is used as id instead",
                )),
            },
            "lang" | "language" | "locale" => match e.value.scalar() {
                Some(s) => match Lang::parse(&s) {
                    Some(l) => {
                        m.lang = Some(l);
                        m.lang_line = line;
                    }
                    None => f.push(Finding::error(
                        line,
                        format!(
                            "unknown lang {s:?}: use \"es\" (Spanish) or \"en\" (English), or remove the line to detect it from the text"
                        ),
                    )),
                },
                None if e.value == Value::Null => {}
                None => f.push(Finding::error(
                    line,
                    format!(
                        "lang must be \"es\" or \"en\", not {}",
                        e.value.kind()
                    ),
                )),
            },
            "tags" | "categories" | "feature" | "features" => {
                let list = string_list(&e.value, true, &key, line, &mut f);
                m.tags.extend(list);
            }
            "keywords" => {
                let list = string_list(&e.value, true, &key, line, &mut f);
                if yaml {
                    m.tags.extend(list.iter().cloned());
                }
                m.keywords.extend(list);
            }
            "phrases" => {
                let list = string_list(&e.value, false, &key, line, &mut f);
                m.phrases.extend(list);
            }
            "summary" | "description" => {
                let rank = usize::from(key != "summary");
                match e.value.scalar() {
                    Some(s) if rank < summary_rank => {
                        summary_rank = rank;
                        let trimmed = s.trim();
                        if trimmed.contains('\n') {
                            f.push(Finding::warning(
                                line,
                                format!(
                                    "{key} has several lines: keep it to one line (it is shown in result lists)"
                                ),
                            ));
                        }
                        let clean = clean_inline(trimmed);
                        if clean.chars().count() > MAX_SUMMARY {
                            f.push(Finding::warning(
                                line,
                                format!(
                                    "{key} is {} characters long: keep it under {MAX_SUMMARY} so it fits on one line in results",
                                    clean.chars().count()
                                ),
                            ));
                        }
                        m.summary = Some(clean);
                    }
                    Some(_) => {}
                    None if e.value == Value::Null => {}
                    None => f.push(Finding::warning(
                        line,
                        format!("{key} must be text, not {}; ignored", e.value.kind()),
                    )),
                }
            }
            "updated" | "lastmod" | "last_modified" | "date" => {
                let rank = match key.as_str() {
                    "updated" => 0,
                    "lastmod" => 1,
                    "last_modified" => 2,
                    _ => 3,
                };
                if let Some(s) = e.value.scalar()
                    && rank < updated_rank
                {
                    updated_rank = rank;
                    updated_line = line;
                    m.updated = Some(s);
                }
            }
            "owner" | "author" | "authors" => {
                let rank = match key.as_str() {
                    "owner" => 0,
                    "author" => 1,
                    _ => 2,
                };
                if rank < owner_rank
                    && let Some(o) = owner(&e.value)
                {
                    owner_rank = rank;
                    m.owner = Some(o);
                }
            }
            "review_by" | "review-by" | "reviewby" | "verify_by" => match e.value.scalar() {
                Some(d) => match normalise_date(&d) {
                    Some(d) => m.review_by = Some(d),
                    None => f.push(Finding::warning(
                        line,
                        format!(
                            "review_by {:?} is not a date: write it as YYYY-MM-DD (ignored)",
                            d.trim()
                        ),
                    )),
                },
                None if e.value == Value::Null => {}
                None => f.push(Finding::warning(
                    line,
                    format!(
                        "review_by must be a date (YYYY-MM-DD), not {}; ignored",
                        e.value.kind()
                    ),
                )),
            },
            "status" => match e.value.scalar() {
                Some(s) => match super::ArticleStatus::parse(&s) {
                    Some(st) => m.status = Some(st),
                    // Site generators have statuses of their own (`published` …).
                    None if yaml => {}
                    None => f.push(Finding::warning(
                        line,
                        format!(
                            "unknown status {:?}: use \"draft\", \"validated\" or \"archived\" (ignored)",
                            s.trim()
                        ),
                    )),
                },
                None if e.value == Value::Null => {}
                None => f.push(Finding::warning(
                    line,
                    format!(
                        "status must be \"draft\", \"validated\" or \"archived\", not {}; ignored",
                        e.value.kind()
                    ),
                )),
            },
            // A site generator's `draft: true` (Hugo, Jekyll) is a draft here too.
            "draft" if yaml => generator_draft = e.value == Value::Bool(true),
            "decide" => match &e.value {
                Value::Map(items) => {
                    for item in items {
                        tally(1);
                        let text = decide_text(&item.value);
                        match text {
                            Some(t) if !t.trim().is_empty() => {
                                m.decide.push((item.key.clone(), t.trim().to_string()));
                            }
                            Some(_) => f.push(Finding::warning(
                                item.line,
                                format!(
                                    "decide.{} is empty: say what the agent may decide, or remove it",
                                    item.key
                                ),
                            )),
                            None => f.push(Finding::warning(
                                item.line,
                                format!(
                                    "decide.{} must be text (or a list of texts), not {}; ignored",
                                    item.key,
                                    item.value.kind()
                                ),
                            )),
                        }
                    }
                }
                Value::Null => {}
                other => f.push(Finding::warning(
                    line,
                    format!(
                        "decide must be a table ([decide] with label = \"text\" lines), not {}; ignored",
                        other.kind()
                    ),
                )),
            },
            _ if yaml && (key == "id" || GENERATOR_KEYS.contains(&key.as_str())) => {}
            _ => {
                let hint = closest(&key)
                    .map(|k| format!(": did you mean `{k}`?"))
                    .unwrap_or_else(|| {
                        format!(" (ignored; apunte reads {})", KNOWN.join(", "))
                    });
                f.push(Finding::warning(
                    line,
                    format!("unknown front matter key `{}`{hint}", e.key),
                ));
            }
        }
    }

    if let Some(u) = m.updated.take() {
        match normalise_date(&u) {
            Some(d) => m.updated = Some(d),
            None => {
                f.push(Finding::warning(
                    updated_line,
                    format!("updated {u:?} is not a date: write it as YYYY-MM-DD"),
                ));
                m.updated = Some(u);
            }
        }
    }
    if generator_draft && m.status.is_none() {
        m.status = Some(super::ArticleStatus::Draft);
    }
    dedupe_tags(&mut m.tags, entries, &mut f);
    dedupe(&mut m.keywords);
    (m, f)
}

/// Longest summary that fits a result line.
pub const MAX_SUMMARY: usize = 160;

fn string_list(
    v: &Value,
    split_commas: bool,
    key: &str,
    line: usize,
    f: &mut Vec<Finding>,
) -> Vec<String> {
    let mut out = Vec::new();
    match v {
        Value::List(items) => {
            for item in items {
                tally(1);
                match item.scalar() {
                    Some(s) => {
                        let s = s.trim();
                        if !s.is_empty() {
                            out.push(s.to_string());
                        }
                    }
                    None if *item == Value::Null => {}
                    None => f.push(Finding::warning(
                        line,
                        format!(
                            "{key} must be a list of texts; an item that is {} was ignored",
                            item.kind()
                        ),
                    )),
                }
            }
        }
        Value::Null => {}
        Value::Map(_) => f.push(Finding::warning(
            line,
            format!(
                "{key} must be a list of texts (e.g. {key} = [\"a\", \"b\"]), not a table; ignored"
            ),
        )),
        other => {
            if let Some(s) = other.scalar() {
                if split_commas {
                    out.extend(
                        s.split(',')
                            .map(str::trim)
                            .filter(|t| !t.is_empty())
                            .map(String::from),
                    );
                } else if !s.trim().is_empty() {
                    out.push(s.trim().to_string());
                }
            }
        }
    }
    out
}

fn owner(v: &Value) -> Option<String> {
    match v {
        Value::List(items) => {
            let names: Vec<String> = items.iter().filter_map(owner).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        Value::Map(entries) => entries
            .iter()
            .find(|e| e.key == "name")
            .and_then(|e| e.value.scalar()),
        other => other
            .scalar()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty()),
    }
}

fn decide_text(v: &Value) -> Option<String> {
    match v {
        Value::List(items) => {
            let parts: Option<Vec<String>> = items.iter().map(Value::scalar).collect();
            parts.map(|p| p.join("; "))
        }
        Value::Null => Some(String::new()),
        other => other.scalar(),
    }
}

fn dedupe(list: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    tally(list.len());
    list.retain(|t| seen.insert(t.to_lowercase()));
}

fn dedupe_tags(tags: &mut Vec<String>, entries: &[Entry], f: &mut Vec<Finding>) {
    dedupe(tags);
    // Only a repeated tag inside `tags` itself is worth a warning (YAML `keywords` are
    // copied into tags on purpose).
    if let Some(e) = entries.iter().find(|e| e.key.eq_ignore_ascii_case("tags"))
        && let Value::List(items) = &e.value
    {
        let mut own = std::collections::HashSet::new();
        for item in items.iter().filter_map(Value::scalar) {
            tally(1);
            if !own.insert(item.trim().to_lowercase()) {
                f.push(Finding::warning(
                    e.line,
                    format!("tag {:?} is listed twice", item.trim()),
                ));
            }
        }
    }
}

/// `2026-09-14`, `2026-09-14T10:00:00Z`, `2026-09-14 10:00` → `2026-09-14`.
pub fn normalise_date(s: &str) -> Option<String> {
    let s = s.trim();
    let head = s.get(..10)?;
    let rest = &s[10..];
    if !(rest.is_empty() || rest.starts_with(['T', 't', ' '])) {
        return None;
    }
    chrono::NaiveDate::parse_from_str(head, "%Y-%m-%d")
        .ok()
        .map(|d| d.format("%Y-%m-%d").to_string())
}

/// The known key closest to a misspelt one (edit distance ≤ 2).
fn closest(key: &str) -> Option<&'static str> {
    KNOWN
        .iter()
        .map(|k| (crate::text::edit_distance(key, k, 2), *k))
        .filter(|(d, k)| *d <= 2 && *d < k.len())
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_toml_yaml_and_none() {
        let s = split("+++\ntitle = \"a\"\n+++\n\nbody\n").unwrap();
        assert_eq!(s.format, Format::Toml);
        assert_eq!(s.front, "title = \"a\"\n");
        assert_eq!(s.body, "\nbody\n");
        assert_eq!(s.body_line, 4);
        let s = split("---\r\ntitle: a\r\n---\r\nbody").unwrap();
        assert_eq!(s.format, Format::Yaml);
        assert_eq!(s.body, "body");
        let s = split("# Hola\n").unwrap();
        assert_eq!(s.format, Format::None);
        assert_eq!(split("+++\ntitle = 1\n"), Err(Format::Toml));
        assert_eq!(split("").unwrap().format, Format::None);
    }

    #[test]
    fn toml_entries_keep_file_order_and_lines() {
        let text =
            "+++\ntitle = \"T\"\n\n[decide]\nzeta = \"z\"\nalfa = 3\nbeta = [\"x\", \"y\"]\n+++\nb";
        let s = split(text).unwrap();
        let e = entries(&s).unwrap();
        let (m, f) = meta(s.format, &e);
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(m.title.as_deref(), Some("T"));
        assert_eq!(m.title_line, 2);
        assert_eq!(
            m.decide,
            vec![
                ("zeta".to_string(), "z".to_string()),
                ("alfa".to_string(), "3".to_string()),
                ("beta".to_string(), "x; y".to_string())
            ]
        );
    }

    #[test]
    fn toml_error_line_is_in_the_file() {
        let s = split("+++\ntitle = \"T\"\ntags = [\"a\",\n+++\nb").unwrap();
        let err = entries(&s).unwrap_err();
        assert_eq!(err.severity, Severity::Error);
        assert!(err.line >= 3, "{err:?}");
        let s = split("+++\ntitle = \"T\"\nsummary = sin comillas\n+++\nb").unwrap();
        assert_eq!(entries(&s).unwrap_err().line, 3);
    }

    #[test]
    fn yaml_vocabulary() {
        let text = "---\ntitle: Hola\ndescription: Resumen\ntags: [a, b]\nkeywords: [c]\nlastmod: 2024-01-05T10:00:00Z\nauthor:\n  name: Ana\nlayout: post\nslug: x\n---\nb";
        let s = split(text).unwrap();
        let e = entries(&s).unwrap();
        let (m, f) = meta(s.format, &e);
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(m.summary.as_deref(), Some("Resumen"));
        assert_eq!(m.tags, vec!["a", "b", "c"]);
        assert_eq!(m.keywords, vec!["c"]);
        assert_eq!(m.updated.as_deref(), Some("2024-01-05"));
        assert_eq!(m.owner.as_deref(), Some("Ana"));
    }

    #[test]
    fn unknown_keys_suggest_the_right_one() {
        let s = split("+++\ntitle = \"T\"\nkeyword = [\"a\"]\ndraft = true\n+++\nb").unwrap();
        let (_, f) = meta(s.format, &entries(&s).unwrap());
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].line, 3);
        assert!(f[0].message.contains("did you mean `keywords`"));
        assert_eq!(f[1].line, 4);
    }

    #[test]
    fn review_by_and_status() {
        let s = split("+++\ntitle = \"T\"\nreview_by = 2027-01-31\nstatus = \"Archived\"\n+++\nb")
            .unwrap();
        let (m, f) = meta(s.format, &entries(&s).unwrap());
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(m.review_by.as_deref(), Some("2027-01-31"));
        assert_eq!(m.status, Some(super::super::ArticleStatus::Archived));
        let s = split("+++\ntitle = \"T\"\nreview_by = \"pronto\"\nstatus = \"final\"\n+++\nb")
            .unwrap();
        let (m, f) = meta(s.format, &entries(&s).unwrap());
        assert_eq!((m.review_by, m.status), (None, None));
        assert_eq!(f.iter().map(|f| f.line).collect::<Vec<_>>(), [3, 4]);
        assert!(f[0].message.contains("YYYY-MM-DD"), "{f:?}");
        assert!(f[1].message.contains("validated"), "{f:?}");
        // A generator's own status says nothing in YAML; its `draft: true` is a draft.
        let s = split("---\ntitle: T\nstatus: published\n---\nb").unwrap();
        let (m, f) = meta(s.format, &entries(&s).unwrap());
        assert!(f.is_empty() && m.status.is_none(), "{f:?}");
        let s = split("---\ntitle: T\ndraft: true\n---\nb").unwrap();
        let (m, f) = meta(s.format, &entries(&s).unwrap());
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(m.status, Some(super::super::ArticleStatus::Draft));
    }

    #[test]
    fn dates() {
        assert_eq!(normalise_date("2026-09-14").as_deref(), Some("2026-09-14"));
        assert_eq!(normalise_date("2026-02-30"), None);
        assert_eq!(normalise_date("ayer"), None);
        assert_eq!(normalise_date("2026-09-14x"), None);
        assert_eq!(normalise_date("2026-09-1é"), None);
    }
}
