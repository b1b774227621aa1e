"""Baton's plugin SDK for Python (standard library only): report on a callback task
(callback_client), fail a task on purpose (PluginFailed) and check the events a webhook
delivers (verify_event).

Example:
    from baton_sdk import callback_client

    def handler(event, context):
        callback_client(event).succeeded({"ticket": 42})
        return {"accepted": True}
"""

from .callback import CALLBACK_KEY_VARIABLE, CallbackClient, callback_client
from .errors import CallbackReportError, EventSignatureError, PluginFailed
from .signatures import (
    CALLBACK_SIGNATURE_HEADER,
    EVENT_SIGNATURE_HEADER,
    sign_callback,
    sign_event,
    verify_event,
)

__all__ = [
    "CALLBACK_KEY_VARIABLE",
    "CALLBACK_SIGNATURE_HEADER",
    "EVENT_SIGNATURE_HEADER",
    "CallbackClient",
    "CallbackReportError",
    "EventSignatureError",
    "PluginFailed",
    "callback_client",
    "sign_callback",
    "sign_event",
    "verify_event",
]
