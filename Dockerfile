# The api service of docker-compose.yml: the same entry point as `make run`.
FROM python:3.11-slim
WORKDIR /srv/pactgraph
COPY pyproject.toml README.md ./
COPY app ./app
COPY ontology ./ontology
COPY graph_data ./graph_data
RUN pip install --no-cache-dir .
ENV PACTGRAPH_HOST=0.0.0.0 PACTGRAPH_PORT=8000
EXPOSE 8000
CMD ["pactgraph", "serve"]
