use dashc_macros::dashboards;

// A set whose crate has no catalog: one error for the set, not one per dashboard.
dashboards! {
    defaults { folder: "Catalog" },

    pub const ONE = {
        uid: "one",
        title: "One",
        timeseries "Up" { unit: "none", "{{job}}" => "up" }
    };
    pub const TWO = {
        uid: "two",
        title: "Two",
        timeseries "Up" { unit: "none", "{{job}}" => "up" }
    };
}

fn main() {
    let _ = (ONE, TWO);
}
