"""Domain questions as plain functions over the store: relations, evidence, states, paths.

Each function works the same from a router, the CLI, the views or a test.
"""
