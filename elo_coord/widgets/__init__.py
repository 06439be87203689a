"""Widgets for the forum's workbench in JupyterLab (ipywidgets 8).

``import elo_coord`` never loads this package; ``import elo_coord.widgets`` loads ipywidgets.
The logic lives in plain methods, so scripts and tests drive every widget from Python.
"""

from elo_coord._errors import require

require("lab", "ipywidgets", "anywidget", "altair")

from elo_coord.widgets._assess import AssessmentEditor  # noqa: E402
from elo_coord.widgets._compare import CompareView, chart_widget  # noqa: E402
from elo_coord.widgets._editor import MatrixEditor, cell_class  # noqa: E402
from elo_coord.widgets._synthesis import SynthesisView  # noqa: E402
from elo_coord.widgets._walk import ForumView  # noqa: E402
from elo_coord.widgets._workbench import Workbench  # noqa: E402

__all__ = [
    "AssessmentEditor",
    "CompareView",
    "ForumView",
    "MatrixEditor",
    "SynthesisView",
    "Workbench",
    "cell_class",
    "chart_widget",
]
