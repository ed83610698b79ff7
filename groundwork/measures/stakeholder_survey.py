"""The stakeholder survey shipped with Groundwork, for coalition members, leaders and
stakeholders: how the coalition works, what helps, what gets in the way, and priorities for the
next year. Written for this project in English and Spanish. A network or a community starts a
draft from it and changes what it likes before publishing."""

from typing import Any


def _choices(*rows: tuple[str, str, str]) -> list[dict[str, str]]:
    return [{"value": v, "en": en, "es": es} for v, en, es in rows]


def _likert(prompt_en: str, prompt_es: str) -> dict[str, Any]:
    return {"kind": "likert", "prompt_en": prompt_en, "prompt_es": prompt_es, "required": False}


STAKEHOLDER_SURVEY: dict[str, Any] = {
    "title_en": "Coalition stakeholder survey",
    "title_es": "Encuesta para integrantes y aliados de la coalición",
    "intro_en": (
        "This short survey asks how your coalition works, what helps it, what gets in the way "
        "and what should come first next year. It takes about ten minutes. Answers are "
        "reported only in groups large enough that nobody can be singled out."
    ),
    "intro_es": (
        "Esta breve encuesta pregunta cómo funciona su coalición, qué le ayuda, qué se lo "
        "impide y qué debería ser lo primero el próximo año. Toma unos diez minutos. Las "
        "respuestas solo se presentan en grupos lo bastante grandes para que nadie pueda ser "
        "identificado."
    ),
    "sections": [
        {
            "title_en": "About you",
            "title_es": "Sobre usted",
            "intro_en": "These questions let us compare answers across sectors and counties.",
            "intro_es": (
                "Estas preguntas nos permiten comparar respuestas entre sectores y condados."
            ),
            "items": [
                {
                    "kind": "single",
                    "role": "sector",
                    "prompt_en": "Which sector do you mainly work or volunteer in?",
                    "prompt_es": "¿En qué sector trabaja o colabora principalmente?",
                },
                {
                    "kind": "single",
                    "role": "county",
                    "prompt_en": "Which county does your coalition serve?",
                    "prompt_es": "¿A qué condado sirve su coalición?",
                },
                {
                    "kind": "single",
                    "prompt_en": "What is your role in the coalition?",
                    "prompt_es": "¿Cuál es su papel en la coalición?",
                    "choices": _choices(
                        ("member", "Member", "Integrante"),
                        (
                            "leader",
                            "Leader (chair, coordinator, committee lead)",
                            "Líder (presidencia, coordinación, dirección de un comité)",
                        ),
                        (
                            "stakeholder",
                            "Partner or stakeholder who is not a member",
                            "Aliado o parte interesada que no es integrante",
                        ),
                    ),
                },
                {
                    "kind": "number",
                    "prompt_en": "For how many years have you been involved with the coalition?",
                    "prompt_es": "¿Cuántos años lleva participando en la coalición?",
                    "help_en": "Write 0 if it is less than a year.",
                    "help_es": "Escriba 0 si es menos de un año.",
                    "min_value": 0,
                    "max_value": 60,
                },
            ],
        },
        {
            "title_en": "How the coalition works",
            "title_es": "Cómo funciona la coalición",
            "intro_en": "How much do you agree or disagree with each statement?",
            "intro_es": "¿Qué tan de acuerdo o en desacuerdo está con cada afirmación?",
            "items": [
                _likert(
                    "Members share a clear vision of what the coalition wants to achieve.",
                    "Los integrantes comparten una visión clara de lo que la coalición quiere "
                    "lograr.",
                ),
                _likert(
                    "Meetings are a good use of my time.",
                    "Las reuniones son un buen uso de mi tiempo.",
                ),
                _likert(
                    "Decisions are made openly, and I understand how they are made.",
                    "Las decisiones se toman de manera abierta y entiendo cómo se toman.",
                ),
                _likert(
                    "Residents with lived experience help lead the work, not only advise on it.",
                    "Las personas con experiencia vivida ayudan a dirigir el trabajo, no solo a "
                    "opinar sobre él.",
                ),
                _likert(
                    "The coalition uses data to choose and adjust its work.",
                    "La coalición usa datos para elegir y ajustar su trabajo.",
                ),
                _likert(
                    "I feel welcome and heard in the coalition.",
                    "Me siento bienvenido o bienvenida y escuchado o escuchada en la coalición.",
                ),
                _likert(
                    "Spanish speakers can take full part in the coalition's work.",
                    "Las personas que hablan español pueden participar plenamente en el trabajo "
                    "de la coalición.",
                ),
            ],
        },
        {
            "title_en": "What helps",
            "title_es": "Lo que ayuda",
            "items": [
                {
                    "kind": "multiple",
                    "prompt_en": "What helps the coalition do its work? Choose all that apply.",
                    "prompt_es": "¿Qué ayuda a la coalición a hacer su trabajo? Elija todas las "
                    "que correspondan.",
                    "choices": _choices(
                        ("coordinator", "A paid coordinator", "Una coordinación pagada"),
                        (
                            "trust",
                            "Trusting relationships among members",
                            "Relaciones de confianza entre los integrantes",
                        ),
                        (
                            "residents",
                            "Residents who take part and lead",
                            "Residentes que participan y dirigen",
                        ),
                        ("funding", "Steady funding", "Financiamiento estable"),
                        (
                            "leaders",
                            "Support from local leaders and agencies",
                            "Apoyo de líderes y agencias locales",
                        ),
                        (
                            "network",
                            "Learning from other coalitions in the network",
                            "Aprender de otras coaliciones de la red",
                        ),
                        ("data", "Good local data", "Buenos datos locales"),
                    ),
                },
                {
                    "kind": "text",
                    "prompt_en": "What is one thing that works well in your coalition?",
                    "prompt_es": "¿Qué es algo que funciona bien en su coalición?",
                    "help_en": "Please do not include names.",
                    "help_es": "Por favor no incluya nombres.",
                },
            ],
        },
        {
            "title_en": "What gets in the way",
            "title_es": "Lo que lo impide",
            "items": [
                {
                    "kind": "multiple",
                    "prompt_en": "What gets in the way of the coalition's work? Choose all that "
                    "apply.",
                    "prompt_es": "¿Qué le impide a la coalición hacer su trabajo? Elija todas "
                    "las que correspondan.",
                    "choices": _choices(
                        (
                            "time",
                            "Members have too little time",
                            "Los integrantes tienen poco tiempo",
                        ),
                        (
                            "turnover",
                            "Staff and member turnover",
                            "Cambios frecuentes de personal y de integrantes",
                        ),
                        (
                            "funding",
                            "Short-term or uncertain funding",
                            "Financiamiento corto o incierto",
                        ),
                        ("language", "Language barriers", "Barreras de idioma"),
                        ("transport", "Distance and transportation", "Distancia y transporte"),
                        ("trust", "Low trust between groups", "Poca confianza entre grupos"),
                        ("focus", "Too many priorities at once", "Demasiadas prioridades a la vez"),
                    ),
                },
                {
                    "kind": "text",
                    "prompt_en": "What is the biggest thing that gets in the way, and what would "
                    "help remove it?",
                    "prompt_es": "¿Qué es lo que más lo impide y qué ayudaría a superarlo?",
                    "help_en": "Please do not include names.",
                    "help_es": "Por favor no incluya nombres.",
                },
            ],
        },
        {
            "title_en": "Priorities for the next year",
            "title_es": "Prioridades para el próximo año",
            "items": [
                {
                    "kind": "multiple",
                    "prompt_en": "Which should come first next year? Choose up to three.",
                    "prompt_es": "¿Qué debería ser lo primero el próximo año? Elija hasta tres.",
                    "max_choices": 3,
                    "choices": _choices(
                        (
                            "trauma_informed",
                            "Trauma-informed training for organizations",
                            "Capacitación sobre el trauma para las organizaciones",
                        ),
                        (
                            "resident_voice",
                            "More resident voice and leadership",
                            "Más voz y liderazgo de los residentes",
                        ),
                        (
                            "youth",
                            "Safe places and mentors for young people",
                            "Lugares seguros y mentores para jóvenes",
                        ),
                        (
                            "family",
                            "Support for parents and families",
                            "Apoyo a madres, padres y familias",
                        ),
                        (
                            "policy",
                            "Changing local policies and practices",
                            "Cambiar políticas y prácticas locales",
                        ),
                        (
                            "disaster",
                            "Preparing for and recovering from disasters",
                            "Prepararse para desastres y recuperarse de ellos",
                        ),
                        (
                            "awareness",
                            "Public awareness of ACEs and resilience",
                            "Dar a conocer las ACE (experiencias adversas en la infancia) y la "
                            "resiliencia",
                        ),
                        (
                            "measurement",
                            "Measuring what changes",
                            "Medir lo que cambia",
                        ),
                    ),
                },
                {
                    "kind": "likert",
                    "prompt_en": "I am confident the coalition will make progress on these "
                    "priorities.",
                    "prompt_es": "Confío en que la coalición avanzará en estas prioridades.",
                },
                {
                    "kind": "text",
                    "prompt_en": "Is there anything else the coalition should focus on next year?",
                    "prompt_es": "¿Hay algo más en lo que la coalición deba enfocarse el próximo "
                    "año?",
                    "help_en": "Please do not include names.",
                    "help_es": "Por favor no incluya nombres.",
                },
            ],
        },
    ],
}
