from django import forms


class DateInput(forms.DateInput):
    """The phone's date picker. It reads and writes ISO dates only, so the value is always
    rendered as YYYY-MM-DD, whatever the language's date format: a form shown again with
    an error keeps the date the user picked."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)
