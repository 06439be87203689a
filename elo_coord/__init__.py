"""elo_coord: who coordinates what in Finnish lifelong guidance (ELO).

Typed coordination matrices for the lifelong guidance strategy — which national and regional
bodies coordinate each goal and means, with which tasks — loaded from YAML, checked against a
registry of bodies and regions that knows the reforms of 2025–2026, and turned into tidy polars
frames.

Examples
--------
>>> import elo_coord
>>> baseline = elo_coord.load_matrix("matrices/baseline/tno-2022.yaml")
>>> [finding.code for finding in elo_coord.lint(baseline)]
[]
"""

import typing as _typing

from elo_coord._errors import (
    ElocoordError,
    FileChangedError,
    InputError,
    MatrixFileError,
    MissingExtraError,
    RegistryError,
    WorkbookError,
    WriteError,
)
from elo_coord._io import (
    dump_matrix,
    json_schema,
    load_assessments,
    load_matrices,
    load_matrix,
    load_scale,
    save_matrix,
)
from elo_coord._labels import LABELS, label
from elo_coord._lint import Finding, Severity, lint
from elo_coord._model import (
    MATRIX_LEVELS,
    Assessment,
    AssessmentFile,
    Assessor,
    Assignment,
    Body,
    Cell,
    Confidence,
    Decision,
    Fact,
    Goal,
    Group,
    Kind,
    Lang,
    Level,
    Localized,
    Matrix,
    Means,
    Question,
    Rating,
    Region,
    Respondent,
    Returns,
    Role,
    Row,
    Scale,
    ScaleArea,
    ScaleExample,
    ScaleStep,
    Status,
    Strategy,
    StrategyRow,
    Successor,
    Survey,
    SurveyFinding,
    SurveyQuestion,
    Task,
    Theme,
    Verdict,
)
from elo_coord._registry import Name, Registry, default_registry, load_registry
from elo_coord._report import escape_markdown, render_html, render_markdown

if _typing.TYPE_CHECKING:
    from elo_coord._assessing import AssessmentsFile
    from elo_coord._comparison import (
        CAMP_SCHEMA,
        COVERAGE_SCHEMA,
        GROUP_CONSENSUS_SCHEMA,
        MINORITY_SCHEMA,
        SIMILARITY_SCHEMA,
        SUPPORT_SCHEMA,
        TASK_GROUP_SCHEMA,
        By,
        Comparison,
        CoverageCounts,
        answering_groups,
        cluster_order,
        coverage,
        coverage_counts,
        minority_views,
        similarity,
        support,
        survey_counts,
        synthesize,
        task_groups,
    )
    from elo_coord._diff import (
        BODY_CHANGES,
        DIFF_SCHEMA,
        ROW_CHANGES,
        TASK_CHANGES,
        Change,
        diff,
        diffs,
        patch,
        summarize,
    )
    from elo_coord._editing import MatrixFile
    from elo_coord._forum import render_report
    from elo_coord._frames import (
        MATRIX_FRAME_SCHEMA,
        RATING_SCHEMA,
        SCALE_FRAME_SCHEMA,
        STRATEGY_FRAME_SCHEMA,
        from_frame,
        ratings,
        scale_frame,
        strategy_frame,
        to_frame,
    )
    from elo_coord._intake import Imported, read_csv, read_return, read_workbook, write_csv
    from elo_coord._migrate import (
        MIGRATION_DECISIONS_SCHEMA,
        MIGRATION_SCHEMA,
        Migration,
        migrate,
    )
    from elo_coord._notebook import export_notebook
    from elo_coord._round import (
        INTAKE_SCHEMA,
        Intake,
        IntakeLine,
        Round,
        collect,
        new_round,
        starting_matrix,
    )
    from elo_coord._workbook import write_workbook

__version__ = "0.1.0"

# polars takes longer to import than the rest of elo_coord together; the names that need it load
# when first asked for, so that the command line and plain loading start fast.
_LAZY_MODULES = {
    "elo_coord._frames": [
        "MATRIX_FRAME_SCHEMA",
        "RATING_SCHEMA",
        "SCALE_FRAME_SCHEMA",
        "STRATEGY_FRAME_SCHEMA",
        "from_frame",
        "ratings",
        "scale_frame",
        "strategy_frame",
        "to_frame",
    ],
    "elo_coord._comparison": [
        "CAMP_SCHEMA",
        "COVERAGE_SCHEMA",
        "GROUP_CONSENSUS_SCHEMA",
        "MINORITY_SCHEMA",
        "SIMILARITY_SCHEMA",
        "SUPPORT_SCHEMA",
        "TASK_GROUP_SCHEMA",
        "By",
        "Comparison",
        "CoverageCounts",
        "answering_groups",
        "cluster_order",
        "coverage",
        "coverage_counts",
        "minority_views",
        "similarity",
        "support",
        "survey_counts",
        "synthesize",
        "task_groups",
    ],
    "elo_coord._diff": [
        "BODY_CHANGES",
        "DIFF_SCHEMA",
        "ROW_CHANGES",
        "TASK_CHANGES",
        "Change",
        "diff",
        "diffs",
        "patch",
        "summarize",
    ],
    "elo_coord._migrate": [
        "MIGRATION_DECISIONS_SCHEMA",
        "MIGRATION_SCHEMA",
        "Migration",
        "migrate",
    ],
    "elo_coord._forum": ["render_report"],
    "elo_coord._notebook": ["export_notebook"],
    "elo_coord._intake": ["Imported", "read_csv", "read_return", "read_workbook", "write_csv"],
    "elo_coord._round": [
        "INTAKE_SCHEMA",
        "Intake",
        "IntakeLine",
        "Round",
        "collect",
        "new_round",
        "starting_matrix",
    ],
    "elo_coord._workbook": ["write_workbook"],
    "elo_coord._editing": ["MatrixFile"],
    "elo_coord._assessing": ["AssessmentsFile"],
}
_LAZY = {name: module for module, names in _LAZY_MODULES.items() for name in names}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'elo_coord' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "BODY_CHANGES",
    "CAMP_SCHEMA",
    "COVERAGE_SCHEMA",
    "DIFF_SCHEMA",
    "GROUP_CONSENSUS_SCHEMA",
    "INTAKE_SCHEMA",
    "LABELS",
    "MATRIX_FRAME_SCHEMA",
    "MATRIX_LEVELS",
    "MIGRATION_DECISIONS_SCHEMA",
    "MIGRATION_SCHEMA",
    "MINORITY_SCHEMA",
    "RATING_SCHEMA",
    "ROW_CHANGES",
    "SCALE_FRAME_SCHEMA",
    "SIMILARITY_SCHEMA",
    "STRATEGY_FRAME_SCHEMA",
    "SUPPORT_SCHEMA",
    "TASK_CHANGES",
    "TASK_GROUP_SCHEMA",
    "Assessment",
    "AssessmentFile",
    "AssessmentsFile",
    "Assessor",
    "Assignment",
    "Body",
    "By",
    "Cell",
    "Change",
    "Comparison",
    "Confidence",
    "CoverageCounts",
    "Decision",
    "ElocoordError",
    "Fact",
    "FileChangedError",
    "Finding",
    "Goal",
    "Group",
    "Imported",
    "InputError",
    "Intake",
    "IntakeLine",
    "Kind",
    "Lang",
    "Level",
    "Localized",
    "Matrix",
    "MatrixFile",
    "MatrixFileError",
    "Means",
    "Migration",
    "MissingExtraError",
    "Name",
    "Question",
    "Rating",
    "Region",
    "Registry",
    "RegistryError",
    "Respondent",
    "Returns",
    "Role",
    "Round",
    "Row",
    "Scale",
    "ScaleArea",
    "ScaleExample",
    "ScaleStep",
    "Severity",
    "Status",
    "Strategy",
    "StrategyRow",
    "Successor",
    "Survey",
    "SurveyFinding",
    "SurveyQuestion",
    "Task",
    "Theme",
    "Verdict",
    "WorkbookError",
    "WriteError",
    "answering_groups",
    "cluster_order",
    "collect",
    "coverage",
    "coverage_counts",
    "default_registry",
    "diff",
    "diffs",
    "dump_matrix",
    "escape_markdown",
    "export_notebook",
    "from_frame",
    "json_schema",
    "label",
    "lint",
    "load_assessments",
    "load_matrices",
    "load_matrix",
    "load_registry",
    "load_scale",
    "migrate",
    "minority_views",
    "new_round",
    "patch",
    "ratings",
    "read_csv",
    "read_return",
    "read_workbook",
    "render_html",
    "render_markdown",
    "render_report",
    "save_matrix",
    "scale_frame",
    "similarity",
    "starting_matrix",
    "strategy_frame",
    "summarize",
    "support",
    "survey_counts",
    "synthesize",
    "task_groups",
    "to_frame",
    "write_csv",
    "write_workbook",
]
