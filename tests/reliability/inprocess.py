"""Run a module's real main() in this process with given arguments (as Ansible would, minus the fork).

Used by the property tests, which need hundreds of module runs: a subprocess per run would cost
~0.5 s each. The module code path is the same: AnsibleModule parses the arguments, main() runs,
exit_json/fail_json print the result and exit.
"""

import contextlib
import io
import json

from ansible.module_utils import basic


@contextlib.contextmanager
def _module_args(args):
    try:
        from ansible.module_utils.testing import patch_module_args
    except ImportError:  # ansible-core < 2.19
        patch_module_args = None
    if patch_module_args is not None:
        with patch_module_args(args):
            yield
        return
    saved = getattr(basic, '_ANSIBLE_ARGS', None)
    basic._ANSIBLE_ARGS = json.dumps({'ANSIBLE_MODULE_ARGS': args}).encode()
    try:
        yield
    finally:
        basic._ANSIBLE_ARGS = saved


def run_module(module, args, check_mode=False, diff=True):
    """The result dict of ``module.main()`` for ``args``; ``failed`` is set when it failed."""
    args = dict(args, _ansible_check_mode=check_mode, _ansible_diff=diff, _ansible_remote_tmp='/tmp',
                _ansible_keep_remote_files=False)
    out = io.StringIO()
    with _module_args(args), contextlib.redirect_stdout(out):
        try:
            module.main()
        except SystemExit:
            pass
    text = out.getvalue()
    try:
        return json.loads(text)
    except ValueError:
        raise AssertionError('module printed no JSON result: %r' % text[-2000:])
