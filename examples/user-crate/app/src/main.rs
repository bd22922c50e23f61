fn main() {
    // The build script wrote the tree here (`cargo:rustc-env=DASHC_TREE`).
    println!("{}", env!("DASHC_TREE"));
    for dashboard in my_dashboards::ALL {
        println!("{}", dashboard.relative_path());
    }
}
