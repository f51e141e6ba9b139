//! Datasets: flat tables of a folder of plans, one row per record, for pandas, DuckDB, R or a
//! spreadsheet. Like pandoc's writers, they read only the plan model ([`PlanDocument`]).
//!
//! Every row carries the document's `source_path` (the plan key) and `municipality`, so tables
//! can be concatenated across folders and joined on (`source_path`, `item_index`) and the like.
//! A key has the same column name in every table that holds it: `source_path`, `section_id`,
//! `item_index`/`item_id`, `evaluation_index`/`evaluation_code`. Each
//! table is written both as CSV and as JSON Lines with the same columns ([`DatasetRow::COLUMNS`]):
//! lists become one `;`-joined cell (and, for departments, a separate long table).
//!
//! [`DocRows::of`] turns one document into its rows; [`DatasetWriter`] appends documents' rows
//! to the files in the order they are given, so the caller decides the row order.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::fsutil::AtomicFile;
use crate::error::{Error, Result};
use crate::model::{Indicator, ObservationKind, PlanDocument, Rating, Section};
use crate::themes::ThemeRules;

/// How list cells (departments, section paths) are joined in one cell.
pub const LIST_SEPARATOR: &str = ";";

/// The names of the dataset tables, in the order they are written.
pub const TABLES: [&str; 11] = [
    PlanRow::TABLE,
    SectionRow::TABLE,
    ItemRow::TABLE,
    ItemDepartmentRow::TABLE,
    IndicatorRow::TABLE,
    EvaluationRow::TABLE,
    EvaluationCostRow::TABLE,
    DateRow::TABLE,
    ItemThemeRow::TABLE,
    ThemeCountRow::TABLE,
    TableCellRow::TABLE,
];

/// A row type of a dataset table.
pub trait DatasetRow: Serialize + DeserializeOwned {
    /// The table's file stem (`items` → `items.csv`, `items.jsonl`).
    const TABLE: &'static str;
    /// The column names, in order: the CSV header, and the keys of each JSON line.
    const COLUMNS: &'static [&'static str];
}

/// `plans`: one row per document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanRow {
    /// The plan's path relative to the batch folder: the key of the plan in every table.
    pub source_path: String,
    /// The publishing municipality's name (`meta.municipality.name`).
    pub municipality: Option<String>,
    /// The municipality's prefecture.
    pub prefecture: Option<String>,
    /// 全国地方公共団体コード
    pub municipality_code: Option<String>,
    /// SHA-256 of the input file, lower-case hex.
    pub sha256: String,
    /// `pdf` or `txt`.
    pub format: String,
    /// The detected text encoding of a TXT input; empty for PDF.
    pub encoding: Option<String>,
    /// Number of pages.
    pub pages: u32,
    /// The plan's title.
    pub title: Option<String>,
    /// What the document is (`大綱`, `実施計画`, …).
    pub kind: Option<String>,
    /// Edition number (`第7次` → 7).
    pub edition: Option<u32>,
    /// True for drafts (素案, 案).
    pub draft: bool,
    /// The plan's date of issue, ISO 8601 as precise as the source.
    pub issued: Option<String>,
    /// First fiscal year of the plan period (the calendar year it starts in).
    pub period_start_fy: Option<i32>,
    /// Last fiscal year of the plan period.
    pub period_end_fy: Option<i32>,
    /// Number of sections, all levels.
    pub sections: usize,
    /// Number of action items.
    pub items: usize,
    /// Number of indicators (evaluation sheets' ones not included).
    pub indicators: usize,
    /// Number of evaluation sheets.
    pub evaluations: usize,
    /// Number of tables.
    pub tables: usize,
    /// Number of date mentions.
    pub dates: usize,
    /// Number of warnings.
    pub warnings: usize,
}

impl DatasetRow for PlanRow {
    const TABLE: &'static str = "plans";
    const COLUMNS: &'static [&'static str] = &[
        "source_path",
        "municipality",
        "prefecture",
        "municipality_code",
        "sha256",
        "format",
        "encoding",
        "pages",
        "title",
        "kind",
        "edition",
        "draft",
        "issued",
        "period_start_fy",
        "period_end_fy",
        "sections",
        "items",
        "indicators",
        "evaluations",
        "tables",
        "dates",
        "warnings",
    ];
}

/// `sections`: one row per section of the outline (章, 施策, 方向性, 基本事業, …), parents before
/// their children, in document order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionRow {
    /// The plan's path relative to the batch folder: the key of the plan in every table.
    pub source_path: String,
    /// The publishing municipality's name (`meta.municipality.name`).
    pub municipality: Option<String>,
    /// 1-based position of the section in the document (depth first).
    pub section_index: usize,
    /// The path of labels from the root (`施策1/方向性2/基本事業1`): the `section_id` of the
    /// items under it.
    pub section_id: String,
    /// The enclosing section's `section_id`; empty for a top-level section.
    pub parent_section_id: Option<String>,
    /// Depth in the outline, 1 for top-level sections.
    pub level: u32,
    /// The label as written (`基本事業１`); empty for an unnumbered heading.
    pub label: Option<String>,
    /// The heading's title.
    pub title: String,
    /// Page of the record's first line (1-based).
    pub page: u32,
    /// First line of the record on that page (1-based).
    pub line_start: u32,
    /// Last line of the record.
    pub line_end: u32,
}

impl DatasetRow for SectionRow {
    const TABLE: &'static str = "sections";
    const COLUMNS: &'static [&'static str] = &[
        "source_path",
        "municipality",
        "section_index",
        "section_id",
        "parent_section_id",
        "level",
        "label",
        "title",
        "page",
        "line_start",
        "line_end",
    ];
}

/// `items`: one row per action item (取組項目), departments joined.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemRow {
    /// The plan's path relative to the batch folder: the key of the plan in every table.
    pub source_path: String,
    /// The publishing municipality's name (`meta.municipality.name`).
    pub municipality: Option<String>,
    /// 1-based position of the item in the document; the join key with `item_departments`
    /// and `item_themes`.
    pub item_index: usize,
    /// The item's label, normalized (`取組項目5`); not always unique in a document.
    pub item_id: String,
    /// The label as written, normalized.
    pub label: String,
    /// The item's title.
    pub title: String,
    /// The departments joined with `LIST_SEPARATOR`.
    pub departments: String,
    /// How many departments the item names.
    pub department_count: usize,
    /// What the item does, when the document says.
    pub description: Option<String>,
    /// The enclosing section: its labels joined with `/`, outermost first; the `section_id`
    /// of `sections`.
    pub section_id: String,
    /// Page of the record's first line (1-based).
    pub page: u32,
    /// First line of the record on that page (1-based).
    pub line_start: u32,
    /// Last line of the record.
    pub line_end: u32,
}

impl DatasetRow for ItemRow {
    const TABLE: &'static str = "items";
    const COLUMNS: &'static [&'static str] = &[
        "source_path",
        "municipality",
        "item_index",
        "item_id",
        "label",
        "title",
        "departments",
        "department_count",
        "description",
        "section_id",
        "page",
        "line_start",
        "line_end",
    ];
}

/// `item_departments`: one row per (item, department) pair (推進部署, 担当課).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemDepartmentRow {
    /// The plan's path relative to the batch folder: the key of the plan in every table.
    pub source_path: String,
    /// The publishing municipality's name (`meta.municipality.name`).
    pub municipality: Option<String>,
    /// 1-based position of the item among the document's items.
    pub item_index: usize,
    /// The item's `id` (its normalized label, `取組項目5`).
    pub item_id: String,
    /// 1-based order of the department within the item.
    pub department_index: usize,
    /// One responsible department (推進部署, 担当課).
    pub department: String,
}

impl DatasetRow for ItemDepartmentRow {
    const TABLE: &'static str = "item_departments";
    const COLUMNS: &'static [&'static str] = &[
        "source_path",
        "municipality",
        "item_index",
        "item_id",
        "department_index",
        "department",
    ];
}

/// `indicators`: one row per observation (実績, 現状値, 目標値, …) of an indicator (指標).
///
/// An indicator without observations still gets one row, with the observation columns empty,
/// so no indicator is lost. Indicators of evaluation sheets are included, with
/// `evaluation_index` and `evaluation_code` set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorRow {
    /// The plan's path relative to the batch folder: the key of the plan in every table.
    pub source_path: String,
    /// The publishing municipality's name (`meta.municipality.name`).
    pub municipality: Option<String>,
    /// 1-based position among the document's indicators, or among the sheet's indicators.
    pub indicator_index: usize,
    /// For an evaluation sheet's indicator: the sheet's `evaluation_index`; else empty.
    pub evaluation_index: Option<usize>,
    /// For an evaluation sheet's indicator: the sheet's policy code; else empty.
    pub evaluation_code: Option<String>,
    /// The indicator's name.
    pub name: String,
    /// The indicator's unit (`%`, `億円`).
    pub unit: Option<String>,
    /// What the indicator measures, when the document says.
    pub description: Option<String>,
    /// 1-based position of the observation within the indicator.
    pub observation_index: Option<usize>,
    /// The observation's fiscal year (the calendar year it starts in).
    pub fiscal_year: Option<i32>,
    /// `actual`, `estimate`, `current` or `target`.
    pub kind: Option<String>,
    /// The observation's number, in the indicator's unit.
    pub value: Option<f64>,
    /// `at_most` (以下) or `at_least` (以上).
    pub bound: Option<String>,
    /// The cell as written.
    pub raw: Option<String>,
    /// Page of the record's first line (1-based).
    pub page: u32,
    /// First line of the record on that page (1-based).
    pub line_start: u32,
    /// Last line of the record.
    pub line_end: u32,
}

impl DatasetRow for IndicatorRow {
    const TABLE: &'static str = "indicators";
    const COLUMNS: &'static [&'static str] = &[
        "source_path",
        "municipality",
        "indicator_index",
        "evaluation_index",
        "evaluation_code",
        "name",
        "unit",
        "description",
        "observation_index",
        "fiscal_year",
        "kind",
        "value",
        "bound",
        "raw",
        "page",
        "line_start",
        "line_end",
    ];
}

/// `evaluations`: one row per evaluation sheet (施策評価シート).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvaluationRow {
    /// The plan's path relative to the batch folder: the key of the plan in every table.
    pub source_path: String,
    /// The publishing municipality's name (`meta.municipality.name`).
    pub municipality: Option<String>,
    /// 1-based position of the sheet in the document.
    pub evaluation_index: usize,
    /// The sheet's code (`611`), text: it may start with 0.
    pub evaluation_code: String,
    /// The policy's title.
    pub title: String,
    /// 担当課
    pub lead_department: Option<String>,
    /// 関連課, joined with `LIST_SEPARATOR`.
    pub related_departments: String,
    /// 目指す姿
    pub goal: Option<String>,
    /// 進捗状況
    pub progress_value: Option<u32>,
    /// The highest value of the progress scale.
    pub progress_scale: Option<u32>,
    /// The words of the chosen progress value (`おおむね順調`).
    pub progress_label: Option<String>,
    /// 必要性
    pub necessity_value: Option<u32>,
    /// The highest value of the necessity scale.
    pub necessity_scale: Option<u32>,
    /// The words of the chosen necessity value.
    pub necessity_label: Option<String>,
    /// Number of the sheet's indicators.
    pub indicators: usize,
    /// Number of the sheet's cost figures.
    pub costs: usize,
    /// Page of the record's first line (1-based).
    pub page: u32,
    /// First line of the record on that page (1-based).
    pub line_start: u32,
    /// Last line of the record.
    pub line_end: u32,
}

impl DatasetRow for EvaluationRow {
    const TABLE: &'static str = "evaluations";
    const COLUMNS: &'static [&'static str] = &[
        "source_path",
        "municipality",
        "evaluation_index",
        "evaluation_code",
        "title",
        "lead_department",
        "related_departments",
        "goal",
        "progress_value",
        "progress_scale",
        "progress_label",
        "necessity_value",
        "necessity_scale",
        "necessity_label",
        "indicators",
        "costs",
        "page",
        "line_start",
        "line_end",
    ];
}

/// `evaluation_costs`: one row per cost figure of an evaluation sheet's project list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvaluationCostRow {
    /// The plan's path relative to the batch folder: the key of the plan in every table.
    pub source_path: String,
    /// The publishing municipality's name (`meta.municipality.name`).
    pub municipality: Option<String>,
    /// The sheet's `evaluation_index`.
    pub evaluation_index: usize,
    /// The sheet's policy code (`611`).
    pub evaluation_code: String,
    /// 1-based position of the cost within the sheet.
    pub cost_index: usize,
    /// The project's name (事業名).
    pub project: String,
    /// The fiscal year (the calendar year it starts in).
    pub fiscal_year: i32,
    /// `settled` (決算) or `estimate` (見込み, 予算).
    pub kind: String,
    /// The amount in thousands of yen (千円).
    pub thousand_yen: Option<i64>,
    /// 【再掲】
    pub relisted: bool,
}

impl DatasetRow for EvaluationCostRow {
    const TABLE: &'static str = "evaluation_costs";
    const COLUMNS: &'static [&'static str] = &[
        "source_path",
        "municipality",
        "evaluation_index",
        "evaluation_code",
        "cost_index",
        "project",
        "fiscal_year",
        "kind",
        "thousand_yen",
        "relisted",
    ];
}

/// `dates`: one row per date or fiscal year written in the document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DateRow {
    /// The plan's path relative to the batch folder: the key of the plan in every table.
    pub source_path: String,
    /// The publishing municipality's name (`meta.municipality.name`).
    pub municipality: Option<String>,
    /// 1-based position of the mention in the document.
    pub date_index: usize,
    /// The date as written (`令和 7 年度`).
    pub raw: String,
    /// The era name (`令和`), when written.
    pub era: Option<String>,
    /// The year in the era, when an era was written.
    pub era_year: Option<u32>,
    /// Western year; for a fiscal year, the year it starts in.
    pub year: i32,
    /// Month 1–12, when written.
    pub month: Option<u32>,
    /// Day of the month, when written.
    pub day: Option<u32>,
    /// True for a fiscal year (年度).
    pub fiscal: bool,
    /// `2025`, `2025-12`, `2025-12-01`, or `FY2025` for a fiscal year.
    pub iso: String,
    /// Both ends of a range (`令和7年度～令和11年度`) share `range_id`.
    pub range_id: Option<u32>,
    /// `start` or `end`.
    pub range_role: Option<String>,
    /// Page of the record's first line (1-based).
    pub page: u32,
    /// First line of the record on that page (1-based).
    pub line_start: u32,
    /// Last line of the record.
    pub line_end: u32,
}

impl DatasetRow for DateRow {
    const TABLE: &'static str = "dates";
    const COLUMNS: &'static [&'static str] = &[
        "source_path",
        "municipality",
        "date_index",
        "raw",
        "era",
        "era_year",
        "year",
        "month",
        "day",
        "fiscal",
        "iso",
        "range_id",
        "range_role",
        "page",
        "line_start",
        "line_end",
    ];
}

/// `table_cells`: one row per body cell of every assembled table (`tables` in the plan JSON):
/// the table's caption and unit, the row label, the column name, the cell as written and its
/// number. Cost and schedule tables of many plans stack into one long table this way.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableCellRow {
    /// The plan's path relative to the batch folder: the key of the plan in every table.
    pub source_path: String,
    /// The publishing municipality's name (`meta.municipality.name`).
    pub municipality: Option<String>,
    /// The table's id in the plan JSON (`t3`).
    pub table_id: String,
    /// The table's caption.
    pub caption: Option<String>,
    /// The table's unit (`千円`).
    pub table_unit: Option<String>,
    /// The period the table's caption gives, as written.
    pub period: Option<String>,
    /// 1-based body row and column.
    pub row_index: usize,
    /// 1-based column of the cell.
    pub column_index: usize,
    /// The row's label (its first text cell).
    pub row_label: String,
    /// The column's name (header rows joined).
    pub column: String,
    /// The cell as written (normalized).
    pub text: String,
    /// The number the cell holds, if any.
    pub value: Option<f64>,
    /// The value's unit: written in the cell, else the table's.
    pub unit: Option<String>,
    /// Page of the record's first line (1-based).
    pub page: u32,
    /// First line of the record on that page (1-based).
    pub line_start: u32,
}

impl DatasetRow for TableCellRow {
    const TABLE: &'static str = "table_cells";
    const COLUMNS: &'static [&'static str] = &[
        "source_path",
        "municipality",
        "table_id",
        "caption",
        "table_unit",
        "period",
        "row_index",
        "column_index",
        "row_label",
        "column",
        "text",
        "value",
        "unit",
        "page",
        "line_start",
    ];
}

/// `item_themes`: one row per (item, reform theme) pair, with the plan's facts a trend
/// analysis groups by. Items without a theme have no row here (see `theme_counts`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemThemeRow {
    /// The plan's path relative to the batch folder: the key of the plan in every table.
    pub source_path: String,
    /// 1-based position of the item among the document's items.
    pub item_index: usize,
    /// The item's `id` (its normalized label, `取組項目5`).
    pub item_id: String,
    /// The publishing municipality's name (`meta.municipality.name`).
    pub municipality: Option<String>,
    /// 全国地方公共団体コード of the municipality.
    pub municipality_code: Option<String>,
    /// First fiscal year of the plan period (the calendar year it starts in).
    pub period_start_fy: Option<i32>,
    /// Last fiscal year of the plan period.
    pub period_end_fy: Option<i32>,
    /// The plan's date of issue, ISO 8601 as precise as the source.
    pub issued: Option<String>,
    /// The theme's `id` in `rules/themes.toml` (`digital`).
    pub theme_id: String,
    /// The theme's Japanese name from `rules/themes.toml`.
    pub theme_name_ja: String,
    /// The matched phrase as written in the item.
    pub evidence: String,
    /// Page of the record's first line (1-based).
    pub page: u32,
    /// First line of the record on that page (1-based).
    pub line_start: u32,
    /// Last line of the record.
    pub line_end: u32,
}

impl DatasetRow for ItemThemeRow {
    const TABLE: &'static str = "item_themes";
    const COLUMNS: &'static [&'static str] = &[
        "source_path",
        "item_index",
        "item_id",
        "municipality",
        "municipality_code",
        "period_start_fy",
        "period_end_fy",
        "issued",
        "theme_id",
        "theme_name_ja",
        "evidence",
        "page",
        "line_start",
        "line_end",
    ];
}

/// `theme_counts`: one row per (plan, theme of the rules): how many of the plan's items have
/// the theme. Every theme has a row, zero included, so shares can be averaged across plans;
/// `plan_items` is 0 for a plan without items (a scan that needs OCR, a short notice).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThemeCountRow {
    /// The plan's path relative to the batch folder: the key of the plan in every table.
    pub source_path: String,
    /// The publishing municipality's name (`meta.municipality.name`).
    pub municipality: Option<String>,
    /// The municipality's prefecture.
    pub prefecture: Option<String>,
    /// 全国地方公共団体コード of the municipality.
    pub municipality_code: Option<String>,
    /// First fiscal year of the plan period (the calendar year it starts in).
    pub period_start_fy: Option<i32>,
    /// Last fiscal year of the plan period.
    pub period_end_fy: Option<i32>,
    /// The plan's date of issue, ISO 8601 as precise as the source.
    pub issued: Option<String>,
    /// The theme's `id` in `rules/themes.toml` (`digital`).
    pub theme_id: String,
    /// The theme's Japanese name from `rules/themes.toml`.
    pub theme_name_ja: String,
    /// Items of the plan with this theme.
    pub items: usize,
    /// All items of the plan.
    pub plan_items: usize,
    /// Items of the plan without any theme.
    pub plan_items_without_theme: usize,
}

impl DatasetRow for ThemeCountRow {
    const TABLE: &'static str = "theme_counts";
    const COLUMNS: &'static [&'static str] = &[
        "source_path",
        "municipality",
        "prefecture",
        "municipality_code",
        "period_start_fy",
        "period_end_fy",
        "issued",
        "theme_id",
        "theme_name_ja",
        "items",
        "plan_items",
        "plan_items_without_theme",
    ];
}

/// The rows of one document, for every table. Small next to the document itself: this is
/// what a batch keeps per document (in a part file) until the datasets are merged.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocRows {
    pub plans: Vec<PlanRow>,
    /// No default: a row file written before this table existed is rebuilt from the JSON.
    pub sections: Vec<SectionRow>,
    pub items: Vec<ItemRow>,
    pub item_departments: Vec<ItemDepartmentRow>,
    pub indicators: Vec<IndicatorRow>,
    pub evaluations: Vec<EvaluationRow>,
    pub evaluation_costs: Vec<EvaluationCostRow>,
    pub dates: Vec<DateRow>,
    #[serde(default)]
    pub item_themes: Vec<ItemThemeRow>,
    #[serde(default)]
    pub theme_counts: Vec<ThemeCountRow>,
    /// No default: a row file written before this table existed is rebuilt from the JSON.
    pub table_cells: Vec<TableCellRow>,
}

/// The serde name of a unit enum variant (`ObservationKind::Target` → `target`).
fn enum_name<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

fn count_sections(sections: &[Section]) -> usize {
    sections
        .iter()
        .map(|s| 1 + count_sections(&s.children))
        .sum()
}

fn rating_parts(r: &Option<Rating>) -> (Option<u32>, Option<u32>, Option<String>) {
    match r {
        Some(r) => (Some(r.value), Some(r.scale), r.label.clone()),
        None => (None, None, None),
    }
}

impl DocRows {
    /// The rows of `doc`, theme names from the built-in `rules/themes.toml`.
    pub fn of(doc: &PlanDocument) -> DocRows {
        DocRows::with_themes(doc, &crate::Rules::defaults().themes)
    }

    /// The rows of `doc`, in document order. `source_path` is taken from `doc.source.path`;
    /// theme names and the list of themes counted come from `themes`.
    pub fn with_themes(doc: &PlanDocument, themes: &ThemeRules) -> DocRows {
        let path = doc.source.path.clone();
        let muni = doc.meta.municipality.as_ref().map(|m| m.name.clone());
        let mut rows = DocRows::default();

        let eval_indicators: usize = doc.evaluations.iter().map(|e| e.indicators.len()).sum();
        rows.plans.push(PlanRow {
            source_path: path.clone(),
            municipality: muni.clone(),
            prefecture: doc
                .meta
                .municipality
                .as_ref()
                .and_then(|m| m.prefecture.clone()),
            municipality_code: doc.meta.municipality.as_ref().and_then(|m| m.code.clone()),
            sha256: doc.source.sha256.clone(),
            format: enum_name(&doc.source.format),
            encoding: doc.source.encoding.clone(),
            pages: doc.source.pages,
            title: doc.meta.title.clone(),
            kind: doc.meta.kind.clone(),
            edition: doc.meta.edition,
            draft: doc.meta.draft,
            issued: doc.meta.issued.clone(),
            period_start_fy: doc.meta.period.as_ref().map(|p| p.start_fy),
            period_end_fy: doc.meta.period.as_ref().and_then(|p| p.end_fy),
            sections: count_sections(&doc.sections),
            items: doc.items.len(),
            indicators: doc.indicators.len() + eval_indicators,
            evaluations: doc.evaluations.len(),
            tables: doc.tables.len(),
            dates: doc.dates.len(),
            warnings: doc.warnings.len(),
        });

        section_rows(&doc.sections, None, &path, &muni, &mut rows.sections);

        for (i, item) in doc.items.iter().enumerate() {
            let item_index = i + 1;
            rows.items.push(ItemRow {
                source_path: path.clone(),
                municipality: muni.clone(),
                item_index,
                item_id: item.id.clone(),
                label: item.label.clone(),
                title: item.title.clone(),
                departments: item.departments.join(LIST_SEPARATOR),
                department_count: item.departments.len(),
                description: item.description.clone(),
                section_id: item.section_path.join("/"),
                page: item.span.page,
                line_start: item.span.line_start,
                line_end: item.span.line_end,
            });
            for (j, dept) in item.departments.iter().enumerate() {
                rows.item_departments.push(ItemDepartmentRow {
                    source_path: path.clone(),
                    municipality: muni.clone(),
                    item_index,
                    item_id: item.id.clone(),
                    department_index: j + 1,
                    department: dept.clone(),
                });
            }
        }

        let push_indicator =
            |rows: &mut DocRows, index: usize, eval: Option<(usize, &str)>, ind: &Indicator| {
                let base = IndicatorRow {
                    source_path: path.clone(),
                    municipality: muni.clone(),
                    indicator_index: index,
                    evaluation_index: eval.map(|e| e.0),
                    evaluation_code: eval.map(|e| e.1.to_string()),
                    name: ind.name.clone(),
                    unit: ind.unit.clone(),
                    description: ind.description.clone(),
                    observation_index: None,
                    fiscal_year: None,
                    kind: None,
                    value: None,
                    bound: None,
                    raw: None,
                    page: ind.span.page,
                    line_start: ind.span.line_start,
                    line_end: ind.span.line_end,
                };
                if ind.observations.is_empty() {
                    rows.indicators.push(base);
                    return;
                }
                for (k, o) in ind.observations.iter().enumerate() {
                    rows.indicators.push(IndicatorRow {
                        observation_index: Some(k + 1),
                        fiscal_year: o.fiscal_year,
                        kind: Some(observation_kind(o.kind)),
                        // NaN and infinities are not numbers a CSV or JSON reader agrees on.
                        value: o.value.filter(|v| v.is_finite()),
                        bound: o.bound.as_ref().map(enum_name),
                        raw: Some(o.raw.clone()),
                        ..base.clone()
                    });
                }
            };
        for (i, ind) in doc.indicators.iter().enumerate() {
            push_indicator(&mut rows, i + 1, None, ind);
        }
        for (e, ev) in doc.evaluations.iter().enumerate() {
            for (i, ind) in ev.indicators.iter().enumerate() {
                push_indicator(&mut rows, i + 1, Some((e + 1, ev.code.as_str())), ind);
            }
        }

        for (e, ev) in doc.evaluations.iter().enumerate() {
            let evaluation_index = e + 1;
            let (pv, ps, pl) = rating_parts(&ev.progress);
            let (nv, ns, nl) = rating_parts(&ev.necessity);
            rows.evaluations.push(EvaluationRow {
                source_path: path.clone(),
                municipality: muni.clone(),
                evaluation_index,
                evaluation_code: ev.code.clone(),
                title: ev.title.clone(),
                lead_department: ev.lead_department.clone(),
                related_departments: ev.related_departments.join(LIST_SEPARATOR),
                goal: ev.goal.clone(),
                progress_value: pv,
                progress_scale: ps,
                progress_label: pl,
                necessity_value: nv,
                necessity_scale: ns,
                necessity_label: nl,
                indicators: ev.indicators.len(),
                costs: ev.costs.len(),
                page: ev.span.page,
                line_start: ev.span.line_start,
                line_end: ev.span.line_end,
            });
            for (c, cost) in ev.costs.iter().enumerate() {
                rows.evaluation_costs.push(EvaluationCostRow {
                    source_path: path.clone(),
                    municipality: muni.clone(),
                    evaluation_index,
                    evaluation_code: ev.code.clone(),
                    cost_index: c + 1,
                    project: cost.project.clone(),
                    fiscal_year: cost.fiscal_year,
                    kind: enum_name(&cost.kind),
                    thousand_yen: cost.thousand_yen,
                    relisted: cost.relisted,
                });
            }
        }

        theme_rows(doc, themes, &mut rows);

        for (i, d) in doc.dates.iter().enumerate() {
            rows.dates.push(DateRow {
                source_path: path.clone(),
                municipality: muni.clone(),
                date_index: i + 1,
                raw: d.raw.clone(),
                era: d.era.clone(),
                era_year: d.era_year,
                year: d.year,
                month: d.month,
                day: d.day,
                fiscal: d.fiscal,
                iso: d.iso.clone(),
                range_id: d.range.as_ref().map(|r| r.id),
                range_role: d.range.as_ref().map(|r| enum_name(&r.role)),
                page: d.span.page,
                line_start: d.span.line_start,
                line_end: d.span.line_end,
            });
        }
        for t in &doc.tables {
            for (r, cells) in t.cells.iter().enumerate() {
                for (c, cell) in cells.iter().enumerate() {
                    if cell.text.trim().is_empty() {
                        continue;
                    }
                    rows.table_cells.push(TableCellRow {
                        source_path: path.clone(),
                        municipality: muni.clone(),
                        table_id: t.id.clone(),
                        caption: t.caption.clone(),
                        table_unit: t.unit.clone(),
                        period: t.period.clone(),
                        row_index: r + 1,
                        column_index: c + 1,
                        row_label: t.row_labels.get(r).cloned().unwrap_or_default(),
                        column: t.columns.get(c).cloned().unwrap_or_default(),
                        text: cell.text.clone(),
                        value: cell.value,
                        unit: cell.unit.clone(),
                        page: t.span.page,
                        line_start: t.span.line_start,
                    });
                }
            }
        }
        rows
    }
}

/// The `sections` rows of `sections` and their descendants, depth first.
fn section_rows(
    sections: &[Section],
    parent: Option<&str>,
    path: &str,
    muni: &Option<String>,
    out: &mut Vec<SectionRow>,
) {
    for s in sections {
        out.push(SectionRow {
            source_path: path.to_string(),
            municipality: muni.clone(),
            section_index: out.len() + 1,
            section_id: s.id.clone(),
            parent_section_id: parent.map(String::from),
            level: s.level,
            label: s.label.as_ref().map(|l| l.raw.clone()),
            title: s.title.clone(),
            page: s.span.page,
            line_start: s.span.line_start,
            line_end: s.span.line_end,
        });
        section_rows(&s.children, Some(&s.id), path, muni, out);
    }
}

/// The `item_themes` and `theme_counts` rows of `doc`.
fn theme_rows(doc: &PlanDocument, themes: &ThemeRules, rows: &mut DocRows) {
    let m = doc.meta.municipality.as_ref();
    let period = doc.meta.period.as_ref();
    let name_of = |id: &str| {
        themes
            .get(id)
            .map(|t| t.name_ja.clone())
            .unwrap_or_default()
    };
    // Theme ids of the rules, then any other id the document carries (converted with other
    // rules), in order of appearance.
    let mut ids: Vec<&str> = themes.themes.iter().map(|t| t.id.as_str()).collect();
    let mut counts: Vec<usize> = vec![0; ids.len()];
    let mut without = 0;
    for (i, item) in doc.items.iter().enumerate() {
        if item.themes.is_empty() {
            without += 1;
        }
        let mut seen: Vec<&str> = Vec::new();
        for t in &item.themes {
            rows.item_themes.push(ItemThemeRow {
                source_path: doc.source.path.clone(),
                item_index: i + 1,
                item_id: item.id.clone(),
                municipality: m.map(|m| m.name.clone()),
                municipality_code: m.and_then(|m| m.code.clone()),
                period_start_fy: period.map(|p| p.start_fy),
                period_end_fy: period.and_then(|p| p.end_fy),
                issued: doc.meta.issued.clone(),
                theme_id: t.id.clone(),
                theme_name_ja: name_of(&t.id),
                evidence: t.evidence.clone(),
                page: t.span.page,
                line_start: t.span.line_start,
                line_end: t.span.line_end,
            });
            if seen.contains(&t.id.as_str()) {
                continue;
            }
            seen.push(&t.id);
            match ids.iter().position(|id| *id == t.id) {
                Some(k) => counts[k] += 1,
                None => {
                    ids.push(&t.id);
                    counts.push(1);
                }
            }
        }
    }
    for (id, n) in ids.iter().zip(counts) {
        rows.theme_counts.push(ThemeCountRow {
            source_path: doc.source.path.clone(),
            municipality: m.map(|m| m.name.clone()),
            prefecture: m.and_then(|m| m.prefecture.clone()),
            municipality_code: m.and_then(|m| m.code.clone()),
            period_start_fy: period.map(|p| p.start_fy),
            period_end_fy: period.and_then(|p| p.end_fy),
            issued: doc.meta.issued.clone(),
            theme_id: id.to_string(),
            theme_name_ja: name_of(id),
            items: n,
            plan_items: doc.items.len(),
            plan_items_without_theme: without,
        });
    }
}

fn observation_kind(k: ObservationKind) -> String {
    enum_name(&k)
}

/// Options of the dataset files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DatasetOptions {
    /// Start each CSV file with a UTF-8 byte order mark, so Excel reads it as UTF-8.
    pub excel_bom: bool,
}

/// One table's two files (CSV and JSON Lines), written atomically.
struct TableFiles {
    csv: csv::Writer<AtomicFile>,
    jsonl: AtomicFile,
    csv_path: PathBuf,
    jsonl_path: PathBuf,
}

impl TableFiles {
    fn create(dir: &Path, table: &str, columns: &[&str], opts: DatasetOptions) -> Result<Self> {
        let csv_path = dir.join(format!("{table}.csv"));
        let jsonl_path = dir.join(format!("{table}.jsonl"));
        let mut csv_file = AtomicFile::create(&csv_path).map_err(|e| io_err(&csv_path, e))?;
        if opts.excel_bom {
            csv_file
                .write_all("\u{feff}".as_bytes())
                .map_err(|e| io_err(&csv_path, e))?;
        }
        // Headers are written by hand so an empty table still has them (pandas and DuckDB
        // read a header-only file as an empty table, not as an error).
        let mut csv = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(csv_file);
        csv.write_record(columns)
            .map_err(|e| csv_err(&csv_path, e))?;
        let jsonl = AtomicFile::create(&jsonl_path).map_err(|e| io_err(&jsonl_path, e))?;
        Ok(TableFiles {
            csv,
            jsonl,
            csv_path,
            jsonl_path,
        })
    }

    fn push<R: DatasetRow>(&mut self, row: &R) -> Result<()> {
        self.csv
            .serialize(row)
            .map_err(|e| csv_err(&self.csv_path, e))?;
        let line = serde_json::to_string(row).map_err(|e| Error::Internal {
            path: self.jsonl_path.clone(),
            reason: e.to_string(),
        })?;
        self.jsonl
            .write_all(line.as_bytes())
            .and_then(|_| self.jsonl.write_all(b"\n"))
            .map_err(|e| io_err(&self.jsonl_path, e))
    }

    fn commit(self) -> Result<()> {
        let csv_path = self.csv_path;
        let file = self
            .csv
            .into_inner()
            .map_err(|e| io_err(&csv_path, std::io::Error::other(e.to_string())))?;
        file.commit().map_err(|e| io_err(&csv_path, e))?;
        let jsonl_path = self.jsonl_path;
        self.jsonl.commit().map_err(|e| io_err(&jsonl_path, e))
    }
}

fn io_err(path: &Path, source: std::io::Error) -> Error {
    Error::Write {
        path: path.to_path_buf(),
        source,
    }
}

fn csv_err(path: &Path, e: csv::Error) -> Error {
    Error::Write {
        path: path.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
    }
}

/// Writes the dataset files of many documents: `DIR/<table>.csv` and `DIR/<table>.jsonl` for
/// every table of [`TABLES`]. Rows are written in the order documents are pushed; nothing is
/// visible under the final names until [`DatasetWriter::finish`].
pub struct DatasetWriter {
    tables: Vec<TableFiles>,
    dir: PathBuf,
    /// Each table's name and columns, for [`DTYPES_FILE`].
    schema: Vec<(&'static str, &'static [&'static str])>,
}

/// The file, next to the tables, that gives each column's type as a pandas dtype
/// (`{"plans": {"municipality_code": "string", "edition": "Int64", …}, …}`), so that
/// `pd.read_csv(…, dtype=…)` keeps codes as text (`011002`, not `11002`) and nullable
/// integers as integers (`611`, not `611.0`).
pub const DTYPES_FILE: &str = "dtypes.json";

/// The pandas dtype of a dataset column: `Int64` (nullable integer), `Float64`, `boolean`,
/// or `string` (every code, label, date and list is text).
pub fn column_dtype(column: &str) -> &'static str {
    const INTEGER: &[&str] = &[
        "pages",
        "edition",
        "period_start_fy",
        "period_end_fy",
        "sections",
        "items",
        "indicators",
        "evaluations",
        "tables",
        "dates",
        "warnings",
        "department_count",
        "page",
        "line_start",
        "line_end",
        "fiscal_year",
        "progress_value",
        "progress_scale",
        "necessity_value",
        "necessity_scale",
        "costs",
        "thousand_yen",
        "era_year",
        "year",
        "month",
        "day",
        "range_id",
        "level",
        "depth",
    ];
    const FLOAT: &[&str] = &["value"];
    const BOOLEAN: &[&str] = &["draft", "relisted", "fiscal"];
    if column.ends_with("_index") || column.ends_with("_count") || INTEGER.contains(&column) {
        "Int64"
    } else if FLOAT.contains(&column) {
        "Float64"
    } else if BOOLEAN.contains(&column) {
        "boolean"
    } else {
        "string"
    }
}

/// The text of [`DTYPES_FILE`] for these tables.
pub fn dtypes_json(schema: &[(&str, &[&str])]) -> String {
    let mut tables = serde_json::Map::new();
    for (table, columns) in schema {
        let cols: serde_json::Map<String, serde_json::Value> = columns
            .iter()
            .map(|c| (c.to_string(), column_dtype(c).into()))
            .collect();
        tables.insert(table.to_string(), cols.into());
    }
    let mut s = serde_json::to_string_pretty(&tables).unwrap_or_default();
    s.push('\n');
    s
}

impl DatasetWriter {
    /// Open the files (as temporary files) in `dir`.
    pub fn create(dir: &Path, opts: DatasetOptions) -> Result<Self> {
        std::fs::create_dir_all(dir).map_err(|e| io_err(dir, e))?;
        let specs: [(&str, &[&str]); 11] = [
            (PlanRow::TABLE, PlanRow::COLUMNS),
            (SectionRow::TABLE, SectionRow::COLUMNS),
            (ItemRow::TABLE, ItemRow::COLUMNS),
            (ItemDepartmentRow::TABLE, ItemDepartmentRow::COLUMNS),
            (IndicatorRow::TABLE, IndicatorRow::COLUMNS),
            (EvaluationRow::TABLE, EvaluationRow::COLUMNS),
            (EvaluationCostRow::TABLE, EvaluationCostRow::COLUMNS),
            (DateRow::TABLE, DateRow::COLUMNS),
            (ItemThemeRow::TABLE, ItemThemeRow::COLUMNS),
            (ThemeCountRow::TABLE, ThemeCountRow::COLUMNS),
            (TableCellRow::TABLE, TableCellRow::COLUMNS),
        ];
        let mut tables = Vec::with_capacity(specs.len());
        for (name, cols) in specs {
            tables.push(TableFiles::create(dir, name, cols, opts)?);
        }
        Ok(DatasetWriter {
            tables,
            dir: dir.to_path_buf(),
            schema: specs.to_vec(),
        })
    }

    /// Append one document's rows.
    pub fn push(&mut self, rows: &DocRows) -> Result<()> {
        let [plans, sections, items, depts, inds, evals, costs, dates, item_themes, theme_counts, cells] =
            self.tables.as_mut_slice()
        else {
            return Err(Error::Internal {
                path: PathBuf::from("<datasets>"),
                reason: "dataset tables not open".into(),
            });
        };
        for r in &rows.plans {
            plans.push(r)?;
        }
        for r in &rows.sections {
            sections.push(r)?;
        }
        for r in &rows.items {
            items.push(r)?;
        }
        for r in &rows.item_departments {
            depts.push(r)?;
        }
        for r in &rows.indicators {
            inds.push(r)?;
        }
        for r in &rows.evaluations {
            evals.push(r)?;
        }
        for r in &rows.evaluation_costs {
            costs.push(r)?;
        }
        for r in &rows.dates {
            dates.push(r)?;
        }
        for r in &rows.item_themes {
            item_themes.push(r)?;
        }
        for r in &rows.theme_counts {
            theme_counts.push(r)?;
        }
        for r in &rows.table_cells {
            cells.push(r)?;
        }
        Ok(())
    }

    /// Flush and move every file to its final name.
    pub fn finish(self) -> Result<()> {
        for t in self.tables {
            t.commit()?;
        }
        let path = self.dir.join(DTYPES_FILE);
        crate::output::write_atomic(&path, dtypes_json(&self.schema).as_bytes())
            .map_err(|e| io_err(&path, e))
    }
}

/// Write the datasets of `docs` (in the order given) to `dir`: a convenience over
/// `DatasetWriter` for documents already in memory.
pub fn write_datasets<'a>(
    dir: &Path,
    docs: impl IntoIterator<Item = &'a PlanDocument>,
    opts: DatasetOptions,
) -> Result<()> {
    let mut w = DatasetWriter::create(dir, opts)?;
    for doc in docs {
        w.push(&DocRows::of(doc))?;
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys_of<R: DatasetRow>(row: &R) -> Vec<String> {
        match serde_json::to_value(row) {
            Ok(serde_json::Value::Object(m)) => m.keys().cloned().collect(),
            _ => Vec::new(),
        }
    }

    #[test]
    fn columns_match_the_row_fields() {
        let doc = PlanDocument::empty(crate::model::Source {
            path: "a.txt".into(),
            sha256: String::new(),
            format: crate::model::SourceFormat::Txt,
            encoding: None,
            pages: 1,
            extractor: String::new(),
        });
        let rows = DocRows::of(&doc);
        assert_eq!(keys_of(&rows.plans[0]), PlanRow::COLUMNS);
        let item = ItemRow {
            source_path: String::new(),
            municipality: None,
            item_index: 1,
            item_id: String::new(),
            label: String::new(),
            title: String::new(),
            departments: String::new(),
            department_count: 0,
            description: None,
            section_id: String::new(),
            page: 1,
            line_start: 1,
            line_end: 1,
        };
        assert_eq!(keys_of(&item), ItemRow::COLUMNS);
        let dept = ItemDepartmentRow {
            source_path: String::new(),
            municipality: None,
            item_index: 1,
            item_id: String::new(),
            department_index: 1,
            department: String::new(),
        };
        assert_eq!(keys_of(&dept), ItemDepartmentRow::COLUMNS);
        let ind = IndicatorRow {
            source_path: String::new(),
            municipality: None,
            indicator_index: 1,
            evaluation_index: None,
            evaluation_code: None,
            name: String::new(),
            unit: None,
            description: None,
            observation_index: None,
            fiscal_year: None,
            kind: None,
            value: None,
            bound: None,
            raw: None,
            page: 1,
            line_start: 1,
            line_end: 1,
        };
        assert_eq!(keys_of(&ind), IndicatorRow::COLUMNS);
        let ev = EvaluationRow {
            source_path: String::new(),
            municipality: None,
            evaluation_index: 1,
            evaluation_code: String::new(),
            title: String::new(),
            lead_department: None,
            related_departments: String::new(),
            goal: None,
            progress_value: None,
            progress_scale: None,
            progress_label: None,
            necessity_value: None,
            necessity_scale: None,
            necessity_label: None,
            indicators: 0,
            costs: 0,
            page: 1,
            line_start: 1,
            line_end: 1,
        };
        assert_eq!(keys_of(&ev), EvaluationRow::COLUMNS);
        let cost = EvaluationCostRow {
            source_path: String::new(),
            municipality: None,
            evaluation_index: 1,
            evaluation_code: String::new(),
            cost_index: 1,
            project: String::new(),
            fiscal_year: 2025,
            kind: String::new(),
            thousand_yen: None,
            relisted: false,
        };
        assert_eq!(keys_of(&cost), EvaluationCostRow::COLUMNS);
        let date = DateRow {
            source_path: String::new(),
            municipality: None,
            date_index: 1,
            raw: String::new(),
            era: None,
            era_year: None,
            year: 2025,
            month: None,
            day: None,
            fiscal: true,
            iso: String::new(),
            range_id: None,
            range_role: None,
            page: 1,
            line_start: 1,
            line_end: 1,
        };
        assert_eq!(keys_of(&date), DateRow::COLUMNS);
        let section = SectionRow {
            source_path: String::new(),
            municipality: None,
            section_index: 1,
            section_id: String::new(),
            parent_section_id: None,
            level: 1,
            label: None,
            title: String::new(),
            page: 1,
            line_start: 1,
            line_end: 1,
        };
        assert_eq!(keys_of(&section), SectionRow::COLUMNS);
    }
}
