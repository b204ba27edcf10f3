"""What zoom_user is asked for and the API cannot hold: said by a warning, never reported as a change (zoom_user's
real main() in this process, real HTTP to the emulator, on API v1 and v2).

v2 holds the enter/exit chime and its type in one value (``in_meeting.entry_exit_chime``: none | host | all): a chime
that is off has no type. v1 holds the type on its own and applies it whatever the chime."""

import pytest
from ansible.module_utils.basic import AnsibleModule

from ansible_collections.zoomops.zoom.plugins.modules import zoom_user

from integration.conftest import BACKENDS, connection_for

from .inprocess import run_module

EMAIL = 'chime@example.com'


@pytest.fixture
def warned(monkeypatch):
    """The warnings each module run gives, by run: in this process ansible-core (2.19) shows a module's warnings on
    the controller's display instead of returning them in the result, so they are taken where the module gives
    them (AnsibleModule.warn, which zoom_user's exit_with calls for each warning of its outcome)."""
    runs = []
    original = AnsibleModule.warn

    def recording(self, warning, *args, **kwargs):
        runs[-1].append(warning)
        return original(self, warning, *args, **kwargs)

    monkeypatch.setattr(AnsibleModule, 'warn', recording)

    def run(args, **options):
        runs.append([])
        result = run_module(zoom_user, args, **options)
        return result, [warning for warning in runs[-1] if 'option_enter_exit_chime_type' in warning]
    return run


@pytest.mark.parametrize('backend', BACKENDS)
def test_a_chime_type_asked_for_while_the_chime_is_off_is_applied_on_v1_and_named_by_a_warning_on_v2(emu, backend, warned):
    emu.seed([dict(email=EMAIL, status='active', create_method='custcreate', enable_enter_exit_chime=False,
                   option_enter_exit_chime_type=0)])
    args = dict(connection_for(emu, backend), email=EMAIL, settings=dict(option_enter_exit_chime_type=1))
    emu.clear_calls()
    predicted, predicted_warnings = warned(args, check_mode=True)
    done, done_warnings = warned(args)
    assert not predicted.get('failed') and not done.get('failed'), (predicted, done)
    assert emu.user(EMAIL)['enable_enter_exit_chime'] is False
    if backend == 'v1':
        # v1 keeps the type beside the chime: it is written, and that is a change.
        assert done['changed'] is predicted['changed'] is True
        assert emu.user(EMAIL)['option_enter_exit_chime_type'] == 1
        assert predicted_warnings == done_warnings == []
        return
    # v2: nothing written, nothing reported as changed, and the warning says why (in check mode too).
    assert done['changed'] is predicted['changed'] is False
    assert emu.write_calls() == []
    assert 'option_enter_exit_chime_type' not in str(done['diff'])
    for warnings in (predicted_warnings, done_warnings):
        [warning] = warnings
        assert 'is not applied to %s' % EMAIL in warning and 'enable_enter_exit_chime: true' in warning, warning
    # Asked for with the chime turned on, the type is applied and nothing is said.
    turned_on, turned_on_warnings = warned(dict(args, settings=dict(enable_enter_exit_chime=True,
                                                                    option_enter_exit_chime_type=1)))
    assert turned_on['changed'] is True and turned_on_warnings == [], turned_on
    assert emu.user(EMAIL)['enable_enter_exit_chime'] is True and emu.user(EMAIL)['option_enter_exit_chime_type'] == 1
