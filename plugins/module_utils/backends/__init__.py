# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zoomops.zoom contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The backends: one per Zoom API version, each implementing backends.base.UsersBackend.

``backends.factory.backend_for(params)`` picks one from the connection options.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type
