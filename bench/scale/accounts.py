"""Scale data: the staff, deputies' and units' accounts."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Count

from congress.models import Term, Township
from congress.roles import Role, grant_role
from congress.townships import current_township_id, first_township_id, place_account

from .base import DEMO_PASSWORD, noon, scaled


class Accounts:
    def make_users(self) -> dict:
        """scale-staff, scale-member, scale-deputy and scale-unit (password demo-2022).

        In a township other than the first, the names end in its address name (scale-staff-tuke)
        and the accounts are that township's."""
        User = get_user_model()
        users = {}
        township_id = current_township_id()
        suffix = "" if township_id == first_township_id() else f"-{Township.objects.get(pk=township_id).slug}"
        for username, role, first_name in [
            ("scale-staff", Role.STAFF, "规模测试工作人员"),
            ("scale-member", Role.MEMBER, "规模测试主席团成员"),
            ("scale-deputy", Role.DEPUTY, "规模测试代表"),
            ("scale-unit", Role.UNIT, "规模测试承办单位"),
        ]:
            user, created = User.objects.get_or_create(
                username=username + suffix, defaults={"first_name": first_name}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
                grant_role(user, role)
                if suffix:
                    place_account(user, township_id)
            users[username] = user
        return users

    def make_accounts(self):
        """Link scale-deputy to a deputy of the current term and scale-unit to a unit; their notifications."""
        from deputies.models import Deputy
        from suggestions.models import HandlingUnit, Notification

        users = self.make_users()
        deputy_user, unit_user = users["scale-deputy"], users["scale-unit"]
        if not Deputy.objects.filter(user=deputy_user).exists():
            term = Term.objects.current()
            deputy = (
                Deputy.objects.filter(term=term, user__isnull=True, status="active")
                .annotate(n=Count("suggestions_led"))
                .order_by("-n", "pk")
                .first()
            )
            if deputy is not None:
                Deputy.objects.filter(pk=deputy.pk).update(user=deputy_user)
        if not unit_user.handling_units.exists():
            unit = HandlingUnit.objects.annotate(n=Count("assignments")).order_by("-n", "pk").first()
            if unit is not None:
                unit.users.add(unit_user)
        notices = [
            Notification(
                user=user,
                text=f"建议{n}号有新的办理情况",
                link="/portal/",
                read=n % 3 != 0,
                created_at=noon(self.today - datetime.timedelta(days=n)),
            )
            for user in (deputy_user, unit_user)
            for n in range(scaled(10, self.factor / 5, 3))
        ]
        self.bulk(Notification, notices)
