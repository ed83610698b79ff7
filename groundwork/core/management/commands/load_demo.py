from django.core.management.base import BaseCommand

from groundwork.core.demo import DEMO_PASSWORD, load_demo
from groundwork.deliberation.demo import load_deliberation_demo
from groundwork.planning.demo import load_planning_demo


class Command(BaseCommand):
    help = "Load the fictional demo network and communities (safe to run again)."

    def handle(self, *args: object, **options: object) -> None:
        logins = load_demo()
        answers = load_planning_demo()
        votes = load_deliberation_demo()
        self.stdout.write(self.style.SUCCESS("Demo loaded. Sign in with any of these:"))
        for login in logins:
            self.stdout.write(f"  {login.email:<28} {login.what}")
        self.stdout.write(f"  password for all: {DEMO_PASSWORD}")
        if answers:
            self.stdout.write(f"Planning processes created with {answers} answers.")
        if votes:
            self.stdout.write(f"A conversation created with {votes} votes.")
