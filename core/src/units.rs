//! Grafana's unit ids (the `unit` of a field), as listed by Grafana's value
//! format categories, so a typo in a unit is a compile error rather than a
//! panel that silently shows raw numbers. The ids are the schema's generated
//! table (`schema/units_gen.rs`); this module adds the did-you-mean.

/// Every unit id Grafana defines, in the order of its unit picker
/// (`getCategories` in `@grafana/data`'s value formats): the table
/// generated from Grafana's units schema ([`crate::schema::units`]).
pub const UNITS: &[&str] = crate::schema::units();

/// Prefixes of Grafana's custom units (`suffix:req`, `currency:CHF`, ...).
pub use crate::schema::CUSTOM_UNIT_PREFIXES;

/// The units dashboards of services use most, preferred among equally close
/// suggestions (`reqz` is as close to `reqpm` as to `reqps`).
const COMMON: &[&str] = &[
    "none",
    "short",
    "percent",
    "percentunit",
    "bytes",
    "decbytes",
    "Bps",
    "bps",
    "ns",
    "µs",
    "ms",
    "s",
    "m",
    "h",
    "d",
    "cps",
    "ops",
    "reqps",
    "rps",
    "wps",
    "iops",
    "eps",
    "mps",
];

/// Names people write for a unit that are not Grafana ids, with the id
/// meant; edit distance finds no good match for them (`qps` is nearer
/// `Bps` than `reqps`).
const ALIASES: [(&str, &str); 14] = [
    ("qps", "reqps"),
    ("req/s", "reqps"),
    ("requests/s", "reqps"),
    ("requests/sec", "reqps"),
    ("ops/s", "ops"),
    ("ops/sec", "ops"),
    ("%", "percent"),
    ("sec", "s"),
    ("secs", "s"),
    ("seconds", "s"),
    ("milliseconds", "ms"),
    ("byte", "bytes"),
    ("B", "bytes"),
    ("B/s", "Bps"),
];

/// The unit id closest to a mistyped `unit`, common units first on a tie;
/// a usual name that is not an id (`qps`, `req/s`, `%`) gives the id meant.
///
/// ```
/// assert_eq!(dashc_core::units::suggestion("req/s"), Some("reqps"));
/// ```
pub fn suggestion(unit: &str) -> Option<&'static str> {
    if let Some((_, id)) = ALIASES.iter().find(|(a, _)| a.eq_ignore_ascii_case(unit)) {
        return Some(id);
    }
    let any = crate::diag::closest(unit, UNITS.iter().copied())?;
    let common = crate::diag::closest(unit, COMMON.iter().copied());
    let distance = |c: &str| crate::diag::edit_distance(unit, c);
    Some(match common {
        Some(c) if distance(c) <= distance(any) => c,
        _ => any,
    })
}

/// Whether `unit` is a unit Grafana knows (a listed id or a custom unit).
///
/// ```
/// use dashc_core::units::is_known;
/// assert!(is_known("reqps") && is_known("suffix: jobs"));
/// assert!(!is_known("requests"));
/// ```
pub fn is_known(unit: &str) -> bool {
    crate::schema::is_unit(unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_the_usual_ones_are_known() {
        let mut sorted = UNITS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), UNITS.len(), "a unit id is listed twice");
        for unit in [
            "reqps", "eps", "binBps", "KiBs", "reqpm", "recps", "sishort", "µs",
        ] {
            assert!(is_known(unit), "{unit}");
        }
        for custom in ["suffix:req", "currency:CHF", "si:B"] {
            assert!(is_known(custom), "{custom}");
        }
        for typo in ["reqsp", "Reqps", "suffix:", "percents", ""] {
            assert!(!is_known(typo), "{typo}");
        }
        assert!(COMMON.iter().all(|c| UNITS.contains(c)));
        assert_eq!(suggestion("reqz"), Some("reqps"), "common units win ties");
        assert_eq!(suggestion("KiBps"), Some("KiBs"));
        assert_eq!(suggestion("percents"), Some("percent"));
        assert_eq!(suggestion("zzzzzzzz"), None);
        assert_eq!(suggestion("qps"), Some("reqps"));
        assert_eq!(suggestion("req/s"), Some("reqps"));
        assert!(ALIASES.iter().all(|(a, id)| !is_known(a) && is_known(id)));
    }
}
