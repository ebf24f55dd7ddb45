"""The shared workflow machinery: transitions as data, the actions open on a row, and the
declarations a workflow may not make."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from core.workflow import Transition, Workflow, actions_from
from verification.models import VerificationDossier

TABLE = (
    Transition({"new"}, "check", "dossier.send", "checked", "kiểm tra"),
    Transition({"checked"}, "decide", "support.approve", "decided", "quyết định", procedure="a"),
    Transition({"new"}, "decide", "support.approve", "decided", "quyết định", procedure="b"),
    Transition({"new", "checked"}, "drop", "support.reject", "dropped", "bỏ"),
)


def everything(permission):
    return True


def test_the_actions_open_from_a_state_follow_the_tables_order():
    assert actions_from(TABLE, "new", everything) == ["check", "drop"]
    assert actions_from(TABLE, "checked", everything, procedure="a") == ["decide", "drop"]
    assert actions_from(TABLE, "new", everything, procedure="b") == ["check", "decide", "drop"]
    assert actions_from(TABLE, "dropped", everything) == []


def test_an_action_the_permission_refuses_is_not_open():
    assert actions_from(TABLE, "new", lambda p: p != "support.reject") == ["check"]


def workflow(transitions):
    return Workflow(
        model=VerificationDossier,
        error=ValueError,
        subject="hồ sơ",
        transitions=transitions,
    )


def test_one_action_has_one_permission_whatever_the_procedure():
    with pytest.raises(ValueError, match="several permissions"):
        workflow(
            (
                Transition({"a"}, "go", "support.approve", "b", "đi", procedure="x"),
                Transition({"a"}, "go", "support.reject", "b", "đi", procedure="y"),
            )
        )


def test_a_permission_the_policy_does_not_know_is_refused_when_declared():
    with pytest.raises(ImproperlyConfigured):
        workflow((Transition({"a"}, "go", "support.aprove", "b", "đi"),))


def test_an_action_the_workflow_does_not_have_is_an_error():
    with pytest.raises(KeyError):
        workflow(TABLE).label("fly")
