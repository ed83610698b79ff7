"""Synthetic responses for a wave (tests, the bench and the demo): every five-point question
answered by ``count`` people, the answers drawn with a fixed seed around ``centre``."""

import random
import secrets

from .models import Answer, Instrument, ItemKind, Response


def fill_wave(instrument: Instrument, *, count: int, centre: float = 3.0, seed: int = 1) -> None:
    rng = random.Random(seed)  # noqa: S311 - made-up answers, not secrets
    items = list(instrument.items.filter(kind=ItemKind.LIKERT).values_list("pk", flat=True))
    stamp = secrets.token_hex(4)
    responses = Response.objects.bulk_create(
        [
            Response(instrument=instrument, language="en", idempotency_key=f"wave-{stamp}-{n}")
            for n in range(count)
        ],
        batch_size=1000,
    )
    answers = []
    for response in responses:
        for item in items:
            value = min(5, max(1, round(rng.gauss(centre, 1.0))))
            answers.append(Answer(response=response, item_id=item, value=str(value)))
    Answer.objects.bulk_create(answers, batch_size=5000)
