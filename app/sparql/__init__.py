"""The SPARQL 1.1 service: protocol rules, content negotiation, killable query workers,
result caps, service description, VoID and the example query library.

Nothing here imports FastAPI (``app.api.routes.sparql`` is the thin HTTP layer), and this
package's ``__init__`` imports nothing, so query worker processes
(``python -m app.sparql.workers``) start with only what they need.
"""
