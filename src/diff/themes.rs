//! Reform themes in a diff: which themes of `rules/themes.toml` a revised plan gained or
//! lost, as a whole ([`theme_changes`]: one `theme` change per theme) and item by item
//! ([`annotate_items`]: `themes_gained` / `themes_lost` on item changes with both sides).

use std::collections::{BTreeMap, BTreeSet};

use super::{change, Change, ChangeKind, Side, Target};
use crate::model::{ActionItem, PlanDocument, Span};

fn theme_name(id: &str) -> String {
    crate::Rules::defaults()
        .themes
        .get(id)
        .map_or_else(|| id.to_string(), |t| t.name_ja.clone())
}

/// For each theme id of `doc`, its items, in document order.
fn items_by_theme(doc: &PlanDocument) -> BTreeMap<&str, Vec<&ActionItem>> {
    let mut map: BTreeMap<&str, Vec<&ActionItem>> = BTreeMap::new();
    for it in &doc.items {
        let mut seen = BTreeSet::new();
        for t in &it.themes {
            if seen.insert(t.id.as_str()) {
                map.entry(t.id.as_str()).or_default().push(it);
            }
        }
    }
    map
}

fn theme_side(id: &str, first: Option<&ActionItem>) -> Side {
    Side {
        label: None,
        path: id.to_string(),
        title: theme_name(id),
        span: first.and_then(|it| it.themes.iter().find(|t| t.id == id).map(|t| t.span)),
    }
}

/// One change per theme that has items in only one of the versions: `added` (the revised
/// plan gained it) or `removed` (lost). `field` is `items`; the values are the numbers of
/// items with the theme; the side's span is the first item's evidence.
pub fn theme_changes(old: &PlanDocument, new: &PlanDocument) -> Vec<Change> {
    let o = items_by_theme(old);
    let n = items_by_theme(new);
    // Rules order first, then other ids alphabetically: deterministic either way.
    let rules = &crate::Rules::defaults().themes;
    let mut ids: Vec<&str> = rules.themes.iter().map(|t| t.id.as_str()).collect();
    for id in o.keys().chain(n.keys()) {
        if !ids.contains(id) {
            ids.push(id);
        }
    }
    let mut out = Vec::new();
    for id in ids {
        let (oi, ni) = (o.get(id), n.get(id));
        let (kind, side, old_n, new_n) = match (oi, ni) {
            (None, Some(v)) => (
                ChangeKind::Added,
                theme_side(id, v.first().copied()),
                0,
                v.len(),
            ),
            (Some(v), None) => (
                ChangeKind::Removed,
                theme_side(id, v.first().copied()),
                v.len(),
                0,
            ),
            _ => continue,
        };
        let mut c = change(Target::Theme, vec![kind]);
        c.field = Some("items".into());
        c.old_value = Some(old_n.to_string());
        c.new_value = Some(new_n.to_string());
        if kind == ChangeKind::Added {
            c.new.push(side);
        } else {
            c.old.push(side);
        }
        out.push(c);
    }
    out
}

/// Set `themes_gained` and `themes_lost` on every item change with an old and a new side.
pub fn annotate_items(changes: &mut [Change], old: &PlanDocument, new: &PlanDocument) {
    let index = |d: &PlanDocument| -> BTreeMap<(Span, String), Vec<String>> {
        d.items
            .iter()
            .map(|it| {
                (
                    (it.span, it.title.clone()),
                    it.themes.iter().map(|t| t.id.clone()).collect(),
                )
            })
            .collect()
    };
    let (oi, ni) = (index(old), index(new));
    let themes_of = |sides: &[Side], idx: &BTreeMap<(Span, String), Vec<String>>| {
        let mut set: BTreeSet<String> = BTreeSet::new();
        for s in sides {
            if let Some(v) = s.span.and_then(|sp| idx.get(&(sp, s.title.clone()))) {
                set.extend(v.iter().cloned());
            }
        }
        set
    };
    for c in changes.iter_mut() {
        if c.target != Target::Item || c.old.is_empty() || c.new.is_empty() {
            continue;
        }
        let (a, b) = (themes_of(&c.old, &oi), themes_of(&c.new, &ni));
        c.themes_gained = b.difference(&a).cloned().collect();
        c.themes_lost = a.difference(&b).cloned().collect();
    }
}
