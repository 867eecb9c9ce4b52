"""Model diff: what changed between two versions of a model, as text, Markdown, JSON and a diagram."""

from archkit.diff.compare import Change, FieldChange, WorkspaceDiff, diff_workspaces, snapshot
from archkit.diff.diagram import diagram_artifact, diff_dot
from archkit.diff.report import to_json, to_markdown, to_text
from archkit.diff.revision import diff_files, load_revision, read_revision

__all__ = [
    "Change",
    "FieldChange",
    "WorkspaceDiff",
    "diagram_artifact",
    "diff_dot",
    "diff_files",
    "diff_workspaces",
    "load_revision",
    "read_revision",
    "snapshot",
    "to_json",
    "to_markdown",
    "to_text",
]
