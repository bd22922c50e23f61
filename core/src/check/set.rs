//! Rules of a set of dashboards that no dashboard breaks alone: Grafana
//! loads one dashboard per uid, and one per title in a folder. The one home
//! of these rules, for the `dashboards!` macro and for the writer of the tree.

use crate::diag::{Diagnostics, Loc};
use crate::model::Dashboard;
use std::collections::BTreeMap;

/// What the set rules look at in one dashboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SetMember<'a> {
    /// How messages name this dashboard: "`API`" for a constant, a file path
    /// for a written dashboard.
    pub name: &'a str,
    /// The dashboard's uid; an empty one is left to the dashboard's own checks.
    pub uid: &'a str,
    /// Where the uid is written.
    pub uid_loc: Loc,
    /// The dashboard's folder ("" for the root).
    pub folder: &'a str,
    /// The dashboard's title; an empty one is left to the dashboard's own checks.
    pub title: &'a str,
    /// Where the title is written.
    pub title_loc: Loc,
}

impl<'a> SetMember<'a> {
    /// The member for a dashboard model, named `name` in messages.
    pub fn of_model(dashboard: &'a Dashboard, name: &'a str) -> Self {
        SetMember {
            name,
            uid: &dashboard.uid.value,
            uid_loc: dashboard.uid.loc,
            folder: &dashboard.folder.value,
            title: &dashboard.title.value,
            title_loc: dashboard.title.loc,
        }
    }

    /// The member for a compiled dashboard (a constant of the macros or a
    /// built one), named `name` in
    /// messages (e.g. the path of its file); its diagnostics have no place.
    pub fn of_artifact<D: crate::DashboardFile + ?Sized>(dashboard: &'a D, name: &'a str) -> Self {
        SetMember {
            name,
            uid: dashboard.uid(),
            uid_loc: Loc::NONE,
            folder: dashboard.folder(),
            title: dashboard.title(),
            title_loc: Loc::NONE,
        }
    }
}

/// Checks that uids are unique across the set and titles unique within a
/// folder; each repeat is reported on the later dashboard, naming the first
/// (and the later one too, by its name, when its place is [`Loc::NONE`]).
pub fn check_set(members: &[SetMember<'_>]) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let whose = |m: &SetMember<'_>, loc: Loc| {
        if loc == Loc::NONE {
            format!("{}: ", m.name)
        } else {
            String::new()
        }
    };
    let mut uids: BTreeMap<&str, &str> = BTreeMap::new();
    let mut titles: BTreeMap<(&str, &str), &str> = BTreeMap::new();
    for m in members {
        if !m.uid.is_empty() {
            if let Some(other) = uids.insert(m.uid, m.name) {
                diags.error(
                    m.uid_loc,
                    format!(
                        "{}uid \"{}\" is already used by {other}: every dashboard needs its own uid (Grafana keeps only one of them)",
                        whose(m, m.uid_loc),
                        m.uid
                    ),
                );
            }
        }
        if !m.title.is_empty() {
            if let Some(other) = titles.insert((m.folder, m.title), m.name) {
                diags.error(
                    m.title_loc,
                    format!(
                        "{}title \"{}\" is already used by {other} in the same folder: Grafana refuses two dashboards with one title in a folder",
                        whose(m, m.title_loc),
                        m.title
                    ),
                );
            }
        }
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member<'a>(name: &'a str, uid: &'a str, folder: &'a str, title: &'a str) -> SetMember<'a> {
        SetMember {
            name,
            uid,
            uid_loc: Loc(1),
            folder,
            title,
            title_loc: Loc(2),
        }
    }

    fn messages(members: &[SetMember<'_>]) -> Vec<(Loc, String)> {
        check_set(members)
            .into_vec()
            .into_iter()
            .map(|d| (d.loc, d.message))
            .collect()
    }

    #[test]
    fn a_repeated_uid_is_reported_on_the_later_dashboard() {
        let found = messages(&[
            member("`A`", "api", "Upstream", "API"),
            member("`B`", "api", "Other", "Other API"),
        ]);
        assert_eq!(
            found,
            vec![(Loc(1), "uid \"api\" is already used by `A`: every dashboard needs its own uid (Grafana keeps only one of them)".to_string())]
        );
    }

    #[test]
    fn titles_repeat_only_within_a_folder() {
        let same_title_other_folder = [
            member("`A`", "a", "Upstream", "API"),
            member("`B`", "b", "Other", "API"),
        ];
        assert!(messages(&same_title_other_folder).is_empty());
        let found = messages(&[
            member("`A`", "a", "Upstream", "API"),
            member("`B`", "b", "Upstream", "API"),
        ]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, Loc(2));
        assert!(found[0]
            .1
            .starts_with("title \"API\" is already used by `A` in the same folder"));
    }

    #[test]
    fn empty_uids_and_titles_are_left_to_the_dashboard_checks() {
        let found = messages(&[member("`A`", "", "", ""), member("`B`", "", "", "")]);
        assert!(found.is_empty());
    }
}
