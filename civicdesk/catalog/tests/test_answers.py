from typing import Any

import pytest
from django.core.exceptions import ValidationError
from pytest_django import Settings

from civicdesk.catalog.choices import Datatype
from civicdesk.catalog.models import ServiceType
from civicdesk.catalog.services import MAX_STRING, MAX_TEXT, emergency_message, validate_answers
from civicdesk.catalog.tests.factories import QuestionValueFactory, ServiceQuestionFactory, ServiceTypeFactory

pytestmark = pytest.mark.django_db
CALL_911 = "This sounds like an emergency. Hang up or close this page and call 911 now."


@pytest.fixture(autouse=True)
def city_settings(settings: Settings) -> None:
    settings.TIME_ZONE = "America/Chicago"
    settings.EMERGENCY_MESSAGE = CALL_911


@pytest.fixture
def pothole() -> ServiceType:
    """A pothole form with one question of every Open311 datatype, and one information-only line."""
    service = ServiceTypeFactory.create(service_code="pothole", name="Pothole")
    ask = ServiceQuestionFactory
    ask(service=service, code="street", prompt="Which street?", datatype=Datatype.STRING)
    ask(service=service, code="details", prompt="Anything else?", datatype=Datatype.TEXT)
    ask(service=service, code="depth", prompt="Depth in inches", datatype=Datatype.NUMBER)
    ask(service=service, code="first_seen", prompt="When did you first see it?", datatype=Datatype.DATETIME)
    size = ask(service=service, code="size", prompt="How big is it?", datatype=Datatype.SINGLEVALUELIST,
               required=True)
    lanes = ask(service=service, code="lanes", prompt="Which lanes?", datatype=Datatype.MULTIVALUELIST)
    ask(service=service, code="notice", prompt="Do not stand in traffic to take a photo.", variable=False,
        required=True)
    for key in ("small", "medium", "large"):
        QuestionValueFactory.create(question=size, key=key, name=key.title())
    for key in ("left", "right", "bike"):
        QuestionValueFactory.create(question=lanes, key=key, name=key.title())
    return service  # type: ignore[no-any-return]


def answers(**given: Any) -> dict[str, Any]:
    return {"size": "small", **given}


def refusal(service: ServiceType, raw: dict[str, Any]) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as refused:
        validate_answers(service, raw)
    return refused.value.message_dict


# --- Good answers, cleaned -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "raw", "clean"),
    [
        ("street", "  Main St  ", "Main St"),
        ("street", 120, "120"),
        ("street", "x" * MAX_STRING, "x" * MAX_STRING),
        ("details", "line one\nline two", "line one\nline two"),
        ("details", "y" * MAX_TEXT, "y" * MAX_TEXT),
        ("depth", "4", 4),
        ("depth", " 4.5 ", 4.5),
        ("depth", 7, 7),
        ("depth", "-2", -2),
        ("depth", "3.0", 3),
        ("first_seen", "2026-11-20T14:05:00-06:00", "2026-11-20T14:05:00-06:00"),
        ("first_seen", "2026-11-20 08:00:00Z", "2026-11-20T08:00:00+00:00"),
        ("first_seen", "2026-11-20T08:00", "2026-11-20T08:00:00-06:00"),  # no offset: city time
        ("first_seen", "2026-07-04 21:30", "2026-07-04T21:30:00-05:00"),  # summer time
        ("first_seen", "2026-11-20", "2026-11-20T00:00:00-06:00"),  # a date alone: its start
        ("size", "large", "large"),
        ("size", ["large"], "large"),
        ("size", ["", "medium"], "medium"),
        ("lanes", ["left", "right"], ["left", "right"]),
        ("lanes", "left,right", ["left", "right"]),
        ("lanes", " bike , left ", ["bike", "left"]),
        ("lanes", "left", ["left"]),  # FixMyStreet sends one plain value for a list
        ("lanes", ["right", "left", "right"], ["right", "left"]),
        ("lanes", ["left", ""], ["left"]),
    ],
)
def test_good_answers_are_cleaned(pothole: ServiceType, code: str, raw: Any, clean: Any) -> None:
    given = answers(**{code: raw})
    expected = {"size": "small", code: clean}
    assert validate_answers(pothole, given) == expected


def test_unanswered_optional_questions_are_left_out(pothole: ServiceType) -> None:
    raw = {"size": "small", "street": "", "details": "   ", "depth": None, "lanes": [], "first_seen": [""]}
    assert validate_answers(pothole, raw) == {"size": "small"}


def test_an_information_only_line_takes_no_answer_and_is_not_required(pothole: ServiceType) -> None:
    assert validate_answers(pothole, answers(notice="I read it")) == {"size": "small"}
    assert validate_answers(pothole, answers()) == {"size": "small"}


# --- Bad answers, refused with a message per question ---------------------------------------------


@pytest.mark.parametrize(
    ("code", "raw", "message"),
    [
        ("street", "x" * (MAX_STRING + 1), "'Which street?' is too long (at most 1000 characters)."),
        ("street", ["Main", "Oak"], "'Which street?' takes one answer."),
        ("details", "y" * (MAX_TEXT + 1), "'Anything else?' is too long (at most 10000 characters)."),
        ("depth", "deep", "'Depth in inches' must be a number."),
        ("depth", "nan", "'Depth in inches' must be a number."),
        ("depth", "inf", "'Depth in inches' must be a number."),
        ("depth", "-Infinity", "'Depth in inches' must be a number."),
        ("depth", "1e400", "'Depth in inches' must be a number."),
        ("depth", True, "'Depth in inches' must be a number."),
        ("first_seen", "last week", "'When did you first see it?' must be a date and time"),
        ("first_seen", "2026-13-40T25:00", "'When did you first see it?' must be a date and time"),
        ("size", "huge", "'huge' is not a choice for 'How big is it?'."),
        ("size", "Small", "'Small' is not a choice for 'How big is it?'."),
        ("size", ["small", "large"], "'How big is it?' takes one answer."),
        ("lanes", ["left", "sky", "sea"], "'sky, sea' is not a choice for 'Which lanes?'."),
        ("lanes", "left;right", "'left;right' is not a choice for 'Which lanes?'."),
    ],
)
def test_bad_answers_are_refused(pothole: ServiceType, code: str, raw: Any, message: str) -> None:
    problems = refusal(pothole, answers(**{code: raw}))
    assert list(problems) == [code]
    assert problems[code][0].startswith(message)


@pytest.mark.parametrize("missing", [None, "", "   ", [], [""], ["", " "]])
def test_a_required_question_must_be_answered(pothole: ServiceType, missing: Any) -> None:
    raw = {} if missing is None else {"size": missing}
    assert refusal(pothole, raw) == {"size": ["Please answer: How big is it?"]}


def test_an_answer_to_a_question_the_service_does_not_ask_is_refused(pothole: ServiceType) -> None:
    assert refusal(pothole, answers(colour="red")) == {"colour": ["'Pothole' has no question 'colour'."]}


def test_every_wrong_answer_is_reported_at_once(pothole: ServiceType) -> None:
    problems = refusal(pothole, {"depth": "deep", "lanes": "sky", "colour": "red"})
    assert set(problems) == {"size", "depth", "lanes", "colour"}


def test_a_service_without_questions_takes_no_answers() -> None:
    plain = ServiceTypeFactory.create(service_code="graffiti", name="Graffiti")
    assert validate_answers(plain, {}) == {}
    assert refusal(plain, {"size": "small"}) == {"size": ["'Graffiti' has no question 'size'."]}


# --- Emergencies ---------------------------------------------------------------------------------


def test_an_emergency_service_always_says_call_911() -> None:
    gas = ServiceTypeFactory.create(service_code="gas-leak", is_emergency=True)
    assert emergency_message(gas) == CALL_911
    assert emergency_message(gas, "just a question") == CALL_911


def test_an_emergency_service_can_have_its_own_words() -> None:
    wires = ServiceTypeFactory.create(service_code="wires", is_emergency=True,
                               emergency_message="Stay 10 meters away and call 911.")
    assert emergency_message(wires) == "Stay 10 meters away and call 911."


@pytest.mark.parametrize(
    "text",
    [
        "my house is on fire",
        "MY HOUSE IS ON FIRE!!!",
        "I smell gas in the basement",
        "There is a gas leak by the hydrant",
        "gas leaks all over the block",
        "the gas\nleak is getting worse",
        "a downed power line is sparking",
        "live wires on the sidewalk",
        "Shots fired near the park",
        "huele a gas en la cocina",
        "hay un incendio en la esquina",
        "someone is hurt and not breathing",
    ],
)
def test_words_that_mean_an_emergency_are_caught(text: str) -> None:
    pothole = ServiceTypeFactory.create(service_code="pothole")
    assert emergency_message(pothole, text) == CALL_911
    assert emergency_message(pothole, "", "Deep pothole", text) == CALL_911  # in any answer too


@pytest.mark.parametrize(
    "text",
    [
        "fire hydrant is leaking",
        "The FIRE HYDRANT was hit by a car",
        "fire lane blocked by a parked car",
        "the gas station sign is broken",
        "gasoline smell from the old pump site last month, no smell now",
        "Deep pothole by the bus stop",
        "",
    ],
)
def test_ordinary_reports_are_not_emergencies(text: str) -> None:
    pothole = ServiceTypeFactory.create(service_code="pothole")
    assert emergency_message(pothole, text) is None
    assert emergency_message(pothole) is None


def test_answers_are_checked_in_spanish_with_the_spanish_questions(pothole: ServiceType) -> None:
    from django.utils import translation

    pothole.questions.filter(code="size").update(prompt_es="¿Qué tan grande es?")
    pothole.questions.filter(code="depth").update(prompt_es="Profundidad en pulgadas")
    pothole.name_es = "Bache"
    pothole.save()

    with translation.override("es"), pytest.raises(ValidationError) as refused:
        validate_answers(pothole, {"depth": "muy hondo", "color": "gris"})

    assert refused.value.message_dict == {
        "size": ["Por favor responda: ¿Qué tan grande es?"],
        "depth": ["«Profundidad en pulgadas» debe ser un número."],
        "color": ["«Bache» no tiene la pregunta «color»."],
    }
