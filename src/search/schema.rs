//! The index schema: which fields exist, how each is analysed, and how an [`Article`]
//! becomes a document and back.
use tantivy::TantivyDocument;
use tantivy::schema::{
    FAST, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};

use super::analysis;
use crate::knowledge::{Article, Lang};

/// Bump whenever the schema, an analyzer chain or what goes into a field changes: an
/// index with another version is rebuilt from scratch.
///
/// 2: positions only in `all_f` (the only field phrase queries use); the stemmed fields
/// and `title_f` keep term frequencies (BM25) without positions.
/// 3: the id is a fast field (filter-only listings are sorted by it).
/// 4: a `status` field (`draft`, `validated`, `archived`): archived articles are left
/// out unless asked for.
pub const SCHEMA_VERSION: u32 = 4;

/// The tantivy build this index format depends on (the doc store compressor is recorded
/// in the index), and the version of the text taken from articles (`text-2`: anchors
/// closing list items and paragraphs dropped, front matter read with limits).
pub const FORMAT: &str = "tantivy-0.27/lz4/apunte-analyzers-v1/text-2";

/// The id field's name.
pub const ID: &str = "id";

/// Text fields in one language.
#[derive(Debug, Clone, Copy)]
pub struct LangFields {
    pub title: Field,
    /// Keywords and tags.
    pub keys: Field,
    pub summary: Field,
    pub body: Field,
}

impl LangFields {
    /// Each field with its boost for ranking.
    pub fn weighted(&self) -> [(Field, f32); 4] {
        [
            (self.title, 3.0),
            (self.keys, 2.5),
            (self.summary, 1.5),
            (self.body, 1.0),
        ]
    }
}

/// Every field of the schema.
#[derive(Debug, Clone)]
pub struct Fields {
    pub schema: Schema,
    /// Article id (raw, stored; a fast field: filter-only listings are sorted by it).
    pub id: Field,
    /// `r<root index>:<rel_path>`: deletes every document of a file.
    pub file: Field,
    /// `es` / `en`.
    pub lang: Field,
    /// Folded tags, one token each.
    pub tag: Field,
    /// The category and each of its ancestors, folded (`a`, `a/b`).
    pub cat: Field,
    /// The front matter `status` (`draft`, `validated`, `archived`), when it says.
    pub status: Field,
    pub es: LangFields,
    pub en: LangFields,
    /// Title, folded, unstemmed.
    pub title_f: Field,
    /// Title, keywords, tags, summary and body, folded, unstemmed.
    pub all_f: Field,
    /// The whole article as JSON.
    pub json: Field,
}

fn text(tokenizer: &str, option: IndexRecordOption) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(option),
    )
}

impl Fields {
    /// The schema of the current [`SCHEMA_VERSION`].
    pub fn build() -> Fields {
        let mut b = Schema::builder();
        let id = b.add_text_field(ID, STRING | STORED | FAST);
        let file = b.add_text_field("file", STRING);
        let lang = b.add_text_field("lang", STRING);
        // Positions cost about as much to record as the rest of a field's postings:
        // only the field that phrase queries run on has them.
        use IndexRecordOption::{Basic, WithFreqs, WithFreqsAndPositions};
        let tag = b.add_text_field("tag", text(analysis::KEYWORD, Basic));
        let cat = b.add_text_field("cat", text(analysis::KEYWORD, Basic));
        let status = b.add_text_field("status", STRING);
        let mut lang_fields = |suffix: &str, tokenizer: &str| LangFields {
            title: b.add_text_field(&format!("title_{suffix}"), text(tokenizer, WithFreqs)),
            keys: b.add_text_field(&format!("keys_{suffix}"), text(tokenizer, WithFreqs)),
            summary: b.add_text_field(&format!("summary_{suffix}"), text(tokenizer, WithFreqs)),
            body: b.add_text_field(&format!("body_{suffix}"), text(tokenizer, WithFreqs)),
        };
        let es = lang_fields("es", analysis::ES);
        let en = lang_fields("en", analysis::EN);
        let title_f = b.add_text_field("title_f", text(analysis::FOLD, WithFreqs));
        let all_f = b.add_text_field("all_f", text(analysis::FOLD, WithFreqsAndPositions));
        let json = b.add_text_field("json", STORED);
        Fields {
            schema: b.build(),
            id,
            file,
            lang,
            tag,
            cat,
            status,
            es,
            en,
            title_f,
            all_f,
            json,
        }
    }

    /// The fields of an index opened from disk, by name; `None` when the schema differs.
    pub fn matching(schema: &Schema) -> Option<Fields> {
        let expected = Fields::build();
        if expected.schema == *schema {
            Some(expected)
        } else {
            None
        }
    }

    pub fn lang(&self, lang: Lang) -> &LangFields {
        match lang {
            Lang::Es => &self.es,
            Lang::En => &self.en,
        }
    }

    /// The document for one article of file `file_key`.
    pub fn document(&self, article: &Article, file_key: &str) -> TantivyDocument {
        let mut doc = TantivyDocument::default();
        doc.add_text(self.id, &article.id);
        doc.add_text(self.file, file_key);
        doc.add_text(self.lang, article.lang.code());
        for tag in &article.tags {
            doc.add_text(self.tag, tag);
        }
        for (i, _) in article.category.match_indices('/') {
            doc.add_text(self.cat, &article.category[..i]);
        }
        if !article.category.is_empty() {
            doc.add_text(self.cat, &article.category);
        }
        if let Some(st) = article.status {
            doc.add_text(self.status, st.name());
        }
        let lf = self.lang(article.lang);
        doc.add_text(lf.title, &article.title);
        doc.add_text(self.title_f, &article.title);
        doc.add_text(self.all_f, &article.title);
        for k in article.keywords.iter().chain(&article.tags) {
            doc.add_text(lf.keys, k);
            doc.add_text(self.all_f, k);
        }
        doc.add_text(lf.summary, &article.summary);
        doc.add_text(self.all_f, &article.summary);
        doc.add_text(lf.body, &article.text);
        doc.add_text(self.all_f, &article.text);
        // Serialising an `Article` (strings, vectors, a path) cannot fail.
        let json = serde_json::to_string(article).unwrap_or_default();
        doc.add_text(self.json, json);
        doc
    }

    /// The article stored in a document.
    pub fn article(&self, doc: &TantivyDocument) -> Option<Article> {
        let json = doc.get_first(self.json)?.as_str()?;
        serde_json::from_str(json).ok()
    }
}
