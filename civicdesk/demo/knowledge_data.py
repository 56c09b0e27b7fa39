"""The demo City of Riverton's knowledge base: plain-language answers in English and Spanish.

Modeled on the answers real US 311 centers publish (NYC 311, Chicago CHI311, Boston 311, Austin 311):
what residents ask most, answered so that many questions end here with no request filed. Bodies are
plain text: paragraphs separated by a blank line, "- " for list items, "## " for headings.
`services` are the related demo service codes (see catalog_data.py).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class ArticleData:
    slug: str
    group: str
    services: tuple[str, ...]
    title: str
    title_es: str
    summary: str
    summary_es: str
    keywords: str
    keywords_es: str
    body: str
    body_es: str


ARTICLES = (
    ArticleData(
        "bulk-trash-pickup", "Sanitation", ("bulk-pickup", "illegal-dumping"),
        "Bulk trash pickup: what we take and when",
        "Recolección de basura voluminosa: qué llevamos y cuándo",
        "Furniture, mattresses and large appliances are picked up free, by appointment, up to 5 items at a time.",
        "Recogemos gratis muebles, colchones y electrodomésticos grandes con cita previa, hasta 5 artículos por vez.",
        "bulk,bulky,large items,furniture,couch,sofa,mattress,appliance,fridge,washer,big trash",
        "voluminosos,muebles,sofá,colchón,electrodoméstico,refrigerador,lavadora,basura grande",
        """Bulk pickup is free for homes with city garbage service. Ask for a pickup online or by calling 311;
you get a pickup day within 4 business days.

## What we take
- Furniture: sofas, chairs, tables, dressers, bed frames
- Mattresses and box springs, wrapped in plastic (bed bugs spread otherwise)
- Large appliances: refrigerators and freezers need their doors removed
- Carpet, rolled and tied in pieces no longer than 4 feet

## What we do not take
- Construction and remodeling debris, concrete, dirt
- Tires, car parts and batteries
- Paint, chemicals and other household hazardous waste
- TVs, computers and other electronics (see "Paint, batteries and electronics")

## When to set it out
Put items at the curb, or in the alley where your garbage is collected, after 6 p.m. the evening before
your pickup day and no later than 7 a.m. on the day. Up to 5 items per pickup.

Items left out without a pickup day count as illegal dumping and may be fined.""",
        """La recolección de artículos voluminosos es gratis para las viviendas con servicio municipal de basura.
Pida una cita en línea o llamando al 311; le daremos un día de recolección dentro de 4 días hábiles.

## Qué recogemos
- Muebles: sofás, sillas, mesas, cómodas, bases de cama
- Colchones y somieres, envueltos en plástico (así no se propagan las chinches)
- Electrodomésticos grandes: a refrigeradores y congeladores hay que quitarles las puertas
- Alfombras enrolladas y atadas en piezas de no más de 4 pies (1.2 m)

## Qué no recogemos
- Escombros de construcción o remodelación, concreto, tierra
- Llantas, piezas y baterías de autos
- Pintura, productos químicos y otros desechos peligrosos del hogar
- Televisores, computadoras y otros aparatos electrónicos (vea "Pintura, baterías y aparatos electrónicos")

## Cuándo sacarlos
Ponga los artículos en la acera, o en el callejón donde se recoge su basura, después de las 6 p.m. de la
noche anterior y a más tardar a las 7 a.m. del día de la cita. Hasta 5 artículos por cita.

Dejar artículos sin cita se considera vertido ilegal y puede multarse.""",
    ),
    ArticleData(
        "recycling-rules", "Sanitation", ("missed-recycling",),
        "What goes in the blue recycling cart",
        "Qué va en el contenedor azul de reciclaje",
        "Clean paper, cardboard, cans, glass bottles and plastic bottles and jugs go in loose. No plastic bags.",
        "Papel limpio, cartón, latas, botellas de vidrio y botellas y galones de plástico van sueltos. Sin bolsas.",
        "recycling,recycle,blue cart,what can I recycle,plastic,glass,cardboard,paper,cans",
        "reciclaje,reciclar,contenedor azul,plástico,vidrio,cartón,papel,latas",
        """Recycling is collected every other week on your garbage day. Put items in the blue cart loose,
empty and rinsed.

## Yes, please
- Paper, mail, magazines, newspaper and flattened cardboard boxes
- Metal cans and clean aluminum foil
- Glass bottles and jars, any color
- Plastic bottles, jugs and tubs (numbers 1, 2 and 5)
- Cartons for milk, juice and soup

## No, thank you
- Plastic bags and plastic wrap: return them to grocery stores
- Food, greasy pizza boxes, paper towels and napkins
- Garden hoses, cords and chains (they jam the sorting machines)
- Foam cups and containers, diapers, batteries

When in doubt, throw it out: one dirty item can spoil a whole truckload.""",
        """El reciclaje se recoge cada dos semanas en su día de basura. Ponga los artículos sueltos en el
contenedor azul, vacíos y enjuagados.

## Sí, por favor
- Papel, correo, revistas, periódicos y cajas de cartón aplanadas
- Latas de metal y papel de aluminio limpio
- Botellas y frascos de vidrio de cualquier color
- Botellas, galones y envases de plástico (números 1, 2 y 5)
- Cartones de leche, jugo y sopa

## No, gracias
- Bolsas y envolturas de plástico: devuélvalas a los supermercados
- Comida, cajas de pizza con grasa, toallas de papel y servilletas
- Mangueras, cables y cadenas (atascan las máquinas)
- Vasos y envases de espuma, pañales, baterías

Si tiene dudas, tírelo a la basura: un solo artículo sucio puede arruinar un camión entero.""",
    ),
    ArticleData(
        "holiday-collection-schedule", "Sanitation", ("missed-trash", "missed-recycling"),
        "Trash and recycling collection on holidays",
        "Recolección de basura y reciclaje en días feriados",
        "When a holiday falls on a weekday, pickup slides one day later for the rest of that week.",
        "Cuando un feriado cae entre semana, la recolección se corre un día para el resto de esa semana.",
        "holiday,holiday schedule,collection day,late pickup,christmas,thanksgiving,new year,july 4",
        "feriado,día festivo,horario,recolección,navidad,acción de gracias,año nuevo",
        """Garbage and recycling crews do not work on these holidays: New Year's Day, Memorial Day, Independence
Day, Labor Day, Thanksgiving Day and Christmas Day.

When one of them falls on a weekday, collection on that day and every later day of the week moves one
day later. Friday's collection moves to Saturday. Collection before the holiday is not affected.

Example: Thanksgiving is a Thursday. Thursday pickups happen on Friday, and Friday pickups on Saturday.

Other city holidays (such as Martin Luther King Jr. Day) do not change collection. Offices, including
the 311 walk-in center, are closed on all city holidays; the 311 phone line and this website stay open.""",
        """Los equipos de basura y reciclaje no trabajan en estos feriados: Año Nuevo, Día de los Caídos, Día de la
Independencia, Día del Trabajo, Día de Acción de Gracias y Navidad.

Si uno de ellos cae entre semana, la recolección de ese día y de los días siguientes de la semana se
corre un día. La del viernes pasa al sábado. La recolección antes del feriado no cambia.

Ejemplo: Acción de Gracias es jueves. Lo del jueves se recoge el viernes, y lo del viernes el sábado.

Otros feriados municipales (como el Día de Martin Luther King Jr.) no cambian la recolección. Las
oficinas, incluido el centro de atención del 311, cierran todos los feriados; la línea 311 y este sitio
web siguen abiertos.""",
    ),
    ArticleData(
        "missed-collection", "Sanitation", ("missed-trash", "missed-recycling"),
        "My trash or recycling was not picked up",
        "No recogieron mi basura o reciclaje",
        "If your cart was out by 7 a.m. and not emptied by the end of the day, report it and we return in 2 days.",
        "Si su contenedor estaba afuera a las 7 a.m. y no lo vaciaron ese día, repórtelo y volvemos en 2 días.",
        "missed pickup,missed trash,garbage not collected,not picked up,cart not emptied,missed recycling",
        "basura no recogida,no recogieron,contenedor lleno,recolección perdida",
        """Before you report a missed pickup, check:
- Was it a holiday week? Pickup may be one day later.
- Was the cart at the curb or alley by 7 a.m., with the lid closed and 3 feet from cars and poles?
- For recycling: was it your recycling week, and was the cart free of plastic bags?

If the answer to all of these is yes, report the missed pickup after 6 p.m. on your collection day or
the next day. A crew returns within 2 business days. Leave the cart out until it is emptied.

If a crew left a tag on your cart, it explains why it was skipped (for example, "bagged recycling").""",
        """Antes de reportar una recolección perdida, revise:
- ¿Fue una semana con feriado? La recolección puede ser un día después.
- ¿Estaba el contenedor en la acera o el callejón a las 7 a.m., con la tapa cerrada y a 3 pies de autos y postes?
- Para reciclaje: ¿era su semana de reciclaje y no había bolsas de plástico en el contenedor?

Si todo es así, reporte la recolección perdida después de las 6 p.m. de su día de recolección o al día
siguiente. Un equipo regresa dentro de 2 días hábiles. Deje el contenedor afuera hasta que lo vacíen.

Si el equipo dejó una etiqueta en su contenedor, ahí se explica por qué no lo vació (por ejemplo,
"reciclaje en bolsas").""",
    ),
    ArticleData(
        "hazardous-waste-electronics", "Sanitation", ("illegal-dumping",),
        "Paint, batteries and electronics: safe disposal",
        "Pintura, baterías y aparatos electrónicos: cómo desecharlos",
        "Household chemicals and electronics never go in the trash: take them to the free drop-off center.",
        "Los químicos del hogar y los aparatos electrónicos no van a la basura: llévelos al centro gratuito.",
        "hazardous waste,paint,batteries,electronics,tv,computer,chemicals,motor oil,light bulbs,e-waste",
        "desechos peligrosos,pintura,baterías,pilas,electrónicos,televisor,computadora,químicos,aceite",
        """The Household Chemicals and Recycling Center at 1150 N River Rd is open Tuesday and Thursday 7 a.m. to
noon, and the first Saturday of each month 8 a.m. to 3 p.m. Drop-off is free for Riverton residents;
bring a bill or ID with your address.

## Take there
- Paint, stains, solvents and pesticides, in their original containers
- Car and household batteries, motor oil and antifreeze
- Fluorescent tubes and bulbs, thermostats with mercury
- TVs, computers, monitors, printers and phones

Latex paint that has dried solid can go in the garbage with the lid off.

Never pour chemicals into a storm drain: drains lead straight to the river.""",
        """El Centro de Químicos del Hogar y Reciclaje en 1150 N River Rd abre martes y jueves de 7 a.m. a
mediodía, y el primer sábado de cada mes de 8 a.m. a 3 p.m. Es gratis para residentes de Riverton;
traiga una factura o identificación con su dirección.

## Lleve allí
- Pintura, barnices, solventes y pesticidas, en su envase original
- Baterías de auto y pilas, aceite de motor y anticongelante
- Tubos y focos fluorescentes, termostatos con mercurio
- Televisores, computadoras, monitores, impresoras y teléfonos

La pintura de látex completamente seca puede ir a la basura sin tapa.

Nunca vierta químicos en una alcantarilla: van directo al río.""",
    ),
    ArticleData(
        "parking-tickets", "Parking and vehicles", ("illegal-parking",),
        "Parking tickets: pay, contest or ask about a ticket",
        "Multas de estacionamiento: pagar, impugnar o consultar",
        "Pay or contest a parking ticket within 21 days to avoid a late penalty. 311 cannot cancel tickets.",
        "Pague o impugne una multa de estacionamiento dentro de 21 días para evitar recargos. El 311 no las anula.",
        "parking ticket,citation,fine,pay ticket,contest ticket,dispute,late fee,boot",
        "multa,multa de estacionamiento,pagar multa,impugnar,apelar,recargo,cepo",
        """You have 21 days from the date on the ticket to pay it or contest it. After that a late penalty equal
to the fine is added, and unpaid tickets can lead to a boot.

## To pay
Pay online at riverton.example/tickets with the ticket number or your plate, by mail with the envelope
on the ticket, or in person at the Department of Finance, 200 City Hall Plaza.

## To contest
Ask for a hearing online, by mail or in person within 21 days. Send photos, receipts or a broken-meter
report that support your case. A hearing officer decides and mails the result.

## Common questions
- Lost your ticket? Look it up by license plate online.
- Ticketed at a broken meter? Report the meter and mention the report when you contest.
- 311 staff cannot cancel, reduce or extend tickets.""",
        """Tiene 21 días desde la fecha de la multa para pagarla o impugnarla. Después se suma un recargo igual a
la multa, y las multas sin pagar pueden llevar a que le pongan un cepo al auto.

## Para pagar
Pague en línea en riverton.example/tickets con el número de la multa o su placa, por correo con el
sobre de la multa, o en persona en el Departamento de Finanzas, 200 City Hall Plaza.

## Para impugnar
Pida una audiencia en línea, por correo o en persona dentro de 21 días. Envíe fotos, recibos o el
reporte de un parquímetro roto que apoyen su caso. Un funcionario decide y le envía el resultado.

## Preguntas comunes
- ¿Perdió la multa? Búsquela en línea por su placa.
- ¿Le multaron junto a un parquímetro roto? Repórtelo y mencione el reporte al impugnar.
- El personal del 311 no puede anular, reducir ni extender multas.""",
    ),
    ArticleData(
        "towed-vehicle", "Parking and vehicles", ("illegal-parking", "blocked-driveway", "abandoned-vehicle"),
        "My car was towed: how to find it and get it back",
        "Mi auto fue remolcado: cómo encontrarlo y recuperarlo",
        "Look up your plate to find the pound, then bring ID, proof of ownership and the towing fee.",
        "Busque su placa para saber en qué depósito está y lleve identificación, prueba de propiedad y la tarifa.",
        "towed,tow,car towed,impound,pound,find my car,relocated",
        "remolcado,grúa,auto remolcado,depósito,corralón,encontrar mi auto",
        """Look up your license plate at riverton.example/towed or call 311. If your car is not listed, it may have
been moved to a nearby street during street sweeping or snow removal, or it may have been stolen: call
the police non-emergency line.

## To get it back
Go to the Riverton Auto Pound, 3300 S Industrial Ave, open every day, around the clock. Bring:
- A driver's license or state ID
- The title or registration in your name
- The towing fee ($150) plus $20 for each day of storage, and any unpaid tickets

Come soon: storage fees add up every day, and cars left more than 30 days may be sold.""",
        """Busque su placa en riverton.example/towed o llame al 311. Si su auto no aparece, puede que lo hayan
movido a una calle cercana por la limpieza de calles o la nieve, o que lo hayan robado: llame a la línea
de la policía para casos que no son emergencias.

## Para recuperarlo
Vaya al Depósito de Autos de Riverton, 3300 S Industrial Ave, abierto todos los días, a toda hora. Lleve:
- Licencia de conducir o identificación estatal
- El título o registro a su nombre
- La tarifa de remolque ($150) más $20 por día de almacenamiento, y las multas pendientes

Vaya pronto: el almacenamiento se cobra cada día, y los autos con más de 30 días pueden venderse.""",
    ),
    ArticleData(
        "abandoned-vehicles", "Parking and vehicles", ("abandoned-vehicle",),
        "Abandoned vehicles: when a car counts as abandoned",
        "Vehículos abandonados: cuándo un auto se considera abandonado",
        "A car on a public street that has not moved for 7 days, or is wrecked or has no plates, can be towed.",
        "Un auto en la calle que no se ha movido en 7 días, o está destrozado o sin placas, puede ser remolcado.",
        "abandoned car,abandoned vehicle,junk car,not moved,flat tires,no plates,wrecked car",
        "auto abandonado,vehículo abandonado,chatarra,no se mueve,llantas ponchadas,sin placas",
        """A vehicle on a public street or alley may be abandoned when it:
- has not moved for more than 7 days,
- has flat tires, broken windows or missing parts,
- has no license plates or expired registration, or
- is clearly unable to be driven.

After you report it, an officer checks it and puts a warning sticker on it. If it has not moved 7 days
later, it is towed. Tell us the make, color and plate if you can see them.

Cars on private property (a driveway, a parking lot) are the property owner's to deal with; the city
acts only on public streets and alleys.""",
        """Un vehículo en una calle o callejón público puede estar abandonado cuando:
- no se ha movido en más de 7 días,
- tiene llantas ponchadas, ventanas rotas o le faltan piezas,
- no tiene placas o el registro está vencido, o
- claramente no puede circular.

Después de su reporte, un agente lo revisa y le pone un aviso. Si 7 días después no se ha movido, se
remolca. Díganos la marca, el color y la placa si los ve.

Los autos en propiedad privada (una entrada, un estacionamiento) son responsabilidad del dueño de la
propiedad; la ciudad actúa solo en calles y callejones públicos.""",
    ),
    ArticleData(
        "property-tax-due-dates", "Taxes and payments", (),
        "Property tax: due dates and how to pay",
        "Impuesto sobre la propiedad: fechas de pago y cómo pagar",
        "Property tax is paid in two installments, due March 1 and September 1. Pay online, by mail or in person.",
        "El impuesto sobre la propiedad se paga en dos cuotas, el 1 de marzo y el 1 de septiembre.",
        "property tax,real estate tax,tax bill,due date,installment,homestead exemption,senior exemption,assessment",
        "impuesto sobre la propiedad,impuesto predial,factura de impuestos,fecha de pago,cuota,exención",
        """Riverton property tax bills are mailed twice a year. The first installment is due March 1 and the
second September 1. When the date falls on a weekend, payment is due the next business day.

## How to pay
- Online at riverton.example/tax with your parcel number (no fee for bank transfers)
- By mail to the City Treasurer, PO Box 1100, Riverton (postmarked by the due date)
- In person at the Treasurer's office, 200 City Hall Plaza, weekdays 8 a.m. to 5 p.m.

Late payments are charged 1.5% interest per month.

## Lower your bill
Homeowners who live in their home can apply for the homestead exemption; residents 65 and older and
veterans with disabilities may qualify for more. Apply to the Assessor by July 1.

If you think your assessed value is wrong, you can appeal within 30 days of the assessment notice.""",
        """Las facturas del impuesto sobre la propiedad de Riverton se envían dos veces al año. La primera cuota
vence el 1 de marzo y la segunda el 1 de septiembre. Si la fecha cae en fin de semana, se paga el
siguiente día hábil.

## Cómo pagar
- En línea en riverton.example/tax con su número de parcela (sin cargo por transferencia bancaria)
- Por correo al Tesorero Municipal, PO Box 1100, Riverton (con matasellos hasta la fecha de vencimiento)
- En persona en la oficina del Tesorero, 200 City Hall Plaza, días hábiles de 8 a.m. a 5 p.m.

Los pagos atrasados pagan un interés de 1.5% al mes.

## Reduzca su factura
Los propietarios que viven en su casa pueden pedir la exención de vivienda principal; las personas de
65 años o más y los veteranos con discapacidad pueden recibir más. Solicítela al Tasador antes del 1 de julio.

Si cree que el valor tasado es incorrecto, puede apelar dentro de 30 días del aviso de tasación.""",
    ),
    ArticleData(
        "water-bill", "Water and sewers", (),
        "Your water bill: paying it and high bills",
        "Su factura de agua: cómo pagarla y facturas altas",
        "Water bills come every two months. A bill much higher than usual is most often a leaking toilet.",
        "La factura de agua llega cada dos meses. Si es mucho más alta de lo normal, suele ser un inodoro con fuga.",
        "water bill,pay water bill,high water bill,meter,payment plan,shut off,utility bill",
        "factura de agua,pagar agua,factura alta,medidor,plan de pagos,corte de agua",
        """Water and sewer are billed every two months from your meter reading. Pay online at
riverton.example/water, by phone at 312-555-0155, by mail, or at the Water Management office.

## If your bill is high
- Check toilets: put a few drops of food coloring in the tank; if color shows in the bowl within
  15 minutes without flushing, the flapper leaks.
- Look for dripping taps and a running water softener or irrigation system.
- Read your meter at night and again in the morning with no water used: if it moved, there is a leak.

Fix the leak and ask for a one-time leak adjustment within 60 days of the bill.

## Trouble paying?
Payment plans and a discount for households with low income or seniors are available. Water is not shut
off without a written notice at least 10 days before.""",
        """El agua y el alcantarillado se cobran cada dos meses según la lectura de su medidor. Pague en línea en
riverton.example/water, por teléfono al 312-555-0155, por correo o en la oficina de Gestión del Agua.

## Si su factura es alta
- Revise los inodoros: ponga unas gotas de colorante en el tanque; si el color aparece en la taza en
  15 minutos sin jalar la cadena, la válvula tiene fuga.
- Busque llaves que gotean y suavizadores de agua o sistemas de riego que no paran.
- Lea el medidor de noche y otra vez en la mañana sin usar agua: si se movió, hay una fuga.

Repare la fuga y pida un ajuste por fuga (una sola vez) dentro de 60 días de la factura.

## ¿Le cuesta pagar?
Hay planes de pago y un descuento para hogares con bajos ingresos o personas mayores. No se corta el agua
sin un aviso escrito con al menos 10 días de anticipación.""",
    ),
    ArticleData(
        "noise-quiet-hours", "Noise", ("noise-residential", "noise-commercial", "noise-vehicle", "construction-noise"),
        "Noise rules and quiet hours",
        "Reglas sobre el ruido y horas de silencio",
        "Quiet hours are 10 p.m. to 7 a.m. on weeknights and 11 p.m. to 8 a.m. on weekends.",
        "Las horas de silencio son de 10 p.m. a 7 a.m. entre semana y de 11 p.m. a 8 a.m. los fines de semana.",
        "noise,quiet hours,loud music,party,neighbor,barking dog,noise complaint,ordinance",
        "ruido,horas de silencio,música alta,fiesta,vecino,perro ladrando,queja de ruido",
        """Riverton's noise ordinance sets quiet hours from 10 p.m. to 7 a.m. Sunday night through Thursday night,
and from 11 p.m. to 8 a.m. on Friday and Saturday nights. During quiet hours, music, voices or machines
must not be heard inside a neighbor's home.

At any hour, noise that is unreasonably loud (heard more than 100 feet away) is not allowed.

## Before you report
Talking to your neighbor, or your building manager, often works fastest. If it does not, report the
noise while it is happening so an officer can hear it.

## Other rules
- Construction: weekdays 8 a.m. to 8 p.m.; weekends only with a permit.
- Car alarms must stop within 5 minutes.
- Barking dogs: report continuous barking for more than 10 minutes.

If someone is in danger, call 911.""",
        """La ordenanza de ruido de Riverton fija horas de silencio de 10 p.m. a 7 a.m. de domingo a jueves por la
noche, y de 11 p.m. a 8 a.m. los viernes y sábados por la noche. En esas horas, la música, las voces o
las máquinas no deben oírse dentro de la casa de un vecino.

A cualquier hora está prohibido el ruido excesivo (que se oye a más de 100 pies, unos 30 metros).

## Antes de reportar
Hablar con su vecino o con el administrador del edificio suele ser lo más rápido. Si no funciona,
reporte el ruido mientras ocurre para que un agente pueda oírlo.

## Otras reglas
- Construcción: días hábiles de 8 a.m. a 8 p.m.; fines de semana solo con permiso.
- Las alarmas de autos deben apagarse en 5 minutos.
- Perros que ladran: reporte ladridos continuos de más de 10 minutos.

Si alguien está en peligro, llame al 911.""",
    ),
    ArticleData(
        "construction-hours-permits", "Buildings", ("construction-noise", "building-no-permit"),
        "Construction hours and building permits",
        "Horarios de construcción y permisos de obra",
        "Construction is allowed weekdays 8 a.m. to 8 p.m. Most work beyond painting and small repairs needs a permit.",
        "Se permite construir de 8 a.m. a 8 p.m. en días hábiles. Casi toda obra mayor necesita permiso.",
        "construction,permit,building permit,renovation,contractor,work hours,demolition,jackhammer",
        "construcción,permiso,permiso de obra,remodelación,contratista,horario de obra,demolición",
        """Construction work, including deliveries and machines warming up, is allowed on weekdays from 8 a.m. to
8 p.m. Work on weekends and holidays needs an after-hours permit, which must be posted at the site.

## Does my work need a permit?
Yes for: new buildings and additions, demolition, structural changes, roofs, new electrical, plumbing or
heating systems, decks, fences over 6 feet and driveways. No for: painting, flooring, cabinets and small
repairs.

Permits must be posted in a front window or on the fence where they can be read from the sidewalk. You
can look up any address's permits at riverton.example/permits.

Report work without a posted permit, or outside the allowed hours, and an inspector will visit.""",
        """Las obras de construcción, incluidas las entregas y el calentamiento de máquinas, se permiten en días
hábiles de 8 a.m. a 8 p.m. Trabajar en fines de semana o feriados requiere un permiso especial, que debe
estar visible en la obra.

## ¿Mi obra necesita permiso?
Sí para: edificios nuevos y ampliaciones, demoliciones, cambios estructurales, techos, instalaciones
eléctricas, de plomería o calefacción nuevas, terrazas, cercas de más de 6 pies y entradas de autos. No
para: pintar, pisos, gabinetes y reparaciones pequeñas.

El permiso debe estar en una ventana del frente o en la cerca, legible desde la acera. Puede consultar
los permisos de cualquier dirección en riverton.example/permits.

Reporte obras sin permiso visible, o fuera del horario permitido, y un inspector las visitará.""",
    ),
    ArticleData(
        "pothole-repairs", "Streets", ("pothole", "alley-pothole"),
        "How potholes are prioritized and repaired",
        "Cómo se priorizan y reparan los baches",
        "Most potholes are patched within 3 business days; busy streets and dangerous holes come first.",
        "La mayoría de los baches se reparan en 3 días hábiles; primero las calles con más tráfico y los peligrosos.",
        "pothole,potholes,road repair,street repair,hole in road,patch,asphalt,car damage,claim",
        "bache,baches,hoyo,hueco,reparación de calles,asfalto,daño al auto,reclamo",
        """Crews work through reported potholes in this order:
- Holes that are dangerous: deep, large, or in a travel lane of a busy street or bus route
- Other holes on main streets
- Holes on residential streets and alleys

Most potholes are patched within 3 business days of a report; alleys within 5. In winter, crews use a
temporary cold patch that is replaced with hot asphalt in spring.

When many potholes are close together, the street may be scheduled for resurfacing instead; your
request then shows "referred" with the planned date.

## Tire or car damage
If a pothole damaged your car, you can file a claim with the City Clerk within 90 days. Include photos,
the location and repair estimates.""",
        """Los equipos atienden los baches reportados en este orden:
- Baches peligrosos: profundos, grandes o en un carril de una calle con mucho tráfico o ruta de autobús
- Otros baches en calles principales
- Baches en calles residenciales y callejones

La mayoría se reparan en 3 días hábiles después del reporte; los de callejones en 5. En invierno se usa
un parche temporal en frío, que se cambia por asfalto caliente en primavera.

Cuando hay muchos baches juntos, la calle puede programarse para repavimentación; su solicitud mostrará
"remitida" con la fecha prevista.

## Daños a llantas o al auto
Si un bache dañó su auto, puede presentar un reclamo ante la Secretaría Municipal dentro de 90 días.
Incluya fotos, el lugar y presupuestos de reparación.""",
    ),
    ArticleData(
        "streetlights-who-fixes", "Street lights and signals", ("streetlight-out", "alley-light-out"),
        "Street lights: who fixes them, the city or the utility",
        "Farolas: quién las repara, la ciudad o la compañía eléctrica",
        "The city fixes lights on metal poles with a city tag; lights on wooden poles belong to Riverton Electric.",
        "La ciudad repara las luces en postes metálicos con placa; las de postes de madera son de Riverton Electric.",
        "street light,streetlight,light out,lamp,dark street,utility,pole,flickering,electric company",
        "farola,alumbrado,luz apagada,poste,calle oscura,compañía eléctrica,parpadea",
        """Most street lights in Riverton are on metal poles with a small metal tag and a number: the city owns
and fixes these. Report them here with the pole number if you can read it; crews fix most lights within
5 business days.

Lights on wooden poles that also carry power lines belong to Riverton Electric. Report those to Riverton
Electric at 1-800-555-0199 or riverton-electric.example. We cannot repair them.

When a whole block of lights is out, the cause is often a power outage or a cut cable; one report per
block is enough.

If a pole is down or wires are hanging, stay away and call 911.""",
        """La mayoría de las farolas de Riverton están en postes metálicos con una pequeña placa numerada: esas
son de la ciudad y las reparamos. Repórtelas aquí con el número del poste si puede leerlo; los equipos
reparan la mayoría en 5 días hábiles.

Las luces en postes de madera que también llevan cables eléctricos son de Riverton Electric. Repórtelas
a Riverton Electric al 1-800-555-0199 o en riverton-electric.example. Nosotros no podemos repararlas.

Cuando toda una cuadra está apagada, la causa suele ser un apagón o un cable cortado; basta un reporte
por cuadra.

Si un poste está caído o hay cables colgando, aléjese y llame al 911.""",
    ),
    ArticleData(
        "power-outage", "Street lights and signals", ("streetlight-out", "downed-power-line"),
        "Power outages: who to call",
        "Apagones: a quién llamar",
        "Report a power outage to Riverton Electric, not 311. A wire on the ground is an emergency: call 911.",
        "Reporte un apagón a Riverton Electric, no al 311. Un cable en el suelo es una emergencia: llame al 911.",
        "power outage,no power,electricity,blackout,electric company,lights out in house",
        "apagón,sin luz,sin electricidad,corte de luz,compañía eléctrica",
        """Power to homes and businesses comes from Riverton Electric, not the city. Report an outage and see
when power is expected back at riverton-electric.example or 1-800-555-0199.

Stay at least 35 feet away from any wire on the ground or hanging low, even if it looks dead, and call
911. Do not touch anything the wire touches, such as a fence or a car.

During long outages the city opens warming or cooling centers; call 311 to find the nearest one.""",
        """La electricidad de casas y negocios la da Riverton Electric, no la ciudad. Reporte un apagón y vea
cuándo volverá la luz en riverton-electric.example o al 1-800-555-0199.

Aléjese al menos 35 pies (10 metros) de cualquier cable en el suelo o colgando bajo, aunque parezca sin
corriente, y llame al 911. No toque nada que toque el cable, como una cerca o un auto.

En apagones largos la ciudad abre centros para calentarse o refrescarse; llame al 311 para saber cuál
está más cerca.""",
    ),
    ArticleData(
        "sidewalk-repair", "Streets", ("sidewalk-damage",),
        "Broken sidewalks: who repairs them",
        "Aceras rotas: quién las repara",
        "The city repairs public sidewalks; trip hazards near schools and bus stops come first.",
        "La ciudad repara las aceras públicas; primero los peligros cerca de escuelas y transporte público.",
        "sidewalk,broken sidewalk,trip hazard,curb,uneven,cracked sidewalk,cost share",
        "acera,banqueta,acera rota,tropezar,bordillo,desnivel,costo compartido",
        """The public sidewalk in front of your property is repaired by the city. After a report, an inspector
marks squares that are raised or sunken by more than an inch, broken into pieces, or missing.

Repairs are scheduled by risk: first near schools, hospitals, bus stops and where people have fallen,
then everywhere else. Small trip hazards can be ground down within weeks; full replacement may wait for
the next construction season.

Owners who do not want to wait can join the 50/50 cost-share program: the city does the work and the
owner pays half, at a fixed price per square.

Driveway aprons and private walks are the owner's responsibility.""",
        """La acera pública frente a su propiedad la repara la ciudad. Después de un reporte, un inspector marca
las losas levantadas o hundidas más de una pulgada, partidas o faltantes.

Las reparaciones se programan según el riesgo: primero cerca de escuelas, hospitales, paradas de
autobús y donde alguien se ha caído; después en todos los demás lugares. Los desniveles pequeños pueden
limarse en semanas; el cambio completo puede esperar a la siguiente temporada de obras.

Los propietarios que no quieran esperar pueden unirse al programa de costo compartido 50/50: la ciudad
hace la obra y el dueño paga la mitad, a un precio fijo por losa.

Las entradas de autos y los caminos privados son responsabilidad del dueño.""",
    ),
    ArticleData(
        "tree-trimming", "Trees", ("tree-trimming", "fallen-tree"),
        "Tree trimming and city trees",
        "Poda de árboles y árboles de la ciudad",
        "Trees in the parkway between the sidewalk and the curb are the city's: we prune them on request.",
        "Los árboles en la franja entre la acera y la calle son de la ciudad: los podamos si usted lo pide.",
        "tree,trim,prune,tree trimming,branches,parkway tree,dead tree,tree removal,limb",
        "árbol,podar,poda,ramas,árbol muerto,quitar árbol,rama",
        """Trees in the parkway (the strip of grass between the sidewalk and the curb) and in parks belong to the
city. Foresters inspect each request and prune within 30 business days; dead or dangerous trees are
removed, and a new tree is planted in the next season.

Trees on private property are the owner's responsibility, even when branches hang over the street.

Please do not prune, cut or attach anything to a city tree yourself: it is against city law and can
kill the tree.

## Storm damage
A fallen tree or a large hanging branch blocking a street or sidewalk is cleared within 2 days, and
right away when it blocks traffic. If it is on a power line, stay away and call 911.""",
        """Los árboles en la franja de césped entre la acera y la calle, y los de los parques, son de la ciudad.
Los forestales revisan cada solicitud y podan dentro de 30 días hábiles; los árboles muertos o
peligrosos se quitan, y se planta uno nuevo la siguiente temporada.

Los árboles en propiedad privada son responsabilidad del dueño, aunque sus ramas cuelguen sobre la calle.

Por favor no pode, corte ni cuelgue nada de un árbol de la ciudad: va contra la ley municipal y puede
matar el árbol.

## Daños por tormenta
Un árbol caído o una rama grande colgando que bloquea la calle o la acera se retira en 2 días, y de
inmediato si bloquea el tráfico. Si está sobre un cable eléctrico, aléjese y llame al 911.""",
    ),
    ArticleData(
        "free-tree-planting", "Trees", ("tree-planting",),
        "Get a free tree for your parkway",
        "Pida un árbol gratis para su franja de césped",
        "Ask for a free city tree in the parkway in front of your home; planting happens in spring and fall.",
        "Pida un árbol gratis para la franja frente a su casa; se plantan en primavera y otoño.",
        "free tree,plant a tree,tree planting,new tree,parkway,shade",
        "árbol gratis,plantar árbol,plantación,árbol nuevo,sombra",
        """Any resident can ask for a free tree in the parkway in front of their home. A forester checks the space
(room for roots, distance from corners, hydrants and wires) and chooses a species that fits.

Trees are planted in April–May and October–November, in the order requests come in. Please water your
new tree with 15 gallons a week during its first two summers.""",
        """Cualquier residente puede pedir un árbol gratis para la franja frente a su casa. Un forestal revisa el
espacio (lugar para las raíces, distancia de esquinas, hidrantes y cables) y elige una especie adecuada.

Los árboles se plantan en abril–mayo y octubre–noviembre, en el orden de las solicitudes. Por favor
riegue su árbol nuevo con 15 galones (57 litros) por semana durante sus dos primeros veranos.""",
    ),
    ArticleData(
        "street-sweeping", "Sanitation", ("dirty-street",),
        "Street sweeping schedule and parking",
        "Calendario de barrido de calles y estacionamiento",
        "Sweepers run April through November. Move your car on posted sweeping days or it may be ticketed and towed.",
        "Las barredoras pasan de abril a noviembre. Mueva su auto los días señalados o puede ser multado y remolcado.",
        "street sweeping,street cleaning,sweeper,move my car,no parking sign,leaves",
        "barrido de calles,limpieza de calles,barredora,mover mi auto,no estacionarse,hojas",
        """From April 1 to November 30 each residential street is swept once a month, and main streets every week.
Orange "No parking – street cleaning" signs go up at least 24 hours before, with the date and hours.

Cars left on a posted block get a $60 ticket and may be towed to a nearby street. Find your block's
dates at riverton.example/sweeping or sign up for a reminder by text.

Sweeping is canceled in rain below freezing; the posted signs still apply for parking that day.

To ask for a cleanup of broken glass or litter outside the schedule, report a dirty street.""",
        """Del 1 de abril al 30 de noviembre cada calle residencial se barre una vez al mes, y las calles
principales cada semana. Los letreros naranjas "No estacionar – limpieza de calles" se ponen al menos 24
horas antes, con la fecha y el horario.

Los autos en una cuadra señalada reciben una multa de $60 y pueden ser movidos a una calle cercana.
Consulte las fechas de su cuadra en riverton.example/sweeping o pida un recordatorio por mensaje de texto.

El barrido se cancela con lluvia helada; los letreros siguen valiendo para estacionarse ese día.

Para pedir la limpieza de vidrios rotos o basura fuera del calendario, reporte una calle sucia.""",
    ),
    ArticleData(
        "snow-plowing", "Streets", ("snow-ice",),
        "Snow plowing and shoveling rules",
        "Limpieza de nieve y reglas para palear",
        "Main streets and bus routes are plowed first, then side streets. Owners clear sidewalks within 24 hours.",
        "Primero se limpian las calles principales y rutas de autobús, después las residenciales.",
        "snow,plow,snow removal,ice,salt,shovel sidewalk,unplowed street,snow route",
        "nieve,quitanieves,limpieza de nieve,hielo,sal,palear,acera con nieve",
        """When 2 inches of snow fall, plows and salt trucks start on main streets, bus routes and streets near
hospitals and schools. Residential streets are plowed once main streets are clear, usually within 24
hours after the snow stops.

During a declared snow emergency, parking is banned on signed snow routes; cars are towed.

## Your sidewalk
Property owners must clear the sidewalk in front of their property within 24 hours after snow stops,
leaving a path at least 3 feet wide, and keep curb ramps clear. Do not shovel or blow snow into the
street. Neighbors who cannot shovel can ask 311 for the volunteer Snow Corps.""",
        """Cuando caen 2 pulgadas (5 cm) de nieve, los quitanieves y camiones de sal empiezan por las calles
principales, las rutas de autobús y las calles cerca de hospitales y escuelas. Las calles residenciales
se limpian cuando las principales están despejadas, normalmente dentro de 24 horas después de que para
de nevar.

Durante una emergencia por nieve, se prohíbe estacionar en las rutas de nieve señalizadas; los autos se remolcan.

## Su acera
Los propietarios deben limpiar la acera frente a su propiedad dentro de 24 horas después de que pare de
nevar, dejando un paso de al menos 3 pies (1 metro), y mantener libres las rampas. No eche la nieve a la
calle. Los vecinos que no pueden palear pueden pedir al 311 ayuda de los voluntarios del Snow Corps.""",
    ),
    ArticleData(
        "animal-control", "Animals", ("stray-dog", "animal-bite", "animal-neglect"),
        "Animal control: strays, bites, and wild animals",
        "Control de animales: callejeros, mordeduras y animales silvestres",
        "Animal Care & Control picks up stray dogs, investigates bites and neglect, 7 a.m. to 7 p.m. every day.",
        "Control de Animales recoge perros callejeros e investiga mordeduras y maltrato, de 7 a.m. a 7 p.m. a diario.",
        "animal control,stray,loose dog,dog bite,dangerous dog,raccoon,wildlife,bat,animal cruelty,neglect",
        "control de animales,callejero,perro suelto,mordedura,perro peligroso,mapache,fauna silvestre,maltrato",
        """Animal Care & Control officers work 7 a.m. to 7 p.m., every day of the year.

## What they handle
- Stray or loose dogs (from a safe distance, note where it went)
- Animal bites: wash the wound, see a doctor, then report the bite so the animal can be checked for rabies
- Animals without food, water or shelter, or left in a hot car
- Sick or injured wild animals on public property, and bats inside a home

## What they do not handle
Healthy raccoons, opossums, squirrels and skunks on private property are not removed; close off openings
under porches and secure garbage lids so they move on. Licensed wildlife companies can help.

An animal attacking a person right now is an emergency: call 911.""",
        """Los agentes de Cuidado y Control de Animales trabajan de 7 a.m. a 7 p.m., todos los días del año.

## Qué atienden
- Perros callejeros o sueltos (desde una distancia segura, fíjese adónde fue)
- Mordeduras: lave la herida, vea a un médico y luego reporte la mordedura para revisar al animal por rabia
- Animales sin comida, agua o refugio, o encerrados en un auto caliente
- Animales silvestres enfermos o heridos en lugares públicos, y murciélagos dentro de una casa

## Qué no atienden
No se retiran mapaches, zarigüeyas, ardillas ni zorrillos sanos en propiedad privada; cierre las
aberturas bajo los porches y asegure las tapas de la basura para que se vayan. Empresas con licencia
pueden ayudar.

Un animal que ataca a una persona en este momento es una emergencia: llame al 911.""",
    ),
    ArticleData(
        "lost-found-pets", "Animals", ("stray-dog",),
        "Lost or found pet",
        "Mascota perdida o encontrada",
        "Visit the city animal shelter in person every 2 days; strays are held 5 days before adoption.",
        "Visite en persona el refugio municipal cada 2 días; los animales se guardan 5 días antes de la adopción.",
        "lost pet,lost dog,lost cat,found dog,found cat,shelter,microchip,pet license,adopt",
        "mascota perdida,perro perdido,gato perdido,perro encontrado,refugio,microchip,licencia de mascota,adoptar",
        """## If you lost a pet
Go to the Riverton Animal Shelter, 2100 W Harbor St (open every day 11 a.m. to 6 p.m.), and look at the
animals yourself every 2 days: descriptions over the phone often miss a match. Strays are held for 5
days, or 7 days when they wear a city license or have a microchip, and then may be adopted.

Bring proof of ownership (photos, vet records) and pay the reclaim fee; a license is required to take a
dog home.

## If you found a pet
Check for a tag, and ask any vet or the shelter to scan for a microchip for free. You may keep a found
pet while you look for its owner if you file a found report with the shelter; otherwise bring it in.""",
        """## Si perdió a su mascota
Vaya al Refugio de Animales de Riverton, 2100 W Harbor St (abierto todos los días de 11 a.m. a 6 p.m.),
y mire usted mismo a los animales cada 2 días: las descripciones por teléfono a menudo fallan. Los
animales se guardan 5 días, o 7 si tienen licencia municipal o microchip, y luego pueden darse en adopción.

Traiga prueba de que es suyo (fotos, registros del veterinario) y pague la tarifa; para llevarse un
perro se necesita licencia.

## Si encontró una mascota
Busque una placa, y pida a cualquier veterinario o al refugio que revise gratis si tiene microchip.
Puede quedarse con la mascota mientras busca a su dueño si presenta un reporte en el refugio; si no,
llévela al refugio.""",
    ),
    ArticleData(
        "dead-animal-removal", "Sanitation", ("dead-animal",),
        "Dead animal removal",
        "Retiro de animales muertos",
        "Dead animals on streets, sidewalks, alleys and parks are removed within 2 business days.",
        "Los animales muertos en calles, aceras, callejones y parques se retiran en 2 días hábiles.",
        "dead animal,dead dog,dead cat,roadkill,dead bird,carcass,dead raccoon",
        "animal muerto,perro muerto,gato muerto,pájaro muerto,cadáver de animal,mapache muerto",
        """Sanitation removes dead animals from streets, sidewalks, alleys and parks within 2 business days of a
report. Tell us exactly where it is (in the street, on the parkway, in the alley).

On private property, small animals (birds, squirrels) can be double-bagged with gloves and put in the
garbage cart. For larger animals, Sanitation can collect them at the curb: report it and place the
animal, bagged, at the curb.

Do not touch bats or birds found dead in numbers; report them, as Public Health may test them.""",
        """Saneamiento retira animales muertos de calles, aceras, callejones y parques dentro de 2 días hábiles
del reporte. Díganos exactamente dónde está (en la calle, en la franja de césped, en el callejón).

En propiedad privada, los animales pequeños (pájaros, ardillas) pueden ponerse con guantes en doble
bolsa en el contenedor de basura. Para animales más grandes, Saneamiento puede recogerlos en la acera:
repórtelo y deje el animal, embolsado, junto a la acera.

No toque murciélagos ni pájaros encontrados muertos en grupo; repórtelos, pues Salud Pública puede analizarlos.""",
    ),
    ArticleData(
        "heat-season", "Housing", ("heat-hot-water", "housing-code"),
        "Heat and hot water: what landlords must provide",
        "Calefacción y agua caliente: lo que debe dar el propietario",
        "From September 15 to June 1 landlords must keep homes at 68°F by day and 66°F at night; hot water all year.",
        "Del 15 de septiembre al 1 de junio el propietario debe mantener 68°F (20°C) de día y 66°F (19°C) de noche.",
        "heat,no heat,heat season,heating,hot water,cold apartment,landlord,radiator,boiler,temperature",
        "calefacción,sin calefacción,agua caliente,apartamento frío,propietario,casero,radiador,caldera,temperatura",
        """Heat season runs from September 15 to June 1. During it, landlords must keep the inside of every
apartment at least:
- 68°F (20°C) from 6 a.m. to 10:30 p.m.
- 66°F (19°C) from 10:30 p.m. to 6 a.m.

Hot water at 120°F (49°C) must be available all year, at every hour.

## What to do
Tell your landlord or building manager first, in writing if you can. If heat is not back within 24
hours, report it here with your apartment number. An inspector contacts you within a day and can
order repairs and fine the owner.

Never use an oven or a grill to heat your home: carbon monoxide can kill. If a CO alarm sounds, get out
and call 911.

During cold snaps, warming centers are open in the city's community centers.""",
        """La temporada de calefacción va del 15 de septiembre al 1 de junio. En ese tiempo, el propietario debe
mantener cada apartamento por lo menos a:
- 68°F (20°C) de 6 a.m. a 10:30 p.m.
- 66°F (19°C) de 10:30 p.m. a 6 a.m.

Debe haber agua caliente a 120°F (49°C) todo el año, a toda hora.

## Qué hacer
Avise primero al propietario o administrador, por escrito si puede. Si la calefacción no vuelve en 24
horas, repórtelo aquí con su número de apartamento. Un inspector le contactará en un día y puede ordenar
reparaciones y multar al dueño.

Nunca use el horno ni una parrilla para calentar su casa: el monóxido de carbono puede matar. Si suena
una alarma de CO, salga y llame al 911.

Durante el frío extremo, los centros comunitarios de la ciudad abren como centros para calentarse.""",
    ),
    ArticleData(
        "graffiti-removal", "Sanitation", ("graffiti",),
        "Graffiti removal: free for property owners",
        "Eliminación de grafiti: gratis para los propietarios",
        "The city removes graffiti visible from the street for free, usually within 5 business days.",
        "La ciudad elimina gratis el grafiti visible desde la calle, normalmente en 5 días hábiles.",
        "graffiti,tag,tagging,spray paint,vandalism,paint over,hate graffiti",
        "grafiti,pintadas,aerosol,vandalismo,pintar encima,grafiti de odio",
        """Riverton's graffiti crews remove graffiti for free from buildings, garages, fences and walls visible from
a street or alley, usually within 5 business days. They paint over it in a close color or wash it off
with water pressure.

For private property, the owner gives consent once (when reporting, or by signing a form the crew
leaves); the crew then keeps the property clean for good.

Hateful or gang graffiti is removed within 24 hours. Graffiti on mailboxes, utility boxes or bus shelters
is passed on to the owner (the post office, the utility, the transit agency).

Remove it fast: graffiti removed within a day or two is much less likely to come back.""",
        """Los equipos de Riverton eliminan gratis el grafiti de edificios, garajes, cercas y muros visibles desde
una calle o callejón, normalmente en 5 días hábiles. Lo pintan de un color parecido o lo lavan a presión.

En propiedad privada, el dueño da su permiso una vez (al reportar, o firmando el formulario que deja el
equipo); desde entonces el equipo mantiene limpia la propiedad.

El grafiti de odio o de pandillas se quita en 24 horas. El grafiti en buzones, cajas de servicios o
paradas de autobús se pasa a su dueño (el correo, la compañía de servicios, la agencia de transporte).

Quítelo rápido: el grafiti eliminado en uno o dos días vuelve mucho menos.""",
    ),
    ArticleData(
        "rats-and-mice", "Health", ("rodents",),
        "Rats: keep them away and get free baiting",
        "Ratas: cómo alejarlas y pedir control gratis",
        "Public Health baits alleys and yards for free within 5 business days; rats stay only where there is food.",
        "Salud Pública pone cebo gratis en callejones y patios en 5 días hábiles; las ratas viven donde hay comida.",
        "rats,rat,mice,mouse,rodents,rat holes,burrows,baiting,exterminator,pest",
        "ratas,rata,ratones,roedores,madrigueras,cebo,control de plagas,fumigador",
        """Rats need food, water and a place to hide. Take those away and they leave:
- Keep garbage in carts with the lid closed; ask for a new cart if yours is cracked
- Pick up dog waste, fallen fruit and bird seed
- Clear wood piles, junk and tall weeds, and seal holes larger than a quarter

Public Health's rodent crews inspect and bait alleys, yards and vacant lots for free, within 5 business
days of a report. Point out burrows (holes about 2–4 inches wide in the ground) when you report.

Inside a rental home, pest control is the landlord's job; report it as a housing code violation if it
is not done.""",
        """Las ratas necesitan comida, agua y dónde esconderse. Quíteles eso y se van:
- Mantenga la basura en contenedores con la tapa cerrada; pida uno nuevo si el suyo está roto
- Recoja los desechos de perro, la fruta caída y el alpiste
- Quite montones de leña, cachivaches y maleza alta, y tape agujeros más grandes que una moneda

Los equipos de Salud Pública revisan y ponen cebo en callejones, patios y lotes baldíos gratis, dentro de
5 días hábiles del reporte. Indique las madrigueras (agujeros de 5 a 10 cm en la tierra) al reportar.

Dentro de una vivienda alquilada, el control de plagas le toca al propietario; si no lo hace, repórtelo
como violación del código de vivienda.""",
    ),
    ArticleData(
        "street-flooding", "Water and sewers", ("catch-basin", "water-leak", "sewer-backup"),
        "Flooded street, clogged drain or sewer backup",
        "Calle inundada, sumidero tapado o retorno de aguas negras",
        "Report clogged street drains and water coming up from the street; crews answer around the clock.",
        "Reporte sumideros tapados y agua que sale de la calle; los equipos atienden a toda hora.",
        "flooding,flooded street,drain,storm drain,catch basin,sewer backup,basement flooding,water main break",
        "inundación,calle inundada,sumidero,alcantarilla,drenaje,aguas negras,sótano inundado,tubería rota",
        """## Water on the street
After heavy rain, streets can take a few hours to drain. If water stays after the rain stops, a street
drain (catch basin) may be clogged: report it. Water bubbling up from the pavement in dry weather is
usually a broken water main: report it right away.

## Sewage in your basement
Report a sewer backup; crews check the city sewer within a day. If the city sewer is clear, the problem
is in your building's pipe, and you will need a plumber. Backflow valves help prevent it; the city pays
part of the cost.

Never walk or drive through flood water: 6 inches of moving water can knock you down.""",
        """## Agua en la calle
Después de una lluvia fuerte, las calles pueden tardar unas horas en desaguar. Si el agua sigue cuando
ya paró de llover, puede que un sumidero esté tapado: repórtelo. El agua que sale del pavimento sin
lluvia suele ser una tubería principal rota: repórtelo de inmediato.

## Aguas negras en el sótano
Reporte el retorno de aguas negras; los equipos revisan la alcantarilla municipal en un día. Si está
libre, el problema está en la tubería de su edificio y necesitará un plomero. Las válvulas antirretorno
ayudan a evitarlo; la ciudad paga parte del costo.

Nunca camine ni maneje por agua de inundación: 6 pulgadas (15 cm) de agua en movimiento pueden tumbarle.""",
    ),
    ArticleData(
        "tap-water-quality", "Water and sewers", ("water-quality", "no-water"),
        "Is my tap water safe? Brown water and lead",
        "¿Es segura el agua de la llave? Agua turbia y plomo",
        "Riverton's water meets every federal standard. Brown water after nearby work clears if you run the cold tap.",
        "El agua de Riverton cumple todas las normas federales. El agua turbia se aclara dejando correr el agua fría.",
        "water quality,tap water,drinking water,brown water,discolored water,lead,lead test,taste,smell,safe to drink",
        "calidad del agua,agua de la llave,agua potable,agua turbia,agua café,plomo,prueba de plomo,sabor,olor",
        """Riverton tests its water thousands of times a year; it meets every federal and state standard.

## Brown or cloudy water
Work on a water main or a hydrant being opened can stir up rust. Run the cold tap for 5 minutes; if it
is not clear after 20 minutes, report it. Do not run hot water or laundry until it clears. Cloudy water
that clears from the bottom up is only air.

## Lead
Homes built before 1986 may have a lead service line or lead solder. Ask for a free lead test kit, and
until you know: run the tap until it is cold before drinking, use only cold water for cooking and baby
formula, and clean faucet screens.

A change in taste, color or smell that does not go away: report it and an inspector will sample it.""",
        """Riverton analiza su agua miles de veces al año; cumple todas las normas federales y estatales.

## Agua café o turbia
Las obras en una tubería principal o la apertura de un hidrante pueden remover óxido. Deje correr el agua
fría 5 minutos; si no se aclara en 20 minutos, repórtelo. No use agua caliente ni lave ropa hasta que se
aclare. El agua blanquecina que se aclara de abajo hacia arriba es solo aire.

## Plomo
Las casas construidas antes de 1986 pueden tener tubería o soldadura de plomo. Pida un kit gratis para
analizar el plomo, y mientras tanto: deje correr el agua hasta que salga fría antes de beber, use solo
agua fría para cocinar y preparar fórmula para bebés, y limpie los filtros de las llaves.

Si un cambio de sabor, color u olor no desaparece, repórtelo y un inspector tomará una muestra.""",
    ),
    ArticleData(
        "mosquitoes-standing-water", "Health", ("mosquitoes",),
        "Mosquitoes and standing water",
        "Mosquitos y agua estancada",
        "Mosquitoes breed in a week in standing water: empty it weekly. Report standing water on public property.",
        "Los mosquitos se crían en una semana en agua estancada: vacíela cada semana.",
        "mosquitoes,mosquito,standing water,west nile,pool,bugs,spraying",
        "mosquitos,zancudos,agua estancada,virus del Nilo Occidental,piscina,fumigación",
        """Mosquitoes lay eggs in still water, and new mosquitoes hatch within a week. Once a week, empty or turn
over buckets, flower-pot saucers, toys, tarps and old tires; change bird-bath water; clean gutters.

Report standing water on public property, or an unkept pool at an empty house, and Public Health will
treat it. The city also treats street drains from June to September and sprays only where tests find
West Nile virus, with notice a day ahead.

Protect yourself from dusk to dawn with insect repellent and long sleeves.""",
        """Los mosquitos ponen huevos en agua quieta, y nacen mosquitos nuevos en una semana. Una vez por semana,
vacíe o voltee cubetas, platos de macetas, juguetes, lonas y llantas viejas; cambie el agua de los
bebederos de pájaros; limpie las canaletas.

Reporte el agua estancada en lugares públicos, o una piscina descuidada en una casa vacía, y Salud
Pública la tratará. La ciudad también trata los sumideros de junio a septiembre y fumiga solo donde las
pruebas encuentran el virus del Nilo Occidental, con un día de aviso.

Protéjase del atardecer al amanecer con repelente y mangas largas.""",
    ),
    ArticleData(
        "help-for-people-outside", "Human services", ("homeless-encampment",),
        "Help for someone living outside",
        "Ayuda para una persona que vive en la calle",
        "Outreach workers visit within 2 business days to offer shelter and services. In freezing weather, call 311.",
        "Los trabajadores de asistencia visitan en 2 días hábiles para ofrecer albergue y servicios.",
        "homeless,homelessness,shelter,encampment,tent,sleeping outside,outreach,warming center",
        "personas sin hogar,indigente,albergue,refugio,campamento,carpa,duerme en la calle,asistencia",
        """Family & Support Services outreach teams visit people living outside to offer shelter, food, health
care and help with documents. After a report, a team visits within 2 business days; in freezing weather
or extreme heat, the same day.

If you are the one who needs a place to stay tonight, call 311 at any hour: shelter intake is open every
day, and families with children are never turned away.

Sleeping outside is not a crime in Riverton; outreach workers do not make arrests. If someone seems very
sick, is not waking up or is in danger, call 911.""",
        """Los equipos de asistencia de Servicios Familiares y de Apoyo visitan a las personas que viven en la
calle para ofrecer albergue, comida, atención médica y ayuda con documentos. Después de un reporte, un
equipo visita en 2 días hábiles; con frío bajo cero o calor extremo, el mismo día.

Si usted necesita un lugar para dormir esta noche, llame al 311 a cualquier hora: la admisión a los
albergues abre todos los días, y las familias con niños siempre son recibidas.

Dormir en la calle no es delito en Riverton; los trabajadores de asistencia no arrestan a nadie. Si una
persona parece muy enferma, no despierta o está en peligro, llame al 911.""",
    ),
    ArticleData(
        "track-your-request", "Using 311", (),
        "Track a request and get updates",
        "Siga su solicitud y reciba novedades",
        "Every request gets a tracking number. Look it up any time to see its status, expected date and notes.",
        "Cada solicitud recibe un número de seguimiento. Consúltelo cuando quiera para ver su estado y fecha prevista.",
        "track,tracking number,status,my request,update,follow,check status,service request number",
        "seguimiento,número de seguimiento,estado,mi solicitud,novedades,seguir,consultar",
        """When you report a problem, you get a tracking number such as 7KQ4-M29X on screen, and by email or text if
you gave one. Enter it on the "Track a request" page to see:
- the status (new, assigned, in progress, resolved, closed), and every change with its date
- the department working on it and the date we expect to finish
- notes the crew left for the public

Follow a request to get an email or text when its status changes, including requests other people made.

If a request was closed but the problem is still there, answer the short survey sent when it closes and
choose "not fixed": staff review it and reopen it.""",
        """Cuando reporta un problema, recibe un número de seguimiento como 7KQ4-M29X en pantalla, y por correo o
mensaje de texto si nos dio uno. Escríbalo en la página "Seguir una solicitud" para ver:
- el estado (nueva, asignada, en curso, resuelta, cerrada), y cada cambio con su fecha
- el departamento que la atiende y la fecha en que esperamos terminar
- las notas públicas del equipo

Siga una solicitud para recibir un correo o mensaje cuando cambie su estado, aunque la haya hecho otra persona.

Si cerraron una solicitud pero el problema sigue, responda la breve encuesta que se envía al cerrarla y
elija "no se resolvió": el personal la revisa y la vuelve a abrir.""",
    ),
    ArticleData(
        "vacant-lots-weeds", "Sanitation", ("overgrown-weeds", "vacant-building"),
        "Overgrown lots and vacant buildings",
        "Lotes con maleza y edificios vacíos",
        "Owners must keep weeds under 10 inches and vacant buildings closed, or the city does it and bills them.",
        "Los dueños deben mantener la maleza bajo 10 pulgadas y los edificios vacíos cerrados.",
        "weeds,tall grass,vacant lot,overgrown,vacant building,abandoned house,boarded up,squatters",
        "maleza,hierba alta,lote baldío,terreno abandonado,edificio vacío,casa abandonada,tapiado",
        """Owners of vacant lots must keep weeds and grass under 10 inches and the lot free of trash. After a
report, an inspector sends the owner a notice with 10 days to comply; if nothing is done, city crews cut
and clean the lot and bill the owner.

Vacant buildings must be locked and boarded so no one can get in. Report an open door or window, signs
of people inside or fire damage, and an inspector will order it secured, or secure it within days when it
is dangerous.

See someone breaking in right now? Call 911.""",
        """Los dueños de lotes baldíos deben mantener la maleza y el pasto bajo 10 pulgadas (25 cm) y el lote sin
basura. Después de un reporte, un inspector envía al dueño un aviso con 10 días para cumplir; si no hace
nada, los equipos de la ciudad cortan y limpian el lote y le cobran al dueño.

Los edificios vacíos deben estar cerrados y tapiados para que nadie entre. Reporte una puerta o ventana
abierta, señales de personas adentro o daños por fuego, y un inspector ordenará cerrarlo, o lo cerrará
en días si es peligroso.

¿Ve a alguien entrando a la fuerza ahora? Llame al 911.""",
    ),
)
