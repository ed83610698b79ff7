"""The corpora of the themes benchmark (bench/themes.py): Pol.is comments and a synthetic set
of short answers. No Django: the Pol.is comments are read by the project's own parser
(groundwork.analysis.polis_io), the synthetic set from the standard library.

The synthetic corpus has real topical structure: 12 topics, each with its own subjects and
complaints in English and in Spanish (30% of the answers), joined at random and followed by
the shared tails and extra sentences of bench/seed_planning.py (the same noise in every
topic). Every answer's planted topic is returned beside it. Generation is seeded.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from seed_planning import EXTRA, TAILS  # noqa: E402

from groundwork.analysis.polis_io import read_comments  # noqa: E402

SPANISH_SHARE = 0.3

#: topic -> language -> (subjects, complaints)
TOPICS: dict[str, dict[str, tuple[list[str], list[str]]]] = {
    "transport": {
        "en": (
            [
                "The bus to the clinic",
                "The only bus route",
                "Getting a ride to town",
                "The county van",
                "Public transit",
                "The bus schedule",
            ],
            [
                "stops running before people get off work",
                "never comes on weekends",
                "costs too much for seniors",
                "skips the rural roads",
                "makes people miss their appointments",
                "takes two hours each way",
            ],
        ),
        "es": (
            [
                "El autobús a la clínica",
                "La única ruta de autobús",
                "Conseguir transporte",
                "La camioneta del condado",
                "El transporte público",
            ],
            [
                "deja de pasar antes de que salgamos del trabajo",
                "no pasa los fines de semana",
                "cuesta demasiado para los mayores",
                "no llega a los caminos rurales",
                "hace que la gente pierda sus citas",
            ],
        ),
    },
    "housing": {
        "en": (
            [
                "Rent",
                "Housing",
                "Finding an apartment",
                "The trailer park",
                "Our landlord",
                "Affordable housing",
            ],
            [
                "went up again and families are doubling up",
                "is out of reach for young families",
                "has mold and leaks that nobody fixes",
                "evicts people with no warning",
                "costs more than half of a paycheck",
                "has a waiting list of two years",
            ],
        ),
        "es": (
            [
                "La renta",
                "La vivienda",
                "Encontrar apartamento",
                "El dueño de la casa",
                "Las casas móviles",
            ],
            [
                "subió otra vez y varias familias comparten apartamento",
                "está fuera del alcance de las familias jóvenes",
                "tiene moho y goteras que nadie arregla",
                "desaloja a la gente sin aviso",
                "cuesta más de la mitad del sueldo",
            ],
        ),
    },
    "youth": {
        "en": (
            [
                "Teenagers",
                "Young people",
                "Kids after school",
                "Our youth",
                "The middle schoolers",
                "Boys in the neighborhood",
            ],
            [
                "have nowhere to go in the evening",
                "need a safe place to hang out",
                "get bored and get into trouble",
                "would love a skate park or a gym",
                "need mentors and summer jobs",
                "spend all day on their phones",
            ],
        ),
        "es": (
            [
                "Los jóvenes",
                "Los adolescentes",
                "Los niños después de la escuela",
                "Los muchachos del barrio",
            ],
            [
                "no tienen adónde ir en la tarde",
                "necesitan un lugar seguro para reunirse",
                "se aburren y se meten en problemas",
                "necesitan mentores y trabajos de verano",
                "quieren un parque o un gimnasio",
            ],
        ),
    },
    "flooding": {
        "en": (
            [
                "The river",
                "Flooding on Mill Road",
                "Storm water",
                "The creek",
                "Spring floods",
                "The drainage ditch",
            ],
            [
                "floods the same homes every spring",
                "washed out the low bridge again",
                "leaves basements full of mud",
                "backs up into the street after heavy rain",
                "needs a levee or a better culvert",
                "ruined furniture and cars last year",
            ],
        ),
        "es": (
            ["El río", "La inundación", "El agua de lluvia", "El arroyo"],
            [
                "inunda las mismas casas cada primavera",
                "se llevó el puente bajo otra vez",
                "deja los sótanos llenos de lodo",
                "se mete a las calles cuando llueve fuerte",
                "necesita un dique o mejor drenaje",
            ],
        ),
    },
    "addiction": {
        "en": (
            ["Opioids", "Drug overdoses", "Meth", "Addiction", "Fentanyl", "Substance abuse"],
            [
                "took too many people we grew up with",
                "are tearing families apart",
                "need treatment beds close to home, not jail",
                "are everywhere in the county now",
                "leave grandparents raising their grandkids",
                "need recovery support and naloxone",
            ],
        ),
        "es": (
            ["Las drogas", "Las sobredosis", "La adicción", "El fentanilo"],
            [
                "se llevaron a muchos conocidos",
                "están destruyendo a las familias",
                "necesitan tratamiento cerca, no cárcel",
                "dejan a los abuelos criando a los nietos",
                "están por todo el condado",
            ],
        ),
    },
    "seniors": {
        "en": (
            [
                "Seniors living alone",
                "Elderly neighbors",
                "Older folks",
                "Grandparents",
                "Retirees on fixed incomes",
                "Widows in the hills",
            ],
            [
                "are isolated especially in winter",
                "cannot get to the pharmacy",
                "need someone to check on them",
                "cannot afford their medications",
                "struggle with home repairs and snow",
                "do not know how to use the internet",
            ],
        ),
        "es": (
            ["Los adultos mayores", "Los ancianos", "Los abuelos", "Las personas mayores"],
            [
                "están solos sobre todo en invierno",
                "no pueden llegar a la farmacia",
                "necesitan que alguien los visite",
                "no pueden pagar sus medicinas",
                "no saben usar internet",
            ],
        ),
    },
    "jobs": {
        "en": (
            [
                "Good jobs",
                "Work",
                "Wages",
                "The plant closing",
                "Job training",
                "Steady employment",
            ],
            [
                "left many men without work or purpose",
                "pay too little to raise a family",
                "are only found an hour away",
                "never came back after the layoffs",
                "should teach trades like welding and nursing",
                "have no benefits or health insurance",
            ],
        ),
        "es": (
            ["Los trabajos", "Los sueldos", "El trabajo en el campo", "El cierre de la planta"],
            [
                "pagan muy poco para mantener una familia",
                "no tienen seguro médico",
                "dejó a muchos hombres sin trabajo",
                "están a una hora de distancia",
                "no tienen ningún beneficio",
            ],
        ),
    },
    "food": {
        "en": (
            [
                "Kids",
                "Families",
                "The food pantry",
                "Groceries",
                "Fresh vegetables",
                "School lunches",
            ],
            [
                "go hungry over the summer when school meals stop",
                "run out of food stamps mid month",
                "is empty by the end of the week",
                "cost too much at the dollar store",
                "are hard to find without a supermarket",
                "are the only hot meal some children get",
            ],
        ),
        "es": (
            ["Los niños", "Las familias", "La despensa de alimentos", "La comida"],
            [
                "pasan hambre en el verano cuando cierra la escuela",
                "se quedan sin cupones a mitad de mes",
                "está vacía al final de la semana",
                "cuesta demasiado en la tienda",
                "no se consigue fresca sin supermercado",
            ],
        ),
    },
    "childcare": {
        "en": (
            [
                "Childcare",
                "Daycare",
                "Preschool",
                "Babysitting",
                "After school care",
                "Infant care",
            ],
            [
                "is too expensive for working parents",
                "has no openings for a year",
                "closes before the second shift ends",
                "is forty minutes away",
                "keeps mothers from taking a job",
                "needs more licensed providers",
            ],
        ),
        "es": (
            ["El cuidado de niños", "La guardería", "El preescolar", "Cuidar a los bebés"],
            [
                "es demasiado caro para los padres que trabajan",
                "no tiene cupo por un año",
                "cierra antes de que termine el segundo turno",
                "impide que las madres trabajen",
                "está muy lejos",
            ],
        ),
    },
    "internet": {
        "en": (
            [
                "Broadband",
                "Internet service",
                "Cell coverage",
                "Wifi",
                "Our connection",
                "High speed internet",
            ],
            [
                "is slow or missing outside town",
                "drops every time it rains",
                "makes homework impossible for students",
                "costs a fortune for a weak signal",
                "does not reach the farms on the ridge",
                "keeps people from telehealth visits",
            ],
        ),
        "es": (
            ["El internet", "La señal del celular", "El wifi", "La conexión"],
            [
                "es lento o no existe fuera del pueblo",
                "se cae cada vez que llueve",
                "hace imposible la tarea de los estudiantes",
                "cuesta mucho y la señal es débil",
                "no llega a los ranchos",
            ],
        ),
    },
    "mental_health": {
        "en": (
            [
                "Depression",
                "Stress and anxiety",
                "Grief from the flood",
                "Mental health",
                "Suicide",
                "Trauma",
            ],
            [
                "goes untreated because there is no counselor",
                "is something nobody talks about",
                "weighs on families years later",
                "needs a crisis line that answers",
                "hits veterans and farmers hardest",
                "needs therapists who take medicaid",
            ],
        ),
        "es": (
            ["La depresión", "El estrés y la ansiedad", "La salud mental", "El trauma"],
            [
                "no se atiende porque no hay consejeros",
                "es algo de lo que nadie habla",
                "pesa sobre las familias años después",
                "necesita terapeutas que acepten medicaid",
                "afecta más a los trabajadores del campo",
            ],
        ),
    },
    "trust": {
        "en": (
            [
                "People",
                "Immigrant families",
                "Residents",
                "The county offices",
                "The police",
                "Local government",
            ],
            [
                "do not trust the police or the county",
                "are afraid to ask for help",
                "never answer our calls or emails",
                "treat people differently by their last name",
                "hold meetings when working people cannot come",
                "need interpreters and translated forms",
            ],
        ),
        "es": (
            ["La gente", "Las familias inmigrantes", "Las oficinas del condado", "La policía"],
            [
                "no confía en la policía ni en el condado",
                "tiene miedo de pedir ayuda",
                "nunca contesta nuestras llamadas",
                "no tiene intérpretes ni formularios en español",
                "trata diferente a la gente por su apellido",
            ],
        ),
    },
}


def synthetic(n: int, seed: int = 0) -> tuple[list[str], list[str], list[str]]:
    """``n`` answers (texts, languages, planted topics), the same for the same seed."""
    rng = random.Random(seed)
    names = sorted(TOPICS)
    texts: list[str] = []
    langs: list[str] = []
    topics: list[str] = []
    for _ in range(n):
        topic = rng.choice(names)
        lang = "es" if rng.random() < SPANISH_SHARE else "en"
        subjects, complaints = TOPICS[topic][lang]
        text = f"{rng.choice(subjects)} {rng.choice(complaints)}"
        if rng.random() < 0.55:
            text += " " + rng.choice(TAILS[lang])
        text += "."
        for _extra in range(rng.choices([0, 1, 2], [70, 24, 6])[0]):
            text += " " + rng.choice(EXTRA[lang])
        texts.append(text)
        langs.append(lang)
        topics.append(topic)
    return texts, langs, topics


#: Pol.is conversations' languages (others default to English).
POLIS_LANGUAGES = {
    "austria-climate.5twd2jsnkf.2022-08-08": "de",
    "vtaiwan.uberx": "zh",
}


def polis_comments(folder: Path) -> list[str]:
    """The comment texts of one Pol.is export that its moderators kept, in file order.

    Left out: comments moderated out (``moderated == -1``), meta statements (``is-meta``) and
    empty ones, so every method sees what the conversation showed its participants. The
    must-see topic lists (bench/themes_topics/) were written from the same comments.
    """
    comments, _header = read_comments(folder / "comments.csv")
    return [
        text
        for comment in comments
        if not comment.rejected and not comment.is_meta and (text := comment.body.strip())
    ]
