"""Arabic press → knowledge graph of officials, organisations, meetings, programmes and shelters."""

__version__ = "0.1.0"
