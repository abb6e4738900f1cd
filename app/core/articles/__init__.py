"""Articles: their shape, importing files into it, storing them, reading progress, first start."""
