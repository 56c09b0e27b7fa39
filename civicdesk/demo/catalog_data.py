"""The demo City of Riverton as data: departments, the service catalog and routing rules.

The catalog follows real US 311 catalogs (Chicago, NYC, Boston). `share` is each service's percentage
of requests in the generated history (noise 21%, illegal parking 14%, heat 7%, as in NYC's 2024 mix)
and `days_to_close` its typical time to close (Chattanooga: missed garbage 2 days, bulk trash 4).
"""

from dataclasses import dataclass
from datetime import time

from civicdesk.catalog.choices import Datatype, Priority, ServiceKind, SlaUnit


@dataclass(frozen=True)
class Choice:
    key: str
    name: str
    name_es: str


@dataclass(frozen=True)
class Question:
    code: str
    datatype: str
    prompt: str
    prompt_es: str
    required: bool = False
    choices: tuple[Choice, ...] = ()
    help: str = ""


@dataclass(frozen=True)
class Service:
    code: str
    name: str
    name_es: str
    group: str
    department: str  # department code
    sla: tuple[int, str] | None
    keywords: str
    description: str
    description_es: str
    questions: tuple[Question, ...] = ()
    kind: str = ServiceKind.REALTIME
    priority: str = Priority.NORMAL
    emergency_message: str = ""  # set for emergencies: intake answers "call 911" and files nothing
    share: float = 0.0  # percent of the generated history
    days_to_close: float = 5.0  # median
    night: bool = False  # reported mostly in the evening and at night
    months: tuple[int, ...] = ()  # only reported in these months (empty: all year)
    examples: tuple[str, ...] = ()  # what residents write, for the generated history


@dataclass(frozen=True)
class DepartmentData:
    code: str
    name: str
    name_es: str
    email: str
    phone: str
    website: str
    teams: tuple[str, ...]
    hours: tuple[tuple[int, time, time], ...]  # (weekday, opens, closes); none: around the clock
    is_triage: bool = False


@dataclass(frozen=True)
class Rule:
    """One routing rule per service and district listed (no services: any service; no districts: anywhere)."""

    services: tuple[str, ...]
    district_kind: str
    districts: tuple[str, ...]
    department: str
    team: str
    precedence: int
    note: str


WEEKDAYS_8_TO_5 = tuple((day, time(8), time(17)) for day in range(5))
AROUND_THE_CLOCK: tuple[tuple[int, time, time], ...] = ()

DEPARTMENTS = (
    DepartmentData("311", "311 Customer Service", "Servicio al Cliente 311", "311@riverton.example", "311",
                   "https://riverton.example/311", ("Call center", "Triage desk"), AROUND_THE_CLOCK, is_triage=True),
    DepartmentData("dpw", "Public Works – Streets", "Obras Públicas – Calles", "streets@riverton.example",
                   "+1 312 555 0110", "https://riverton.example/streets",
                   ("Streets North crew", "Streets South crew", "Sidewalks crew", "Snow & Ice"), WEEKDAYS_8_TO_5),
    DepartmentData("san", "Sanitation", "Saneamiento", "sanitation@riverton.example", "+1 312 555 0120",
                   "https://riverton.example/sanitation",
                   ("Zone A crew", "Zone B crew", "Zone C crew", "Zone D crew", "Bulk pickup", "Graffiti blasters",
                    "Street cleaning"),
                   tuple((day, time(7), time(15, 30)) for day in range(6))),
    DepartmentData("dot", "Transportation", "Transporte", "transportation@riverton.example", "+1 312 555 0130",
                   "https://riverton.example/transportation", ("Street lights", "Traffic signals", "Signs & markings"),
                   WEEKDAYS_8_TO_5),
    DepartmentData("parks", "Parks & Forestry", "Parques y Silvicultura", "parks@riverton.example", "+1 312 555 0140",
                   "https://riverton.example/parks", ("Forestry", "Park maintenance", "Riverfront Park rangers"),
                   WEEKDAYS_8_TO_5),
    DepartmentData("water", "Water Management", "Gestión del Agua", "water@riverton.example", "+1 312 555 0150",
                   "https://riverton.example/water", ("Water distribution", "Sewers"), AROUND_THE_CLOCK),
    DepartmentData("bldg", "Buildings & Housing", "Edificios y Vivienda", "buildings@riverton.example",
                   "+1 312 555 0160", "https://riverton.example/buildings",
                   ("Housing inspections", "Building inspections"), WEEKDAYS_8_TO_5),
    DepartmentData("health", "Public Health", "Salud Pública", "health@riverton.example", "+1 312 555 0170",
                   "https://riverton.example/health", ("Rodent control", "Food protection"), WEEKDAYS_8_TO_5),
    DepartmentData("animals", "Animal Care & Control", "Cuidado y Control de Animales", "animals@riverton.example",
                   "+1 312 555 0180", "https://riverton.example/animals", ("Field officers",),
                   tuple((day, time(7), time(19)) for day in range(7))),
    DepartmentData("police", "Police – Non-Emergency", "Policía – No Emergencias", "police311@riverton.example",
                   "+1 312 555 0190", "https://riverton.example/police", ("Parking enforcement", "Patrol"),
                   AROUND_THE_CLOCK),
    DepartmentData("env", "Environmental Protection", "Protección Ambiental", "environment@riverton.example",
                   "+1 312 555 0200", "https://riverton.example/environment", ("Air quality", "Noise inspections"),
                   WEEKDAYS_8_TO_5),
    DepartmentData("fss", "Family & Support Services", "Servicios Familiares y de Apoyo", "fss@riverton.example",
                   "+1 312 555 0210", "https://riverton.example/fss", ("Homeless outreach",), WEEKDAYS_8_TO_5),
)

# --- Answers and questions used by several services -------------------------------------------------

PLACES = (
    Choice("street", "Street", "Calle"), Choice("sidewalk", "Sidewalk", "Acera"),
    Choice("alley", "Alley", "Callejón"), Choice("parkway", "Parkway (grass by the curb)", "Franja de césped"),
    Choice("park", "Park", "Parque"),
)
ANIMALS = (
    Choice("dog", "Dog", "Perro"), Choice("cat", "Cat", "Gato"), Choice("raccoon", "Raccoon", "Mapache"),
    Choice("bird", "Bird", "Pájaro"), Choice("other", "Other", "Otro"),
)
DETAILS = Question("details", Datatype.TEXT, "Anything else the crew should know?",
                   "¿Algo más que deba saber el equipo?")
STARTED = Question("started_at", Datatype.DATETIME, "When did it start?", "¿Cuándo empezó?",
                   help="Date and time, e.g. 2026-11-20T22:30")
FIRST_SEEN = Question("first_seen", Datatype.DATETIME, "When did you first notice it?",
                      "¿Cuándo lo notó por primera vez?")
PLATE = Question("license_plate", Datatype.STRING, "License plate (if visible)", "Placa del vehículo (si se ve)")
VEHICLE = Question("vehicle", Datatype.STRING, "Make, model and color of the vehicle",
                   "Marca, modelo y color del vehículo")
APARTMENT = Question("apartment", Datatype.STRING, "Apartment or unit number", "Número de apartamento o unidad",
                     required=True)
BUSINESS = Question("business_name", Datatype.STRING, "Name of the business", "Nombre del negocio", required=True)
PARK_NAME = Question("park_name", Datatype.STRING, "Name of the park", "Nombre del parque", required=True)
POLE = Question("pole_number", Datatype.STRING, "Pole number (on a metal tag on the pole)",
                "Número del poste (en una placa metálica)")
WHERE = Question("where", Datatype.SINGLEVALUELIST, "Where is it?", "¿Dónde está?", required=True, choices=PLACES)
DOG_COUNT = Question("count", Datatype.NUMBER, "How many?", "¿Cuántos?")


def pick(code: str, prompt: str, prompt_es: str, *choices: tuple[str, str, str], required: bool = True,
         many: bool = False) -> Question:
    """A list question: pick one (or, with many=True, any) of the (key, English, Spanish) choices."""
    datatype = Datatype.MULTIVALUELIST if many else Datatype.SINGLEVALUELIST
    return Question(code, datatype, prompt, prompt_es, required, tuple(Choice(*choice) for choice in choices))


def yes_no(code: str, prompt: str, prompt_es: str, *, required: bool = True) -> Question:
    return pick(code, prompt, prompt_es, ("yes", "Yes", "Sí"), ("no", "No", "No"), required=required)


BUSINESS_DAYS, CALENDAR_DAYS, BUSINESS_HOURS = SlaUnit.BUSINESS_DAYS, SlaUnit.CALENDAR_DAYS, SlaUnit.BUSINESS_HOURS
WINTER = (12, 1, 2, 3)
WARM_MONTHS = (5, 6, 7, 8, 9, 10)

SERVICES = (
    # --- Streets -------------------------------------------------------------------------------------
    Service(
        "pothole", "Pothole", "Bache", "Streets", "dpw", (3, BUSINESS_DAYS), "pothole,hole,road,crater,asphalt",
        "A hole in the pavement of a street. Crews patch most potholes within three business days.",
        "Un hueco en el pavimento de la calle. Los equipos reparan la mayoría en tres días hábiles.",
        (pick("size", "How big is it?", "¿Qué tamaño tiene?",
              ("small", "Smaller than a plate", "Más pequeño que un plato"),
              ("medium", "Like a car tire", "Como una llanta"),
              ("large", "Bigger than a car tire", "Más grande que una llanta")),
         pick("lanes", "Which part of the street?", "¿Qué parte de la calle?",
              ("traffic", "Traffic lane", "Carril de tráfico"),
              ("bike", "Bike lane", "Carril de bicicletas"), ("crosswalk", "Crosswalk", "Cruce peatonal"),
              ("curb", "Along the curb", "Junto a la acera"), required=False, many=True),
         Question("depth", Datatype.NUMBER, "About how deep is it, in inches?", "¿Qué profundidad tiene, en pulgadas?"),
         FIRST_SEEN),
        share=4.0, days_to_close=3,
        examples=("Deep pothole in the right lane", "Pothole by the bus stop keeps getting bigger",
                  "Several potholes near the intersection", "Pothole damaged my tire"),
    ),
    Service(
        "alley-pothole", "Pothole in an alley", "Bache en un callejón", "Streets", "dpw", (5, BUSINESS_DAYS),
        "alley,pothole,hole,gravel", "A hole or sunken pavement in a public alley.",
        "Un hueco o pavimento hundido en un callejón público.",
        (pick("size", "How big is it?", "¿Qué tamaño tiene?", ("small", "Small", "Pequeño"),
              ("large", "Large", "Grande")),),
        share=0.8, days_to_close=6, examples=("Big hole in the alley behind the garages", "Alley pavement sinking"),
    ),
    Service(
        "sidewalk-damage", "Damaged sidewalk", "Acera dañada", "Streets", "dpw", (30, BUSINESS_DAYS),
        "sidewalk,trip,crack,uneven,curb", "A broken, raised or missing sidewalk square that could trip someone.",
        "Una losa de acera rota, levantada o faltante que puede hacer tropezar a alguien.",
        (pick("problem", "What is wrong?", "¿Cuál es el problema?",
              ("raised", "Raised or uneven", "Levantada o desnivelada"),
              ("cracked", "Cracked or broken", "Agrietada o rota"), ("missing", "Missing", "Faltante"),
              ("roots", "Lifted by tree roots", "Levantada por raíces")),
         yes_no("trip_hazard", "Has someone tripped or fallen?", "¿Alguien se ha tropezado o caído?", required=False)),
        share=1.2, days_to_close=24, examples=("Sidewalk square lifted two inches", "Broken sidewalk by the school"),
    ),
    Service(
        "snow-ice", "Snow or ice on the street", "Nieve o hielo en la calle", "Streets", "dpw", (1, CALENDAR_DAYS),
        "snow,ice,plow,salt,slippery", "An unplowed or icy street, bus stop or crosswalk.",
        "Una calle, parada de autobús o cruce sin limpiar o con hielo.",
        (pick("where", "Where?", "¿Dónde?", ("street", "Street", "Calle"),
              ("bus_stop", "Bus stop", "Parada de autobús"),
              ("crosswalk", "Crosswalk", "Cruce peatonal"), ("bridge", "Bridge", "Puente")),),
        share=1.0, days_to_close=1, months=WINTER,
        examples=("Street was never plowed", "Ice sheet across the crosswalk", "Plow blocked the bus stop"),
    ),
    # --- Transportation ------------------------------------------------------------------------------
    Service(
        "streetlight-out", "Street light out", "Farola apagada", "Street lights and signals", "dot", (5, BUSINESS_DAYS),
        "street light,streetlight,lamp,dark,light out", "A street light that is out, flickering or on during the day.",
        "Una farola apagada, que parpadea o que está encendida de día.",
        (POLE, pick("problem", "What is wrong?", "¿Cuál es el problema?", ("out", "Completely out", "Apagada"),
                    ("flickering", "Flickering", "Parpadea"), ("day", "On during the day", "Encendida de día")),
         Question("lights_out", Datatype.NUMBER, "How many lights are out in a row?",
                  "¿Cuántas luces seguidas están apagadas?")),
        share=3.2, days_to_close=4, examples=("Light out in front of my house", "Three lights out on the block"),
    ),
    Service(
        "alley-light-out", "Alley light out", "Luz de callejón apagada", "Street lights and signals", "dot",
        (7, BUSINESS_DAYS), "alley light,dark alley,lamp", "A light in a public alley that is out.",
        "Una luz apagada en un callejón público.", (POLE,), share=0.8, days_to_close=6,
        examples=("Alley behind the building is completely dark",),
    ),
    Service(
        "traffic-signal-out", "Traffic signal out", "Semáforo apagado", "Street lights and signals", "dot",
        (4, BUSINESS_HOURS), "traffic light,signal,stoplight,flashing",
        "A traffic signal that is dark, stuck or flashing. If the intersection is dangerous, call 911.",
        "Un semáforo apagado, atascado o intermitente. Si el cruce es peligroso, llame al 911.",
        (pick("problem", "What is the signal doing?", "¿Qué hace el semáforo?",
              ("dark", "All dark", "Completamente apagado"),
              ("flashing", "Flashing red or yellow", "Parpadea en rojo o amarillo"),
              ("stuck", "Stuck on one color", "Atascado en un color"),
              ("bulb", "One bulb out", "Una luz fundida")),
         pick("directions", "Which directions are affected?", "¿Qué direcciones están afectadas?",
              ("north", "Northbound", "Hacia el norte"), ("south", "Southbound", "Hacia el sur"),
              ("east", "Eastbound", "Hacia el este"),
              ("west", "Westbound", "Hacia el oeste"), required=False, many=True)),
        priority=Priority.HIGH, share=1.0, days_to_close=0.4, examples=("Signal flashing red in all directions",),
    ),
    Service(
        "street-sign-damaged", "Damaged or missing street sign", "Señal de tránsito dañada o faltante",
        "Street lights and signals", "dot", (10, BUSINESS_DAYS), "sign,stop sign,street sign,knocked down",
        "A traffic or street-name sign that is missing, knocked down, faded or turned.",
        "Una señal de tránsito o de nombre de calle que falta, está caída, descolorida o girada.",
        (pick("sign_type", "Which sign?", "¿Qué señal?", ("stop", "Stop sign", "Señal de alto"),
              ("name", "Street name sign", "Nombre de calle"), ("speed", "Speed limit", "Límite de velocidad"),
              ("parking", "Parking sign", "Señal de estacionamiento"), ("other", "Other", "Otra")),
         pick("problem", "What is wrong?", "¿Cuál es el problema?", ("missing", "Missing", "Falta"),
              ("down", "Knocked down", "Caída"), ("faded", "Faded", "Descolorida"), ("turned", "Turned", "Girada"))),
        share=0.8, days_to_close=7, examples=("Stop sign knocked over", "Street name sign missing at the corner"),
    ),
    # --- Sanitation ----------------------------------------------------------------------------------
    Service(
        "missed-trash", "Missed trash pickup", "Recolección de basura no realizada", "Sanitation", "san",
        (2, BUSINESS_DAYS), "garbage,trash,pickup,missed,cart",
        "Your garbage cart was out on time but was not emptied on your collection day.",
        "Su contenedor de basura estaba afuera a tiempo pero no fue vaciado el día de recolección.",
        (yes_no("out_on_time", "Was the cart out by 7 a.m. on collection day?",
                "¿Estaba el contenedor afuera antes de las 7 a.m. el día de recolección?"),
         Question("carts", Datatype.NUMBER, "How many carts were missed?", "¿Cuántos contenedores no se recogieron?")),
        share=3.0, days_to_close=2, examples=("Garbage not picked up on our block", "Truck skipped our cart again"),
    ),
    Service(
        "missed-recycling", "Missed recycling pickup", "Recolección de reciclaje no realizada", "Sanitation", "san",
        (2, BUSINESS_DAYS), "recycling,blue cart,pickup,missed",
        "Your recycling cart was out on time but was not emptied.",
        "Su contenedor de reciclaje estaba afuera a tiempo pero no fue vaciado.",
        (yes_no("out_on_time", "Was the cart out by 7 a.m. on collection day?",
                "¿Estaba el contenedor afuera antes de las 7 a.m. el día de recolección?"),),
        share=1.2, days_to_close=2, examples=("Recycling missed this week",),
    ),
    Service(
        "bulk-pickup", "Bulk item pickup", "Recolección de artículos voluminosos", "Sanitation", "san",
        (4, BUSINESS_DAYS), "bulk,furniture,mattress,couch,appliance",
        "Ask for furniture, mattresses and large appliances to be collected at the curb or in the alley.",
        "Solicite la recolección de muebles, colchones y electrodomésticos grandes en la acera o el callejón.",
        (pick("items", "What needs picking up?", "¿Qué hay que recoger?", ("furniture", "Furniture", "Muebles"),
              ("mattress", "Mattress", "Colchón"), ("appliance", "Appliance", "Electrodoméstico"),
              ("electronics", "Electronics", "Electrónicos"), ("tires", "Tires (up to 4)", "Llantas (hasta 4)"),
              many=True),
         Question("item_count", Datatype.NUMBER, "How many items?", "¿Cuántos artículos?", required=True),
         pick("pickup_location", "Where will the items be?", "¿Dónde estarán los artículos?",
              ("curb", "At the curb", "En la acera"), ("alley", "In the alley", "En el callejón"))),
        share=2.2, days_to_close=4, examples=("Old couch and mattress by the alley", "Fridge to pick up"),
    ),
    Service(
        "illegal-dumping", "Illegal dumping", "Vertido ilegal de basura", "Sanitation", "san", (5, BUSINESS_DAYS),
        "dumping,fly dumping,debris,tires,construction waste",
        "Trash, tires or construction debris dumped on a street, alley or vacant lot.",
        "Basura, llantas o escombros de construcción tirados en una calle, callejón o lote baldío.",
        (pick("what", "What was dumped?", "¿Qué tiraron?", ("debris", "Construction debris", "Escombros"),
              ("tires", "Tires", "Llantas"), ("furniture", "Furniture", "Muebles"),
              ("garbage", "Household garbage", "Basura doméstica"),
              ("hazardous", "Paint or chemicals", "Pintura o químicos"),
              many=True),
         WHERE, STARTED),
        share=2.4, days_to_close=4, examples=("Pile of tires dumped in the alley", "Someone dumped drywall on the lot"),
    ),
    Service(
        "graffiti", "Graffiti removal", "Eliminación de grafiti", "Sanitation", "san", (5, BUSINESS_DAYS),
        "graffiti,tag,spray paint,vandalism",
        "Graffiti on a building, fence, sign or other surface visible from the street.",
        "Grafiti en un edificio, cerca, señal u otra superficie visible desde la calle.",
        (pick("surface", "What is it on?", "¿Sobre qué está?", ("building", "Building", "Edificio"),
              ("fence", "Fence or wall", "Cerca o muro"), ("sign", "Sign or pole", "Señal o poste"),
              ("sidewalk", "Sidewalk", "Acera"), ("mailbox", "Mailbox or utility box", "Buzón o caja de servicios")),
         yes_no("offensive", "Is it offensive or gang-related?", "¿Es ofensivo o de pandillas?", required=False)),
        share=2.6, days_to_close=5, examples=("Tags all over the garage door", "Graffiti on the viaduct"),
    ),
    Service(
        "litter-basket", "Litter basket overflowing", "Papelera pública desbordada", "Sanitation", "san",
        (2, BUSINESS_DAYS), "litter,basket,trash can,overflowing",
        "A public litter basket that is full or overflowing.",
        "Una papelera pública llena o desbordada.", (), share=0.7, days_to_close=1.5,
        examples=("Corner trash can overflowing", "Basket at the bus stop is full"),
    ),
    Service(
        "dirty-street", "Street or alley needs cleaning", "Calle o callejón sucio", "Sanitation", "san",
        (5, BUSINESS_DAYS), "dirty,litter,sweeping,glass,leaves", "Litter, broken glass or leaves that need sweeping.",
        "Basura, vidrios rotos u hojas que hay que barrer.", (WHERE,), share=1.4, days_to_close=4,
        examples=("Broken glass all over the street", "Alley full of litter"),
    ),
    Service(
        "shopping-carts", "Abandoned shopping carts", "Carritos de supermercado abandonados", "Sanitation", "san",
        (5, BUSINESS_DAYS), "shopping cart,cart,abandoned", "Shopping carts left on the street or sidewalk.",
        "Carritos de supermercado abandonados en la calle o la acera.",
        (Question("count", Datatype.NUMBER, "How many carts?", "¿Cuántos carritos?"),
         Question("store", Datatype.STRING, "Which store are they from?", "¿De qué tienda son?")),
        share=0.3, days_to_close=5, examples=("Two carts left on the corner",),
    ),
    Service(
        "dead-animal", "Dead animal", "Animal muerto", "Sanitation", "san", (2, BUSINESS_DAYS),
        "dead animal,carcass,roadkill", "A dead animal on a street, sidewalk, alley or park.",
        "Un animal muerto en la calle, la acera, un callejón o un parque.",
        (Question("animal", Datatype.SINGLEVALUELIST, "What kind of animal?", "¿Qué tipo de animal?", True, ANIMALS),
         WHERE),
        share=1.0, days_to_close=1.5, examples=("Dead raccoon in the street", "Dead bird on the sidewalk"),
    ),
    Service(
        "overgrown-weeds", "Overgrown weeds on a vacant lot", "Maleza crecida en un lote baldío", "Sanitation", "san",
        (10, BUSINESS_DAYS), "weeds,vacant lot,overgrown,grass",
        "Weeds over 10 inches tall on a vacant lot or abandoned property.",
        "Maleza de más de 25 cm en un lote baldío o una propiedad abandonada.",
        (pick("lot_type", "What kind of property?", "¿Qué tipo de propiedad?", ("vacant", "Vacant lot", "Lote baldío"),
              ("abandoned", "Abandoned building", "Edificio abandonado"), ("parkway", "Parkway", "Franja de césped")),),
        share=0.8, days_to_close=9, months=WARM_MONTHS, examples=("Weeds taller than me on the empty lot",),
    ),
    # --- Police non-emergency ------------------------------------------------------------------------
    Service(
        "noise-residential", "Noise – residential", "Ruido – residencial", "Noise", "police", (1, CALENDAR_DAYS),
        "noise,loud,music,party,neighbor", "Loud music, parties or banging from a home or apartment.",
        "Música alta, fiestas o golpes en una casa o apartamento.",
        (pick("noise_type", "What kind of noise?", "¿Qué tipo de ruido?",
              ("music", "Loud music or party", "Música alta o fiesta"),
              ("banging", "Banging or pounding", "Golpes"),
              ("talking", "Loud talking or yelling", "Gritos o conversación"),
              ("alarm", "Alarm", "Alarma"), ("dog", "Barking dog", "Perro ladrando")),
         STARTED,
         yes_no("ongoing", "Is it happening right now?", "¿Está ocurriendo ahora?")),
        share=13.5, days_to_close=0.15, night=True,
        examples=("Loud party upstairs every weekend", "Music so loud the windows shake", "Neighbors banging at 2am"),
    ),
    Service(
        "noise-commercial", "Noise – commercial", "Ruido – comercial", "Noise", "police", (1, CALENDAR_DAYS),
        "noise,bar,club,restaurant,loud music,business", "Noise from a bar, club, restaurant or store.",
        "Ruido de un bar, club, restaurante o tienda.",
        (BUSINESS, pick("noise_type", "What kind of noise?", "¿Qué tipo de ruido?", ("music", "Music", "Música"),
                        ("crowd", "Crowd outside", "Gente afuera"), ("deliveries", "Deliveries", "Entregas"),
                        ("equipment", "Equipment or ventilation", "Equipos o ventilación")), STARTED),
        share=4.0, days_to_close=0.2, night=True,
        examples=("Bar blasting music past midnight", "Club crowd in the street"),
    ),
    Service(
        "noise-vehicle", "Noise – street or vehicle", "Ruido – calle o vehículo", "Noise", "police", (1, CALENDAR_DAYS),
        "noise,car alarm,horn,engine,motorcycle", "Car alarms, honking, loud engines or music from vehicles.",
        "Alarmas de auto, bocinas, motores o música alta de vehículos.", (PLATE, STARTED),
        share=1.5, days_to_close=0.2, night=True, examples=("Car alarm going off for an hour",),
    ),
    Service(
        "illegal-parking", "Illegal parking", "Estacionamiento ilegal", "Parking and vehicles", "police",
        (1, CALENDAR_DAYS), "parking,parked,hydrant,double parked,tow",
        "A vehicle parked at a hydrant, in a bus stop or crosswalk, double parked or in a no-parking zone.",
        "Un vehículo estacionado frente a un hidrante, en una parada o cruce, en doble fila o en zona prohibida.",
        (pick("violation", "What is the violation?", "¿Cuál es la infracción?",
              ("hydrant", "At a hydrant", "Frente a un hidrante"),
              ("double", "Double parked", "En doble fila"), ("bus_stop", "In a bus stop", "En una parada de autobús"),
              ("crosswalk", "In a crosswalk", "En un cruce peatonal"),
              ("no_parking", "No-parking zone", "Zona prohibida"),
              ("disabled", "Disabled spot without permit", "Lugar para discapacitados sin permiso")),
         PLATE, VEHICLE),
        share=14.0, days_to_close=0.15, examples=("Truck parked in the bus stop all day", "Car blocking the hydrant"),
    ),
    Service(
        "blocked-driveway", "Blocked driveway", "Entrada de vehículos bloqueada", "Parking and vehicles", "police",
        (1, CALENDAR_DAYS), "driveway,blocked,parked,garage", "A vehicle blocking a driveway or garage.",
        "Un vehículo que bloquea una entrada de vehículos o un garaje.",
        (pick("blocked", "Is the driveway fully blocked?", "¿Está la entrada totalmente bloqueada?",
              ("fully", "Fully blocked", "Totalmente"), ("partially", "Partially", "Parcialmente")), PLATE),
        share=4.0, days_to_close=0.15, examples=("Can't get my car out, someone parked across the driveway",),
    ),
    Service(
        "abandoned-vehicle", "Abandoned vehicle", "Vehículo abandonado", "Parking and vehicles", "police",
        (7, CALENDAR_DAYS), "abandoned,car,vehicle,junk,flat tires", "A vehicle that has not moved for over 7 days.",
        "Un vehículo que no se ha movido en más de 7 días.",
        (PLATE, VEHICLE, Question("days_parked", Datatype.NUMBER, "For how many days has it been there?",
                                  "¿Cuántos días lleva ahí?", required=True),
         pick("condition", "What condition is it in?", "¿En qué estado está?",
              ("flat", "Flat tires", "Llantas ponchadas"),
              ("windows", "Broken windows", "Ventanas rotas"), ("no_plates", "No plates", "Sin placas"),
              ("leaking", "Leaking fluids", "Pierde líquidos"), required=False, many=True)),
        share=2.0, days_to_close=6, examples=("Car with flat tires hasn't moved in a month",),
    ),
    Service(
        "bike-lane-obstruction", "Bike lane blocked", "Carril de bicicletas bloqueado", "Parking and vehicles",
        "police", (1, CALENDAR_DAYS), "bike lane,bicycle,blocked,cycling",
        "A vehicle, dumpster or debris blocking a bike lane.",
        "Un vehículo, contenedor o escombros que bloquean un carril de bicicletas.",
        (pick("obstruction", "What is blocking it?", "¿Qué lo bloquea?", ("car", "Parked car", "Auto estacionado"),
              ("truck", "Delivery truck", "Camión de reparto"), ("construction", "Construction", "Obras"),
              ("debris", "Debris", "Escombros")), PLATE),
        share=0.6, days_to_close=0.2, examples=("Delivery truck parked in the bike lane",),
    ),
    # --- Buildings and housing -----------------------------------------------------------------------
    Service(
        "heat-hot-water", "No heat or hot water", "Sin calefacción o agua caliente", "Housing", "bldg",
        (1, CALENDAR_DAYS), "heat,no heat,hot water,radiator,boiler,cold apartment",
        "Your landlord is not providing heat (Sept 15 – June 1) or hot water. Tell the landlord first.",
        "Su propietario no proporciona calefacción (15 de sept. – 1 de junio) o agua caliente. Avísele primero.",
        (pick("problem", "What is missing?", "¿Qué falta?", ("heat", "Heat", "Calefacción"),
              ("hot_water", "Hot water", "Agua caliente"), ("both", "Both", "Ambos")),
         APARTMENT,
         yes_no("landlord_told", "Did you tell the landlord?", "¿Le avisó al propietario?"),
         Question("since", Datatype.DATETIME, "Since when?", "¿Desde cuándo?")),
        priority=Priority.HIGH, share=7.0, days_to_close=2,
        examples=("No heat in the building since yesterday", "No hot water for three days", "Radiators are cold"),
    ),
    Service(
        "housing-code", "Housing code violation", "Violación del código de vivienda", "Housing", "bldg",
        (10, BUSINESS_DAYS), "mold,leak,landlord,repairs,pests,smoke detector",
        "Unsafe or unhealthy conditions in a rental home that the landlord has not fixed.",
        "Condiciones inseguras o insalubres en una vivienda de alquiler que el propietario no ha reparado.",
        (pick("issues", "What are the problems?", "¿Cuáles son los problemas?", ("mold", "Mold", "Moho"),
              ("leaks", "Leaks", "Goteras"), ("pests", "Roaches or bedbugs", "Cucarachas o chinches"),
              ("windows", "Broken windows or locks", "Ventanas o cerraduras rotas"),
              ("smoke_detector", "No smoke detector", "Sin detector de humo"),
              ("electrical", "Electrical", "Eléctricos"),
              many=True),
         APARTMENT, DETAILS),
        share=2.6, days_to_close=12,
        examples=("Mold in the bathroom, landlord ignores us", "Ceiling leaking for weeks"),
    ),
    Service(
        "building-no-permit", "Work without a permit", "Obra sin permiso", "Buildings", "bldg", (10, BUSINESS_DAYS),
        "permit,construction,renovation,demolition,contractor", "Construction or demolition with no posted permit.",
        "Construcción o demolición sin un permiso visible.",
        (pick("work_type", "What kind of work?", "¿Qué tipo de obra?", ("demolition", "Demolition", "Demolición"),
              ("renovation", "Renovation", "Renovación"), ("new", "New construction", "Construcción nueva"),
              ("roof", "Roofing", "Techo"), ("porch", "Porch or deck", "Porche o terraza")), DETAILS),
        share=1.0, days_to_close=9, examples=("They are gutting the house with no permit in the window",),
    ),
    Service(
        "vacant-building", "Vacant or open building", "Edificio vacío o abierto", "Buildings", "bldg",
        (10, BUSINESS_DAYS), "vacant,abandoned,open,boarded,squatters",
        "A vacant building that is open to trespassers.",
        "Un edificio vacío abierto a intrusos.",
        (pick("open", "Is it open?", "¿Está abierto?", ("open", "Open doors or windows", "Puertas o ventanas abiertas"),
              ("secured", "Boarded up", "Tapiado")), DETAILS),
        share=0.6, days_to_close=10, examples=("Back door of the empty two-flat is wide open",),
    ),
    # --- Environmental protection --------------------------------------------------------------------
    Service(
        "construction-noise", "Construction noise", "Ruido de construcción", "Noise", "env", (2, BUSINESS_DAYS),
        "construction,noise,jackhammer,early,after hours",
        "Construction noise before 8 a.m. or after 8 p.m. on weekdays, or on weekends without a permit.",
        "Ruido de obras antes de las 8 a.m. o después de las 8 p.m. entre semana, o en fin de semana sin permiso.",
        (Question("started_at", Datatype.DATETIME, "When did it start?", "¿Cuándo empezó?", required=True),
         Question("contractor", Datatype.STRING, "Contractor's name, if posted",
                  "Nombre del contratista, si está visible")),
        share=2.0, days_to_close=1.5, examples=("Jackhammering at 6am", "Crew working Sunday morning"),
    ),
    Service(
        "air-quality", "Air quality or odor", "Calidad del aire u olor", "Environment", "env", (3, BUSINESS_DAYS),
        "smell,odor,smoke,dust,fumes,air", "Smoke, dust or a chemical or garbage smell from a business or site.",
        "Humo, polvo u olor químico o de basura de un negocio u obra.",
        (pick("source", "What is it?", "¿Qué es?", ("smoke", "Smoke", "Humo"), ("dust", "Dust", "Polvo"),
              ("chemical", "Chemical smell", "Olor químico"), ("garbage", "Garbage smell", "Olor a basura"),
              ("exhaust", "Exhaust", "Gases de escape")), STARTED),
        share=0.8, days_to_close=3, examples=("Strong chemical smell from the plant", "Dust from the demolition site"),
    ),
    Service(
        "idling-vehicle", "Idling vehicle", "Vehículo con motor encendido", "Environment", "env", (3, BUSINESS_DAYS),
        "idling,engine,truck,bus,exhaust", "A truck or bus idling for more than 3 minutes.",
        "Un camión o autobús con el motor encendido más de 3 minutos.", (PLATE,), share=0.3, days_to_close=2,
        examples=("Delivery truck idling outside the school",),
    ),
    # --- Water ---------------------------------------------------------------------------------------
    Service(
        "water-leak", "Water leak in the street", "Fuga de agua en la calle", "Water and sewers", "water",
        (1, CALENDAR_DAYS), "water leak,leak,water main,bubbling,flooding",
        "Water coming up from the street or sidewalk.",
        "Agua que sale de la calle o la acera.",
        (pick("where", "Where is the water coming from?", "¿De dónde sale el agua?", ("street", "Street", "Calle"),
              ("sidewalk", "Sidewalk", "Acera"), ("parkway", "Parkway", "Franja de césped"),
              ("meter", "Water meter box", "Caja del medidor")),
         pick("flow", "How much water?", "¿Cuánta agua?", ("trickle", "A trickle", "Un hilo"),
              ("steady", "Steady flow", "Flujo constante"), ("gushing", "Gushing", "Sale a chorros"))),
        priority=Priority.HIGH, share=1.5, days_to_close=2, examples=("Water bubbling up through the pavement",),
    ),
    Service(
        "no-water", "No water", "Sin agua", "Water and sewers", "water", (1, CALENDAR_DAYS),
        "no water,water off,pressure,tap", "No water, or very low pressure, at the tap.",
        "Sin agua o con muy poca presión en la llave.",
        (yes_no("whole_building", "Is the whole building without water?", "¿Todo el edificio está sin agua?"),
         Question("since", Datatype.DATETIME, "Since when?", "¿Desde cuándo?")),
        priority=Priority.HIGH, share=0.6, days_to_close=0.5,
        examples=("No water in the whole building since this morning",),
    ),
    Service(
        "hydrant", "Open or damaged fire hydrant", "Hidrante abierto o dañado", "Water and sewers", "water",
        (1, CALENDAR_DAYS), "hydrant,fire hydrant,open hydrant,leaking",
        "A fire hydrant that is open, leaking, damaged or knocked over.",
        "Un hidrante abierto, con fugas, dañado o derribado.",
        (pick("problem", "What is wrong?", "¿Cuál es el problema?", ("open", "Open", "Abierto"),
              ("leaking", "Leaking", "Con fuga"),
              ("damaged", "Damaged", "Dañado"), ("knocked_over", "Knocked over", "Derribado")),),
        share=0.7, days_to_close=1, months=WARM_MONTHS, examples=("Kids opened the hydrant on the corner",),
    ),
    Service(
        "sewer-backup", "Sewer backup", "Retorno de aguas negras", "Water and sewers", "water", (1, CALENDAR_DAYS),
        "sewer,backup,basement,flooding,drain", "Sewage backing up into a basement or the street.",
        "Aguas negras que regresan a un sótano o a la calle.",
        (pick("where", "Where?", "¿Dónde?", ("basement", "Basement", "Sótano"), ("street", "Street", "Calle")),
         DETAILS),
        priority=Priority.HIGH, share=0.8, days_to_close=1, examples=("Sewage coming up through the basement drain",),
    ),
    Service(
        "catch-basin", "Clogged catch basin", "Sumidero tapado", "Water and sewers", "water", (5, BUSINESS_DAYS),
        "catch basin,drain,storm drain,flooding,clogged", "A street drain that is clogged, broken or flooding.",
        "Un sumidero de la calle tapado, roto o que se inunda.",
        (pick("problem", "What is wrong?", "¿Cuál es el problema?", ("clogged", "Clogged", "Tapado"),
              ("flooding", "Street flooding", "Calle inundada"), ("grate", "Broken grate", "Rejilla rota"),
              ("odor", "Bad smell", "Mal olor")),),
        share=1.0, days_to_close=5, examples=("Drain clogged with leaves, corner floods every rain",),
    ),
    Service(
        "water-quality", "Water quality (taste, color, smell)", "Calidad del agua (sabor, color, olor)",
        "Water and sewers", "water", (2, CALENDAR_DAYS), "water quality,brown water,taste,smell,lead",
        "Tap water that looks, tastes or smells wrong.", "Agua de la llave con mal aspecto, sabor u olor.",
        (pick("problem", "What is wrong with the water?", "¿Qué le pasa al agua?", ("color", "Color", "Color"),
              ("taste", "Taste", "Sabor"), ("smell", "Smell", "Olor"), ("particles", "Particles", "Partículas"),
              many=True),),
        share=0.4, days_to_close=2, examples=("Brown water from every tap",),
    ),
    # --- Parks and forestry --------------------------------------------------------------------------
    Service(
        "fallen-tree", "Fallen tree or limb", "Árbol o rama caída", "Trees", "parks", (2, CALENDAR_DAYS),
        "tree,fallen,limb,branch,storm", "A city tree or large branch that has fallen or is hanging.",
        "Un árbol municipal o rama grande que cayó o está colgando.",
        (pick("what", "What fell?", "¿Qué cayó?", ("tree", "Whole tree", "Árbol entero"),
              ("limb", "Large limb", "Rama grande"),
              ("branch", "Small branch", "Rama pequeña"), ("hanging", "Hanging limb", "Rama colgando")),
         pick("blocking", "What is it blocking or touching?", "¿Qué bloquea o toca?", ("street", "Street", "Calle"),
              ("sidewalk", "Sidewalk", "Acera"), ("car", "A car", "Un auto"), ("house", "A house", "Una casa"),
              required=False, many=True)),
        priority=Priority.HIGH, share=1.8, days_to_close=2,
        examples=("Big limb down across the sidewalk after the storm",),
    ),
    Service(
        "tree-trimming", "Tree trimming", "Poda de árbol", "Trees", "parks", (30, BUSINESS_DAYS),
        "tree,trim,prune,branches,overgrown", "A city tree (in the parkway) that needs pruning.",
        "Un árbol municipal (en la franja de césped) que necesita poda.",
        (pick("reasons", "Why does it need trimming?", "¿Por qué necesita poda?",
              ("light", "Blocking a street light", "Tapa una farola"), ("sign", "Blocking a sign", "Tapa una señal"),
              ("low", "Low branches over the sidewalk", "Ramas bajas sobre la acera"),
              ("house", "Touching a house", "Toca una casa"), ("dead", "Dead branches", "Ramas secas"), many=True),),
        share=1.2, days_to_close=35, examples=("Branches hanging over the sidewalk, people have to duck",),
    ),
    Service(
        "tree-planting", "Tree planting request", "Solicitud de plantación de árbol", "Trees", "parks", None,
        "plant,tree,new tree,parkway",
        "Ask for a new tree in the parkway in front of your home. Planting is in spring and fall.",
        "Solicite un árbol nuevo frente a su casa. Se planta en primavera y otoño.",
        (pick("parkway_width", "How wide is the parkway?", "¿Qué ancho tiene la franja de césped?",
              ("narrow", "Under 4 feet", "Menos de 1,2 m"), ("wide", "4 feet or more", "1,2 m o más")),),
        kind=ServiceKind.BATCH, share=0.4, days_to_close=60, examples=("Please plant a tree in front of 1520",),
    ),
    Service(
        "park-maintenance", "Park maintenance", "Mantenimiento de parque", "Parks", "parks", (5, BUSINESS_DAYS),
        "park,bench,restroom,fountain,litter,field",
        "Litter, broken benches, restrooms, fountains or lights in a park.",
        "Basura, bancos rotos, baños, fuentes o luces en un parque.",
        (PARK_NAME, pick("issues", "What needs fixing?", "¿Qué hay que reparar?", ("litter", "Litter", "Basura"),
                         ("bench", "Broken bench", "Banco roto"), ("restroom", "Restroom", "Baño"),
                         ("fountain", "Drinking fountain", "Bebedero"), ("lights", "Lights", "Luces"), many=True)),
        share=0.8, days_to_close=5, examples=("Restrooms locked all weekend", "Bench broken by the pond"),
    ),
    Service(
        "playground-broken", "Broken playground equipment", "Juegos infantiles dañados", "Parks", "parks",
        (3, BUSINESS_DAYS), "playground,swing,slide,equipment,broken", "Broken or unsafe playground equipment.",
        "Juegos infantiles rotos o inseguros.",
        (PARK_NAME, pick("equipment", "Which equipment?", "¿Qué juego?", ("swing", "Swing", "Columpio"),
                         ("slide", "Slide", "Resbaladilla"),
                         ("climber", "Climbing structure", "Estructura para trepar"),
                         ("surface", "Ground surface", "Superficie del suelo"),
                         ("fence", "Fence or gate", "Cerca o puerta"))),
        priority=Priority.HIGH, share=0.4, days_to_close=4, examples=("Swing chain broken, sharp edge",),
    ),
    # --- Public health -------------------------------------------------------------------------------
    Service(
        "rodents", "Rats or mice", "Ratas o ratones", "Health", "health", (5, BUSINESS_DAYS),
        "rats,rat,mice,rodent,burrows,baiting",
        "Rats seen outside, or burrows in yards and alleys. Crews bait the block.",
        "Ratas vistas afuera o madrigueras en patios y callejones. Los equipos colocan cebo en la cuadra.",
        (pick("seen", "What did you see?", "¿Qué vio?", ("rats", "Rats", "Ratas"),
              ("burrows", "Burrows", "Madrigueras"),
              ("droppings", "Droppings", "Excrementos")),
         pick("where", "Where?", "¿Dónde?", ("alley", "Alley", "Callejón"), ("yard", "Yard", "Patio"),
              ("carts", "Garbage carts", "Contenedores"), ("building", "Building", "Edificio"), many=True)),
        share=3.0, days_to_close=6,
        examples=("Rats running around the garbage carts", "Burrows all along the alley"),
    ),
    Service(
        "food-establishment", "Food establishment complaint", "Queja sobre un establecimiento de comida", "Health",
        "health", (5, BUSINESS_DAYS), "restaurant,food,dirty,sick,food poisoning,kitchen",
        "Unsanitary conditions, pests or food poisoning at a restaurant or store.",
        "Condiciones insalubres, plagas o intoxicación en un restaurante o tienda.",
        (BUSINESS, pick("issues", "What happened?", "¿Qué pasó?", ("pests", "Pests", "Plagas"),
                        ("unsanitary", "Unsanitary", "Insalubre"), ("illness", "Got sick", "Me enfermé"),
                        ("temperature", "Food not kept hot or cold", "Comida sin refrigerar o sin calentar"),
                        many=True),
         Question("visited_at", Datatype.DATETIME, "When were you there?", "¿Cuándo estuvo allí?"), DETAILS),
        share=0.8, days_to_close=7, examples=("Saw a mouse in the dining room", "Got sick after eating there"),
    ),
    Service(
        "mosquitoes", "Standing water and mosquitoes", "Agua estancada y mosquitos", "Health", "health",
        (5, BUSINESS_DAYS), "mosquito,standing water,pool,tires", "Standing water where mosquitoes breed.",
        "Agua estancada donde se crían mosquitos.", (WHERE,), share=0.3, days_to_close=5, months=WARM_MONTHS,
        examples=("Abandoned pool full of green water",),
    ),
    # --- Animal care ---------------------------------------------------------------------------------
    Service(
        "stray-dog", "Stray dog", "Perro callejero", "Animals", "animals", (1, CALENDAR_DAYS),
        "dog,stray,loose dog,animal", "A loose dog with no owner in sight.", "Un perro suelto sin dueño a la vista.",
        (DOG_COUNT, pick("behavior", "How is it behaving?", "¿Cómo se comporta?", ("friendly", "Friendly", "Amigable"),
                         ("scared", "Scared", "Asustado"), ("aggressive", "Aggressive", "Agresivo"))),
        share=1.0, days_to_close=1, examples=("Loose dog running in traffic", "Two stray dogs by the school"),
    ),
    Service(
        "animal-bite", "Animal bite", "Mordedura de animal", "Animals", "animals", (1, CALENDAR_DAYS),
        "bite,bitten,dog bite,rabies", "Someone was bitten by an animal. See a doctor; for serious injuries call 911.",
        "Alguien fue mordido por un animal. Consulte a un médico; si es grave, llame al 911.",
        (Question("animal", Datatype.SINGLEVALUELIST, "What animal?", "¿Qué animal?", True, ANIMALS),
         Question("bitten_at", Datatype.DATETIME, "When did it happen?", "¿Cuándo ocurrió?", required=True),
         yes_no("owner_known", "Do you know the owner?", "¿Conoce al dueño?")),
        priority=Priority.HIGH, share=0.3, days_to_close=2, examples=("Neighbor's dog bit my son",),
    ),
    Service(
        "animal-neglect", "Animal neglect", "Animal descuidado", "Animals", "animals", (2, CALENDAR_DAYS),
        "neglect,cruelty,dog outside,no water,chained", "An animal left without food, water or shelter.",
        "Un animal sin comida, agua o refugio.", (DETAILS,), share=0.5, days_to_close=3,
        examples=("Dog chained outside in the cold all night",),
    ),
    # --- Human services ------------------------------------------------------------------------------
    Service(
        "homeless-encampment", "Homeless encampment (outreach)", "Campamento de personas sin hogar (asistencia)",
        "Human services", "fss", (2, BUSINESS_DAYS), "homeless,encampment,tent,shelter,outreach",
        "Ask outreach workers to visit people living outside and offer shelter and services.",
        "Pida que trabajadores sociales visiten a personas que viven en la calle y les ofrezcan refugio y servicios.",
        (Question("people", Datatype.NUMBER, "About how many people?", "¿Cuántas personas, aproximadamente?"),
         pick("needs", "Does anyone seem to need help now?", "¿Alguien parece necesitar ayuda ahora?",
              ("medical", "Medical help", "Ayuda médica"), ("shelter", "Shelter", "Refugio"),
              ("food", "Food", "Comida"),
              required=False, many=True), DETAILS),
        share=1.2, days_to_close=3, examples=("Two tents under the viaduct", "Man sleeping at the bus shelter"),
    ),
    # --- 311 -----------------------------------------------------------------------------------------
    Service(
        "other", "Other city service", "Otro servicio municipal", "Other", "311", (3, BUSINESS_DAYS),
        "other,question,complaint,help", "Anything not listed: the 311 desk reads it and sends it to the right place.",
        "Cualquier otra cosa: el equipo del 311 lo lee y lo envía al lugar correcto.", (DETAILS,),
        share=1.0, days_to_close=3, examples=("Not sure who to ask about the empty lot next door",),
    ),
    # --- Emergencies: never filed, residents are told to call 911 --------------------------------------
    Service(
        "gas-leak", "Gas leak", "Fuga de gas", "Emergencies", "311", None, "gas,gas leak,smell gas",
        "If you smell gas, leave the building and call 911 from outside.",
        "Si huele a gas, salga del edificio y llame al 911 desde afuera.",
        priority=Priority.URGENT,
        emergency_message="Leave the area now and call 911 from outside. Do not use light switches or phones nearby.",
    ),
    Service(
        "downed-power-line", "Downed power line", "Cable eléctrico caído", "Emergencies", "311", None,
        "power line,wire down,downed wire,electric", "Stay at least 35 feet away from a fallen wire and call 911.",
        "Aléjese al menos 10 metros de un cable caído y llame al 911.",
        priority=Priority.URGENT,
        emergency_message="Stay at least 35 feet away from the wire and call 911 now.",
    ),
)

ROUTING_RULES = (
    Rule(("pothole", "alley-pothole"), "council-district", ("1", "2", "3"), "dpw", "Streets North crew", 50,
         "North side streets crew"),
    Rule(("pothole", "alley-pothole"), "council-district", ("4", "5", "6"), "dpw", "Streets South crew", 50,
         "South side streets crew"),
    *(Rule(("missed-trash", "missed-recycling"), "sanitation-zone", (zone,), "san", f"Zone {zone} crew", 50,
           f"Collection crew of zone {zone}") for zone in "ABCD"),
    Rule(("bulk-pickup",), "", (), "san", "Bulk pickup", 50, "Bulk pickup truck, city-wide"),
    Rule(("graffiti",), "", (), "san", "Graffiti blasters", 50, "Graffiti blasters, city-wide"),
    # Inside the park the rangers take everything (trees, litter, noise) unless a rule above says otherwise.
    Rule((), "park", ("riverfront",), "parks", "Riverfront Park rangers", 90, "Everything inside Riverfront Park"),
)
