//! Alignment of sections and action items between two versions.
//!
//! Units (sections without the item-like ones, and items) are matched in three passes:
//! 1. identical content (title and body, spaces ignored), preferring the same label;
//! 2. the most similar remaining pairs, greedily, scored by character-bigram similarity of
//!    title (40 %) and body (60 %), with a bonus for the same label under the same parent;
//! 3. best effort split / merge: an unmatched old unit whose text is found in two or more
//!    new units (each ≥ 70 % contained in it, together covering ≥ 60 % of it) is split; the
//!    mirror case is a merge.
//!
//! A matched pair is then classified: moved (its parent maps to another parent), renumbered
//! (its own label changed), renamed (title changed), reworded (body changed), reassigned
//! (departments changed).

use std::collections::{BTreeMap, BTreeSet};

use super::prose::prose_ops;
use super::similarity::{char_ops, containment, dice, dice_bound, round3, squeeze, Profile};
use super::{change, Change, ChangeKind, Row, RowSide, Side, Target};
use crate::model::{BlockKind, PlanDocument, Section, Span};

/// A section or item reduced to what alignment needs.
#[derive(Debug, Clone)]
pub struct Unit {
    pub target: Target,
    /// Own label key (`取組項目5`, `基本事業1`), empty when unlabelled.
    pub label: String,
    /// Path key of the parent (`施策1/方向性2/基本事業1`).
    pub parent: String,
    /// Path key of the unit itself.
    pub path: String,
    pub title: String,
    pub body: String,
    pub departments: Vec<String>,
    pub depth: usize,
    pub span: Span,
    title_key: String,
    body_key: String,
    /// The body with the text of every table of the unit, whitespace removed: equal when
    /// two versions hold the same words and differ only in what was read as a table (a PDF
    /// row that lost its cell gaps is a paragraph; the TXT of the same plan has a table).
    layout_key: String,
    title_p: Profile,
    body_p: Profile,
}

impl Unit {
    #[allow(clippy::too_many_arguments)]
    fn new(
        target: Target,
        label: String,
        parent: String,
        path: String,
        title: String,
        body: String,
        departments: Vec<String>,
        depth: usize,
        span: Span,
    ) -> Unit {
        Unit {
            title_key: squeeze(&title),
            layout_key: squeeze(&body),
            body_key: squeeze(&body),
            title_p: Profile::of(&title),
            body_p: Profile::of(&body),
            target,
            label,
            parent,
            path,
            title,
            body,
            departments,
            depth,
            span,
        }
    }

    fn side(&self) -> Side {
        Side {
            label: if self.label.is_empty() {
                None
            } else {
                Some(self.label.clone())
            },
            path: self.path.clone(),
            title: self.title.clone(),
            span: Some(self.span),
        }
    }

    fn row_side(&self) -> RowSide {
        RowSide {
            label: self.label.clone(),
            title: self.title.clone(),
            body: self.body.clone(),
            departments: self.departments.clone(),
            depth: self.depth,
        }
    }

    fn dept_key(&self) -> Vec<String> {
        self.departments.iter().map(|d| squeeze(d)).collect()
    }
}

/// The sections of a document as units, in pre-order, leaving out sections that are the
/// same thing as an item (some outlines make each 取組項目 a section too; the item carries it).
pub fn section_units(doc: &PlanDocument) -> Vec<Unit> {
    let item_labels: BTreeSet<String> = doc
        .items
        .iter()
        .flat_map(|i| [squeeze(&i.id), squeeze(&i.label)])
        .filter(|s| !s.is_empty())
        .collect();
    let tables: BTreeMap<&str, &crate::model::Table> =
        doc.tables.iter().map(|t| (t.id.as_str(), t)).collect();
    let mut out = Vec::new();
    fn walk(
        s: &Section,
        parent: &str,
        item_labels: &BTreeSet<String>,
        tables: &BTreeMap<&str, &crate::model::Table>,
        out: &mut Vec<Unit>,
    ) {
        let label = match &s.label {
            Some(l) => {
                let last = s.id.rsplit('/').next().unwrap_or_default();
                if last.is_empty() {
                    squeeze(&l.raw)
                } else {
                    last.to_string()
                }
            }
            None => String::new(),
        };
        let item_like = !label.is_empty() && item_labels.contains(&squeeze(&label));
        if !item_like {
            let mut body: Vec<String> = Vec::new();
            let mut all = String::new();
            for b in &s.blocks {
                match b.kind {
                    BlockKind::Paragraph => body.extend(b.text.clone()),
                    BlockKind::List => body.extend(b.items.iter().flatten().cloned()),
                    BlockKind::Table => {
                        // Assembled tables are compared cell by cell (see `tables`).
                        if let Some(t) = b.table_id.as_deref().and_then(|id| tables.get(id)) {
                            if t.cells.is_empty() {
                                body.extend(t.rows.iter().map(|r| r.join("\t")));
                            }
                        }
                    }
                }
                all.push_str(&block_text(b, tables));
            }
            let mut unit = Unit::new(
                Target::Section,
                label,
                parent.to_string(),
                s.id.clone(),
                s.title.clone(),
                body.join("\n"),
                Vec::new(),
                s.level.max(1) as usize,
                s.span,
            );
            unit.layout_key = squeeze(&all);
            out.push(unit);
        }
        for c in &s.children {
            walk(c, &s.id, item_labels, tables, out);
        }
    }
    for s in &doc.sections {
        walk(s, "", &item_labels, &tables, &mut out);
    }
    out
}

/// The words of a block, tables row by row, whitespace removed.
fn block_text(b: &crate::model::Block, tables: &BTreeMap<&str, &crate::model::Table>) -> String {
    match b.kind {
        BlockKind::Paragraph => b.text.as_deref().map(squeeze).unwrap_or_default(),
        BlockKind::List => b.items.iter().flatten().map(|t| squeeze(t)).collect(),
        BlockKind::Table => b
            .table_id
            .as_deref()
            .and_then(|id| tables.get(id))
            .map(|t| super::tables::flat_text(t))
            .unwrap_or_default(),
    }
}

/// The words of a whole document in reading order (section titles, paragraphs, lists and
/// every table row by row), whitespace removed: what is left when layout is taken away.
pub fn document_text(doc: &PlanDocument) -> String {
    let tables: BTreeMap<&str, &crate::model::Table> =
        doc.tables.iter().map(|t| (t.id.as_str(), t)).collect();
    fn walk(s: &Section, tables: &BTreeMap<&str, &crate::model::Table>, out: &mut String) {
        out.push_str(&squeeze(&s.title));
        for b in &s.blocks {
            out.push_str(&block_text(b, tables));
        }
        for c in &s.children {
            walk(c, tables, out);
        }
    }
    let mut out = String::new();
    for s in &doc.sections {
        walk(s, &tables, &mut out);
    }
    out
}

/// The items of a document as units.
pub fn item_units(doc: &PlanDocument) -> Vec<Unit> {
    doc.items
        .iter()
        .map(|it| {
            let label = if it.label.trim().is_empty() {
                squeeze(&it.id)
            } else {
                squeeze(&it.label)
            };
            let parent = it.section_path.join("/");
            let path = if parent.is_empty() {
                label.clone()
            } else {
                format!("{parent}/{label}")
            };
            Unit::new(
                Target::Item,
                label,
                parent,
                path,
                it.title.clone(),
                it.description.clone().unwrap_or_default(),
                it.departments.clone(),
                it.section_path.len() + 1,
                it.span,
            )
        })
        .collect()
}

/// How two unit lists line up.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Alignment {
    /// (old, new, similarity)
    pub pairs: Vec<(usize, usize, f64)>,
    /// old → several new
    pub splits: Vec<(usize, Vec<usize>)>,
    /// several old → new
    pub merges: Vec<(Vec<usize>, usize)>,
    pub removed: Vec<usize>,
    pub added: Vec<usize>,
}

fn mapped<'a>(map: &'a BTreeMap<String, String>, parent: &'a str) -> &'a str {
    map.get(parent).map(String::as_str).unwrap_or(parent)
}

/// Content similarity of two units, 0–1.
fn unit_similarity(o: &Unit, n: &Unit) -> f64 {
    let t = dice(&o.title_p, &n.title_p);
    match (o.body_p.is_empty(), n.body_p.is_empty()) {
        (true, true) => t,
        (false, false) => 0.4 * t + 0.6 * dice(&o.body_p, &n.body_p),
        _ => 0.5 * t,
    }
}

/// Upper bound of [`unit_similarity`] from sizes alone, to skip hopeless pairs cheaply.
fn similarity_bound(o: &Unit, n: &Unit) -> f64 {
    let t = dice_bound(o.title_p.len(), n.title_p.len());
    match (o.body_p.is_empty(), n.body_p.is_empty()) {
        (true, true) => t,
        (false, false) => 0.4 * t + 0.6 * dice_bound(o.body_p.len(), n.body_p.len()),
        _ => 0.5 * t,
    }
}

/// Align `old` with `new`; `parents` maps old parent paths to new ones (from the section
/// alignment) so that "same place" survives a renumbered parent.
pub fn align(old: &[Unit], new: &[Unit], parents: &BTreeMap<String, String>) -> Alignment {
    let mut old_used = vec![false; old.len()];
    let mut new_used = vec![false; new.len()];
    let mut pairs: Vec<(usize, usize, f64)> = Vec::new();
    let same_place =
        |o: &Unit, n: &Unit| o.label == n.label && mapped(parents, &o.parent) == n.parent;

    // 1. Identical content.
    type Group = (Vec<usize>, Vec<usize>);
    let mut groups: BTreeMap<(&str, &str), Group> = BTreeMap::new();
    for (i, u) in old.iter().enumerate() {
        if !(u.title_key.is_empty() && u.body_key.is_empty()) {
            groups
                .entry((&u.title_key, &u.body_key))
                .or_default()
                .0
                .push(i);
        }
    }
    for (j, u) in new.iter().enumerate() {
        if let Some(g) = groups.get_mut(&(u.title_key.as_str(), u.body_key.as_str())) {
            g.1.push(j);
        }
    }
    for (olds, news) in groups.values() {
        // Same label and parent first, then the rest in document order.
        for pass in 0..2 {
            for &i in olds {
                if old_used.get(i).copied().unwrap_or(true) {
                    continue;
                }
                let Some(o) = old.get(i) else { continue };
                let hit = news.iter().copied().find(|&j| {
                    !new_used.get(j).copied().unwrap_or(true)
                        && (pass == 1 || new.get(j).is_some_and(|n| same_place(o, n)))
                });
                if let Some(j) = hit {
                    mark(&mut old_used, i);
                    mark(&mut new_used, j);
                    pairs.push((i, j, 1.0));
                }
            }
        }
    }

    // 2. Most similar remaining pairs.
    let mut cands: Vec<(f64, f64, usize, usize)> = Vec::new();
    for (i, o) in old.iter().enumerate() {
        if old_used.get(i).copied().unwrap_or(true) {
            continue;
        }
        for (j, n) in new.iter().enumerate() {
            if new_used.get(j).copied().unwrap_or(true) {
                continue;
            }
            let place = same_place(o, n);
            let equal_title = !o.title_key.is_empty() && o.title_key == n.title_key;
            let equal_body = !o.body_key.is_empty() && o.body_key == n.body_key;
            if !place && !equal_title && !equal_body && similarity_bound(o, n) < 0.5 {
                continue;
            }
            let sim = unit_similarity(o, n);
            let accept = sim >= 0.5 || (place && sim >= 0.3) || equal_title || equal_body;
            if accept {
                let mut score = sim;
                if place {
                    score += 0.15;
                }
                if mapped(parents, &o.parent) == n.parent {
                    score += 0.05;
                }
                cands.push((score, sim, i, j));
            }
        }
    }
    cands.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.2.cmp(&b.2)).then(a.3.cmp(&b.3)));
    for (_, sim, i, j) in cands {
        if old_used.get(i).copied().unwrap_or(true) || new_used.get(j).copied().unwrap_or(true) {
            continue;
        }
        mark(&mut old_used, i);
        mark(&mut new_used, j);
        pairs.push((i, j, sim));
    }

    // 3. Splits and merges (best effort).
    let mut splits = Vec::new();
    let mut merges = Vec::new();
    for (i, o) in old.iter().enumerate() {
        if o.body_p.is_empty() {
            continue;
        }
        let partner = pairs.iter().position(|p| p.0 == i);
        if let Some((parts, drop)) = pieces(
            o,
            new,
            &new_used,
            partner.and_then(|k| pairs.get(k)).map(|p| p.1),
        ) {
            if let Some(k) = partner.filter(|_| drop) {
                pairs.remove(k);
            }
            mark(&mut old_used, i);
            for &j in &parts {
                mark(&mut new_used, j);
            }
            splits.push((i, parts));
        }
    }
    for (j, n) in new.iter().enumerate() {
        if n.body_p.is_empty() {
            continue;
        }
        let partner = pairs.iter().position(|p| p.1 == j);
        if let Some((parts, drop)) = pieces(
            n,
            old,
            &old_used,
            partner.and_then(|k| pairs.get(k)).map(|p| p.0),
        ) {
            if let Some(k) = partner.filter(|_| drop) {
                pairs.remove(k);
            }
            mark(&mut new_used, j);
            for &i in &parts {
                mark(&mut old_used, i);
            }
            merges.push((parts, j));
        }
    }

    pairs.sort_by_key(|p| (p.1, p.0));
    Alignment {
        pairs,
        splits,
        merges,
        removed: unused(&old_used),
        added: unused(&new_used),
    }
}

/// The units of `others` into which `whole` was divided: unmatched units (and `partner`,
/// the unit `whole` is already paired with) mostly contained in `whole`, at least two of them,
/// one unmatched, together covering most of `whole`. The flag says the partner is among them.
fn pieces(
    whole: &Unit,
    others: &[Unit],
    used: &[bool],
    partner: Option<usize>,
) -> Option<(Vec<usize>, bool)> {
    let mut parts: Vec<usize> = Vec::new();
    let mut fresh = 0;
    for (j, u) in others.iter().enumerate() {
        let is_partner = partner == Some(j);
        if !is_partner && used.get(j).copied().unwrap_or(true) {
            continue;
        }
        if u.body_p.len() >= 2 && containment(&u.body_p, &whole.body_p) >= 0.7 {
            parts.push(j);
            if !is_partner {
                fresh += 1;
            }
        }
    }
    if parts.len() < 2 || fresh == 0 {
        return None;
    }
    let union = Profile::union(
        parts
            .iter()
            .filter_map(|&j| others.get(j))
            .map(|u| &u.body_p),
    );
    if containment(&whole.body_p, &union) < 0.6 {
        return None;
    }
    let has_partner = partner.is_some_and(|p| parts.contains(&p));
    Some((parts, has_partner))
}

fn mark(v: &mut [bool], i: usize) {
    if let Some(x) = v.get_mut(i) {
        *x = true;
    }
}

fn unused(v: &[bool]) -> Vec<usize> {
    v.iter()
        .enumerate()
        .filter(|(_, u)| !**u)
        .map(|(i, _)| i)
        .collect()
}

/// Rank of each unit in document order over sections and items together (by span, then
/// sections before items, then list order).
fn ranks(secs: &[Unit], items: &[Unit]) -> (Vec<usize>, Vec<usize>) {
    let mut all: Vec<(Span, u8, usize)> = secs
        .iter()
        .enumerate()
        .map(|(i, u)| (u.span, 0u8, i))
        .chain(items.iter().enumerate().map(|(i, u)| (u.span, 1u8, i)))
        .collect();
    all.sort();
    let mut rs = vec![0; secs.len()];
    let mut ri = vec![0; items.len()];
    for (rank, (_, t, i)) in all.into_iter().enumerate() {
        let slot = if t == 0 { rs.get_mut(i) } else { ri.get_mut(i) };
        if let Some(s) = slot {
            *s = rank;
        }
    }
    (rs, ri)
}

/// A change or unchanged row waiting to be put in order.
struct Entry {
    key: (usize, u8, usize),
    change: Option<Change>,
    row: Row,
}

/// Compare sections and items: the changes, the rows of the 新旧対照表 (in the new version's
/// order, removed units where they stood) and the counts of unchanged units.
pub fn diff_structure(
    old: &PlanDocument,
    new: &PlanDocument,
) -> (Vec<Change>, Vec<Row>, BTreeMap<Target, usize>) {
    let (os, ns) = (section_units(old), section_units(new));
    let (oi, ni) = (item_units(old), item_units(new));
    let sec_align = align(&os, &ns, &BTreeMap::new());
    let mut parents: BTreeMap<String, String> = BTreeMap::new();
    for &(i, j, _) in &sec_align.pairs {
        if let (Some(o), Some(n)) = (os.get(i), ns.get(j)) {
            parents.insert(o.path.clone(), n.path.clone());
        }
    }
    let item_align = align(&oi, &ni, &parents);
    let (ors, ori) = ranks(&os, &oi);
    let (nrs, nri) = ranks(&ns, &ni);

    let mut entries: Vec<Entry> = Vec::new();
    let mut unchanged: BTreeMap<Target, usize> = BTreeMap::new();
    // Old rank → new rank of its counterpart, to place removed units.
    let mut old_to_new: BTreeMap<usize, usize> = BTreeMap::new();
    for (units_o, units_n, al, ro, rn) in [
        (&os, &ns, &sec_align, &ors, &nrs),
        (&oi, &ni, &item_align, &ori, &nri),
    ] {
        for &(i, j, sim) in &al.pairs {
            let (Some(o), Some(n)) = (units_o.get(i), units_n.get(j)) else {
                continue;
            };
            let rank_n = rn.get(j).copied().unwrap_or(0);
            if let Some(&r) = ro.get(i) {
                old_to_new.insert(r, rank_n);
            }
            let c = classify(o, n, sim, &parents);
            if c.is_none() {
                *unchanged.entry(o.target).or_default() += 1;
            }
            entries.push(Entry {
                key: (rank_n, 0, 0),
                row: Row {
                    target: o.target,
                    new: Some(n.row_side()),
                    old: Some(o.row_side()),
                    change: None,
                },
                change: c,
            });
        }
        for (i, parts) in &al.splits {
            let Some(o) = units_o.get(*i) else { continue };
            let news: Vec<&Unit> = parts.iter().filter_map(|&j| units_n.get(j)).collect();
            let first = parts
                .iter()
                .filter_map(|&j| rn.get(j))
                .min()
                .copied()
                .unwrap_or(0);
            if let Some(&r) = ro.get(*i) {
                old_to_new.insert(r, first);
            }
            let mut c = change(o.target, vec![ChangeKind::Split]);
            c.old.push(o.side());
            c.new.extend(news.iter().map(|u| u.side()));
            let joined: Vec<&str> = news.iter().map(|u| u.body.as_str()).collect();
            c.text_ops = prose_ops(&o.body, &joined.join("\n"));
            entries.push(Entry {
                key: (first, 0, 0),
                row: Row {
                    target: o.target,
                    new: Some(joined_side(&news)),
                    old: Some(o.row_side()),
                    change: None,
                },
                change: Some(c),
            });
        }
        for (parts, j) in &al.merges {
            let Some(n) = units_n.get(*j) else { continue };
            let olds: Vec<&Unit> = parts.iter().filter_map(|&i| units_o.get(i)).collect();
            let rank_n = rn.get(*j).copied().unwrap_or(0);
            for &i in parts {
                if let Some(&r) = ro.get(i) {
                    old_to_new.insert(r, rank_n);
                }
            }
            let mut c = change(n.target, vec![ChangeKind::Merged]);
            c.old.extend(olds.iter().map(|u| u.side()));
            c.new.push(n.side());
            let joined: Vec<&str> = olds.iter().map(|u| u.body.as_str()).collect();
            c.text_ops = prose_ops(&joined.join("\n"), &n.body);
            entries.push(Entry {
                key: (rank_n, 0, 0),
                row: Row {
                    target: n.target,
                    new: Some(n.row_side()),
                    old: Some(joined_side(&olds)),
                    change: None,
                },
                change: Some(c),
            });
        }
        for &j in &al.added {
            let Some(n) = units_n.get(j) else { continue };
            let mut c = change(n.target, vec![ChangeKind::Added]);
            c.new.push(n.side());
            entries.push(Entry {
                key: (rn.get(j).copied().unwrap_or(0), 0, 0),
                row: Row {
                    target: n.target,
                    new: Some(n.row_side()),
                    old: None,
                    change: None,
                },
                change: Some(c),
            });
        }
    }
    // Removed units: just after the new position of the closest earlier old unit that has one.
    for (units_o, al, ro) in [(&os, &sec_align, &ors), (&oi, &item_align, &ori)] {
        for &i in &al.removed {
            let Some(o) = units_o.get(i) else { continue };
            let r = ro.get(i).copied().unwrap_or(0);
            let anchor = old_to_new.range(..r).next_back().map(|(_, &n)| n);
            let key = match anchor {
                Some(n) => (n, 1, r),
                None => (0, 0, r),
            };
            let mut c = change(o.target, vec![ChangeKind::Removed]);
            c.old.push(o.side());
            entries.push(Entry {
                key,
                row: Row {
                    target: o.target,
                    new: None,
                    old: Some(o.row_side()),
                    change: None,
                },
                change: Some(c),
            });
        }
    }
    // Removed units before any anchor sort before everything else: key (0, 0, r) collides
    // with the first new unit's (0, 0, 0), so order them by (key, removed-first is fine).
    entries.sort_by_key(|e| e.key);
    let mut changes = Vec::new();
    let mut rows = Vec::new();
    for e in entries {
        let mut row = e.row;
        if let Some(c) = e.change {
            row.change = Some(changes.len());
            changes.push(c);
        }
        rows.push(row);
    }
    (changes, rows, unchanged)
}

/// Several units shown as one cell (the parts of a split or merge).
fn joined_side(units: &[&Unit]) -> RowSide {
    let label = units
        .iter()
        .map(|u| u.label.as_str())
        .collect::<Vec<_>>()
        .join("・");
    let title = units
        .iter()
        .map(|u| u.title.as_str())
        .collect::<Vec<_>>()
        .join(" / ");
    let body = units
        .iter()
        .map(|u| u.body.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let mut departments: Vec<String> = Vec::new();
    for u in units {
        for d in &u.departments {
            if !departments.contains(d) {
                departments.push(d.clone());
            }
        }
    }
    RowSide {
        label,
        title,
        body,
        departments,
        depth: units.first().map(|u| u.depth).unwrap_or(1),
    }
}

/// The change between two matched units, or `None` when they are the same.
fn classify(o: &Unit, n: &Unit, sim: f64, parents: &BTreeMap<String, String>) -> Option<Change> {
    let mut kinds = Vec::new();
    if mapped(parents, &o.parent) != n.parent {
        kinds.push(ChangeKind::Moved);
    }
    if squeeze(&o.label) != squeeze(&n.label) {
        kinds.push(ChangeKind::Renumbered);
    }
    let renamed = o.title_key != n.title_key;
    // Words that moved between a table and a paragraph (one version's table rows lost their
    // cell gaps) are the same words: no rewording.
    let reworded = o.body_key != n.body_key && o.layout_key != n.layout_key;
    if renamed {
        kinds.push(ChangeKind::Renamed);
    }
    if reworded {
        kinds.push(ChangeKind::Reworded);
    }
    let reassigned = o.dept_key() != n.dept_key();
    if reassigned {
        kinds.push(ChangeKind::Reassigned);
    }
    if kinds.is_empty() {
        return None;
    }
    let mut c = change(o.target, kinds);
    c.old.push(o.side());
    c.new.push(n.side());
    c.similarity = Some(round3(sim));
    if renamed {
        c.title_ops = char_ops(&o.title, &n.title);
    }
    if reworded {
        c.text_ops = prose_ops(&o.body, &n.body);
    }
    if reassigned {
        c.old_value = Some(o.departments.join("・"));
        c.new_value = Some(n.departments.join("・"));
    }
    Some(c)
}
