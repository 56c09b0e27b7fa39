import factory

from civicdesk.catalog.models import Article, QuestionValue, ServiceQuestion, ServiceType
from civicdesk.departments.tests.factories import DepartmentFactory


class ServiceTypeFactory(factory.django.DjangoModelFactory[ServiceType]):
    class Meta:
        model = ServiceType
        django_get_or_create = ("service_code",)

    service_code = factory.Sequence(lambda n: f"service-{n}")
    name = factory.LazyAttribute(lambda obj: obj.service_code.replace("-", " ").title())
    group = "Streets"
    default_department = factory.SubFactory(DepartmentFactory)
    sla_amount = 3


class ServiceQuestionFactory(factory.django.DjangoModelFactory[ServiceQuestion]):
    class Meta:
        model = ServiceQuestion

    service = factory.SubFactory(ServiceTypeFactory)
    code = factory.Sequence(lambda n: f"question{n}")
    prompt = factory.LazyAttribute(lambda obj: f"What about {obj.code}?")


class QuestionValueFactory(factory.django.DjangoModelFactory[QuestionValue]):
    class Meta:
        model = QuestionValue

    question = factory.SubFactory(ServiceQuestionFactory)
    key = factory.Sequence(lambda n: f"value{n}")
    name = factory.LazyAttribute(lambda obj: obj.key.title())


class ArticleFactory(factory.django.DjangoModelFactory[Article]):
    class Meta:
        model = Article
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"article-{n}")
    title = factory.LazyAttribute(lambda obj: obj.slug.replace("-", " ").capitalize())
    summary = factory.LazyAttribute(lambda obj: f"What to know about {obj.title.lower()}.")
    body = "A first paragraph.\n\n- one\n- two"

    @factory.post_generation
    def services(self, create: bool, extracted: list[ServiceType] | None, **kwargs: object) -> None:
        if create and extracted:
            self.services.set(extracted)


def small_knowledge_base(pothole: ServiceType, missed_trash: ServiceType) -> dict[str, Article]:
    """Four published articles (one with no Spanish) and one draft, for the `city` fixture's services."""
    articles = [
        ArticleFactory.create(
            slug="bulk-trash-pickup", group="Sanitation", title="Bulk trash pickup: what we take and when",
            title_es="Recolección de basura voluminosa: qué llevamos y cuándo",
            summary="Furniture and mattresses are picked up free, by appointment.",
            summary_es="Recogemos gratis muebles y colchones con cita previa.",
            keywords="bulk,furniture,mattress,couch", keywords_es="muebles,colchón,sofá",
            body="Bulk pickup is free.\n\n## What we take\n- Sofas and chairs\n- Mattresses, wrapped in plastic",
            body_es="La recolección es gratis.\n\n## Qué recogemos\n- Sofás y sillas\n- Colchones envueltos",
            services=[missed_trash],
        ),
        ArticleFactory.create(
            slug="recycling-rules", group="Sanitation", title="What goes in the blue recycling cart",
            title_es="Qué va en el contenedor azul de reciclaje", summary="Paper, cans, glass and plastic bottles.",
            summary_es="Papel, latas, vidrio y botellas de plástico.", keywords="recycling,plastic,glass,cardboard",
            keywords_es="reciclaje,plástico,vidrio", services=[missed_trash],
        ),
        ArticleFactory.create(
            slug="heat-season", group="Housing", title="Heat and hot water: what landlords must provide",
            title_es="Calefacción y agua caliente: lo que debe dar el propietario",
            summary="From September 15 to June 1 homes must be kept at 68°F by day.",
            summary_es="Del 15 de septiembre al 1 de junio la casa debe estar a 20 °C de día.",
            keywords="heat,no heat,radiator,boiler", keywords_es="calefacción,radiador,caldera",
        ),
        ArticleFactory.create(
            slug="pothole-repairs", group="Streets", title="How potholes are prioritized and repaired",
            summary="Most potholes are patched within 3 business days.", keywords="pothole,road repair,asphalt",
            services=[pothole],
        ),
        ArticleFactory.create(
            slug="snow-plowing", group="Streets", title="Snow plowing and shoveling rules",
            summary="Main streets first.", keywords="snow,plow", is_published=False,
        ),
    ]
    return {article.slug: article for article in articles}
