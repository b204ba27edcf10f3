"""Issue 10, item 9: every pattern of the collection matches whole values, in linear time.

``$`` matches before a final newline, so ``host_key: "123456\\n"`` passed validation and then failed every
/user/update; and the email pattern backtracked quadratically (13 s for a crafted 40 KB address, 51 s for
another). These tests find every compiled pattern of plugins/ by introspection, so a new one is covered too.
"""

import importlib
import os
import pkgutil
import re
import time

import pytest

from ansible_collections.zoomops.zoom.plugins.module_utils import fields
from ansible_collections.zoomops.zoom.plugins.module_utils.users import check_email

PLUGINS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), 'plugins')
PACKAGES = ('module_utils', 'modules', 'filter')
# A value each pattern accepts; every pattern of plugins/ must have one here.
VALID = {
    'EMAIL_RE': 'ada.lovelace+zoom@mail.example.co.uk',
    'PMI_RE': '1234567890',
    'HOST_KEY_RE': '123456',
    'HOST_KEY_V2_RE': '1234567890',
    'VANITY_RE': 'ada.lovelace',
    'INT_RE': '-42',
    '_ISO_RE': '2026-01-31T12:00:00Z',   # transport: Retry-After as an ISO 8601 date (API v2)
}
# Inputs that made the former email pattern backtrack (seconds measured with it, 40 KB each).
CRAFTED_EMAILS = {
    'dotted-domain-then-at (13 s)': 'a@' + 'a.' * 20000 + '@',
    'dotted-domain-then-space (8 s)': 'a@' + 'a.' * 20000 + ' ',
    'dots-only-domain (51 s)': 'a@' + '.' * 40000 + '@',
    'double-dots (46 s)': 'a@' + 'a..' * 13000 + '@',
    'long-local-part': 'a' * 40000 + ' ',
}
BOUND = 0.5  # seconds: a regression guard, generous (the former pattern took 8 to 51 s on these)


def patterns():
    """(module name, attribute, compiled pattern) of every module-level pattern under plugins/."""
    found = []
    for package in PACKAGES:
        for info in pkgutil.iter_modules([os.path.join(PLUGINS, package)]):
            name = 'ansible_collections.zoomops.zoom.plugins.%s.%s' % (package, info.name)
            module = importlib.import_module(name)
            for attribute, value in vars(module).items():
                if isinstance(value, re.Pattern) and (module is fields or value is not getattr(fields, attribute, None)):
                    found.append((name, attribute, value))  # (a pattern imported from fields is checked there)
    return found


def source_compiles():
    """How many re.compile calls the sources of plugins/ hold."""
    total = 0
    for package in PACKAGES:
        folder = os.path.join(PLUGINS, package)
        for file_name in os.listdir(folder):
            if file_name.endswith('.py'):
                with open(os.path.join(folder, file_name)) as handle:
                    total += handle.read().count('re.compile(')
    return total


def test_every_pattern_is_found_at_module_level():
    # A pattern compiled inside a function (or a bare re.match(r'...')) would escape the tests below.
    assert len(patterns()) == source_compiles() >= 5
    for package in PACKAGES:
        folder = os.path.join(PLUGINS, package)
        for file_name in os.listdir(folder):
            if file_name.endswith('.py'):
                with open(os.path.join(folder, file_name)) as handle:
                    text = handle.read()
                for call in ('re.match(', 're.search(', 're.fullmatch(', 're.sub(', 're.split(', 're.findall('):
                    assert call not in text, (file_name, call)


@pytest.mark.parametrize('module, attribute, pattern', patterns(), ids=[found[1] for found in patterns()])
def test_pattern_is_anchored_on_the_whole_value(module, attribute, pattern):
    assert pattern.pattern.startswith(r'\A') and pattern.pattern.endswith(r'\Z'), (module, attribute)
    valid = VALID[attribute]
    assert pattern.match(valid)
    for bad in (valid + '\n', valid + '\r\n', '\n' + valid, valid + '\nx', valid + ' '):
        assert pattern.match(bad) is None, (attribute, bad)


@pytest.mark.parametrize('name', sorted(CRAFTED_EMAILS))
def test_email_pattern_is_linear_on_crafted_input(name):
    crafted = CRAFTED_EMAILS[name]
    for size in (1, 10):  # 40 KB and 400 KB: a quadratic pattern would need 100 times longer for the second
        started = time.monotonic()
        assert fields.EMAIL_RE.match(crafted * size) is None
        assert time.monotonic() - started < BOUND, (name, size)


@pytest.mark.parametrize('name', sorted(CRAFTED_EMAILS))
def test_check_email_rejects_crafted_input_quickly_and_by_its_length(name):
    started = time.monotonic()
    with pytest.raises(ValueError) as caught:
        check_email(CRAFTED_EMAILS[name])
    assert time.monotonic() - started < BOUND
    assert 'at most 254' in str(caught.value) and len(str(caught.value)) < 200


def test_the_length_limit_is_254_characters():
    at_limit = 'a' * 64 + '@' + 'b' * 185 + '.com'
    assert len(at_limit) == fields.EMAIL_MAX_LENGTH == 254
    assert check_email(at_limit) == at_limit
    with pytest.raises(ValueError):
        check_email('a' + at_limit)
