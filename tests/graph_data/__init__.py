"""Tests of the curated graph in graph_data/ (not a package of app/: the data itself)."""
