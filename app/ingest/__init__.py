"""Getting data into the store: RDF formats, the bundled graph, files, batches, datasets."""
