"""Every write of the library and peer help, split by concept: practices (writing, publishing
from a guide, an activity or a survey, attachments, adoption), help (requests, triage,
introductions) and discussion (comments, hiding, following)."""
