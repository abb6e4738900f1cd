"""Quiz windows: setup, questions, results, history, the builder, and the actions that open them."""
