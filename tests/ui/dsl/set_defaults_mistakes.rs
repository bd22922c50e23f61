use dashc_macros::dashboards;

// A mistake in `defaults` is reported once, not once per dashboard.
dashboards! {
    defaults { catalog: [],
        uid: "shared",
        refresh: "30 seconds",
        row "Shared" { timeseries "Up" { unit: "none", "{{job}}" => "up" } }
    },

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
