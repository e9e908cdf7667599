"""Accounts run by the presidium office (domain.md §9).

Staff open the accounts of deputies and handling units themselves, each with a
one-time password printed on a sign-in slip; the holder must choose a new
password at the first sign-in. Staff reset passwords (a new slip) and disable
accounts; a disabled account, or a deputy who has left office, cannot sign in.
Staff never see, open or change staff or superuser accounts
(``congress.roles.is_portal_account``).

- ``models``: ``Account`` (the admin's view of a user) and ``AccountEvent`` (who did what, when).
- ``holders``: what each app says about its accounts (a deputy, a unit), registered in ``ready()``.
- ``services``: every write (open, reset, disable, enable, the holder's own change).
- ``signin``: the sign-in backend, forms and the middleware that asks for a new password.
- ``slips``: the printable sign-in slips and the office's .xlsx record.
- ``admin``: the 账号 admin and the "open accounts" action the roster and the unit list use.
"""
