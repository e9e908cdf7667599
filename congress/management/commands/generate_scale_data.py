"""python manage.py generate_scale_data --factor N [--seed S] [--years Y]: N times a township's year over ten years."""

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Add N times a township's year over the last ten years (seeded, reproducible): deputies, receptions, "
        "activities, deliberations, suggestions with rounds, replies and evaluations, livelihood projects. "
        "Written in bulk without history rows. Running it again adds as much again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--factor", type=float, default=20, help="How many townships' worth (default 20)."
        )
        parser.add_argument("--seed", type=int, default=2022, help="Random seed (default 2022).")
        parser.add_argument(
            "--years", type=int, default=10, help="How many years up to this one (default 10)."
        )
        parser.add_argument(
            "--townships",
            type=int,
            default=1,
            help="As much in each of this many townships of the banner (default 1: the first township).",
        )

    def handle(self, *args, factor, seed, years, townships, **options):
        if factor <= 0 or years <= 0:
            raise CommandError("--factor and --years must be positive.")
        from bench.scale import generate  # benchmark tooling, outside the apps

        self.stdout.write(f"Generating {factor:g}× a township's year over {years} years (seed {seed})…")
        summary = generate(factor, seed=seed, years=years, log=self.stdout.write, townships=townships)
        for line in summary.lines():
            self.stdout.write(f"  {line}")
        self.stdout.write(self.style.SUCCESS(f"Done in {summary.seconds:.1f} s."))
