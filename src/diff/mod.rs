//! Diff: compares two versions of a plan by their outlines, items and figures, not their
//! lines, and writes the result as JSON, a terminal summary, or a 新旧対照表
//! (Markdown table or self-contained HTML page).
//!
//! Sections and action items are aligned by content (character-bigram similarity of title
//! and body, see [`similarity`]) with a preference for the same label under the same parent,
//! so that renumbered, renamed, moved, reworded, split and merged units are recognized as
//! such rather than as a deletion plus an insertion ([`align`]). Indicators, evaluation
//! sheets and metadata are compared by name, fiscal year and field ([`figures`]).
//! The one entry point is [`diff_plans`]; the writers are [`render_text()`], [`render_md()`] and
//! [`render_html()`]. Output is deterministic: the same two documents give the same bytes.

pub mod align;
pub mod figures;
pub mod prose;
pub mod render_html;
pub mod render_md;
pub mod render_tables;
pub mod render_text;
pub mod similarity;
pub mod tables;
pub mod themes;

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::model::{PlanDocument, Span};

pub use render_html::render_html;
pub use render_md::render_md;
pub use render_text::render_text;
pub use similarity::{OpKind, TextOp};

/// Version of the diff JSON shape, written as `diff_version`.
pub const DIFF_VERSION: &str = "1";

/// What kind of change (変更の種類). One change may have several aspects (an item both
/// moved and renumbered); `Change::kind` is the first of `Change::kinds` in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Only in the new version (新設).
    Added,
    /// Only in the old version (削除).
    Removed,
    /// One old unit's text is divided between several new ones (分割).
    Split,
    /// Several old units' texts are joined in one new unit (統合).
    Merged,
    /// Same unit under another parent (移動).
    Moved,
    /// Same place and body, new title (名称変更).
    Renamed,
    /// Same unit, new number (番号変更): 取組項目5 → 取組項目6.
    Renumbered,
    /// Same unit, body text changed (文言修正).
    Reworded,
    /// Same item, other responsible departments (推進部署・担当課の変更).
    Reassigned,
    /// A value changed: metadata field, indicator value, rating, cost (数値・記載の変更).
    Changed,
}

impl ChangeKind {
    /// The kind's JSON name.
    pub fn name(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Split => "split",
            ChangeKind::Merged => "merged",
            ChangeKind::Moved => "moved",
            ChangeKind::Renamed => "renamed",
            ChangeKind::Renumbered => "renumbered",
            ChangeKind::Reworded => "reworded",
            ChangeKind::Reassigned => "reassigned",
            ChangeKind::Changed => "changed",
        }
    }

    /// The Japanese term used in the 新旧対照表 outputs.
    pub fn japanese(self) -> &'static str {
        match self {
            ChangeKind::Added => "新設",
            ChangeKind::Removed => "削除",
            ChangeKind::Split => "分割",
            ChangeKind::Merged => "統合",
            ChangeKind::Moved => "移動",
            ChangeKind::Renamed => "名称変更",
            ChangeKind::Renumbered => "番号変更",
            ChangeKind::Reworded => "文言修正",
            ChangeKind::Reassigned => "担当変更",
            ChangeKind::Changed => "変更",
        }
    }
}

/// What a change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// Document metadata: title, period, issued date, edition, …
    Meta,
    /// A node of the outline (施策, 方向性, 基本事業, 章, …).
    Section,
    /// An action item (取組項目, 改革, 実施計画項目).
    Item,
    /// A performance indicator (指標) as a whole.
    Indicator,
    /// One value of an indicator for a fiscal year and kind (実績, 目標値, …).
    Observation,
    /// An evaluation sheet (施策評価シート) as a whole.
    Evaluation,
    /// A rating of an evaluation sheet (進捗状況, 必要性).
    Rating,
    /// A cost figure of an evaluation sheet (事業費).
    Cost,
    /// A table as a whole (added or removed).
    Table,
    /// A column of a matched table (added or removed).
    TableColumn,
    /// A row of a matched table, found by its label (added or removed).
    TableRow,
    /// One cell of a matched table: row label, column name, old and new value.
    TableCell,
    /// A reform theme of `rules/themes.toml` the plan gained or lost (改革テーマ).
    Theme,
}

impl Target {
    /// The target's JSON name.
    pub fn name(self) -> &'static str {
        match self {
            Target::Meta => "meta",
            Target::Section => "section",
            Target::Item => "item",
            Target::Indicator => "indicator",
            Target::Observation => "observation",
            Target::Evaluation => "evaluation",
            Target::Rating => "rating",
            Target::Cost => "cost",
            Target::Table => "table",
            Target::TableColumn => "table_column",
            Target::TableRow => "table_row",
            Target::TableCell => "table_cell",
            Target::Theme => "theme",
        }
    }

    /// The Japanese term used in the 新旧対照表 outputs.
    pub fn japanese(self) -> &'static str {
        match self {
            Target::Meta => "基本情報",
            Target::Section => "見出し",
            Target::Item => "取組",
            Target::Indicator => "指標",
            Target::Observation => "指標値",
            Target::Evaluation => "評価シート",
            Target::Rating => "評価",
            Target::Cost => "事業費",
            Target::Table => "表",
            Target::TableColumn => "表の列",
            Target::TableRow => "表の行",
            Target::TableCell => "表の値",
            Target::Theme => "改革テーマ",
        }
    }
}

/// One side (old or new) of a change: which unit, where.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Side {
    /// The unit's own label (`取組項目6`, `基本事業2`, an indicator has none).
    pub label: Option<String>,
    /// The path of labels above and including the unit (`施策1/方向性2/基本事業1/取組項目6`);
    /// for figures, the indicator or evaluation path (`611/指標名`).
    pub path: String,
    /// Title or name.
    pub title: String,
    /// Where it is in that version's source.
    pub span: Option<Span>,
}

/// One difference between the two versions.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Change {
    /// The main kind: the first of `kinds`. To find every change of a kind, look in `kinds`
    /// (`jq '.changes[] | select(.kinds | index("reworded"))'`): a renumbered item whose text
    /// also changed has `kind` `renumbered` and `kinds` `["renumbered", "reworded"]`.
    pub kind: ChangeKind,
    /// Every aspect of the change, in [`ChangeKind`] order; never empty.
    pub kinds: Vec<ChangeKind>,
    pub target: Target,
    /// The field or figure changed: `period`, `title` (meta); `FY2029 target` (observation);
    /// `progress` (rating); `事業名 FY2022 settled` (cost); `unit` (indicator).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The old unit(s): empty when added, two or more when merged.
    pub old: Vec<Side>,
    /// The new unit(s): empty when removed, two or more when split.
    pub new: Vec<Side>,
    /// Content similarity of the matched units, 0–1 (three decimals).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub similarity: Option<f64>,
    /// The old value, for `changed` figures and fields and for `reassigned` departments.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_value: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_value: Option<String>,
    /// Character-level diff of the titles, when they differ.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub title_ops: Vec<TextOp>,
    /// Character-level diff of the bodies (description, paragraphs), when they differ.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub text_ops: Vec<TextOp>,
    /// For table changes: the table, row label, column name, unit and numeric difference.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<tables::TableRef>,
    /// For an item found in both versions: theme ids its new text has and its old one had not.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub themes_gained: Vec<String>,
    /// For an item found in both versions: theme ids its old text had and its new one has not.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub themes_lost: Vec<String>,
}

/// Which document a side of the diff is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct DocRef {
    pub path: String,
    pub sha256: String,
    pub title: Option<String>,
}

/// Counts of changes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct Summary {
    /// Number of changes.
    pub total: usize,
    /// Changes by kind: a change counts under each of its `kinds` (a renumbered and reworded
    /// item under both), so the counts may add up to more than `total`.
    pub by_kind: BTreeMap<ChangeKind, usize>,
    /// Changes by target, then kind (each of a change's `kinds`, as `by_kind`).
    pub by_target: BTreeMap<Target, BTreeMap<ChangeKind, usize>>,
    /// Sections and items found in both versions without any change.
    pub unchanged: BTreeMap<Target, usize>,
}

/// The text of a section or item on one side of the 新旧対照表.
#[derive(Debug, Clone, PartialEq)]
pub struct RowSide {
    pub label: String,
    pub title: String,
    pub body: String,
    pub departments: Vec<String>,
    /// Depth in the outline (1 = top level); items count one below their parent.
    pub depth: usize,
}

/// One row of the 新旧対照表: a section or item of either version, in document order.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub target: Target,
    /// The new version's text (改正後), absent when removed.
    pub new: Option<RowSide>,
    /// The old version's text (改正前), absent when added.
    pub old: Option<RowSide>,
    /// Index into `PlanDiff::changes` of this row's change; `None` for an unchanged row.
    pub change: Option<usize>,
}

/// The result of comparing two plans.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct PlanDiff {
    /// `"1"`: the version of this JSON shape.
    pub diff_version: String,
    pub old: DocRef,
    pub new: DocRef,
    pub summary: Summary,
    /// Every change: metadata first, then sections and items in the new version's order
    /// (removed ones where they stood), then indicators and evaluations.
    pub changes: Vec<Change>,
    /// Every section and item, changed or not, for the side-by-side writers.
    #[serde(skip)]
    pub rows: Vec<Row>,
    /// The tables of both versions, matched and lined up, for the side-by-side writers.
    #[serde(skip)]
    pub tables: Vec<tables::TablePair>,
}

impl PlanDiff {
    /// True when the two versions have no difference jplan can see.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The JSON text (`--format json`), pretty-printed, ending with a newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }
}

/// Compare `old` with `new`.
pub fn diff_plans(old: &PlanDocument, new: &PlanDocument) -> PlanDiff {
    let mut changes = figures::meta_changes(&old.meta, &new.meta);
    let (structural, rows, unchanged) = align::diff_structure(old, new);
    let offset = changes.len();
    changes.extend(structural);
    let rows = rows
        .into_iter()
        .map(|mut r| {
            r.change = r.change.map(|i| i + offset);
            r
        })
        .collect();
    changes.extend(figures::indicator_changes(
        &old.indicators,
        &new.indicators,
        "",
    ));
    changes.extend(figures::evaluation_changes(
        &old.evaluations,
        &new.evaluations,
    ));
    // Tables the items and indicators were read from are compared through those records.
    let (table_changes, table_pairs) = tables::table_changes(
        &tables::plain_tables(old),
        &tables::plain_tables(new),
        &align::document_text(old),
        &align::document_text(new),
    );
    changes.extend(table_changes);
    themes::annotate_items(&mut changes, old, new);
    changes.extend(themes::theme_changes(old, new));

    let mut summary = Summary {
        total: changes.len(),
        unchanged,
        ..Summary::default()
    };
    for c in &changes {
        // A change with several aspects (renumbered and reworded) counts under each, so that
        // every reworded unit is in the `reworded` count whatever its main kind.
        for &k in &c.kinds {
            *summary.by_kind.entry(k).or_default() += 1;
            *summary
                .by_target
                .entry(c.target)
                .or_default()
                .entry(k)
                .or_default() += 1;
        }
    }
    PlanDiff {
        diff_version: DIFF_VERSION.to_string(),
        old: doc_ref(old),
        new: doc_ref(new),
        summary,
        changes,
        rows,
        tables: table_pairs,
    }
}

fn doc_ref(d: &PlanDocument) -> DocRef {
    DocRef {
        path: d.source.path.clone(),
        sha256: d.source.sha256.clone(),
        title: d.meta.title.clone(),
    }
}

/// Build a change from its aspects (sorted, deduplicated; `kind` is the first).
pub(crate) fn change(target: Target, mut kinds: Vec<ChangeKind>) -> Change {
    kinds.sort();
    kinds.dedup();
    Change {
        kind: kinds.first().copied().unwrap_or(ChangeKind::Changed),
        kinds,
        target,
        field: None,
        old: Vec::new(),
        new: Vec::new(),
        similarity: None,
        old_value: None,
        new_value: None,
        title_ops: Vec::new(),
        text_ops: Vec::new(),
        table: None,
        themes_gained: Vec::new(),
        themes_lost: Vec::new(),
    }
}

/// One side's text cut into runs, each flagged when it differs from the other side (the
/// underlined parts of a 新旧対照表). Without another side everything is flagged.
pub fn marked_runs(this: &str, other: Option<&str>, this_is_new: bool) -> Vec<(bool, String)> {
    runs_by(this, other, this_is_new, similarity::char_ops)
}

/// [`marked_runs`] of prose: both sides reflowed, changes as whole words ([`prose::prose_ops`]),
/// so that a wrap is no change and an edit shows as the phrase that changed.
pub fn marked_prose(this: &str, other: Option<&str>, this_is_new: bool) -> Vec<(bool, String)> {
    match other {
        Some(o) if prose::reflow(o) == prose::reflow(this) => vec![(false, this.to_string())],
        _ => runs_by(this, other, this_is_new, prose::prose_ops),
    }
}

fn runs_by(
    this: &str,
    other: Option<&str>,
    this_is_new: bool,
    diff: fn(&str, &str) -> Vec<TextOp>,
) -> Vec<(bool, String)> {
    let Some(other) = other else {
        return if this.is_empty() {
            Vec::new()
        } else {
            vec![(true, this.to_string())]
        };
    };
    if this == other {
        return if this.is_empty() {
            Vec::new()
        } else {
            vec![(false, this.to_string())]
        };
    }
    let ops = if this_is_new {
        diff(other, this)
    } else {
        diff(this, other)
    };
    let mine = if this_is_new {
        OpKind::Insert
    } else {
        OpKind::Delete
    };
    let mut out: Vec<(bool, String)> = Vec::new();
    for op in ops {
        let changed = match op.op {
            OpKind::Equal => false,
            k if k == mine => true,
            _ => continue,
        };
        match out.last_mut() {
            Some(last) if last.0 == changed => last.1.push_str(&op.text),
            _ => out.push((changed, op.text)),
        }
    }
    whole_numbers(out)
}

/// Widen marked runs to whole numbers, and to whole numbering labels: `取組項目1[6]` becomes
/// `[取組項目16]` when the label stands as its own token (after a line start or a space, before
/// a space or the line end), so a renumbered label is marked as a whole, never one digit.
fn whole_numbers(runs: Vec<(bool, String)>) -> Vec<(bool, String)> {
    if !runs.iter().any(|r| r.0) || runs.iter().all(|r| r.0) {
        return runs;
    }
    let mut chars: Vec<char> = Vec::new();
    let mut marked: Vec<bool> = Vec::new();
    for (m, t) in &runs {
        for c in t.chars() {
            chars.push(c);
            marked.push(*m);
        }
    }
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let n = chars.len();
    let mut i = 0;
    while i < n {
        if !marked.get(i).copied().unwrap_or(false) {
            i += 1;
            continue;
        }
        let mut end = i;
        while end < n && marked.get(end).copied().unwrap_or(false) {
            end += 1;
        }
        let (mut a, mut b) = (i, end);
        if chars.get(a).copied().is_some_and(digit) {
            while a > 0 && chars.get(a - 1).copied().is_some_and(digit) {
                a -= 1;
            }
        }
        if b > 0 && chars.get(b - 1).copied().is_some_and(digit) {
            while b < n && chars.get(b).copied().is_some_and(digit) {
                b += 1;
            }
        }
        // A label token: a short run of non-digits, then the number, alone between spaces.
        let span = chars.get(a..b).unwrap_or_default();
        if !span.is_empty() && span.iter().all(|&c| digit(c)) {
            let mut t = a;
            while t > 0
                && a - t < 6
                && chars
                    .get(t - 1)
                    .is_some_and(|c| !c.is_whitespace() && !digit(*c))
            {
                t -= 1;
            }
            let before_ok = t == 0 || chars.get(t - 1).is_some_and(|c| c.is_whitespace());
            let after_ok = b == n || chars.get(b).is_some_and(|c| c.is_whitespace());
            if t < a && before_ok && after_ok {
                a = t;
            }
        }
        for m in marked.get_mut(a..b).into_iter().flatten() {
            *m = true;
        }
        i = b.max(i + 1);
    }
    let mut out: Vec<(bool, String)> = Vec::new();
    for (c, m) in chars.into_iter().zip(marked) {
        match out.last_mut() {
            Some(last) if last.0 == m => last.1.push(c),
            _ => out.push((m, c.to_string())),
        }
    }
    out
}

/// The parts of a row side shown in a 新旧対照表 cell, each as marked runs against the
/// other side: label, title, body, departments.
pub fn cell_parts(this: &RowSide, other: Option<&RowSide>, this_is_new: bool) -> CellParts {
    let depts = |s: &RowSide| s.departments.join("・");
    // A label is one token: `取組項目15` → `取組項目16` marks the whole label, not the digit.
    let label = match other {
        Some(o) if o.label != this.label && !this.label.is_empty() => {
            vec![(true, this.label.clone())]
        }
        _ => marked_runs(&this.label, other.map(|o| o.label.as_str()), this_is_new),
    };
    CellParts {
        label,
        title: marked_runs(&this.title, other.map(|o| o.title.as_str()), this_is_new),
        body: marked_prose(&this.body, other.map(|o| o.body.as_str()), this_is_new),
        departments: marked_runs(&depts(this), other.map(depts).as_deref(), this_is_new),
    }
}

/// See [`cell_parts`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CellParts {
    pub label: Vec<(bool, String)>,
    pub title: Vec<(bool, String)>,
    pub body: Vec<(bool, String)>,
    pub departments: Vec<(bool, String)>,
}

/// `3 added, 2 removed, …` in kind order.
pub fn summary_line(s: &Summary, japanese: bool) -> String {
    s.by_kind
        .iter()
        .map(|(k, n)| {
            if japanese {
                format!("{} {n}件", k.japanese())
            } else {
                format!("{n} {}", k.name())
            }
        })
        .collect::<Vec<_>>()
        .join(if japanese { "、" } else { ", " })
}

/// The parent path of a side's `path` (`施策1/方向性2/基本事業1/取組項目8` → `施策1/方向性2/基本事業1`).
fn parent_path(p: &str) -> String {
    p.rsplit_once('/')
        .map(|x| x.0.to_string())
        .unwrap_or_default()
}

/// For a moved unit, the 新旧対照表 note of one side: on the new side where it came from
/// (`施策1/方向性1/基本事業2 から移動`), on the old side where it went (`… へ移動`).
pub fn moved_note(c: &Change, this_is_new: bool) -> Option<String> {
    if !c.kinds.contains(&ChangeKind::Moved) {
        return None;
    }
    let (o, n) = (c.old.first()?, c.new.first()?);
    let (from, to) = (parent_path(&o.path), parent_path(&n.path));
    let top = "（最上位）";
    let or_top = |p: String| if p.is_empty() { top.to_string() } else { p };
    Some(if this_is_new {
        format!("{} から移動", or_top(from))
    } else {
        format!("{} へ移動", or_top(to))
    })
}

/// The cells of a figure's row in the 新旧対照表 (Markdown and HTML): what changed (the
/// section path and the field in Japanese), and its new and old values as a reader says them
/// (or the new and old titles when the change has no values).
pub(crate) fn figure_cells(c: &Change) -> (String, Option<String>, Option<String>) {
    let what = c
        .new
        .first()
        .or(c.old.first())
        .map(|s| s.path.clone())
        .unwrap_or_default();
    let what = match c.field.as_deref().map(field_japanese) {
        Some(f) if what.is_empty() => f,
        Some(f) => format!("{what} {f}"),
        None => what,
    };
    let (newv, oldv) = if c.old_value.is_some() || c.new_value.is_some() {
        let ja = |v: &Option<String>| v.as_deref().map(|v| value_japanese(c.field.as_deref(), v));
        (ja(&c.new_value), ja(&c.old_value))
    } else {
        (
            c.new.first().map(|s| s.title.clone()),
            c.old.first().map(|s| s.title.clone()),
        )
    };
    (what, newv, oldv)
}

/// The Japanese name of a change's `field` for the 新旧対照表: `FY2029 target` → `2029年度 目標値`,
/// `draft` → `案・確定の別`, `事業名 FY2022 settled` → `事業名 2022年度 決算`.
pub fn field_japanese(field: &str) -> String {
    let word = |w: &str| -> Option<&'static str> {
        Some(match w {
            "title" => "名称",
            "kind" => "計画の種類",
            "edition" => "次数",
            "draft" => "案・確定の別",
            "issued" => "策定年月",
            "period" => "計画期間",
            "municipality" => "団体",
            "unit" => "単位",
            "description" => "説明",
            "progress" => "進捗状況",
            "necessity" => "必要性",
            "actual" => "実績値",
            "estimate" => "見込値",
            "current" => "現状値",
            "target" => "目標値",
            "settled" => "決算",
            _ => return None,
        })
    };
    field
        .split(' ')
        .map(|w| {
            if let Some(y) = w
                .strip_prefix("FY")
                .filter(|y| !y.is_empty() && y.chars().all(|c| c.is_ascii_digit()))
            {
                format!("{y}年度")
            } else {
                word(w).map_or_else(|| w.to_string(), String::from)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A field's value for the 新旧対照表: `draft` `true`/`false` → `案`/`確定`, fiscal years
/// `FY2025–FY2029` → `2025年度～2029年度`; other values as they are.
pub fn value_japanese(field: Option<&str>, value: &str) -> String {
    match (field, value) {
        (Some("draft"), "true") => "案".into(),
        (Some("draft"), "false") => "確定".into(),
        (Some("period"), v) => {
            let mut out = String::new();
            for part in v.split('–') {
                if !out.is_empty() {
                    out.push('～');
                }
                match part.strip_prefix("FY") {
                    Some(y) => {
                        out.push_str(y);
                        out.push_str("年度");
                    }
                    None => out.push_str(part),
                }
            }
            out
        }
        _ => value.to_string(),
    }
}

/// A short description of a figure or field change: `FY2029 target: 75.0 → 80.0`.
pub fn value_text(c: &Change) -> String {
    let mut s = String::new();
    if let Some(f) = &c.field {
        s.push_str(f);
        s.push_str(": ");
    }
    s.push_str(c.old_value.as_deref().unwrap_or("—"));
    s.push_str(" → ");
    s.push_str(c.new_value.as_deref().unwrap_or("—"));
    if let Some(t) = &c.table {
        if c.new_value.is_some() {
            if let Some(u) = &t.unit {
                s.push(' ');
                s.push_str(u);
            }
        }
        if let Some(d) = t.difference {
            s.push_str(&format!(" ({})", tables::format_number(d, true)));
        }
    }
    s
}

/// The label (or path) and title of a change's side, for one-line summaries.
pub fn side_text(sides: &[Side]) -> String {
    sides
        .iter()
        .map(|s| {
            let label = s.label.clone().unwrap_or_else(|| s.path.clone());
            if s.title.is_empty() || label == s.title {
                label
            } else if label.is_empty() {
                s.title.clone()
            } else {
                format!("{label} {}", s.title)
            }
        })
        .collect::<Vec<_>>()
        .join(" + ")
}
