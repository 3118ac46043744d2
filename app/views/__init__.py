"""Server-rendered views: entity pages (and, later, network views and charts)."""
