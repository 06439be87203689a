"""Widgets for the forum's workbench in JupyterLab (ipywidgets 8).

``import elo_coord`` never loads this package; ``import elo_coord.widgets`` loads ipywidgets.
The logic lives in plain methods, so scripts and tests drive every widget from Python.
"""

from elo_coord.widgets._compare import CompareView, chart_widget
from elo_coord.widgets._editor import MatrixEditor, cell_class
from elo_coord.widgets._synthesis import SynthesisView

__all__ = ["CompareView", "MatrixEditor", "SynthesisView", "cell_class", "chart_widget"]
