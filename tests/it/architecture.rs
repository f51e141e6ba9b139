//! The layout holds: data flows one way through the stages. These tests read `src/` as text:
//! every `crate::…`, `super::…` and `self::…` path names the module it reaches, and the graph of
//! those references between modules has no cycle; the rules module is a leaf; each stage's
//! public functions name only the rule types they read, never the whole `Rules`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// `src/records/items.rs` → `records::items`; `src/records/mod.rs` → `records`; `lib.rs` → ``.
fn module_of(path: &Path) -> String {
    let rel = path.strip_prefix(src()).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts.join("::")
}

/// The source without comments and without its `#[cfg(test)]` tail (tests may reach anywhere).
fn code_of(text: &str) -> String {
    let text = match text.find("#[cfg(test)]") {
        Some(i) => &text[..i],
        None => text,
    };
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The module a path reaches: the longest prefix of it that is a module of the crate.
fn resolve(cur: &str, path: &str, modules: &BTreeSet<String>) -> Option<String> {
    let mut parts: Vec<&str> = path.split("::").collect();
    let mut base: Vec<String> = Vec::new();
    match parts.first().copied() {
        Some("crate") => {
            parts.remove(0);
        }
        Some("super") => {
            base = cur.split("::").map(String::from).collect();
            while parts.first() == Some(&"super") {
                base.pop();
                parts.remove(0);
            }
        }
        Some("self") => {
            base = cur.split("::").map(String::from).collect();
            parts.remove(0);
        }
        _ => return None,
    }
    base.retain(|b| !b.is_empty());
    for n in (0..=parts.len()).rev() {
        let mut cand = base.clone();
        cand.extend(parts[..n].iter().map(|s| s.to_string()));
        let cand = cand.join("::");
        if modules.contains(&cand) {
            return Some(cand);
        }
    }
    None
}

/// Module → the modules its code names (its own submodules and ancestors left out: a module
/// and the files below it are one unit).
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files.retain(|f| !f.ends_with("main.rs"));
    let modules: BTreeSet<String> = files.iter().map(|f| module_of(f)).collect();
    let path_re = regex::Regex::new(
        r"\b((?:crate|super|self)(?:::[A-Za-z_][A-Za-z0-9_]*)+)(?:::\{([^}]*)\})?",
    )
    .unwrap();
    let mut g = BTreeMap::new();
    for f in &files {
        let cur = module_of(f);
        let code = code_of(&std::fs::read_to_string(f).unwrap());
        let mut refs = BTreeSet::new();
        for m in path_re.captures_iter(&code) {
            let head = &m[1];
            let mut paths = vec![head.to_string()];
            if let Some(group) = m.get(2) {
                for item in group.as_str().split(',') {
                    let item = item.split_whitespace().next().unwrap_or("");
                    if !item.is_empty() && item != "self" {
                        paths.push(format!("{head}::{item}"));
                    }
                }
            }
            for p in paths {
                if let Some(r) = resolve(&cur, &p, &modules) {
                    let related = r == cur
                        || r.starts_with(&format!("{cur}::"))
                        || cur.starts_with(&format!("{r}::"))
                        || r.is_empty() && cur.is_empty();
                    if !related {
                        refs.insert(r);
                    }
                }
            }
        }
        if cur.is_empty() {
            // The crate root names its modules without `crate::`.
            for m in modules
                .iter()
                .filter(|m| !m.is_empty() && !m.contains("::"))
            {
                let bare = regex::Regex::new(&format!(r"(?:^|[^A-Za-z0-9_:]){m}::")).unwrap();
                if bare.is_match(&code) {
                    refs.insert(m.clone());
                }
            }
        }
        g.insert(cur, refs);
    }
    g
}

/// The cycles of the graph (strongly connected components of more than one module).
fn cycles(g: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    // Modules reached from each module, by search; two modules are in one cycle when each
    // reaches the other.
    let reach = |from: &str| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.to_string()];
        while let Some(m) = todo.pop() {
            for n in g.get(&m).into_iter().flatten() {
                if seen.insert(n.clone()) {
                    todo.push(n.clone());
                }
            }
        }
        seen
    };
    let reaches: BTreeMap<&String, BTreeSet<String>> = g.keys().map(|k| (k, reach(k))).collect();
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut done = BTreeSet::new();
    for (k, r) in &reaches {
        if done.contains(*k) || !r.contains(*k) {
            continue;
        }
        let comp: Vec<String> = r
            .iter()
            .filter(|o| reaches.get(o).is_some_and(|ro| ro.contains(*k)))
            .cloned()
            .collect();
        done.extend(comp.iter().cloned());
        out.push(comp);
    }
    out
}

#[test]
fn the_reference_graph_is_read() {
    // Guards the test itself: known edges of the pipeline are found.
    let g = graph();
    assert!(
        g["normalize::layout"].contains("numbering"),
        "{:?}",
        g["normalize::layout"]
    );
    assert!(g["outline"].contains("tables"), "{:?}", g["outline"]);
    assert!(g["records"].contains("rules"), "{:?}", g["records"]);
    assert!(g[""].contains("records"), "{:?}", g[""]);
}

#[test]
fn no_module_reaches_back_to_a_module_that_reaches_it() {
    let g = graph();
    let c = cycles(&g);
    assert!(c.is_empty(), "import cycles between modules: {c:?}");
}

#[test]
fn the_cycle_finder_finds_a_cycle() {
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    g.insert("a".into(), ["b".to_string()].into());
    g.insert("b".into(), ["c".to_string()].into());
    g.insert("c".into(), ["a".to_string()].into());
    g.insert("d".into(), ["a".to_string()].into());
    assert_eq!(cycles(&g), vec![vec!["a", "b", "c"]]);
}

#[test]
fn rules_is_a_leaf() {
    let g = graph();
    for (m, refs) in &g {
        if m == "rules" || m.starts_with("rules::") {
            let outside: Vec<_> = refs
                .iter()
                .filter(|r| *r != "error" && !r.starts_with("rules"))
                .collect();
            assert!(outside.is_empty(), "{m} reaches {outside:?}");
        }
    }
}

#[test]
fn stage_functions_take_only_the_rules_they_read() {
    let sig = regex::Regex::new(r"pub(?:\(crate\))? fn [a-z_0-9]+(?:<[^>]*>)?\(([^)]*)\)").unwrap();
    let whole = regex::Regex::new(r"&\s*(?:crate::rules::)?Rules\b").unwrap();
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut bad = Vec::new();
    for f in files {
        let m = module_of(&f);
        let stage = [
            "normalize",
            "numbering",
            "dates",
            "outline",
            "tables",
            "records",
        ]
        .iter()
        .any(|s| m == *s || m.starts_with(&format!("{s}::")));
        if !stage {
            continue;
        }
        let code = code_of(&std::fs::read_to_string(&f).unwrap());
        for c in sig.captures_iter(&code) {
            if whole.is_match(&c[1]) {
                bad.push(format!("{m}: {}", &c[0]));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "stage functions that take the whole Rules: {bad:#?}"
    );
}
