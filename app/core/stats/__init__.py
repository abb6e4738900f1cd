"""Progress a student can see: statistics, the home overview, card info, FSRS fitting."""
