use dashc_macros::dashboards;

dashboards! {
    defaults { folder: "Upstream", refresh: "30s", catalog: [] },

    pub const API = {
        uid: "upstream-api",
        title: "Upstream API",
        timeseries "Up" { unit: "none", "{{job}}" => "up" }
    };
    pub const API_AGAIN = {
        uid: "upstream-api",
        title: "Upstream API",
        timeseries "Up" { unit: "none", "{{job}}" => "up" }
    };
}

fn main() {
    let _ = (API, API_AGAIN);
}
