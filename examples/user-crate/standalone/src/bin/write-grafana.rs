fn main() {
    dashc_build::Tree::new(my_standalone::ALL)
        .provisioning(&my_standalone::PROVISIONING)
        .write();
}
