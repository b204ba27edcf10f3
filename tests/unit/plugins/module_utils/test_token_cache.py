"""The opt-in access-token file (token_cache): owner-only, atomic, refused when unsafe, bound to the credentials."""

import os
import stat

import pytest

from ansible_collections.zoomops.zoom.plugins.module_utils.auth import TokenCache
from ansible_collections.zoomops.zoom.plugins.module_utils.errors import AuthenticationFailed

NOW = 1000000.0


def cache(path, secret='s', now=NOW):
    return TokenCache(str(path), 'https://zoom.us/oauth/token', 'acct', 'client', secret, now=lambda: now)


def test_a_stored_token_is_read_back_and_the_file_is_the_owners_alone(tmp_path):
    path = tmp_path / 'token.json'
    cache(path, secret='client-secret-value').store('tok-1', 3600)
    assert stat.S_IMODE(os.lstat(str(path)).st_mode) == 0o600
    assert cache(path, secret='client-secret-value').load() == 'tok-1'
    assert 'client-secret-value' not in path.read_text()
    assert os.listdir(str(tmp_path)) == ['token.json']   # no temporary left


def test_an_expired_token_or_one_of_other_credentials_is_not_used(tmp_path):
    path = tmp_path / 'token.json'
    cache(path).store('tok-1', 3600)
    assert cache(path, now=NOW + 3600 - 30).load() is None
    assert cache(path, secret='rotated').load() is None


def test_a_missing_file_is_no_token(tmp_path):
    assert cache(tmp_path / 'none.json').load() is None


def test_a_group_readable_file_is_refused_and_never_replaced(tmp_path):
    path = tmp_path / 'token.json'
    cache(path).store('tok-1', 3600)
    os.chmod(str(path), 0o640)
    with pytest.raises(AuthenticationFailed) as caught:
        cache(path).load()
    assert 'group or others' in str(caught.value)
    with pytest.raises(AuthenticationFailed):
        cache(path).store('tok-2', 3600)
    assert 'tok-1' in path.read_text()


def test_a_symbolic_link_is_refused(tmp_path):
    target = tmp_path / 'elsewhere'
    target.write_text('{}')
    os.chmod(str(target), 0o600)
    link = tmp_path / 'token.json'
    os.symlink(str(target), str(link))
    with pytest.raises(AuthenticationFailed) as caught:
        cache(link).load()
    assert 'symbolic link' in str(caught.value)
    with pytest.raises(AuthenticationFailed):
        cache(link).store('tok', 3600)
    assert target.read_text() == '{}'
