from django.core.management.base import BaseCommand

from groundwork.boards.demo import load_boards_demo
from groundwork.communities.demo_network import load_network_demo
from groundwork.core.demo import DEMO_PASSWORD, load_demo
from groundwork.deliberation.demo import load_deliberation_demo
from groundwork.directory.demo import load_asset_demo, load_directory_demo
from groundwork.gatherings.demo import load_gatherings_demo
from groundwork.landscape.demo import load_landscape_demo
from groundwork.measures.demo import load_indicator_demo, load_survey_demo
from groundwork.measures.demo_scorecard import load_scorecard_demo
from groundwork.newsletters.demo import load_newsletters_demo
from groundwork.planning.demo import load_planning_demo
from groundwork.referrals.demo import load_referrals_demo


class Command(BaseCommand):
    help = "Load the fictional demo network and communities (safe to run again)."

    def handle(self, *args: object, **options: object) -> None:
        logins = load_demo()
        coalitions = load_network_demo()
        answers = load_planning_demo()
        votes = load_deliberation_demo()
        self.stdout.write(self.style.SUCCESS("Demo loaded. Sign in with any of these:"))
        for login in logins:
            self.stdout.write(f"  {login.email:<28} {login.what}")
        self.stdout.write(f"  password for all: {DEMO_PASSWORD}")
        if coalitions:
            self.stdout.write(f"Network demo: {coalitions} coalitions.")
        if answers:
            self.stdout.write(f"Planning processes created with {answers} answers.")
        if votes:
            self.stdout.write(f"A conversation created with {votes} votes.")
        if gatherings := load_gatherings_demo():
            self.stdout.write(f"Gatherings demo: {gatherings} gatherings ahead.")
        if subscribers := load_newsletters_demo():
            self.stdout.write(f"Newsletter demo: {subscribers} subscribers, one issue sent.")
        if seats := load_boards_demo():
            self.stdout.write(f"Boards demo: an advisory council with {seats} seats.")
        surveys = load_survey_demo()
        self.stdout.write(f"Survey demo: {surveys} responses.")
        if indicators := load_indicator_demo():
            self.stdout.write(f"Results demo: {indicators} indicators with five years of values.")
        measures, county_indicators = load_scorecard_demo()
        if measures or county_indicators:
            self.stdout.write(
                f"Scorecard demo: {measures} performance measures, "
                f"{county_indicators} county indicators under a statewide goal."
            )
        services = load_directory_demo()
        self.stdout.write(f"Directory demo: {services} services.")
        assets = load_asset_demo()
        self.stdout.write(f"Asset map demo: {assets} assets.")
        referrals, referral_logins = load_referrals_demo()
        if referrals:
            self.stdout.write(
                f"Referrals demo: {referrals} referrals of fictional people in Alder County. "
                "These logins see them:"
            )
            for login in referral_logins:
                self.stdout.write(f"  {login.email:<28} {login.what}")
        if load_landscape_demo():
            self.stdout.write("The network's landscape report was generated.")
