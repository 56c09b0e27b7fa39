import pytest

from civicdesk.catalog.choices import Datatype
from civicdesk.catalog.tests.factories import QuestionValueFactory, ServiceQuestionFactory, ServiceTypeFactory
from civicdesk.conftest import City
from civicdesk.open311.tests.driver import Open311

pytestmark = pytest.mark.django_db
SERVICE_KEYS = ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"]


def test_services_lists_the_active_catalog_in_the_spec_shape(api: Open311, city: City, fmt: str) -> None:
    ServiceTypeFactory.create(service_code="retired", name="Retired service", is_active=False)

    answer = api.get("services", fmt)

    assert answer.status == 200
    services = {service["service_code"]: service for service in answer.data}
    assert set(services) == {"pothole", "missed-trash", "gas-leak"}
    assert all(list(service) == SERVICE_KEYS for service in services.values())
    pothole = services["pothole"]
    assert pothole["service_name"] == "Pothole"
    assert pothole["type"] == "realtime"
    assert pothole["keywords"] == "pothole,hole,road"
    assert pothole["group"] == "Streets"
    assert services["missed-trash"]["group"] == "Sanitation"


def test_services_json_is_a_top_level_array_with_real_booleans(api: Open311, city: City) -> None:
    services = {service["service_code"]: service for service in api.get("services", "json").data}

    assert services["pothole"]["metadata"] is True  # it has questions
    assert services["missed-trash"]["metadata"] is False
    assert isinstance(services["pothole"]["group"], str)


def test_services_xml_is_services_of_service(api: Open311, city: City) -> None:
    root = api.get("services", "xml").root

    assert root.tag == "services"
    assert {service.tag for service in root} == {"service"}
    pothole = next(service for service in root if service.findtext("service_code") == "pothole")
    assert [child.tag for child in pothole] == SERVICE_KEYS
    assert pothole.findtext("metadata") == "true"
    assert root.find("service[service_code='missed-trash']/metadata").text == "false"  # type: ignore[union-attr]


def test_one_service_is_still_a_list(api: Open311, fmt: str) -> None:
    ServiceTypeFactory.create(service_code="graffiti", name="Graffiti")

    assert [service["service_code"] for service in api.get("services", fmt).data] == ["graffiti"]


def test_no_services_is_an_empty_list(api: Open311, fmt: str) -> None:
    answer = api.get("services", fmt)

    assert answer.status == 200
    assert answer.data == []


def test_services_speak_spanish_when_asked(api: Open311, city: City, fmt: str) -> None:
    english = {s["service_code"]: s["service_name"] for s in api.get("services", fmt).data}
    spanish = {s["service_code"]: s["service_name"] for s in api.get("services", fmt, HTTP_ACCEPT_LANGUAGE="es").data}

    assert english["pothole"] == "Pothole"
    assert spanish["pothole"] == "Bache"
    assert spanish["missed-trash"] == "Missed trash pickup"  # no Spanish name: the English one


def test_service_definition_lists_the_questions_in_order(api: Open311, city: City, fmt: str) -> None:
    answer = api.get("services/pothole", fmt)

    assert answer.status == 200
    definition = answer.data
    assert isinstance(definition, dict)  # the one object of the spec, not an array
    assert definition["service_code"] == "pothole"
    assert [attribute["code"] for attribute in definition["attributes"]] == ["size", "lanes", "depth", "first_seen"]
    size = definition["attributes"][0]
    assert set(size) == {
        "variable", "code", "datatype", "required", "datatype_description", "order", "description", "values",
    }
    assert size["datatype"] == "singlevaluelist"
    assert size["description"] == "How big is it?"
    assert [(value["key"], value["name"]) for value in size["values"]] == [
        ("small", "Small"), ("medium", "Medium"), ("large", "Large"),
    ]
    assert definition["attributes"][1]["datatype"] == "multivaluelist"
    assert definition["attributes"][2]["values"] == []


def test_service_definition_json_types(api: Open311, city: City) -> None:
    size, lanes, *_ = api.get("services/pothole", "json").data["attributes"]

    assert size["required"] is True and size["variable"] is True
    assert lanes["required"] is False
    assert size["order"] == 1
    assert size["datatype_description"] is None


def test_service_definition_xml_element_names(api: Open311, city: City) -> None:
    root = api.get("services/pothole", "xml").root

    assert root.tag == "service_definition"
    assert [child.tag for child in root] == ["service_code", "attributes"]
    size = root.find("attributes/attribute[code='size']")
    assert size is not None
    assert size.findtext("required") == "true"
    assert size.findtext("variable") == "true"
    assert [value.findtext("key") for value in size.iterfind("values/value")] == ["small", "medium", "large"]
    assert root.findtext("attributes/attribute[code='lanes']/required") == "false"


def test_service_definition_with_one_question_and_one_value_keeps_lists(api: Open311, fmt: str) -> None:
    service = ServiceTypeFactory.create(service_code="dead-animal")
    question = ServiceQuestionFactory.create(service=service, code="kind", datatype=Datatype.SINGLEVALUELIST)
    QuestionValueFactory.create(question=question, key="dog", name="Dog")

    attributes = api.get("services/dead-animal", fmt).data["attributes"]

    assert [attribute["code"] for attribute in attributes] == ["kind"]
    assert [value["key"] for value in attributes[0]["values"]] == ["dog"]


def test_service_definition_in_spanish(api: Open311, city: City, fmt: str) -> None:
    size = city.pothole.questions.get(code="size")
    size.prompt_es = "¿Qué tan grande es?"
    size.save()
    size.values.filter(key="large").update(name_es="Grande")

    attribute = api.get("services/pothole", fmt, HTTP_ACCEPT_LANGUAGE="es").data["attributes"][0]

    assert attribute["description"] == "¿Qué tan grande es?"
    assert [value["name"] for value in attribute["values"]] == ["Small", "Medium", "Grande"]


def test_unknown_service_is_404(api: Open311, city: City, fmt: str) -> None:
    answer = api.get("services/no-such-thing", fmt)

    assert answer.error(404) == "There is no service with code 'no-such-thing'."


def test_inactive_service_has_no_definition(api: Open311, fmt: str) -> None:
    ServiceTypeFactory.create(service_code="retired", is_active=False)

    assert api.get("services/retired", fmt).status == 404


@pytest.mark.parametrize("name", ["services", "services/pothole"])
def test_services_are_read_only(api: Open311, city: City, fmt: str, name: str) -> None:
    answer = api.post(name, fmt, {})

    answer.error(405)
    assert answer.response["Allow"] == "GET, HEAD"


def test_jurisdiction_id_present_and_empty_is_accepted(api: Open311, city: City, fmt: str) -> None:
    assert api.get("services", fmt, {"jurisdiction_id": ""}).status == 200
    assert api.get("services", fmt, {"jurisdiction_id": "riverton.example"}).status == 200


def test_another_jurisdiction_is_refused(api: Open311, city: City, fmt: str) -> None:
    answer = api.get("services", fmt, {"jurisdiction_id": "springfield.example"})

    assert "riverton.example" in answer.error(404)


def test_jsonp_callback_wraps_the_answer(api: Open311, city: City) -> None:
    answer = api.get("services", "json", {"callback": "showServices"})

    assert answer.status == 200
    assert answer.response["Content-Type"] == "application/javascript; charset=utf-8"
    assert answer.text.startswith("/**/showServices([") and answer.text.endswith("]);")


def test_jsonp_callback_must_be_a_function_name(api: Open311, city: City) -> None:
    answer = api.get("services", "json", {"callback": "alert(1)//"})

    assert answer.error(400) == "callback must be a JavaScript function name."


def test_xml_ignores_callback(api: Open311, city: City) -> None:
    assert api.get("services", "xml", {"callback": "showServices"}).root.tag == "services"
