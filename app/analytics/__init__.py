"""Network analytics over the state network: projection, centrality, blocs, paths, alignment,
change over time, ego networks and exports.

Each module is one family of plain functions over :func:`projection.project`'s graph; the
API (``/api/v1/analytics``), the CLI (``pactgraph analytics``) and tests call them alike.
"""
