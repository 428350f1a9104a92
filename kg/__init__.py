"""kg — case–mechanism knowledge graphs of Chinese labour-rights news.

>>> import kg
>>> g = kg.build("data", out="out")   # doctest: +SKIP
>>> g.graph                           # doctest: +SKIP
"""
__version__ = "0.1.0"

from kg.api import KnowledgeGraph, build, load  # noqa: E402

__all__ = ["KnowledgeGraph", "build", "load", "__version__"]
