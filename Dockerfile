# The api service of docker-compose.yml: the same entry point as `make run`, from the wheel.
#
# Build stage: the wheel, with the bundled graph (ontology/, graph_data/) and every template,
# script and table inside it as package data. tests/test_wheel.py builds the same wheel and
# serves it from an empty directory; tests/test_deployment.py checks this file's structure.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY app ./app
COPY ontology ./ontology
COPY graph_data ./graph_data
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /dist .

# Run stage: the installed wheel only (no source tree), run by an unprivileged user whose home
# holds the default on-disk store (var/store).
FROM python:3.11-slim
COPY --from=build /dist /dist
RUN pip install --no-cache-dir /dist/pactgraph-*.whl && rm -rf /dist \
    && useradd --create-home --uid 10001 pactgraph
USER pactgraph
WORKDIR /home/pactgraph
ENV PACTGRAPH_HOST=0.0.0.0 PACTGRAPH_PORT=8000
EXPOSE 8000
# /health is 200 when the store answers, 503 otherwise; the first start may import datasets.
HEALTHCHECK --interval=30s --timeout=5s --start-period=300s --retries=3 \
    CMD python -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=4)" \
        "http://127.0.0.1:${PACTGRAPH_PORT}/health"
CMD ["pactgraph", "serve"]
