//! Grafana's reducer ids (the `calcs` of legends and of `reduceOptions`).
//!
//! Grafana's JSON Schemas type `calcs` as a plain array of strings, so this
//! table is not generated: it is the registry `fieldReducers` of
//! `packages/grafana-data/src/transformations/fieldReducer.ts` in Grafana
//! (the `ReducerID` enum, in the registry's order), which is what Grafana's
//! reducer picker offers. Beside these ids the registry builds the
//! percentiles `p1` .. `p99` ([`is_reducer`] accepts them).

/// Grafana's reducer ids, in the order of its registry, without the
/// percentiles `p1` .. `p99`.
pub const REDUCERS: &[&str] = &[
    "lastNotNull",
    "last",
    "firstNotNull",
    "first",
    "min",
    "max",
    "mean",
    "median",
    "variance",
    "stdDev",
    "sum",
    "count",
    "countAll",
    "range",
    "delta",
    "step",
    "diff",
    "logmin",
    "allIsZero",
    "allIsNull",
    "changeCount",
    "distinctCount",
    "diffperc",
    "allValues",
    "uniqueValues",
];

/// The registry's alias ids (`aliasIds`) and the id each stands for.
const ALIASES: &[(&str, &str)] = &[
    ("current", "lastNotNull"),
    ("avg", "mean"),
    ("total", "sum"),
];

/// The reducer id an alias stands for (`avg` -> `mean`).
pub fn reducer_alias(alias: &str) -> Option<&'static str> {
    ALIASES.iter().find(|(a, _)| *a == alias).map(|(_, id)| *id)
}

/// Whether `id` is a reducer id Grafana knows: one of [`REDUCERS`] or a
/// percentile `p1` .. `p99`.
pub fn is_reducer(id: &str) -> bool {
    REDUCERS.contains(&id) || is_percentile(id)
}

/// `p1` .. `p99`, written as Grafana writes them (no leading zero).
fn is_percentile(id: &str) -> bool {
    id.strip_prefix('p')
        .filter(|n| !n.starts_with('0') && n.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|n| n.parse::<u8>().ok())
        .is_some_and(|n| (1..=99).contains(&n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reducer_ids() {
        let mut sorted = REDUCERS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), REDUCERS.len(), "an id is listed twice");
        for id in [
            "lastNotNull",
            "mean",
            "countAll",
            "uniqueValues",
            "p1",
            "p95",
            "p99",
        ] {
            assert!(is_reducer(id), "{id}");
        }
        for id in ["p0", "p100", "p05", "p", "avg", "Mean", "", "p+5"] {
            assert!(!is_reducer(id), "{id}");
        }
        for (alias, id) in ALIASES {
            assert!(!is_reducer(alias) && is_reducer(id));
        }
        assert_eq!(reducer_alias("avg"), Some("mean"));
    }
}
