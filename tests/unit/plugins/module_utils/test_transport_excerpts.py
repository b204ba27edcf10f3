"""What a failure quotes of a non-JSON answer: a short, printable excerpt, in bounded time whatever the server sends."""

import time

import pytest

from ansible_collections.zoomops.zoom.plugins.module_utils import transport as client

# Each of these took the former regular-expression excerpt quadratic time (17 s for 140 KB of '<script').
HOSTILE_BODIES = {
    'unclosed script tags': b'<script' * 600000,
    'unclosed style tags': b'<style>' * 500000,
    'one endless tag': b'<' + b'a' * (4 * 1024 * 1024),
    'script tags closed far away': (b'<script>' + b'x' * 1000) * 4000 + b'</script>',
    'many small tags': b'<b>x</b>' * 500000,
    'control characters': bytes(range(32)) * 130000,
}


@pytest.mark.parametrize('name', sorted(HOSTILE_BODIES))
def test_an_excerpt_of_a_hostile_body_takes_bounded_time_and_is_short(name):
    started = time.monotonic()
    excerpt = client._excerpt(HOSTILE_BODIES[name], 'text/html')
    assert time.monotonic() - started < 1.0
    assert len(excerpt) <= client.SERVER_MESSAGE_MAX + 3
    assert all(char >= ' ' and char != '\x7f' for char in excerpt)


def test_an_html_page_is_quoted_by_its_text_without_scripts_or_styles():
    page = (b'<html><head><style>body {color: red}</style><script>var secret = 1;</script></head>'
            b'<body><h1>502 Bad\n\tGateway</h1><p>nginx &amp; friends</p></body></html>')
    assert client._excerpt(page, 'text/html') == '502 Bad Gateway nginx & friends'


def test_plain_text_is_quoted_on_one_line_and_cut_at_the_limit():
    assert client._excerpt(b'line one\r\nline\x00two', 'text/plain') == 'line one line two'
    long_text = client._excerpt(b'x' * 1000, 'text/plain')
    assert long_text == 'x' * client.SERVER_MESSAGE_MAX + '...'


def test_an_empty_answer_says_so():
    assert client._excerpt(b'', None) == 'an empty answer'


@pytest.mark.parametrize('url', ['https://api.zoom.us/v 1', 'https://api.zoom.us/\x00v1', 'https://api.zoom.us/v1\nx',
                                 'https://api.zoom.us/\x7fv1', 'https://api\tzoom.us/v1'])
def test_an_api_url_with_spaces_or_control_characters_is_refused(url):
    with pytest.raises(ValueError) as caught:
        client.check_api_url(url)
    assert 'spaces or control characters' in str(caught.value)
