//! The plan model: the public contract of `docs/MODEL.md` as serde types.
//!
//! Every command that writes a plan writes these types; datasets, diffs and users' scripts
//! read them. Field names are the contract: add fields freely, never rename or drop one
//! without raising [`SCHEMA_VERSION`]. `jplan schema` prints the JSON Schema generated from
//! these types, and `schema/plan-v1.schema.json` is the committed copy of it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The version of this model, written as `schema_version` in every document.
pub const SCHEMA_VERSION: &str = "1";

/// One converted plan document (計画書, 評価シート, …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PlanDocument {
    /// The model's version, `"1"`.
    pub schema_version: String,
    /// The input file and how its text was extracted.
    pub source: Source,
    /// Document-level facts: municipality, title, kind, edition, dates.
    pub meta: Meta,
    /// Table of contents (目次) entries; the TOC is not part of `sections`.
    pub toc: Vec<TocEntry>,
    /// The outline tree of the body.
    pub sections: Vec<Section>,
    /// The units of reform work (取組項目, 実施計画項目, 改革, …).
    pub items: Vec<ActionItem>,
    /// Performance indicators (指標) read from the body's tables and text.
    pub indicators: Vec<Indicator>,
    /// Evaluation sheets (施策評価シート), when the document has them.
    pub evaluations: Vec<Evaluation>,
    /// Every table of the document, in order; blocks, items and indicators point to them by `id`.
    pub tables: Vec<Table>,
    /// Every date and fiscal year written in the document, in order.
    pub dates: Vec<DateMention>,
    /// What the reader should know about the conversion.
    pub warnings: Vec<Warning>,
}

impl PlanDocument {
    /// An empty document for `source`: every list empty, every field unknown.
    pub fn empty(source: Source) -> Self {
        PlanDocument {
            schema_version: SCHEMA_VERSION.to_string(),
            source,
            meta: Meta::default(),
            toc: Vec::new(),
            sections: Vec::new(),
            items: Vec::new(),
            indicators: Vec::new(),
            evaluations: Vec::new(),
            tables: Vec::new(),
            dates: Vec::new(),
            warnings: Vec::new(),
        }
    }
}

/// Where the document came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Source {
    /// The path as given on the command line (or relative to the batch folder).
    pub path: String,
    /// SHA-256 of the input bytes, lower-case hex.
    pub sha256: String,
    /// The input's format.
    pub format: SourceFormat,
    /// The text encoding detected for TXT input (`UTF-8`, `Shift_JIS`, `EUC-JP`, `UTF-16LE`, …);
    /// `null` for PDF.
    pub encoding: Option<String>,
    /// Number of pages: PDF pages, or form-feed separated pages of a TXT file.
    pub pages: u32,
    /// What extracted the text, with its version (`jplan-txt 0.1.0`, `pdf-extract 0.12.1 + jplan 0.1.0`).
    pub extractor: String,
}

/// The input's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    /// A PDF document.
    Pdf,
    /// A text file, in any Japanese encoding.
    Txt,
}

/// Document-level facts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Meta {
    /// The municipality that publishes the plan, when the document names it.
    pub municipality: Option<Municipality>,
    /// The plan's title as written on its title page.
    pub title: Option<String>,
    /// What the document is: `大綱`, `推進計画`, `実施計画`, `基本方針`, `プラン`, `行政評価`, …
    pub kind: Option<String>,
    /// Edition number (`第7次` → 7, `第三次` → 3).
    pub edition: Option<u32>,
    /// True for drafts (素案, 案, たたき台).
    pub draft: bool,
    /// Date of issue, ISO 8601 as precise as the source (`2025-12`).
    pub issued: Option<String>,
    /// The plan period in fiscal years.
    pub period: Option<Period>,
}

/// A municipality (地方公共団体).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Municipality {
    /// The name with its suffix (`狛江市`, `三鷹市`).
    pub name: String,
    /// The prefecture (`東京都`), when known.
    pub prefecture: Option<String>,
    /// 全国地方公共団体コード (6 digits with check digit), when known.
    pub code: Option<String>,
}

/// A plan period: fiscal years, each the Western year in which it starts (令和7年度 → 2025).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Period {
    /// First fiscal year (April–March) as the calendar year it starts in.
    pub start_fy: i32,
    /// Last fiscal year, as the calendar year it starts in; `null` when open-ended.
    pub end_fy: Option<i32>,
}

/// One entry of the table of contents (目次).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TocEntry {
    /// The label as written (`1.`, `施策1`, `第2章`), if the entry has one.
    pub label: Option<String>,
    /// The entry's title, without label and page number.
    pub title: String,
    /// The page number the TOC gives, if any.
    pub page: Option<u32>,
    /// Where the entry is written.
    pub span: Span,
}

/// A node of the outline tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Section {
    /// Stable identifier: the path of labels from the root (`施策1/方向性2/基本事業1`).
    pub id: String,
    /// The numbering label of the heading; `null` for a heading without one.
    pub label: Option<Label>,
    /// The heading's text after the label.
    pub title: String,
    /// Further tab-separated cells of the heading line after the title, as written
    /// (`推進部署`, `政策室・情報政策課 会計課・関係各課`); empty for most headings.
    pub cells: Vec<String>,
    /// Depth in the tree, 1 for top-level sections.
    pub level: u32,
    /// The content directly under the heading (not in a child section).
    pub blocks: Vec<Block>,
    /// The sections one level below.
    pub children: Vec<Section>,
    /// From the heading to the section's last line.
    pub span: Span,
}

/// A numbering label (見出し番号): `方向性１` → keyword `方向性`, number 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Label {
    /// As written in the source (before normalization).
    pub raw: String,
    /// The numbering scheme's name from `rules/numbering.toml` (`paren_digit`, `circled`, `keyword`, …).
    pub scheme: String,
    /// The keyword of a keyword label (`方向性` of `方向性１`); `null` for other schemes.
    pub keyword: Option<String>,
    /// The label's number (`(3)` → 3, `ウ` → 3, `Ⅳ` → 4).
    pub number: u32,
}

/// Content under a section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Block {
    /// Paragraph, list or table; says which of `text`, `items`, `table_id` is set.
    pub kind: BlockKind,
    /// For paragraphs: the joined text.
    pub text: Option<String>,
    /// For lists: one string per list item, bullet removed.
    pub items: Option<Vec<String>>,
    /// For tables: the `id` of the entry in `tables`.
    pub table_id: Option<String>,
    /// The block's lines.
    pub span: Span,
}

/// What a block holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    /// Running text (`text`).
    Paragraph,
    /// Bulleted or marked list items (`items`).
    List,
    /// A table (`table_id`).
    Table,
}

/// A unit of reform work (取組項目, 実施計画項目, 改革, 取組, 具体的取組事項).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ActionItem {
    /// The label as the document writes it, normalized (`取組項目5`, `(1)-①-a`, `改革3`).
    pub id: String,
    /// The label as written in the item's heading or row, normalized.
    pub label: String,
    /// The item's title (取組項目名).
    pub title: String,
    /// Responsible departments (推進部署, 担当課), one name each.
    pub departments: Vec<String>,
    /// What the item does (取組内容, 概要), when the document says.
    pub description: Option<String>,
    /// Labels of the sections above the item, outermost first.
    pub section_path: Vec<String>,
    /// Reform themes of `rules/themes.toml` found in the title or description, in the file's
    /// theme order; empty when no theme's phrase occurs (nothing is guessed).
    #[serde(default)]
    pub themes: Vec<ItemTheme>,
    /// The `id` of the entry in `tables` the item was read from, when it is a table row.
    #[serde(default)]
    pub table_id: Option<String>,
    /// The item's heading or row and its text.
    pub span: Span,
}

/// A reform theme of an item, with the text that shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ItemTheme {
    /// The theme's `id` in `rules/themes.toml` (`outsourcing`, `digital`, …).
    pub id: String,
    /// The matched phrase as written in the item's title or description.
    pub evidence: String,
    /// The line holding the evidence.
    pub span: Span,
}

/// A performance indicator (指標) with values by fiscal year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Indicator {
    /// The indicator's name, without its unit bracket (`市民満足度（%）` → `市民満足度`).
    pub name: String,
    /// From the name's bracket: `（%）` → `%`, `(億円)` → `億円`.
    pub unit: Option<String>,
    /// What the indicator measures, when the document says.
    pub description: Option<String>,
    /// Its values, one per fiscal year and kind, in the table's order.
    pub observations: Vec<Observation>,
    /// The `id` of the entry in `tables` the indicator was read from (`null` for an indicator
    /// of an evaluation sheet or one written as text).
    #[serde(default)]
    pub table_id: Option<String>,
    /// The indicator's row or lines.
    pub span: Span,
}

/// One value of an indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Observation {
    /// The fiscal year (Western year in which it starts); `null` when the table does not say.
    pub fiscal_year: Option<i32>,
    /// Actual, estimate, current or target value.
    pub kind: ObservationKind,
    /// The number in the cell, in the indicator's unit; `null` when the cell holds none (`－`).
    pub value: Option<f64>,
    /// `at_most` for 以下, `at_least` for 以上 written with the value.
    pub bound: Option<Bound>,
    /// The cell as written.
    pub raw: String,
}

/// What an indicator value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ObservationKind {
    /// 実績
    Actual,
    /// 見込み
    Estimate,
    /// 現状値
    Current,
    /// 目標値
    Target,
}

/// A bound written with a target value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// 以下
    AtMost,
    /// 以上
    AtLeast,
}

/// An evaluation sheet (施策評価シート).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Evaluation {
    /// The policy code heading the sheet (`611`).
    pub code: String,
    /// The policy's title.
    pub title: String,
    /// 担当課
    pub lead_department: Option<String>,
    /// 関連課
    pub related_departments: Vec<String>,
    /// 目指す姿
    pub goal: Option<String>,
    /// 進捗状況
    pub progress: Option<Rating>,
    /// 必要性
    pub necessity: Option<Rating>,
    /// The sheet's indicators (成果指標).
    pub indicators: Vec<Indicator>,
    /// The cost figures of the sheet's projects (事業費), one per project and fiscal year.
    pub costs: Vec<Cost>,
    /// The whole sheet.
    pub span: Span,
}

/// A rating chosen on a scale: `1 2 ③ 4 … おおむね順調` → value 3, scale 4.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Rating {
    /// The chosen value (the circled number).
    pub value: u32,
    /// The highest value of the scale.
    pub scale: u32,
    /// The words of the chosen value (`おおむね順調`), when written.
    pub label: Option<String>,
}

/// One cost figure of an evaluation sheet's project list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Cost {
    /// The project's name (事業名).
    pub project: String,
    /// The fiscal year, as the calendar year it starts in.
    pub fiscal_year: i32,
    /// Settled (決算) or estimated (見込み, 予算).
    pub kind: CostKind,
    /// The amount in thousands of yen (千円); `null` when the cell holds none.
    pub thousand_yen: Option<i64>,
    /// 【再掲】: the project is listed again from another policy.
    pub relisted: bool,
}

/// Whether a cost figure is settled or estimated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum CostKind {
    /// 決算
    Settled,
    /// 見込み, 予算
    Estimate,
}

/// A table found in the document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Table {
    /// `t1`, `t2`, … in document order.
    pub id: String,
    /// The caption line above the table (`表1 職員数の推移`), when there is one.
    pub caption: Option<String>,
    /// How many of the first `rows` are header rows.
    pub header_rows: u32,
    /// Normalized cell texts.
    pub rows: Vec<Vec<String>>,
    /// How the table was written: `tsv` (tab-separated), `html` (`<table>`), `pipe` (markdown),
    /// `spaces` (columns aligned with two or more spaces).
    pub kind: String,
    /// The table's lines, across page breaks.
    pub span: Span,
    /// Column names: the header rows joined per column (a header cell written over two rows
    /// becomes one name; a group cell over several columns is prefixed only where names would
    /// repeat). Generic `列N` for a column without a header.
    #[serde(default)]
    pub columns: Vec<String>,
    /// The unit the table's caption or unit line gives (`千円`, `百万円`, `%`).
    #[serde(default)]
    pub unit: Option<String>,
    /// The period the caption gives, as written (`令和5年度から令和9年度まで 5年間`).
    #[serde(default)]
    pub period: Option<String>,
    /// One label per body row (the rows after `header_rows`): its first text cell, or its
    /// leading text cells joined when the first cell alone repeats.
    #[serde(default)]
    pub row_labels: Vec<String>,
    /// The body rows with one cell per column of `columns` (short rows such as a total whose
    /// label spans two columns are aligned: text cells left, values right).
    #[serde(default)]
    pub cells: Vec<Vec<Cell>>,
}

/// One body cell of a table, typed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Cell {
    /// The cell as written (normalized).
    pub text: String,
    /// The number the cell holds, if any.
    pub value: Option<f64>,
    /// The value's unit: written in the cell (`%`, `人`), else the table's unit.
    pub unit: Option<String>,
}

/// A date or fiscal year written in the document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DateMention {
    /// As written (`令和7年度`, `R 2 年度`, `令和8年（2026年）2月`).
    pub raw: String,
    /// Era name (`令和`), when an era was written.
    pub era: Option<String>,
    /// The year in the era (`令和7` → 7; `元年` → 1), when an era was written.
    pub era_year: Option<u32>,
    /// Western year; for a fiscal year, the year in which it starts.
    pub year: i32,
    /// Month 1–12, when written.
    pub month: Option<u32>,
    /// Day of the month, when written.
    pub day: Option<u32>,
    /// True for 年度 (fiscal years).
    pub fiscal: bool,
    /// `2025`, `2025-12`, `2025-12-01`, or `FY2025` for a fiscal year.
    pub iso: String,
    /// Set when the mention is one end of a range (`令和7年度～令和11年度`).
    pub range: Option<RangePart>,
    /// The line holding the date.
    pub span: Span,
}

/// Links the two ends of a date range: both ends share `id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RangePart {
    /// The range's number, shared by its two ends.
    pub id: u32,
    /// Which end this mention is.
    pub role: RangeRole,
}

/// Which end of a date range a mention is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RangeRole {
    /// The first date of the range.
    Start,
    /// The last date of the range.
    End,
}

/// What a warning is about: one code per kind of problem, written as `stage.what`
/// (`pdf.no_text`, `text.unplaced`) in the JSON, the manifest and the messages.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
pub enum WarningCode {
    /// `date.before_era`: the date lies before the era's first day (`令和元年4月`).
    #[serde(rename = "date.before_era")]
    DateBeforeEra,
    /// `date.era_overflow`: the date lies after the era's last day (`平成32年`).
    #[serde(rename = "date.era_overflow")]
    DateEraOverflow,
    /// `date.invalid`: an impossible month or day.
    #[serde(rename = "date.invalid")]
    DateInvalid,
    /// `date.mismatch`: the Western year written beside an era year disagrees with it.
    #[serde(rename = "date.mismatch")]
    DateMismatch,
    /// `date.range_reversed`: a range ends before it starts.
    #[serde(rename = "date.range_reversed")]
    DateRangeReversed,
    /// `encoding.escape_sequences`: the decoded text still holds ISO-2022 escape sequences.
    #[serde(rename = "encoding.escape_sequences")]
    EncodingEscapeSequences,
    /// `encoding.invalid`: invalid byte sequences, decoded as U+FFFD.
    #[serde(rename = "encoding.invalid")]
    EncodingInvalid,
    /// `encoding.mixed`: parts of the file are in different encodings (decoded line by line).
    #[serde(rename = "encoding.mixed")]
    EncodingMixed,
    /// `item.title_mismatch`: one item id is written with two different titles.
    #[serde(rename = "item.title_mismatch")]
    ItemTitleMismatch,
    /// `outline.number_jump`: a heading number skips (`8` after `6`).
    #[serde(rename = "outline.number_jump")]
    OutlineNumberJump,
    /// `outline.number_repeat`: a heading number repeats.
    #[serde(rename = "outline.number_repeat")]
    OutlineNumberRepeat,
    /// `outline.too_deep`: headings nested deeper than `max_depth` stay text.
    #[serde(rename = "outline.too_deep")]
    OutlineTooDeep,
    /// `pdf.glyph_table`: text read through a learned glyph table (a font without a text mapping).
    #[serde(rename = "pdf.glyph_table")]
    PdfGlyphTable,
    /// `pdf.no_text`: the PDF has no text layer (a scan: OCR needed).
    #[serde(rename = "pdf.no_text")]
    PdfNoText,
    /// `pdf.no_unicode`: glyphs without a known text were left out (page, count).
    #[serde(rename = "pdf.no_unicode")]
    PdfNoUnicode,
    /// `pdf.ocr_layer`: the text is a scan's invisible OCR layer, of unknown quality.
    #[serde(rename = "pdf.ocr_layer")]
    PdfOcrLayer,
    /// `pdf.page_failed`: the PDF library failed on a page; its text may be incomplete.
    #[serde(rename = "pdf.page_failed")]
    PdfPageFailed,
    /// `pdf.repaired`: a broken cross-reference table was rebuilt.
    #[serde(rename = "pdf.repaired")]
    PdfRepaired,
    /// `pdf.too_many_pages`: pages after `max_pages` were not read.
    #[serde(rename = "pdf.too_many_pages")]
    PdfTooManyPages,
    /// `pdf.unknown_cmap`: a font names a CMap jplan does not know.
    #[serde(rename = "pdf.unknown_cmap")]
    PdfUnknownCmap,
    /// `table.too_large`: a table over `max_table_cells` stays paragraph text.
    #[serde(rename = "table.too_large")]
    TableTooLarge,
    /// `text.duplicated`: a piece of text is placed twice in the outline.
    #[serde(rename = "text.duplicated")]
    TextDuplicated,
    /// `text.empty`: the document has no text.
    #[serde(rename = "text.empty")]
    TextEmpty,
    /// `text.long_line`: a line longer than `max_line_bytes` was cut into pieces.
    #[serde(rename = "text.long_line")]
    TextLongLine,
    /// `text.too_many_pages`: a TXT's form-feed pages after `max_pages` are kept in the last page.
    #[serde(rename = "text.too_many_pages")]
    TextTooManyPages,
    /// `text.unplaced`: a line of the text is in no section, block or table.
    #[serde(rename = "text.unplaced")]
    TextUnplaced,
    /// `toc.no_heading`: a TOC entry has no heading in the body.
    #[serde(rename = "toc.no_heading")]
    TocNoHeading,
}

impl WarningCode {
    /// Every code, in the order of the JSON Schema.
    pub const ALL: [WarningCode; 27] = [
        WarningCode::DateBeforeEra,
        WarningCode::DateEraOverflow,
        WarningCode::DateInvalid,
        WarningCode::DateMismatch,
        WarningCode::DateRangeReversed,
        WarningCode::EncodingEscapeSequences,
        WarningCode::EncodingInvalid,
        WarningCode::EncodingMixed,
        WarningCode::ItemTitleMismatch,
        WarningCode::OutlineNumberJump,
        WarningCode::OutlineNumberRepeat,
        WarningCode::OutlineTooDeep,
        WarningCode::PdfGlyphTable,
        WarningCode::PdfNoText,
        WarningCode::PdfNoUnicode,
        WarningCode::PdfOcrLayer,
        WarningCode::PdfPageFailed,
        WarningCode::PdfRepaired,
        WarningCode::PdfTooManyPages,
        WarningCode::PdfUnknownCmap,
        WarningCode::TableTooLarge,
        WarningCode::TextDuplicated,
        WarningCode::TextEmpty,
        WarningCode::TextLongLine,
        WarningCode::TextTooManyPages,
        WarningCode::TextUnplaced,
        WarningCode::TocNoHeading,
    ];

    /// The code as written in the JSON (`pdf.no_text`).
    pub fn as_str(self) -> &'static str {
        match self {
            WarningCode::DateBeforeEra => "date.before_era",
            WarningCode::DateEraOverflow => "date.era_overflow",
            WarningCode::DateInvalid => "date.invalid",
            WarningCode::DateMismatch => "date.mismatch",
            WarningCode::DateRangeReversed => "date.range_reversed",
            WarningCode::EncodingEscapeSequences => "encoding.escape_sequences",
            WarningCode::EncodingInvalid => "encoding.invalid",
            WarningCode::EncodingMixed => "encoding.mixed",
            WarningCode::ItemTitleMismatch => "item.title_mismatch",
            WarningCode::OutlineNumberJump => "outline.number_jump",
            WarningCode::OutlineNumberRepeat => "outline.number_repeat",
            WarningCode::OutlineTooDeep => "outline.too_deep",
            WarningCode::PdfGlyphTable => "pdf.glyph_table",
            WarningCode::PdfNoText => "pdf.no_text",
            WarningCode::PdfNoUnicode => "pdf.no_unicode",
            WarningCode::PdfOcrLayer => "pdf.ocr_layer",
            WarningCode::PdfPageFailed => "pdf.page_failed",
            WarningCode::PdfRepaired => "pdf.repaired",
            WarningCode::PdfTooManyPages => "pdf.too_many_pages",
            WarningCode::PdfUnknownCmap => "pdf.unknown_cmap",
            WarningCode::TableTooLarge => "table.too_large",
            WarningCode::TextDuplicated => "text.duplicated",
            WarningCode::TextEmpty => "text.empty",
            WarningCode::TextLongLine => "text.long_line",
            WarningCode::TextTooManyPages => "text.too_many_pages",
            WarningCode::TextUnplaced => "text.unplaced",
            WarningCode::TocNoHeading => "toc.no_heading",
        }
    }
}

impl std::fmt::Display for WarningCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Something the reader should know about the conversion (`date.mismatch`, `text.unplaced`, …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Warning {
    /// What kind of problem it is.
    pub code: WarningCode,
    /// A sentence for a person, naming what was found.
    pub message: String,
    /// Where in the document, when it concerns one place.
    pub span: Option<Span>,
}

impl Warning {
    /// A warning of `code` with `message` at `span`.
    pub fn new(code: WarningCode, message: impl Into<String>, span: Option<Span>) -> Self {
        Warning {
            code,
            message: message.into(),
            span,
        }
    }
}

/// Where something came from: 1-based page, and 1-based lines of that page's extracted text.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
)]
pub struct Span {
    /// The (first) page, 1-based.
    pub page: u32,
    /// The first line on `page`, 1-based.
    pub line_start: u32,
    /// The last line: on `page_end` when the span crosses a page break, else on `page`.
    pub line_end: u32,
    /// The last page, for a span that crosses a page break (a table or section continued on
    /// the next page); absent when the span ends on `page`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_end: Option<u32>,
}

impl Span {
    /// Line `line` of `page`.
    pub fn line(page: u32, line: u32) -> Self {
        Span::lines(page, line, line)
    }

    /// Lines `first..=last` of one page.
    pub fn lines(page: u32, first: u32, last: u32) -> Self {
        Span {
            page,
            line_start: first,
            line_end: last,
            page_end: None,
        }
    }

    /// The page the span ends on.
    pub fn last_page(self) -> u32 {
        self.page_end.unwrap_or(self.page)
    }

    /// The smallest span covering both, across page breaks.
    pub fn to(self, other: Span) -> Span {
        let start = (self.page, self.line_start).min((other.page, other.line_start));
        let end = (self.last_page(), self.line_end).max((other.last_page(), other.line_end));
        Span {
            page: start.0,
            line_start: start.1,
            line_end: end.1,
            page_end: (end.0 != start.0).then_some(end.0),
        }
    }

    /// Whether the span overlaps lines `first..=last` of `page`.
    pub fn touches(self, page: u32, first: u32, last: u32) -> bool {
        let after_start = (page, last) >= (self.page, self.line_start);
        let before_end = (page, first) <= (self.last_page(), self.line_end);
        after_start && before_end
    }

    /// Whether `inner` lies within this span.
    pub fn contains(self, inner: Span) -> bool {
        (inner.page, inner.line_start) >= (self.page, self.line_start)
            && (inner.last_page(), inner.line_end) <= (self.last_page(), self.line_end)
    }
}

#[cfg(test)]
mod warning_code_tests {
    use super::WarningCode;

    #[test]
    fn every_code_is_written_as_its_name_and_read_back() {
        for code in WarningCode::ALL {
            let json = serde_json::to_string(&code).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            let back: WarningCode = serde_json::from_str(&json).expect("reads back");
            assert_eq!(back, code);
            let (stage, what) = code.as_str().split_once('.').expect("stage.what");
            assert!(!stage.is_empty() && !what.is_empty());
        }
        let mut names: Vec<&str> = WarningCode::ALL.iter().map(|c| c.as_str()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), WarningCode::ALL.len());
    }
}
