from .assignment import Assignment, AssignmentRole, EvidenceFile, ExtensionRequest, ExtensionState, ProgressUpdate
from .directive import Directive, DirectiveKind, DirectiveState, Section, SectionKind
from .indicator import Indicator, IndicatorGroup, IndicatorValue
from .reporting import ReportingPeriod, ReportingRule
from .task import Task
from .transfer import AssignmentTransfer

__all__ = [
    "Assignment",
    "AssignmentRole",
    "AssignmentTransfer",
    "Directive",
    "DirectiveKind",
    "DirectiveState",
    "EvidenceFile",
    "ExtensionRequest",
    "ExtensionState",
    "Indicator",
    "IndicatorGroup",
    "IndicatorValue",
    "ProgressUpdate",
    "ReportingPeriod",
    "ReportingRule",
    "Section",
    "SectionKind",
    "Task",
]
