//! `ALL`, defined by `dashboards!`: every dashboard of the set, in source order.

use upstream_dashboards::{ALL, API_PERFORMANCE, CELERY_TASKS, DATABASE, ERROR_RATES};

#[test]
fn all_lists_the_set_in_source_order() {
    let uids: Vec<&str> = ALL.iter().map(|d| d.uid).collect();
    let expected: Vec<&str> = [API_PERFORMANCE, DATABASE, CELERY_TASKS, ERROR_RATES]
        .iter()
        .map(|d| d.uid)
        .collect();
    assert_eq!(uids, expected);
    assert_eq!(
        uids,
        [
            "upstream-api-performance",
            "upstream-database",
            "upstream-celery-tasks",
            "upstream-error-rates"
        ]
    );
    assert!(ALL.iter().all(|d| d.json.starts_with('{')));
}
