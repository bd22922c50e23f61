fn main() {
    dashc_build::write(my_dashboards::ALL);
}
