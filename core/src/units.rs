//! Grafana's unit ids (the `unit` of a field), as listed by Grafana's value
//! format categories, so a typo in a unit is a compile error rather than a
//! panel that silently shows raw numbers.

/// Every unit id Grafana 12 defines, in the order of its unit picker
/// (`getCategories` in `@grafana/data`'s value formats).
pub const UNITS: &[&str] = &[
    // Misc
    "none",
    "string",
    "short",
    "sishort",
    "percent",
    "percentunit",
    "humidity",
    "dB",
    "candela",
    "hex0x",
    "hex",
    "sci",
    "locale",
    "pixel",
    // Acceleration
    "accMS2",
    "accFS2",
    "accG",
    // Angle
    "degree",
    "radian",
    "grad",
    "arcmin",
    "arcsec",
    // Area
    "areaM2",
    "areaF2",
    "areaMI2",
    "acres",
    "hectares",
    // Computation
    "flops",
    "mflops",
    "gflops",
    "tflops",
    "pflops",
    "eflops",
    "zflops",
    "yflops",
    // Concentration
    "ppm",
    "conppb",
    "conngm3",
    "conngNm3",
    "conμgm3",
    "conμgNm3",
    "conmgm3",
    "conmgNm3",
    "congm3",
    "congNm3",
    "conmgdL",
    "conmmolL",
    // Currency
    "currencyUSD",
    "currencyGBP",
    "currencyEUR",
    "currencyJPY",
    "currencyRUB",
    "currencyUAH",
    "currencyBRL",
    "currencyDKK",
    "currencyISK",
    "currencyNOK",
    "currencySEK",
    "currencyCZK",
    "currencyCHF",
    "currencyPLN",
    "currencyBTC",
    "currencymBTC",
    "currencyμBTC",
    "currencyZAR",
    "currencyINR",
    "currencyKRW",
    "currencyIDR",
    "currencyPHP",
    "currencyVND",
    "currencyTRY",
    "currencyMYR",
    "currencyXPF",
    "currencyBGN",
    "currencyPYG",
    "currencyUYU",
    "currencyILS",
    // Data
    "bytes",
    "decbytes",
    "bits",
    "decbits",
    "kbytes",
    "deckbytes",
    "mbytes",
    "decmbytes",
    "gbytes",
    "decgbytes",
    "tbytes",
    "dectbytes",
    "pbytes",
    "decpbytes",
    // Data rate
    "pps",
    "binBps",
    "Bps",
    "binbps",
    "bps",
    "KiBs",
    "Kibits",
    "KBs",
    "Kbits",
    "MiBs",
    "Mibits",
    "MBs",
    "Mbits",
    "GiBs",
    "Gibits",
    "GBs",
    "Gbits",
    "TiBs",
    "Tibits",
    "TBs",
    "Tbits",
    "PiBs",
    "Pibits",
    "PBs",
    "Pbits",
    // Date & time
    "dateTimeAsIso",
    "dateTimeAsIsoNoDateIfToday",
    "dateTimeAsUS",
    "dateTimeAsUSNoDateIfToday",
    "dateTimeAsLocal",
    "dateTimeAsLocalNoDateIfToday",
    "dateTimeAsSystem",
    "dateTimeFromNow",
    // Energy
    "watt",
    "kwatt",
    "megwatt",
    "gwatt",
    "mwatt",
    "Wm2",
    "voltamp",
    "kvoltamp",
    "voltampreact",
    "kvoltampreact",
    "watth",
    "watthperkg",
    "kwatth",
    "kwattm",
    "mwatth",
    "amph",
    "kamph",
    "mamph",
    "joule",
    "ev",
    "amp",
    "kamp",
    "mamp",
    "volt",
    "kvolt",
    "mvolt",
    "dBm",
    "mohm",
    "ohm",
    "kohm",
    "Mohm",
    "farad",
    "µfarad",
    "nfarad",
    "pfarad",
    "ffarad",
    "henry",
    "mhenry",
    "µhenry",
    "lumens",
    // Flow
    "flowgpm",
    "flowcms",
    "flowcfs",
    "flowcfm",
    "litreh",
    "flowlpm",
    "flowmlpm",
    "lux",
    // Force
    "forceNm",
    "forcekNm",
    "forceN",
    "forcekN",
    // Hash rate
    "Hs",
    "KHs",
    "MHs",
    "GHs",
    "THs",
    "PHs",
    "EHs",
    // Mass
    "massmg",
    "massg",
    "masslb",
    "masskg",
    "masst",
    // Length
    "lengthmm",
    "lengthin",
    "lengthft",
    "lengthm",
    "lengthkm",
    "lengthmi",
    // Pressure
    "pressurembar",
    "pressurebar",
    "pressurekbar",
    "pressurepa",
    "pressurehpa",
    "pressurekpa",
    "pressurehg",
    "pressurepsi",
    // Radiation
    "radbq",
    "radci",
    "radgy",
    "radrad",
    "radsv",
    "radmsv",
    "radusv",
    "radrem",
    "radexpckg",
    "radr",
    "radsvh",
    "radmsvh",
    "radusvh",
    // Rotational speed
    "rotrpm",
    "rothz",
    "rotkhz",
    "rotmhz",
    "rotghz",
    "rotrads",
    "rotdegs",
    // Temperature
    "celsius",
    "fahrenheit",
    "kelvin",
    // Time
    "hertz",
    "ns",
    "µs",
    "ms",
    "s",
    "m",
    "h",
    "d",
    "dtdurationms",
    "dtdurations",
    "dthms",
    "dtdhms",
    "timeticks",
    "clockms",
    "clocks",
    // Throughput
    "cps",
    "ops",
    "reqps",
    "rps",
    "wps",
    "iops",
    "eps",
    "mps",
    "recps",
    "rowsps",
    "cpm",
    "opm",
    "reqpm",
    "rpm",
    "wpm",
    "epm",
    "mpm",
    "recpm",
    "rowspm",
    // Velocity
    "velocityms",
    "velocitykmh",
    "velocitymph",
    "velocityknot",
    // Volume
    "mlitre",
    "litre",
    "m3",
    "Nm3",
    "dm3",
    "gallons",
    // Boolean
    "bool",
    "bool_yes_no",
    "bool_on_off",
];

/// Prefixes of Grafana's custom units (`suffix:req`, `currency:CHF`, ...).
pub const CUSTOM_UNIT_PREFIXES: &[&str] =
    &["suffix:", "prefix:", "si:", "count:", "currency:", "time:"];

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
    UNITS.contains(&unit)
        || CUSTOM_UNIT_PREFIXES
            .iter()
            .any(|p| unit.len() > p.len() && unit.starts_with(p))
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
