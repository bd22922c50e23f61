use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "text-values",
    title: "Text panel values", catalog: [],
    text "Notes" { unit: "s", decimals: 2, color: "red", content: "Read me" }
};

fn main() {
    let _ = D;
}
