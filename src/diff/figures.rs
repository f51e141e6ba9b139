//! Figures and metadata: indicators compared by name and by (fiscal year, kind) of each
//! observation; evaluation sheets by policy code, their ratings by field and their costs by
//! (project, fiscal year, kind); metadata field by field.

use std::collections::{BTreeMap, BTreeSet};

use super::similarity::{char_ops, similarity, squeeze};
use super::{change, Change, ChangeKind, Side, Target};
use crate::model::{Cost, Evaluation, Indicator, Meta, Observation, ObservationKind, Rating};

/// Changes of document metadata: title, kind, edition, draft, issued, period, municipality.
pub fn meta_changes(old: &Meta, new: &Meta) -> Vec<Change> {
    let mut out = Vec::new();
    let mut field = |name: &str, o: Option<String>, n: Option<String>| {
        if o != n {
            let mut c = change(Target::Meta, vec![ChangeKind::Changed]);
            c.field = Some(name.to_string());
            if let (Some(a), Some(b)) = (&o, &n) {
                if name == "title" {
                    c.title_ops = char_ops(a, b);
                }
            }
            c.old_value = o;
            c.new_value = n;
            out.push(c);
        }
    };
    field("title", old.title.clone(), new.title.clone());
    field("kind", old.kind.clone(), new.kind.clone());
    field(
        "edition",
        old.edition.map(|e| e.to_string()),
        new.edition.map(|e| e.to_string()),
    );
    field(
        "draft",
        Some(old.draft.to_string()),
        Some(new.draft.to_string()),
    );
    field("issued", old.issued.clone(), new.issued.clone());
    let period = |m: &Meta| {
        m.period.as_ref().map(|p| match p.end_fy {
            Some(e) => format!("FY{}–FY{}", p.start_fy, e),
            None => format!("FY{}–", p.start_fy),
        })
    };
    field("period", period(old), period(new));
    let muni = |m: &Meta| {
        m.municipality.as_ref().map(|x| {
            let mut s = x.prefecture.clone().unwrap_or_default();
            s.push_str(&x.name);
            s
        })
    };
    field("municipality", muni(old), muni(new));
    out
}

/// Indicator name as a matching key: without spaces.
fn name_key(name: &str) -> String {
    squeeze(name)
}

fn indicator_side(ind: &Indicator, prefix: &str) -> Side {
    Side {
        label: None,
        path: if prefix.is_empty() {
            ind.name.clone()
        } else {
            format!("{prefix}/{}", ind.name)
        },
        title: ind.name.clone(),
        span: Some(ind.span),
    }
}

/// Pair indicators: same name first, then the most similar remaining names (≥ 0.6), both in
/// document order. Returns (pairs, unmatched old, unmatched new).
fn pair_indicators(
    old: &[Indicator],
    new: &[Indicator],
) -> (Vec<(usize, usize)>, Vec<usize>, Vec<usize>) {
    let mut used_new = vec![false; new.len()];
    let mut pairs = Vec::new();
    let mut rest_old = Vec::new();
    for (i, o) in old.iter().enumerate() {
        let key = name_key(&o.name);
        let hit = new
            .iter()
            .enumerate()
            .find(|(j, n)| !used_new.get(*j).copied().unwrap_or(true) && name_key(&n.name) == key);
        match hit {
            Some((j, _)) => {
                if let Some(u) = used_new.get_mut(j) {
                    *u = true;
                }
                pairs.push((i, j));
            }
            None => rest_old.push(i),
        }
    }
    let mut cands: Vec<(f64, usize, usize)> = Vec::new();
    for &i in &rest_old {
        for (j, n) in new.iter().enumerate() {
            if used_new.get(j).copied().unwrap_or(true) {
                continue;
            }
            let s = old
                .get(i)
                .map(|o| similarity(&o.name, &n.name))
                .unwrap_or(0.0);
            if s >= 0.6 {
                cands.push((s, i, j));
            }
        }
    }
    cands.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut used_old: BTreeSet<usize> = BTreeSet::new();
    for (_, i, j) in cands {
        if used_old.contains(&i) || used_new.get(j).copied().unwrap_or(true) {
            continue;
        }
        used_old.insert(i);
        if let Some(u) = used_new.get_mut(j) {
            *u = true;
        }
        pairs.push((i, j));
    }
    pairs.sort_by_key(|&(i, j)| (j, i));
    let removed = rest_old
        .into_iter()
        .filter(|i| !used_old.contains(i))
        .collect();
    let added = used_new
        .iter()
        .enumerate()
        .filter(|(_, u)| !**u)
        .map(|(j, _)| j)
        .collect();
    (pairs, removed, added)
}

/// Order of observation kinds within a fiscal year (the model's enum has no `Ord`).
fn kind_rank(k: ObservationKind) -> u8 {
    match k {
        ObservationKind::Actual => 0,
        ObservationKind::Estimate => 1,
        ObservationKind::Current => 2,
        ObservationKind::Target => 3,
    }
}

fn kind_name(k: ObservationKind) -> &'static str {
    match k {
        ObservationKind::Actual => "actual",
        ObservationKind::Estimate => "estimate",
        ObservationKind::Current => "current",
        ObservationKind::Target => "target",
    }
}

/// `FY2029 target`, or `target` when the year is unknown.
fn obs_field(o: &Observation) -> String {
    match o.fiscal_year {
        Some(y) => format!("FY{y} {}", kind_name(o.kind)),
        None => kind_name(o.kind).to_string(),
    }
}

/// The value as shown in a diff: the cell as written, or the number.
fn obs_value(o: &Observation) -> String {
    if !o.raw.trim().is_empty() {
        o.raw.trim().to_string()
    } else {
        o.value.map(|v| v.to_string()).unwrap_or_default()
    }
}

/// Observations are equal when their numbers and bounds are (or, without a number, their
/// cells as written): `75.0` and `75` are the same target.
fn obs_equal(a: &Observation, b: &Observation) -> bool {
    match (a.value, b.value) {
        (Some(x), Some(y)) => x == y && a.bound == b.bound,
        (None, None) => squeeze(&a.raw) == squeeze(&b.raw),
        _ => false,
    }
}

/// Changes of indicator lists; `prefix` goes before the indicator name in paths (an
/// evaluation sheet's code).
pub fn indicator_changes(old: &[Indicator], new: &[Indicator], prefix: &str) -> Vec<Change> {
    let (pairs, removed, added) = pair_indicators(old, new);
    let mut out = Vec::new();
    // Removed indicators go where they stood relative to the pairs (after the pair whose old
    // index precedes them), so the order follows the documents.
    let mut removed_iter = removed.into_iter().peekable();
    for (i, j) in pairs {
        let (Some(o), Some(n)) = (old.get(i), new.get(j)) else {
            continue;
        };
        while let Some(&r) = removed_iter.peek() {
            if r > i {
                break;
            }
            removed_iter.next();
            if let Some(ro) = old.get(r) {
                let mut c = change(Target::Indicator, vec![ChangeKind::Removed]);
                c.old.push(indicator_side(ro, prefix));
                out.push(c);
            }
        }
        out.extend(indicator_pair(o, n, prefix));
    }
    for r in removed_iter {
        if let Some(ro) = old.get(r) {
            let mut c = change(Target::Indicator, vec![ChangeKind::Removed]);
            c.old.push(indicator_side(ro, prefix));
            out.push(c);
        }
    }
    for a in added {
        if let Some(n) = new.get(a) {
            let mut c = change(Target::Indicator, vec![ChangeKind::Added]);
            c.new.push(indicator_side(n, prefix));
            c.new_value = Some(
                n.observations
                    .iter()
                    .map(|o| format!("{}: {}", obs_field(o), obs_value(o)))
                    .collect::<Vec<_>>()
                    .join(", "),
            );
            out.push(c);
        }
    }
    out
}

/// Changes between two matched indicators: name, unit, description, observations.
fn indicator_pair(o: &Indicator, n: &Indicator, prefix: &str) -> Vec<Change> {
    let mut out = Vec::new();
    let sides = |c: &mut Change| {
        c.old.push(indicator_side(o, prefix));
        c.new.push(indicator_side(n, prefix));
    };
    if name_key(&o.name) != name_key(&n.name) {
        let mut c = change(Target::Indicator, vec![ChangeKind::Renamed]);
        sides(&mut c);
        c.similarity = Some(super::similarity::round3(similarity(&o.name, &n.name)));
        c.title_ops = char_ops(&o.name, &n.name);
        out.push(c);
    }
    if o.unit != n.unit {
        let mut c = change(Target::Indicator, vec![ChangeKind::Changed]);
        sides(&mut c);
        c.field = Some("unit".into());
        c.old_value = o.unit.clone();
        c.new_value = n.unit.clone();
        out.push(c);
    }
    let od = o.description.clone().unwrap_or_default();
    let nd = n.description.clone().unwrap_or_default();
    if squeeze(&od) != squeeze(&nd) {
        let mut c = change(Target::Indicator, vec![ChangeKind::Reworded]);
        sides(&mut c);
        c.field = Some("description".into());
        c.text_ops = char_ops(&od, &nd);
        out.push(c);
    }
    // Observations by (fiscal year, kind); repeated keys pair in order.
    type Key = (Option<i32>, u8);
    let mut by_key: BTreeMap<Key, (Vec<&Observation>, Vec<&Observation>)> = BTreeMap::new();
    let key = |x: &Observation| (x.fiscal_year, kind_rank(x.kind));
    for x in &o.observations {
        by_key.entry(key(x)).or_default().0.push(x);
    }
    for x in &n.observations {
        by_key.entry(key(x)).or_default().1.push(x);
    }
    for (olds, news) in by_key.values() {
        let len = olds.len().max(news.len());
        for k in 0..len {
            let (a, b) = (olds.get(k), news.get(k));
            let kind = match (a, b) {
                (Some(a), Some(b)) if obs_equal(a, b) => continue,
                (Some(_), Some(_)) => ChangeKind::Changed,
                (None, Some(_)) => ChangeKind::Added,
                (Some(_), None) => ChangeKind::Removed,
                (None, None) => continue,
            };
            let mut c = change(Target::Observation, vec![kind]);
            sides(&mut c);
            c.field = a.or(b).map(|x| obs_field(x));
            c.old_value = a.map(|x| obs_value(x));
            c.new_value = b.map(|x| obs_value(x));
            out.push(c);
        }
    }
    out
}

fn eval_side(e: &Evaluation) -> Side {
    Side {
        label: Some(e.code.clone()),
        path: e.code.clone(),
        title: e.title.clone(),
        span: Some(e.span),
    }
}

fn rating_text(r: &Option<Rating>) -> Option<String> {
    r.as_ref().map(|r| match &r.label {
        Some(l) => format!("{}/{} {l}", r.value, r.scale),
        None => format!("{}/{}", r.value, r.scale),
    })
}

/// Changes of evaluation sheets, matched by policy code (then by title for sheets whose
/// code changed).
pub fn evaluation_changes(old: &[Evaluation], new: &[Evaluation]) -> Vec<Change> {
    let mut out = Vec::new();
    let mut used_new = vec![false; new.len()];
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut removed = Vec::new();
    for (i, o) in old.iter().enumerate() {
        let hit = new.iter().enumerate().position(|(j, n)| {
            !used_new.get(j).copied().unwrap_or(true) && squeeze(&n.code) == squeeze(&o.code)
        });
        let hit = hit.or_else(|| {
            new.iter().enumerate().position(|(j, n)| {
                !used_new.get(j).copied().unwrap_or(true)
                    && !o.title.is_empty()
                    && squeeze(&n.title) == squeeze(&o.title)
            })
        });
        match hit {
            Some(j) => {
                if let Some(u) = used_new.get_mut(j) {
                    *u = true;
                }
                pairs.push((i, j));
            }
            None => removed.push(i),
        }
    }
    for (i, j) in pairs {
        let (Some(o), Some(n)) = (old.get(i), new.get(j)) else {
            continue;
        };
        out.extend(evaluation_pair(o, n));
    }
    for i in removed {
        if let Some(o) = old.get(i) {
            let mut c = change(Target::Evaluation, vec![ChangeKind::Removed]);
            c.old.push(eval_side(o));
            out.push(c);
        }
    }
    for (j, n) in new.iter().enumerate() {
        if !used_new.get(j).copied().unwrap_or(true) {
            let mut c = change(Target::Evaluation, vec![ChangeKind::Added]);
            c.new.push(eval_side(n));
            out.push(c);
        }
    }
    out
}

fn evaluation_pair(o: &Evaluation, n: &Evaluation) -> Vec<Change> {
    let mut out = Vec::new();
    let sides = |c: &mut Change| {
        c.old.push(eval_side(o));
        c.new.push(eval_side(n));
    };
    let mut kinds = Vec::new();
    if squeeze(&o.code) != squeeze(&n.code) {
        kinds.push(ChangeKind::Renumbered);
    }
    if squeeze(&o.title) != squeeze(&n.title) {
        kinds.push(ChangeKind::Renamed);
    }
    let og = o.goal.clone().unwrap_or_default();
    let ng = n.goal.clone().unwrap_or_default();
    if squeeze(&og) != squeeze(&ng) {
        kinds.push(ChangeKind::Reworded);
    }
    let depts = |e: &Evaluation| {
        let mut v: Vec<String> = e.lead_department.iter().cloned().collect();
        v.extend(e.related_departments.iter().cloned());
        v
    };
    let (odep, ndep) = (depts(o), depts(n));
    if odep != ndep {
        kinds.push(ChangeKind::Reassigned);
    }
    if !kinds.is_empty() {
        let mut c = change(Target::Evaluation, kinds);
        sides(&mut c);
        if squeeze(&o.title) != squeeze(&n.title) {
            c.title_ops = char_ops(&o.title, &n.title);
        }
        if squeeze(&og) != squeeze(&ng) {
            c.text_ops = char_ops(&og, &ng);
        }
        if odep != ndep {
            c.old_value = Some(odep.join("・"));
            c.new_value = Some(ndep.join("・"));
        }
        out.push(c);
    }
    for (name, a, b) in [
        ("progress", &o.progress, &n.progress),
        ("necessity", &o.necessity, &n.necessity),
    ] {
        if a != b {
            let kind = match (a, b) {
                (None, Some(_)) => ChangeKind::Added,
                (Some(_), None) => ChangeKind::Removed,
                _ => ChangeKind::Changed,
            };
            let mut c = change(Target::Rating, vec![kind]);
            sides(&mut c);
            c.field = Some(name.into());
            c.old_value = rating_text(a);
            c.new_value = rating_text(b);
            out.push(c);
        }
    }
    out.extend(indicator_changes(&o.indicators, &n.indicators, &o.code));
    out.extend(cost_changes(o, n));
    out
}

fn cost_changes(o: &Evaluation, n: &Evaluation) -> Vec<Change> {
    type Key = (String, i32, String);
    let key = |c: &Cost| {
        (
            squeeze(&c.project),
            c.fiscal_year,
            format!("{:?}", c.kind).to_lowercase(),
        )
    };
    let mut by_key: BTreeMap<Key, (Vec<&Cost>, Vec<&Cost>)> = BTreeMap::new();
    for c in &o.costs {
        by_key.entry(key(c)).or_default().0.push(c);
    }
    for c in &n.costs {
        by_key.entry(key(c)).or_default().1.push(c);
    }
    let value = |c: &Cost| match c.thousand_yen {
        Some(v) => format!("{v}千円"),
        None => "-".to_string(),
    };
    let mut out = Vec::new();
    for ((project, fy, kind), (olds, news)) in &by_key {
        for k in 0..olds.len().max(news.len()) {
            let (a, b) = (olds.get(k), news.get(k));
            let ck = match (a, b) {
                (Some(a), Some(b)) if a.thousand_yen == b.thousand_yen => continue,
                (Some(_), Some(_)) => ChangeKind::Changed,
                (None, Some(_)) => ChangeKind::Added,
                (Some(_), None) => ChangeKind::Removed,
                (None, None) => continue,
            };
            let mut c = change(Target::Cost, vec![ck]);
            c.old.push(eval_side(o));
            c.new.push(eval_side(n));
            if a.is_none() {
                c.old.clear();
            }
            if b.is_none() {
                c.new.clear();
            }
            c.field = Some(format!("{project} FY{fy} {kind}"));
            c.old_value = a.map(|x| value(x));
            c.new_value = b.map(|x| value(x));
            out.push(c);
        }
    }
    out
}
