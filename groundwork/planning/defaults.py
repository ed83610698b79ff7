"""The five questions as a new process starts with them, in English and Spanish.

These are content, stored on each process and editable there, so they are written here in
both languages rather than through gettext.
"""

from .models import PhaseKind, QuestionKey

FIVE_QUESTIONS = [
    (
        QuestionKey.PROBLEMS,
        "What are the main problems or issues facing our community?",
        "¿Cuáles son los principales problemas o asuntos que enfrenta nuestra comunidad?",
        "Think about what makes life hard here for you, your family or your neighbors.",
        "Piense en lo que hace difícil la vida aquí para usted, su familia o sus vecinos.",
    ),
    (
        QuestionKey.BARRIERS,
        "What barriers, internal and external, stand in the way of solving them?",
        "¿Qué barreras, internas y externas, impiden resolverlos?",
        "Internal barriers come from within our community; external barriers come from outside it.",
        "Las barreras internas vienen de dentro de nuestra comunidad; las externas, de afuera.",
    ),
    (
        QuestionKey.STRENGTHS,
        "What strengths and resources does our community have to draw on?",
        "¿Qué fortalezas y recursos tiene nuestra comunidad?",
        "People, groups, places, traditions, skills: what is strong here?",
        "Personas, grupos, lugares, tradiciones, habilidades: ¿qué es fuerte aquí?",
    ),
    (
        QuestionKey.ACTIONS,
        "What can we do to overcome the barriers and address the problems?",
        "¿Qué podemos hacer para superar las barreras y atender los problemas?",
        "Ideas that people here could organize themselves.",
        "Ideas que la gente de aquí podría organizar por sí misma.",
    ),
    (
        QuestionKey.ALLIES,
        "Which allies could help: organizations or people outside our community?",
        "¿Qué aliados podrían ayudar: organizaciones o personas fuera de nuestra comunidad?",
        "Who has resources, skills or influence that we need?",
        "¿Quién tiene recursos, habilidades o influencia que necesitamos?",
    ),
]

PHASES = [
    PhaseKind.GATHER,
    PhaseKind.MAKE_SENSE,
    PhaseKind.DECIDE,
    PhaseKind.PLAN,
    PhaseKind.ACT,
    PhaseKind.REVIEW,
]
