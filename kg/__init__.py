"""kg — case–mechanism knowledge graphs of Chinese labour-rights news.

>>> import kg
>>> g = kg.build("data", out="out")   # doctest: +SKIP
>>> g.graph                           # doctest: +SKIP
"""
__version__ = "0.1.0"

# Load the kg.build module first: importing it later would rebind the name
# kg.build from the function below to the module.
from kg import build as _build_module  # noqa: E402,F401
from kg.api import KnowledgeGraph, build, load  # noqa: E402

__all__ = ["KnowledgeGraph", "build", "load", "__version__"]
