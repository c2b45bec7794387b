"""The renderer's sandbox takes a short way for attributes already judged safe: never past Jinja's own guards."""

from __future__ import annotations

import jinja2.sandbox
import pytest

from dossier.filters import _Sandbox


class Holder:
    def __init__(self, value: object) -> None:
        self.value = value


def test_a_str_format_reached_by_an_attribute_judged_safe_before_is_still_guarded() -> None:
    sandbox = _Sandbox()
    template = sandbox.from_string("{{ holder.value('{0.__class__.__mro__}', holder) }}")
    # First the attribute holds something harmless: (Holder, 'value') is judged safe and remembered.
    assert template.render(holder=Holder(lambda text, _: text.upper())) == "{0.__CLASS__.__MRO__}"
    # Then a bound str.format: Jinja wraps it so that the format string cannot reach __class__.
    with pytest.raises(jinja2.sandbox.SecurityError):
        template.render(holder=Holder("{0.__class__.__mro__}".format))
