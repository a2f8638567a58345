"""The Flask app serving the knowledge graph: SPARQL protocol, saved queries, UI, entity pages."""
from endpoint.app import create_app

__all__ = ["create_app"]
