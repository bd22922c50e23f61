//! Grid layout: 24 columns, panels flowing left to right, top to bottom.
