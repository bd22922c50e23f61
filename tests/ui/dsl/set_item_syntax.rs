use dashc_macros::dashboards;

dashboards! {
    pub static ONE = {
        uid: "one",
        title: "One",
        timeseries "Up" { unit: "none", "{{job}}" => "up" }
    };
}

fn main() {}
