"""The platform's code paths that the dashboards watch, reduced to what they count."""
