"""Exported options (zoom_user_info | zoom_user_options) re-applied without ansible-playbook: one ``direct``
zoom_user task per exported item, with the literal options a loop over the items hands the module.

A playbook re-applies an export with a loop whose options are templated from ``item``; what only the controller
does there (the loop, the templating, the warnings Ansible prints for loop items) stays proven on a real
ansible-playbook run once per backend (test_export_reapply.py). The re-runs that check only results, calls and
the account's state run these tasks instead (test_direct_equivalence.py: same results and calls)."""

ZU = 'zoomops.zoom.zoom_user'


def apply_tasks(options, name='apply', names=None):
    """One zoom_user task per item of ``options``, named '<name> <email>'; ``names``: only these options (the loop's
    ``{{ item.NAME | default(omit) }}``: a name the item lacks is omitted), default all of the item's."""
    return [{'name': '%s %s' % (name, item['email']),
             ZU: dict((key, value) for key, value in item.items() if names is None or key in names)}
            for item in options]


def item_results(run, options, name='apply'):
    """The results of apply_tasks(options, name) in the items' order (a loop's ``results``)."""
    return [run.result('%s %s' % (name, item['email'])) for item in options]
